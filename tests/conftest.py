"""Shared by both environments: keep this file free of project imports."""

import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


def pytest_configure(config) -> None:  # type: ignore[no-untyped-def]
    # Tests never touch the developer's database or .env secrets.
    workdir = Path(tempfile.mkdtemp(prefix="wegwijzer-tests-"))
    os.environ.setdefault("WEGWIJZER_TEST_DIR", str(workdir))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'test.db'}"
    os.environ["CHANNEL_TOKEN"] = "test-channel-token-" + os.urandom(8).hex()
    os.environ["LOG_LEVEL"] = "WARNING"
    ARTIFACTS.mkdir(exist_ok=True)
