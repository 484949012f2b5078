"""Fixtures for the action tests: the real landscape API (from .venv) and tracker helpers."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import settings as action_settings

ROOT = Path(__file__).resolve().parents[2]
API_PYTHON = ROOT / ".venv" / "bin" / "python"
STARTUP_SECONDS = 90
API_CHANNEL_TOKEN = os.environ.get("CHANNEL_TOKEN") or "test-token-" + os.urandom(8).hex()


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_health(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The landscape API exited early; see {log}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(
        f"The landscape API did not answer /health in {STARTUP_SECONDS} s; see {log}"
    )


@pytest.fixture(scope="session")
def landscape_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SQLite file of the test API (tests read the anonymous outcome rows from it)."""
    return tmp_path_factory.mktemp("landscape") / "landscape.db"


@pytest.fixture(scope="session")
def landscape_api(landscape_db: Path) -> Iterator[str]:
    """Start the real API with a fresh SQLite database holding the seed; yield its URL."""
    if not API_PYTHON.exists():
        pytest.fail(f"{API_PYTHON} is missing: run `make venv` first.")
    workdir = landscape_db.parent
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{landscape_db}",
        "CHANNEL_TOKEN": API_CHANNEL_TOKEN,
        "LOG_LEVEL": "WARNING",
        # On, as in production: the first places shown add an anonymous outcome row.
        "RECORD_OUTCOMES": "true",
    }
    subprocess.run(
        [str(API_PYTHON), "-m", "api.cli", "import"],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    port = free_port()
    log = workdir / "api.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(API_PYTHON), "-m", "uvicorn", "api.main:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _use_api(monkeypatch: pytest.MonkeyPatch, url: str, timeout: str = "3") -> None:
    # The actions prove they are the chat with the API's channel token (outcomes count).
    monkeypatch.setenv("CHANNEL_TOKEN", API_CHANNEL_TOKEN)
    monkeypatch.setenv("LANDSCAPE_API_URL", url)
    monkeypatch.setenv("LANDSCAPE_TIMEOUT_SECONDS", timeout)
    action_settings.get_settings.cache_clear()


@pytest.fixture
def api_up(landscape_api: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the actions at the running API."""
    _use_api(monkeypatch, landscape_api)
    yield landscape_api
    action_settings.get_settings.cache_clear()


@pytest.fixture
def api_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the actions at a port where nothing listens."""
    url = f"http://127.0.0.1:{free_port()}"
    _use_api(monkeypatch, url)
    yield url
    action_settings.get_settings.cache_clear()


@pytest.fixture
def api_slow(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the actions at a server that accepts connections but never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    url = f"http://127.0.0.1:{server.getsockname()[1]}"
    _use_api(monkeypatch, url, timeout="0.5")
    yield url
    server.close()
    action_settings.get_settings.cache_clear()


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    """The bot's domain as the action server receives it."""
    from rasa.shared.core.domain import Domain

    return Domain.load(str(ROOT / "domain")).as_dict()


def make_tracker(
    *,
    slots: dict[str, Any] | None = None,
    intent: str | None = None,
    text: str = "",
    entities: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
) -> Tracker:
    """A tracker as the action server sees it after one user message."""
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0} if intent else {},
        "entities": entities or [],
    }
    return Tracker(
        sender_id="test",
        slots=dict(slots or {}),
        latest_message=message,
        events=events if events is not None else [{"event": "user", **message}],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def run_action(action: Any, tracker: Tracker, domain: dict[str, Any]) -> tuple[list, list]:
    """Run an action; return (events, messages)."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return events, dispatcher.messages


def responses(messages: list[dict[str, Any]]) -> list[str]:
    """The response names the action sent, in order."""
    return [message.get("response") for message in messages]
