"""Two Rasa replicas sharing a real Redis through endpoints.scaled.yml, as the scaled stack runs.

The tiny bot (tests/support/tiny_bot.py) keeps this quick; the real bot behind haproxy and two
gateway workers is tested in tests/scaled.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from scripts.servers.redis import Redis
from tests.lines import number
from tests.support import tiny_bot
from tests.support.servers import RedisProcess, redis_process
from tests.support.tiny_bot import ROOT, Bot

pytestmark = pytest.mark.rasa

IDLE_SECONDS = 4
TRACKER_PREFIX = "tracker:"
ROLE_BUTTON = '/inform_role{"role":"victim"}'


@dataclass
class Replicas:
    a: Bot
    b: Bot
    process: RedisProcess

    @property
    def redis(self) -> Redis:
        return self.process.server


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replicas]:
    work = tmp_path_factory.mktemp("replicas")
    tiny_bot.train(work)
    with redis_process(work / "redis") as process:
        redis = process.server
        env = tiny_bot.channel_env(CHAT_IDLE_MINUTES=str(IDLE_SECONDS / 60), **redis.environment())
        scaled = ROOT / "endpoints.scaled.yml"
        with (
            tiny_bot.serve(work, "rasa-a", env, scaled) as (a, _),
            tiny_bot.serve(work, "rasa-b", env, scaled) as (b, _),
        ):
            yield Replicas(a, b, process)


@pytest.fixture
def full_redis(replicas: Replicas) -> Iterator[None]:
    """Redis out of memory: it still reads, but refuses every write."""
    replicas.redis.call("CONFIG", "SET", "maxmemory", "1")
    try:
        yield
    finally:
        replicas.redis.call("CONFIG", "SET", "maxmemory", str(64 * 1024 * 1024))
    _wait_healthy(replicas)


@pytest.fixture
def tracker_writes_denied(replicas: Replicas) -> Iterator[None]:
    """Redis lets the bot read conversations and write locks, but not save a conversation:
    the failure Rasa's fail-safe wrapper hides by keeping the conversation in memory."""
    redis = replicas.redis
    redis.call("ACL", "SETUSER", "default", "resetkeys", "%R~tracker:*", "~lock:*")
    try:
        yield
    finally:
        redis.call("ACL", "SETUSER", "default", "resetkeys", "~*")
    _wait_healthy(replicas)


def _wait_healthy(replicas: Replicas) -> None:
    deadline = time.monotonic() + 20
    while any(bot.call("GET", "/health")[0] != 200 for bot in (replicas.a, replicas.b)):
        assert time.monotonic() < deadline, "the replicas did not recover after Redis did"
        time.sleep(0.2)


def user_texts(redis: Redis, sender_id: str) -> list[str]:
    """The user messages of a conversation as Redis holds it."""
    raw = redis.call("GET", TRACKER_PREFIX + sender_id)
    events = json.loads(raw)["events"] if isinstance(raw, str) else []
    return [event.get("text") for event in events if event["event"] == "user"]


def test_replicas_health_names_the_redis_store(replicas: Replicas) -> None:
    for bot in (replicas.a, replicas.b):
        status, body = bot.call("GET", "/health")
        assert (status, body["tracker_store"]) == (200, "ExpiringRedisTrackerStore")


def test_replicas_conversation_moves_between_replicas(replicas: Replicas) -> None:
    sender_id, created = replicas.a.create()
    assert created["messages"][0]["buttons"][0]["payload"] == ROLE_BUTTON
    # B knows the question A asked: the button it offered is accepted there.
    status, body = replicas.b.send(sender_id, payload=ROLE_BUTTON, language="nl")
    assert status == 200
    assert body["messages"][0]["text"] == f"Dank je. Bel {number('sexual')}."
    # And A knows B's answer: a stale button now repeats B's last message, not A's greeting.
    status, body = replicas.a.send(sender_id, payload=ROLE_BUTTON)
    assert status == 200
    assert body["messages"][0]["text"] == f"Dank je. Bel {number('sexual')}."
    texts = user_texts(replicas.redis, sender_id)
    assert texts == ["/greet", ROLE_BUTTON]


