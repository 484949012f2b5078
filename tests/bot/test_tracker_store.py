"""The tracker store Rasa loads forgets conversations: after idle time, on delete, never on disk."""

import asyncio
import warnings
from pathlib import Path

import pytest
from rasa.core.agent import Agent
from rasa.core.tracker_store import InMemoryTrackerStore, TrackerStore
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import tracker_store as module
from bot.tracker_store import ExpiringInMemoryTrackerStore, deletable_store

pytestmark = pytest.mark.rasa

ROOT = Path(__file__).resolve().parents[2]
SENDER = "a" * 43


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def tracker(sender_id: str = SENDER, text: str = "hallo") -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender_id, [UserUttered(text)])


def run(coroutine):  # type: ignore[no-untyped-def]
    return asyncio.run(coroutine)


@pytest.fixture
def endpoints_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTION_HOST", "127.0.0.1")
    monkeypatch.setenv("ACTION_PORT", "5055")
    monkeypatch.setenv("CHAT_IDLE_MINUTES", "30")


def test_tracker_store_from_endpoints_yml_is_the_expiring_store(endpoints_env: None) -> None:
    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))
    with warnings.catch_warnings():
        # Rasa only *warns* when it cannot import a custom store and then keeps everything in
        # memory for ever; make that warning fail the test.
        warnings.simplefilter("error", UserWarning)
        store = TrackerStore.create(endpoints.tracker_store)
    assert type(store) is ExpiringInMemoryTrackerStore
    assert store.idle_seconds == 30 * 60


def test_tracker_store_inside_agent_is_found_and_deletable(endpoints_env: None) -> None:
    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))
    store = TrackerStore.create(endpoints.tracker_store)
    agent = Agent(tracker_store=store)
    assert type(agent.tracker_store) is not ExpiringInMemoryTrackerStore  # Rasa wraps it
    assert deletable_store(agent.tracker_store) is store


def test_tracker_store_silent_fallback_is_refused() -> None:
    from rasa.core.tracker_store import create_tracker_store
    from rasa.utils.endpoints import EndpointConfig

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fallback = create_tracker_store(EndpointConfig(type="bot.no_such_module.Store"))
    assert type(fallback) is InMemoryTrackerStore
    with pytest.raises(RuntimeError, match="cannot delete conversations"):
        deletable_store(Agent(tracker_store=fallback).tracker_store)


def test_tracker_store_forgets_after_idle_time() -> None:
    clock = FakeClock()
    store = ExpiringInMemoryTrackerStore(Domain.empty(), idle_minutes=30, clock=clock)
    run(store.save(tracker()))
    clock.now += 30 * 60 - 1
    assert run(store.exists(SENDER))
    clock.now += 2
    assert run(store.retrieve(SENDER)) is None
    assert not run(store.exists(SENDER))
    assert SENDER not in store.store


def test_tracker_store_activity_keeps_conversation() -> None:
    clock = FakeClock()
    store = ExpiringInMemoryTrackerStore(Domain.empty(), idle_minutes=30, clock=clock)
    run(store.save(tracker()))
    clock.now += 29 * 60
    run(store.save(tracker(text="nog iets")))
    clock.now += 29 * 60
    restored = run(store.retrieve(SENDER))
    assert restored is not None
    assert restored.latest_message.text == "nog iets"


def test_tracker_store_sweep_forgets_without_access() -> None:
    clock = FakeClock()
    store = ExpiringInMemoryTrackerStore(Domain.empty(), idle_minutes=1, clock=clock)
    for index in range(3):
        run(store.save(tracker(sender_id=f"{index}" * 43)))
    clock.now += 61
    run(store.save(tracker(sender_id="z" * 43)))
    assert store.sweep() == 3
    assert list(run(store.keys())) == ["z" * 43]


def test_tracker_store_periodic_sweep_runs_by_itself() -> None:
    async def scenario() -> dict[str, str]:
        store = ExpiringInMemoryTrackerStore(
            Domain.empty(), idle_minutes=0.1 / 60, sweep_seconds=0.05
        )
        await store.save(tracker())
        await asyncio.sleep(0.4)
        return store.store

    assert run(scenario()) == {}


def test_tracker_store_delete_forgets_at_once() -> None:
    store = ExpiringInMemoryTrackerStore(Domain.empty(), idle_minutes=30)
    run(store.save(tracker()))
    assert run(store.delete(SENDER)) is True
    assert run(store.retrieve(SENDER)) is None
    assert run(store.delete(SENDER)) is False


def test_tracker_store_save_after_delete_is_dropped() -> None:
    # A message that was still being handled when the person left must not bring it back.
    store = ExpiringInMemoryTrackerStore(Domain.empty(), idle_minutes=30)
    run(store.save(tracker()))
    run(store.delete(SENDER))
    run(store.save(tracker(text="late")))
    assert not run(store.exists(SENDER))


def test_tracker_store_writes_nothing_to_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store = ExpiringInMemoryTrackerStore(Domain.empty(), idle_minutes=30)
    run(store.save(tracker()))
    run(store.retrieve(SENDER))
    run(store.delete(SENDER))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("value", "seconds"), [("", 1800.0), ("45", 2700.0), ("0.05", 3.0)])
def test_tracker_store_idle_time_from_env(
    monkeypatch: pytest.MonkeyPatch, value: str, seconds: float
) -> None:
    monkeypatch.setenv("CHAT_IDLE_MINUTES", value)
    assert module.idle_seconds_from_env() == pytest.approx(seconds)


@pytest.mark.parametrize("value", ["soon", "0", "-5"])
def test_tracker_store_idle_time_invalid_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("CHAT_IDLE_MINUTES", value)
    with pytest.raises(ValueError, match="CHAT_IDLE_MINUTES"):
        module.idle_seconds_from_env()
