"""Rate limits of the chat gateway: per session and for the whole service.

The default `SlidingWindowLimiter` counts in this process's memory. With several gateway
replicas every replica counts on its own, so the effective limits multiply by the number of
replicas; a shared implementation (e.g. Redis INCR with EXPIRE per window) can replace it
behind the same `RateLimiter` interface. Keys are session ids or "global", never addresses.
"""

import threading
import time
from collections import deque
from collections.abc import Callable
from functools import lru_cache
from typing import Protocol

WINDOW_SECONDS = 60.0


class RateLimiter(Protocol):
    def hit(self, key: str, *, limit: int, window_seconds: float = WINDOW_SECONDS) -> float:
        """Count one request for `key`; 0 if allowed, else the seconds until one is allowed."""
        ...


class SlidingWindowLimiter:
    """At most `limit` requests per key in any `window_seconds`, counted in memory."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._last_sweep = clock()
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, *, limit: int, window_seconds: float = WINDOW_SECONDS) -> float:
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - window_seconds:
                hits.popleft()
            if len(hits) >= limit:
                return max(hits[0] + window_seconds - now, 0.001)
            hits.append(now)
            if now - self._last_sweep > window_seconds:
                self._forget_idle(now - window_seconds)
                self._last_sweep = now
            return 0.0

    def _forget_idle(self, cutoff: float) -> None:
        # Sessions come and go; drop the keys with no request in the window.
        for key in [key for key, hits in self._hits.items() if not hits or hits[-1] <= cutoff]:
            del self._hits[key]


@lru_cache
def get_limiter() -> RateLimiter:
    """The limiter of this process."""
    return SlidingWindowLimiter()