def test_replicas_quick_exit_on_one_is_gone_on_the_other(replicas: Replicas) -> None:
    sender_id, _ = replicas.a.create()
    assert replicas.b.send(sender_id, text="hallo")[0] == 200
    assert replicas.a.call("DELETE", f"/conversations/{sender_id}")[0] == 204
    assert replicas.b.send(sender_id, text="hallo")[0] == 404
    assert replicas.a.send(sender_id, text="hallo")[0] == 404
    assert replicas.redis.call("EXISTS", TRACKER_PREFIX + sender_id) == 0


def test_replicas_idle_conversation_expires_in_redis(replicas: Replicas) -> None:
    sender_id, _ = replicas.a.create()
    ttl = replicas.redis.call("TTL", TRACKER_PREFIX + sender_id)
    assert isinstance(ttl, int)
    assert 0 < ttl <= IDLE_SECONDS
    time.sleep(IDLE_SECONDS + 0.5)
    assert replicas.redis.call("EXISTS", TRACKER_PREFIX + sender_id) == 0
    assert replicas.b.send(sender_id, text="hallo")[0] == 404


def test_replicas_same_conversation_at_once_loses_no_turn(replicas: Replicas) -> None:
    # Two messages of one conversation reach both replicas at the same moment: the Redis lock
    # store lets one wait for the other, so neither turn overwrites the other.
    sender_id, _ = replicas.a.create()
    results: list[int] = []

    def send(bot: Bot, text: str) -> None:
        results.append(bot.send(sender_id, text=text)[0])

    threads = [
        threading.Thread(target=send, args=(replicas.a, "hallo")),
        threading.Thread(target=send, args=(replicas.b, "hoi")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200, 200]
    texts = user_texts(replicas.redis, sender_id)
    assert sorted(texts[1:]) == ["hallo", "hoi"]


def test_replicas_full_redis_is_refused_not_hidden(replicas: Replicas, full_redis: None) -> None:
    sender_id = secrets.token_urlsafe(32)
    status, body = replicas.a.call("POST", "/conversations", {"sender_id": sender_id})
    # Rasa's fail-safe would have answered from process memory; the channel refuses instead.
    assert (status, body["code"]) == (503, "store_unavailable")
    status, body = replicas.b.call("GET", "/health")
    assert (status, body["status"]) == (503, "unsafe")
    assert "does not take writes" in body["detail"]


def test_replicas_fail_safe_fallback_is_refused_and_fails_health(
    replicas: Replicas, tracker_writes_denied: None
) -> None:
    sender_id = secrets.token_urlsafe(32)
    status, body = replicas.a.call("POST", "/conversations", {"sender_id": sender_id})
    assert (status, body["code"]) == (503, "store_unavailable")
    # Both replicas fail their health checks: neither gets conversations while this lasts.
    for bot in (replicas.a, replicas.b):
        status, body = bot.call("GET", "/health")
        assert (status, body["status"]) == (503, "unsafe")
    # Nothing of the refused turn is kept anywhere: not in Redis, not in the replica's memory.
    assert replicas.redis.call("EXISTS", TRACKER_PREFIX + sender_id) == 0
    assert replicas.b.send(sender_id, text="hallo")[0] == 404


def test_replicas_redis_down_forget_is_not_reported_done(replicas: Replicas) -> None:
    # Last in this module: Redis restarts empty (it keeps nothing on disk).
    sender_id, _ = replicas.a.create()
    replicas.process.stop()
    try:
        status, body = replicas.b.call("DELETE", f"/conversations/{sender_id}")
        assert (status, body["code"]) == (503, "not_forgotten")
        status, body = replicas.a.send(sender_id, text="hallo")
        assert (status, body["code"]) == (503, "store_unavailable")
        assert replicas.a.call("GET", "/health")[0] == 503
    finally:
        replicas.process.start()
    _wait_healthy(replicas)  # serving again once Redis is back, after the quiet time
