"""Rate limits of the chat gateway: per session and for the whole service.

`SlidingWindowLimiter` counts in this process's memory: right for one gateway process. With
REDIS_URL set (the scaled stack), `RedisSlidingWindowLimiter` counts in Redis, so every gateway
worker enforces the same limits. Keys are session ids or a "global…" name, never addresses.
"""

import logging
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Protocol

from api.core.logging import log_event
from api.core.settings import get_settings

log = logging.getLogger("wegwijzer.chat")

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


# The same sliding window as above, in one step inside Redis, on Redis's own clock (so that
# the workers' clocks do not matter). Returns 0 if allowed, else milliseconds to wait.
SLIDING_WINDOW = """
local now = redis.call('TIME')
local now_ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now_ms - window)
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(tonumber(oldest[2]) + window - now_ms, 1)
end
redis.call('ZADD', KEYS[1], now_ms, now_ms .. ':' .. ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return 0
"""
# After Redis failed, count in this process for a while instead of waiting on Redis again.
LOCAL_AFTER_FAILURE_SECONDS = 10.0
REDIS_TIMEOUT_SECONDS = 0.5


class RedisSlidingWindowLimiter:
    """The sliding window in Redis, shared by every gateway worker. When Redis cannot be
    reached it counts in this process instead (still a limit, never an outage)."""

    def __init__(self, url: str, local: RateLimiter | None = None, prefix: str = "limit:"):
        import redis

        self._redis = redis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )
        self._script: Any = self._redis.register_script(SLIDING_WINDOW)
        self._errors: tuple[type[BaseException], ...] = (redis.RedisError, OSError)
        self.local = local or SlidingWindowLimiter()
        self.prefix = prefix
        self._local_until = 0.0

    def hit(self, key: str, *, limit: int, window_seconds: float = WINDOW_SECONDS) -> float:
        if time.monotonic() < self._local_until:
            return self.local.hit(key, limit=limit, window_seconds=window_seconds)
        try:
            wait_ms = self._script(
                keys=[self.prefix + key],
                args=[limit, int(window_seconds * 1000), secrets.token_hex(6)],
            )
        except self._errors as exc:
            self._local_until = time.monotonic() + LOCAL_AFTER_FAILURE_SECONDS
            log_event(log, "chat.rate_limit.redis_failed", error=type(exc).__name__)
            return self.local.hit(key, limit=limit, window_seconds=window_seconds)
        return int(wait_ms) / 1000


@lru_cache
def get_limiter() -> RateLimiter:
    """The limiter of this process: shared in Redis when REDIS_URL is set."""
    url = get_settings().redis_url
    if url is None:
        return SlidingWindowLimiter()
    return RedisSlidingWindowLimiter(url.get_secret_value())
