"""Tracker stores that forget: conversations expire after an idle time and can be deleted at once.

Rasa 3.6 tracker stores have no delete, and `InMemoryTrackerStore` keeps every conversation for
the life of the process. For an anonymous service that is both a leak and a privacy problem, so
`endpoints.yml` names `ExpiringInMemoryTrackerStore` (one Rasa process, nothing on disk).
With several Rasa replicas, `endpoints.scaled.yml` names `bot.redis_store.ExpiringRedisTrackerStore`
and `bot.lock_store.AtomicRedisLockStore` instead.

`store_problem` says when the bot must refuse to serve: the configured store is not the one in
use (Rasa silently falls back to a never-forgetting store when it cannot import it), Rasa's
fail-safe wrapper started keeping conversations in memory, or the store does not take writes.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable, Iterable
from typing import Any

from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException

log = logging.getLogger(__name__)

DEFAULT_IDLE_MINUTES = 30.0
# After a store failure the health check fails for this long, so that a load balancer sends
# conversations to another replica meanwhile instead of to one that just failed.
UNHEALTHY_AFTER_FAILURE_SECONDS = 10.0
# A sweep every minute at most keeps expired conversations from lingering in memory.
MAX_SWEEP_SECONDS = 60.0


class StoreUnavailable(RasaException):
    """The tracker store could not read, write or delete a conversation right now."""


def idle_seconds_from_env() -> float:
    """CHAT_IDLE_MINUTES (default 30) as seconds; fractions of a minute are allowed for tests."""
    raw = os.environ.get("CHAT_IDLE_MINUTES", "").strip()
    try:
        minutes = float(raw) if raw else DEFAULT_IDLE_MINUTES
    except ValueError:
        raise ValueError(
            f"CHAT_IDLE_MINUTES must be a number of minutes, e.g. 30; got {raw!r}."
        ) from None
    if minutes <= 0:
        raise ValueError("CHAT_IDLE_MINUTES must be more than 0.")
    return minutes * 60


class FailureRecord:
    """How often and when a store last failed (mixed into the stores below)."""

    failures: int = 0
    last_failure: float | None = None

    def record_failure(self) -> None:
        self.failures += 1
        self.last_failure = time.monotonic()

    def recent_failure(self) -> str | None:
        """Why the store is not trusted yet, if it failed moments ago."""
        if self.last_failure is None:
            return None
        ago = time.monotonic() - self.last_failure
        if ago >= UNHEALTHY_AFTER_FAILURE_SECONDS:
            return None
        return (
            f"{type(self).__name__} failed {ago:.1f} s ago; it serves again after "
            f"{UNHEALTHY_AFTER_FAILURE_SECONDS:.0f} s without failures."
        )

    def check(self) -> str | None:
        """None when the store may serve conversations now; else why not."""
        return self.recent_failure()


class ExpiringInMemoryTrackerStore(FailureRecord, InMemoryTrackerStore):
    """In-memory conversations that are forgotten after the idle time and deletable at once."""

    def __init__(
        self,
        domain: Domain | None = None,
        event_broker: Any = None,
        idle_minutes: float | None = None,
        sweep_seconds: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain, event_broker, **kwargs)
        self.idle_seconds = float(idle_minutes) * 60 if idle_minutes else idle_seconds_from_env()
        self.sweep_seconds = float(
            sweep_seconds or min(MAX_SWEEP_SECONDS, max(0.5, self.idle_seconds / 4))
        )
        self._clock = clock
        self._last_active: dict[str, float] = {}
        # Deleted ids, so that a message still being handled cannot bring its conversation back.
        self._deleted: dict[str, float] = {}
        self._sweeper: asyncio.Task[None] | None = None

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the conversation and count this moment as activity."""
        self._ensure_sweeper()
        if tracker.sender_id in self._deleted:
            return
        await super().save(tracker)
        self._last_active[tracker.sender_id] = self._clock()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The latest session of a conversation, or None if unknown or expired."""
        self._forget_if_idle(sender_id)
        return await super().retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        """Every session of a conversation, or None if unknown or expired."""
        self._forget_if_idle(sender_id)
        return await super().retrieve_full_tracker(sender_id)

    async def exists(self, conversation_id: str) -> bool:
        """Whether the conversation is known and not expired (without deserialising it)."""
        self._forget_if_idle(conversation_id)
        return conversation_id in self.store

    async def keys(self) -> Iterable[str]:
        """The ids of the conversations that have not expired."""
        self.sweep()
        return list(self.store.keys())

    async def delete(self, sender_id: str) -> bool:
        """Forget a conversation now, for good; True if there was one."""
        self._deleted[sender_id] = self._clock()
        self._last_active.pop(sender_id, None)
        return self.store.pop(sender_id, None) is not None

    def sweep(self) -> int:
        """Forget every conversation idle for longer than the idle time; returns how many."""
        deadline = self._clock() - self.idle_seconds
        expired = [key for key, last in self._last_active.items() if last <= deadline]
        for key in expired:
            self._last_active.pop(key, None)
            self.store.pop(key, None)
        # A tracker saved by someone else than `save` (should not happen) has no time: drop it.
        for key in [key for key in self.store if key not in self._last_active]:
            self.store.pop(key, None)
            expired.append(key)
        for key in [key for key, when in self._deleted.items() if when <= deadline]:
            self._deleted.pop(key, None)
        if expired:
            log.info("tracker_store.expired count=%d", len(expired))
        return len(expired)

    def _forget_if_idle(self, sender_id: str) -> None:
        last = self._last_active.get(sender_id)
        if last is not None and self._clock() - last >= self.idle_seconds:
            self._last_active.pop(sender_id, None)
            self.store.pop(sender_id, None)

    def _ensure_sweeper(self) -> None:
        # Started lazily: the store is built before Rasa's event loop serves requests.
        if self._sweeper is not None and not self._sweeper.done():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._sweeper = loop.create_task(self._sweep_forever())

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(self.sweep_seconds)
            self.sweep()


def deletable_store(tracker_store: TrackerStore) -> TrackerStore:
    """The store inside Rasa's wrappers (FailSafe, Awaitable) if it can delete; else an error.

    Rasa silently falls back to `InMemoryTrackerStore` when the configured class cannot be
    imported; that store never forgets, so the bot refuses to serve instead.
    """
    store = tracker_store
    seen = 0
    while not hasattr(store, "delete") and hasattr(store, "_tracker_store") and seen < 5:
        store = store._tracker_store
        seen += 1
    if not hasattr(store, "delete"):
        raise RuntimeError(
            f"The tracker store in use ({type(store).__name__}) cannot delete conversations. "
            "Check `tracker_store.type` in endpoints.yml: it must be "
            "bot.tracker_store.ExpiringInMemoryTrackerStore (or "
            "bot.redis_store.ExpiringRedisTrackerStore), and the `bot` package must be "
            "importable by Rasa."
        )
    return store


def _fail_safe(tracker_store: TrackerStore) -> FailSafeTrackerStore | None:
    store: Any = tracker_store
    for _ in range(5):
        if isinstance(store, FailSafeTrackerStore):
            return store
        store = getattr(store, "_tracker_store", None)
    return None


def fallback_in_use(tracker_store: TrackerStore) -> bool:
    """Whether Rasa's fail-safe wrapper has started its in-memory fallback store, which it
    does when a save into the configured store fails: it would keep that conversation in this
    process for ever, where no other replica sees it and no expiry or delete reaches it."""
    fail_safe = _fail_safe(tracker_store)
    return fail_safe is not None and fail_safe._fallback_tracker_store is not None


def drop_fallback(tracker_store: TrackerStore) -> None:
    """Forget whatever the fail-safe fallback store holds (the turns using it were refused),
    and count it as a failure of the configured store."""
    fail_safe = _fail_safe(tracker_store)
    if fail_safe is not None and fail_safe._fallback_tracker_store is not None:
        fail_safe._fallback_tracker_store = None
        deletable_store(tracker_store).record_failure()
        log.error("tracker_store.fallback_dropped")


def failures(tracker_store: TrackerStore) -> int:
    """How often the store failed so far, a fail-safe fallback not yet dropped counting as
    one more (dropping it records it as a failure)."""
    return deletable_store(tracker_store).failures + int(fallback_in_use(tracker_store))


def store_problem(tracker_store: TrackerStore) -> str | None:
    """Why the bot must not serve conversations now, or None: the configured store is not
    the one in use, Rasa fell back to its in-memory fail-safe store, the store failed moments
    ago, or it does not take writes now."""
    try:
        store = deletable_store(tracker_store)
    except RuntimeError as exc:
        return str(exc)
    if fallback_in_use(tracker_store):
        return (
            f"{type(store).__name__} failed to save a conversation and Rasa kept it in process "
            "memory instead; the bot refuses to serve until the store works."
        )
    return store.check()
