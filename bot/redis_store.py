"""Conversations in Redis, for several Rasa replicas: forgotten after the idle time, deletable
at once, and never silently kept anywhere else.

`endpoints.scaled.yml` names this store together with `bot.lock_store.AtomicRedisLockStore`.
Rasa 3.6's own `RedisTrackerStore` passes a float expiry that redis-py 4.6 rejects, has no
delete and no timeouts; and Rasa wraps every store in a fail-safe that, when Redis fails,
starts a blank conversation or keeps one in process memory without saying so. This store
uses whole seconds, deletes with a tombstone in one Redis transaction, saves only if the
conversation was not deleted meanwhile (one Lua script), times out after 2 s, and counts
every failure so that the channel refuses the turn (`bot.tracker_store.store_problem`).
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import redis
from rasa.core.tracker_store import RedisTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import FailureRecord, StoreUnavailable, idle_seconds_from_env

log = logging.getLogger(__name__)

# Saved only if the conversation was not deleted meanwhile, in one step inside Redis: a message
# still being handled when the person pressed quick exit cannot bring the conversation back.
SAVE_UNLESS_FORGOTTEN = """
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
return 1
"""
# A tombstone outlives any message still in flight (Rasa's conversation lock lasts 60 s).
TOMBSTONE_EXTRA_SECONDS = 120
REDIS_TIMEOUT_SECONDS = 2.0


def expiry_seconds(seconds: float) -> int:
    """Whole seconds, at least 1: Redis and redis-py take only integers for `EX`."""
    return max(1, math.ceil(seconds))


class ExpiringRedisTrackerStore(FailureRecord, RedisTrackerStore):
    """Conversations in Redis for several Rasa replicas: expire after the idle time, deletable.

    Every failure to reach Redis is counted in `failures` and raised as `StoreUnavailable`, so
    the channel can refuse the turn instead of letting Rasa's fail-safe wrapper carry on with
    a blank conversation or an in-memory copy (see `store_problem`).
    """

    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = "localhost",
        port: int | str = 6379,
        db: int | str = 0,
        record_exp: float | None = None,
        socket_timeout: float = REDIS_TIMEOUT_SECONDS,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            domain=domain or Domain.empty(),
            host=host or "localhost",
            port=int(port),
            db=int(db),
            record_exp=expiry_seconds(float(record_exp or idle_seconds_from_env())),
            **kwargs,
        )
        # Rasa's client has no timeouts: a Redis that hangs would hang every conversation.
        # No connection exists yet, so the pool builds its connections with these.
        self.red.connection_pool.connection_kwargs.update(
            socket_timeout=socket_timeout, socket_connect_timeout=socket_timeout
        )
        self._save_script = self.red.register_script(SAVE_UNLESS_FORGOTTEN)

    async def save(self, tracker: DialogueStateTracker, timeout: float | None = None) -> None:
        """Store the conversation for the idle time, unless it was deleted meanwhile.

        Rasa's own store reads the stored conversation back and merges it with this one on
        every save, to keep earlier conversation sessions that `retrieve` leaves out. Here a
        session ends after the same 30 minutes of silence that expire the conversation
        (domain `session_config`, nothing carried over), and the conversation lock lets one
        turn at a time change it, so the tracker saved is the whole conversation: no merge.
        """
        with self._reporting("save"):
            await self.stream_events(tracker)
            key = self.key_prefix + tracker.sender_id
            seconds = expiry_seconds(timeout) if timeout else self.record_exp
            self._save_script(
                keys=[key, self._tombstone(tracker.sender_id)],
                args=[self.serialise_tracker(tracker), seconds],
            )

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The latest session of a conversation, or None if unknown, expired or deleted."""
        with self._reporting("retrieve"):
            return await super().retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        """Every session of a conversation, or None if unknown, expired or deleted."""
        with self._reporting("retrieve"):
            return await super().retrieve_full_tracker(sender_id)

    async def exists(self, conversation_id: str) -> bool:
        """Whether Redis holds the conversation (without reading it)."""
        with self._reporting("exists"):
            return bool(self.red.exists(self.key_prefix + conversation_id))

    async def keys(self) -> Iterable[str]:
        """The ids of the conversations Redis holds."""
        with self._reporting("keys"):
            keys = (key[len(self.key_prefix) :] for key in self.red.keys(self.key_prefix + "*"))
            return [key for key in keys if ":" not in key]

    async def delete(self, sender_id: str) -> bool:
        """Forget a conversation now, for good; True if there was one. Raises
        `StoreUnavailable` when Redis cannot be reached: then nothing was forgotten."""
        with self._reporting("delete"):
            transaction = self.red.pipeline(transaction=True)
            transaction.set(
                self._tombstone(sender_id), "1", ex=self.record_exp + TOMBSTONE_EXTRA_SECONDS
            )
            transaction.delete(self.key_prefix + sender_id)
            _, deleted = transaction.execute()
            return bool(deleted)

    def check(self) -> str | None:
        """None when Redis takes a write now and did not fail moments ago; else what is wrong
        (for the health check)."""
        # The same write as a save (the Lua script, a key under the conversations' prefix); the
        # ':' keeps it apart from every conversation id.
        probe = f"{self.key_prefix}health-check:{os.getpid()}"
        try:
            self._save_script(keys=[probe, self._tombstone(probe)], args=["{}", 10])
        except redis.RedisError as exc:
            self.record_failure()
            return f"Redis does not take writes: {type(exc).__name__}"
        return self.recent_failure()

    def _tombstone(self, sender_id: str) -> str:
        return f"forgotten:{self.key_prefix}{sender_id}"

    @contextmanager
    def _reporting(self, operation: str) -> Iterator[None]:
        try:
            yield
        except redis.RedisError as exc:
            self.record_failure()
            error = type(exc).__name__
            log.error("tracker_store.redis_failed operation=%s error=%s", operation, error)
            raise StoreUnavailable(
                f"The conversation store (Redis) failed during {operation}: {error}."
            ) from exc
