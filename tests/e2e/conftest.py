"""The real stack (API/gateway, action server, Rasa with the trained model in models/) for the
end-to-end tests, on free ports with its own database, logs and a short idle time; and
Debian's chromium driven by Playwright."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from scripts.stack import Stack, free_port, start_stack
from tests.e2e.chat_driver import IDLE_MINUTES, SCREENSHOTS, SESSION_LIMIT_PER_MINUTE, Gateway

ROOT = Path(__file__).resolve().parents[2]
HOST_NAME = "localhost"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Debian's chromium blocks the storage of third-party frames (as browsers that block
# third-party cookies do); most tests allow it, so that the chat's frame does keep its session
# id and the tests can check that nothing else can read it. `strict_browser` keeps the block.
ALLOW_FRAME_STORAGE = "--disable-features=TrackingProtection3pcd"


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The whole stack, started once for all end-to-end tests."""
    if not any((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("There is no trained model in models/: run `make train`.", pytrace=False)
    work = tmp_path_factory.mktemp("stack")
    port = free_port()
    overrides = {
        "API_PORT": str(port),
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "DATABASE_URL": f"sqlite:///{work / 'stack.db'}",
        "CHANNEL_TOKEN": "e2e-" + secrets.token_hex(24),
        "CHAT_IDLE_MINUTES": str(IDLE_MINUTES),
        "RATE_LIMIT_SESSION_PER_MINUTE": str(SESSION_LIMIT_PER_MINUTE),
        "LOG_LEVEL": "INFO",
        # The gateway's public origin is 127.0.0.1; the demo page is opened as a host site on
        # http://localhost (HOST_NAME): another origin, as on a real site, so the chat's frame
        # is isolated from the page in the browser tests.
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "CORS_ORIGINS": f'["http://{HOST_NAME}:{port}"]',
    }
    running = start_stack(overrides=overrides, log_dir=work / "logs", load_database=True)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def gateway(stack: Stack) -> Iterator[Gateway]:
    with httpx.Client(base_url=stack.url, timeout=60) as client:
        yield Gateway(client)


@pytest.fixture(scope="session")
def playwright_driver(stack: Stack) -> Iterator[Any]:
    """Playwright, for Debian's chromium (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    if shutil.which("chromium") is None:
        pytest.fail("chromium is not installed: apt install chromium", pytrace=False)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        yield playwright


def _launch(playwright: Any, *extra: str) -> Any:
    return playwright.chromium.launch(
        executable_path=shutil.which("chromium"), args=[*CHROMIUM_ARGS, *extra]
    )


@pytest.fixture(scope="session")
def browser(playwright_driver: Any) -> Iterator[Any]:
    """Debian's chromium, with the storage of third-party frames allowed."""
    launched = _launch(playwright_driver, ALLOW_FRAME_STORAGE)
    try:
        yield launched
    finally:
        launched.close()


@pytest.fixture(scope="session")
def strict_browser(playwright_driver: Any) -> Iterator[Any]:
    """Debian's chromium as it comes: third-party frames get no storage at all."""
    launched = _launch(playwright_driver)
    try:
        yield launched
    finally:
        launched.close()


@pytest.fixture(scope="session")
def host(stack: Stack) -> str:
    """The demo page as a host site: the stack's port on another origin than the gateway."""
    return stack.url.replace("127.0.0.1", HOST_NAME, 1)
