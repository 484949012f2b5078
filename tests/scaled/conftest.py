"""The scaled stack for these tests, started once: PostgreSQL, Redis, the action server, two
Rasa replicas with the trained model and two gateway workers behind haproxy — the same
`start_scaled_stack` as `make run-scaled`, in a temporary folder on free loopback ports, with a
short idle time. Every server is real (Debian's packages, `scripts/install-servers`)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from scripts.servers.common import ServerError
from scripts.stack import free_port
from scripts.stack_scaled import ScaledStack, Topology, start_scaled_stack
from tests.e2e.chat_driver import Gateway
from tests.support.servers import server_folder

ROOT = Path(__file__).resolve().parents[2]
# Short enough for the expiry test to wait it out, long enough for any conversation turn.
IDLE_SECONDS = 8
# Low enough for the shared-limit test to reach quickly.
SESSION_LIMIT_PER_MINUTE = 12


@pytest.fixture(scope="session")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScaledStack]:
    if not any((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("There is no trained model in models/: run `make train`.", pytrace=False)
    # The servers' folder must be reachable by PostgreSQL's own user; the logs stay in
    # pytest's temporary folder for reading after a failure.
    with server_folder("wegwijzer-scaled-") as work:
        yield from _scaled(work, tmp_path_factory.mktemp("scaled-logs"))


def _scaled(work: Path, logs: Path) -> Iterator[ScaledStack]:
    overrides = {
        "API_PORT": str(free_port()),
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "CHANNEL_TOKEN": "scaled-" + secrets.token_hex(24),
        "CHAT_IDLE_MINUTES": str(IDLE_SECONDS / 60),
        "RATE_LIMIT_SESSION_PER_MINUTE": str(SESSION_LIMIT_PER_MINUTE),
        "LOG_LEVEL": "INFO",
        "PUBLIC_URL": "",
        "CORS_ORIGINS": "[]",
    }
    try:
        running = start_scaled_stack(
            folder=work, topology=Topology.on_free_ports(), overrides=overrides,
            log_dir=logs, durable=False, timeout=480,
        )  # fmt: skip
    except ServerError as exc:
        pytest.fail(f"The scaled stack could not start: {exc}", pytrace=False)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def public(scaled: ScaledStack) -> Iterator[Gateway]:
    """The public origin (haproxy)."""
    with httpx.Client(base_url=scaled.url, timeout=60) as client:
        yield Gateway(client)


@pytest.fixture
def workers(scaled: ScaledStack) -> Iterator[list[Gateway]]:
    """Each gateway worker directly, bypassing haproxy."""
    clients = [httpx.Client(base_url=url, timeout=60) for url in scaled.gateway_urls]
    try:
        yield [Gateway(client) for client in clients]
    finally:
        for client in clients:
            client.close()
