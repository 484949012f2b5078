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
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The whole stack, started once for all end-to-end tests."""
    if not any((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("There is no trained model in models/: run `make train`.", pytrace=False)
    work = tmp_path_factory.mktemp("stack")
    overrides = {
        "API_PORT": str(free_port()),
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "DATABASE_URL": f"sqlite:///{work / 'stack.db'}",
        "CHANNEL_TOKEN": "e2e-" + secrets.token_hex(24),
        "CHAT_IDLE_MINUTES": str(IDLE_MINUTES),
        "RATE_LIMIT_SESSION_PER_MINUTE": str(SESSION_LIMIT_PER_MINUTE),
        "LOG_LEVEL": "INFO",
        "PUBLIC_URL": "",
        "CORS_ORIGINS": "[]",
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
def browser(stack: Stack) -> Iterator[Any]:
    """Debian's chromium (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed: apt install chromium", pytrace=False)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
