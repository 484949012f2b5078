"""The gateway's rate limits in a real Redis (redis-server from Debian's package), shared by
gateway workers, and what happens when Redis is gone."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from api.chat import answers, rate_limit
from api.chat.rate_limit import RedisSlidingWindowLimiter, SlidingWindowLimiter
from api.core.settings import get_settings
from scripts.servers.common import free_port
from scripts.servers.redis import LIMITS_DB, Redis
from tests.support.servers import redis_server


@pytest.fixture(scope="module")
def redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Redis]:
    with redis_server(tmp_path_factory.mktemp("redis")) as server:
        yield server


def workers(redis: Redis, count: int = 2) -> list[RedisSlidingWindowLimiter]:
    """The limiters of `count` gateway workers, each with its own connection."""
    return [RedisSlidingWindowLimiter(redis.url(LIMITS_DB)) for _ in range(count)]


def unique(name: str) -> str:
    return f"{name}:{time.monotonic_ns()}"


def test_shared_limit_counts_every_worker(redis: Redis) -> None:
    first, second = workers(redis)
    key = unique("session")
    allowed = [first.hit(key, limit=5), second.hit(key, limit=5), first.hit(key, limit=5)]
    allowed += [second.hit(key, limit=5), second.hit(key, limit=5)]
    assert allowed == [0.0] * 5
    # The sixth is refused on both workers, with the wait until the oldest leaves the window.
    assert 0 < first.hit(key, limit=5) <= 60
    assert 0 < second.hit(key, limit=5) <= 60


def test_shared_limit_window_slides(redis: Redis) -> None:
    (worker,) = workers(redis, 1)
    key = unique("session")
    assert worker.hit(key, limit=2, window_seconds=1) == 0
    assert worker.hit(key, limit=2, window_seconds=1) == 0
    assert 0 < worker.hit(key, limit=2, window_seconds=1) <= 1
    time.sleep(1.1)
    assert worker.hit(key, limit=2, window_seconds=1) == 0


def test_shared_limit_keys_expire_in_redis(redis: Redis) -> None:
    (worker,) = workers(redis, 1)
    key = unique("session")
    worker.hit(key, limit=3, window_seconds=2)
    ttl = redis.call("PTTL", f"limit:{key}", db=LIMITS_DB)
    assert isinstance(ttl, int)
    assert 0 < ttl <= 2000


def test_shared_limit_without_redis_still_limits(caplog: pytest.LogCaptureFixture) -> None:
    # Nothing listens on this port: a real connection error. The worker counts on its own.
    worker = RedisSlidingWindowLimiter(f"redis://:x@127.0.0.1:{free_port()}/2")
    with caplog.at_level(logging.INFO, logger="wegwijzer.chat"):
        started = time.monotonic()
        results = [worker.hit("session:a", limit=2) for _ in range(3)]
    assert results[:2] == [0.0, 0.0]
    assert results[2] > 0
    assert time.monotonic() - started < 2  # one failed attempt, then local counting
    assert "chat.rate_limit.redis_failed" in caplog.text


def test_shared_limit_is_chosen_with_redis_url(
    redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDIS_URL", redis.url(LIMITS_DB))
    get_settings.cache_clear()
    rate_limit.get_limiter.cache_clear()
    try:
        assert isinstance(rate_limit.get_limiter(), RedisSlidingWindowLimiter)
    finally:
        monkeypatch.delenv("REDIS_URL")
        get_settings.cache_clear()
        rate_limit.get_limiter.cache_clear()
    assert isinstance(rate_limit.get_limiter(), SlidingWindowLimiter)


@pytest.mark.parametrize("shared", [False, True])
def test_one_fast_conversation_cannot_use_up_the_global_ceiling(redis: Redis, shared: bool) -> None:
    limiter = workers(redis, 1)[0] if shared else SlidingWindowLimiter()
    settings = get_settings().model_copy(
        update={"rate_limit_session_per_minute": 2, "rate_limit_global_per_minute": 5}
    )
    noisy, other = unique("noisy"), unique("other")
    if shared:  # a fresh global key for this test in the shared Redis
        limiter.prefix = f"limit:{unique('test')}:"
    noisy_answers = [answers.limited(limiter, settings, "nl", noisy) for _ in range(20)]
    assert [a is None for a in noisy_answers] == [True, True] + [False] * 18
    # The refused messages counted nowhere else: other conversations still get through.
    assert [answers.limited(limiter, settings, "nl", f"{other}{n}") for n in range(3)] == [None] * 3


def test_flood_of_new_conversations_stops_at_its_own_ceiling() -> None:
    limiter = SlidingWindowLimiter()
    settings = get_settings().model_copy(
        update={"rate_limit_sessions_per_minute": 3, "rate_limit_global_per_minute": 6}
    )
    created = [answers.limited(limiter, settings, "nl", None) for _ in range(10)]
    assert [a is None for a in created] == [True] * 3 + [False] * 7
    refused = created[3]
    assert refused is not None and refused.status_code == 429
    # People already in a conversation keep talking.
    assert answers.limited(limiter, settings, "nl", "session-in-progress") is None


def test_redis_url_is_a_secret() -> None:
    settings = get_settings().model_copy(update={"redis_url": SecretStr("redis://:pw@h:1/2")})
    assert "pw" not in repr(settings)
