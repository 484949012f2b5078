"""The Redis tracker store and lock store against a real redis-server (Debian's package).

Each test talks to the same kind of Redis the scaled stack runs, started on a free loopback
port for this module; nothing here is a fake.
"""

from __future__ import annotations

import asyncio
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa.core.agent import Agent
from rasa.core.lock_store import LockStore
from rasa.core.tracker_store import RedisTrackerStore, TrackerStore
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.lock_store import AtomicRedisLockStore
from bot.redis_store import ExpiringRedisTrackerStore
from bot.tracker_store import (
    StoreUnavailable,
    deletable_store,
    failures,
    fallback_in_use,
    store_problem,
)
from scripts.servers.common import free_port
from scripts.servers.redis import Redis
from tests.support.servers import redis_server

pytestmark = pytest.mark.rasa

ROOT = Path(__file__).resolve().parents[2]


def run(coroutine):  # type: ignore[no-untyped-def]
    return asyncio.run(coroutine)


def tracker(sender_id: str, text: str = "hallo") -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender_id, [UserUttered(text)])


def new_id() -> str:
    import secrets

    return secrets.token_urlsafe(32)


@pytest.fixture(scope="module")
def redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Redis]:
    with redis_server(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture
def store(redis: Redis) -> ExpiringRedisTrackerStore:
    return ExpiringRedisTrackerStore(
        Domain.empty(), host="127.0.0.1", port=redis.port, password=redis.password, record_exp=60
    )


@pytest.fixture
def refusing_writes(redis: Redis) -> Iterator[None]:
    """Redis with no memory left: it still reads, but refuses every write (as when full)."""
    redis.call("CONFIG", "SET", "maxmemory", "1")
    try:
        yield
    finally:
        redis.call("CONFIG", "SET", "maxmemory", str(64 * 1024 * 1024))


def test_redis_store_endpoints_scaled_yml_loads_both_redis_stores(
    redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in redis_env(redis).items():
        monkeypatch.setenv(name, value)
    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.scaled.yml"))
    with warnings.catch_warnings():
        # Rasa only warns when it cannot import a custom store, then keeps conversations in
        # memory for ever: that warning fails the test.
        warnings.simplefilter("error", UserWarning)
        store = TrackerStore.create(endpoints.tracker_store)
    assert type(store) is ExpiringRedisTrackerStore
    assert store.record_exp == 30 * 60
    assert type(LockStore.create(endpoints.lock_store)) is AtomicRedisLockStore
    sender = new_id()
    run(store.save(tracker(sender)))
    assert redis.call("EXISTS", store.key_prefix + sender) == 1


def redis_env(redis: Redis) -> dict[str, str]:
    return {
        **redis.environment(),
        "ACTION_HOST": "127.0.0.1",
        "ACTION_PORT": "5055",
        "CHAT_IDLE_MINUTES": "30",
    }


@pytest.mark.parametrize(("minutes", "ttl"), [("0.05", 3), ("0.021", 2), ("30", 1800)])
def test_redis_store_expiry_is_whole_seconds(
    redis: Redis, monkeypatch: pytest.MonkeyPatch, minutes: str, ttl: int
) -> None:
    # redis-py 4.6 refuses a float expiry; Rasa's fail-safe would then hide the failure.
    monkeypatch.setenv("CHAT_IDLE_MINUTES", minutes)
    store = ExpiringRedisTrackerStore(port=redis.port, password=redis.password)
    sender = new_id()
    run(store.save(tracker(sender)))
    assert store.record_exp == ttl
    assert 0 < redis.call("TTL", store.key_prefix + sender) <= ttl


def test_redis_store_forgets_after_idle_time(redis: Redis) -> None:
    store = ExpiringRedisTrackerStore(port=redis.port, password=redis.password, record_exp=1)
    sender = new_id()
    run(store.save(tracker(sender)))
    assert run(store.exists(sender))
    time.sleep(1.6)
    assert not run(store.exists(sender))
    assert run(store.retrieve(sender)) is None


def test_redis_store_activity_keeps_conversation(redis: Redis) -> None:
    store = ExpiringRedisTrackerStore(port=redis.port, password=redis.password, record_exp=2)
    sender = new_id()
    run(store.save(tracker(sender)))
    time.sleep(1.2)
    run(store.save(tracker(sender, "nog iets")))
    time.sleep(1.2)
    restored = run(store.retrieve(sender))
    assert restored is not None
    assert restored.latest_message.text == "nog iets"


def test_redis_store_delete_forgets_and_blocks_late_saves(
    redis: Redis, store: ExpiringRedisTrackerStore
) -> None:
    sender = new_id()
    run(store.save(tracker(sender)))
    assert run(store.delete(sender)) is True
    assert run(store.retrieve(sender)) is None
    # A message still being handled when the person left must not bring it back.
    run(store.save(tracker(sender, "late")))
    assert not run(store.exists(sender))
    assert redis.call("EXISTS", store.key_prefix + sender) == 0
    assert run(store.delete(sender)) is False


def test_redis_store_delete_wins_against_saves_in_flight(
    redis: Redis, store: ExpiringRedisTrackerStore
) -> None:
    # Another replica keeps saving the conversation while this one deletes it: whatever the
    # interleaving, once the delete returned the conversation never comes back.
    other = ExpiringRedisTrackerStore(port=redis.port, password=redis.password, record_exp=60)
    for _ in range(60):
        sender = new_id()
        run(store.save(tracker(sender)))
        stop = threading.Event()

        def keep_saving(sender: str = sender, stop: threading.Event = stop) -> None:
            loop = asyncio.new_event_loop()
            while not stop.is_set():
                loop.run_until_complete(other.save(tracker(sender, "typing on")))
            loop.close()

        saver = threading.Thread(target=keep_saving)
        saver.start()
        time.sleep(0.005)
        run(store.delete(sender))
        time.sleep(0.01)
        stop.set()
        saver.join()
        assert redis.call("EXISTS", store.key_prefix + sender) == 0


def test_redis_store_keys_lists_conversations_only(
    redis: Redis, store: ExpiringRedisTrackerStore
) -> None:
    kept, deleted = new_id(), new_id()
    run(store.save(tracker(kept)))
    run(store.save(tracker(deleted)))
    run(store.delete(deleted))
    keys = set(run(store.keys()))
    assert kept in keys
    assert deleted not in keys
    assert not any(key.startswith(("forgotten:", "deleted:")) for key in keys)


def test_redis_store_unreachable_delete_is_not_reported_as_done() -> None:
    # Nothing listens on this port: a real connection error, not a simulated one.
    store = ExpiringRedisTrackerStore(port=free_port(), password="x", record_exp=60)
    with pytest.raises(StoreUnavailable, match="delete"):
        run(store.delete(new_id()))
    assert store.failures == 1
    assert store.check() is not None


def test_redis_store_unreachable_is_fast() -> None:
    store = ExpiringRedisTrackerStore(port=free_port(), password="x", record_exp=60)
    started = time.monotonic()
    with pytest.raises(StoreUnavailable):
        run(store.exists(new_id()))
    assert time.monotonic() - started < 3


def test_redis_store_full_redis_fails_the_check(
    redis: Redis, store: ExpiringRedisTrackerStore, refusing_writes: None
) -> None:
    assert "does not take writes" in (store.check() or "")
    with pytest.raises(StoreUnavailable, match="save"):
        run(store.save(tracker(new_id())))


def test_redis_store_fail_safe_fallback_is_detected(
    redis: Redis, store: ExpiringRedisTrackerStore, refusing_writes: None
) -> None:
    # Inside Rasa the store is wrapped in a fail-safe that catches the failed save and keeps
    # the conversation in process memory instead; the bot must notice and refuse.
    agent = Agent(tracker_store=store)
    assert store_problem(agent.tracker_store) is not None  # Redis refuses writes
    before = failures(agent.tracker_store)
    run(agent.tracker_store.save(tracker(new_id())))  # no exception: the fail-safe hid it
    assert fallback_in_use(agent.tracker_store)
    assert failures(agent.tracker_store) > before
    assert "kept it in process memory" in (store_problem(agent.tracker_store) or "")


def test_redis_store_stock_rasa_store_falls_back_silently(redis: Redis) -> None:
    # Why this module exists: Rasa's own store with a float expiry (as 1800.0 from minutes)
    # cannot save into a real Redis, and Rasa's fail-safe hides that.
    stock = RedisTrackerStore(
        Domain.empty(), host="127.0.0.1", port=redis.port, password=redis.password,
        record_exp=1800.0,
    )  # fmt: skip
    agent = Agent(tracker_store=stock)
    sender = new_id()
    run(agent.tracker_store.save(tracker(sender)))
    assert redis.call("EXISTS", stock.key_prefix + sender) == 0
    assert fallback_in_use(agent.tracker_store)
    with pytest.raises(RuntimeError, match="cannot delete"):
        deletable_store(agent.tracker_store)


def lock_stores(redis: Redis, count: int) -> list[AtomicRedisLockStore]:
    return [
        AtomicRedisLockStore(host="127.0.0.1", port=redis.port, password=redis.password)
        for _ in range(count)
    ]


def test_lock_store_tickets_are_unique_across_replicas(redis: Redis) -> None:
    stores = lock_stores(redis, 4)
    conversation = new_id()
    tickets: list[int] = []
    guard = threading.Lock()

    def take(store: AtomicRedisLockStore) -> None:
        for _ in range(25):
            number = store.issue_ticket(conversation, 30)
            with guard:
                tickets.append(number)

    threads = [threading.Thread(target=take, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(tickets) == 100
    assert len(set(tickets)) == 100


def test_lock_store_serialises_one_conversation_across_replicas(redis: Redis) -> None:
    first, second = lock_stores(redis, 2)
    conversation = new_id()
    order: list[str] = []

    async def turn(store: AtomicRedisLockStore, name: str, hold: float) -> None:
        async with store.lock(conversation, wait_time_in_seconds=0.05):
            order.append(f"{name} in")
            await asyncio.sleep(hold)
            order.append(f"{name} out")

    async def both() -> None:
        first_turn = asyncio.create_task(turn(first, "a", 0.3))
        await asyncio.sleep(0.05)
        await turn(second, "b", 0)
        await first_turn

    run(both())
    assert order == ["a in", "a out", "b in", "b out"]
    assert redis.call("EXISTS", first.key_prefix + conversation, db=1) == 0


def test_lock_store_lock_left_behind_expires(redis: Redis) -> None:
    (store,) = lock_stores(redis, 1)
    conversation = new_id()
    store.issue_ticket(conversation, 2)  # a replica that died before finishing its turn
    ttl = redis.call("TTL", store.key_prefix + conversation, db=1)
    assert isinstance(ttl, int)
    assert 0 < ttl <= 2 + 5
