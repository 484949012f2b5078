"""A Redis lock store whose ticket lock is safe between Rasa replicas.

Rasa serialises the turns of one conversation with a ticket lock. Its `RedisLockStore` changes
that lock by reading it, changing it in Python and writing it back: two replicas taking a
ticket at the same moment can both get the same number (both handle the conversation at once,
one overwriting the other's turn), and one replica removing an empty lock can delete a ticket
another replica just took. Here every change happens in a Redis transaction that is retried
when the lock changed in between (WATCH/MULTI/EXEC), and a lock that is left behind (a replica
died mid-turn) expires by itself instead of staying in Redis for ever.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from typing import Any, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import (
    DEFAULT_SOCKET_TIMEOUT_IN_SECONDS,
    LOCK_LIFETIME,
    LockError,
    RedisLockStore,
)
from rasa.utils.endpoints import EndpointConfig

T = TypeVar("T")
# The key outlives the newest ticket by this much, then Redis drops a forgotten lock.
EXPIRY_MARGIN_SECONDS = 5


class AtomicRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store with atomic ticket changes and expiring locks."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        # Rasa builds custom lock stores with `endpoint_config=`; tests pass keywords.
        settings = dict(endpoint_config.kwargs) if endpoint_config is not None else {}
        settings.update(kwargs)
        host = settings.pop("host", None) or (endpoint_config.url if endpoint_config else None)
        super().__init__(
            host=host or "localhost",
            port=int(settings.pop("port", 6379)),
            db=int(settings.pop("db", 1)),
            password=settings.pop("password", None),
            key_prefix=settings.pop("key_prefix", None),
            socket_timeout=float(settings.pop("socket_timeout", DEFAULT_SOCKET_TIMEOUT_IN_SECONDS)),
        )

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """A new ticket for the conversation, unique across every replica."""
        try:
            return self._change(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime))
        except Exception as exc:  # as Rasa's own lock stores: the turn fails with a LockError
            raise LockError(f"Could not issue a ticket: {type(exc).__name__}") from exc

    def update_lock(self, conversation_id: str) -> None:
        """Drop expired tickets."""
        self._change(conversation_id, lambda lock: lock.remove_expired_tickets())

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        """Remove the ticket that was served."""
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Remove the served ticket; the lock goes when no ticket is left (same transaction)."""
        self.finish_serving(conversation_id, ticket_number)

    def save_lock(self, lock: TicketLock) -> None:
        """Write a lock with an expiry (used by Rasa only through the methods above)."""
        self.red.set(self.key_prefix + lock.conversation_id, lock.dumps(), ex=_expiry(lock))

    def _change(self, conversation_id: str, change: Callable[[TicketLock], T]) -> T:
        key = self.key_prefix + conversation_id
        result: list[T] = []

        def attempt(pipe: Any) -> None:
            result.clear()
            raw = pipe.get(key)
            lock = (
                TicketLock.from_dict(json.loads(raw)) if raw else self.create_lock(conversation_id)
            )
            result.append(change(lock))
            lock.remove_expired_tickets()
            pipe.multi()
            if lock.tickets:
                pipe.set(key, lock.dumps(), ex=_expiry(lock))
            else:
                pipe.delete(key)

        self.red.transaction(attempt, key)
        return result[0]


def _expiry(lock: TicketLock) -> int:
    latest = max((ticket.expires for ticket in lock.tickets), default=time.time())
    return max(1, math.ceil(latest - time.time()) + EXPIRY_MARGIN_SECONDS)
