"""Fixtures for the bot tests: the trained model for the current data (trained if missing)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot import train

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def model_path() -> Path:
    """The model for the current config, domain and data; trains it when it is missing."""
    path = train.model_path()
    if not path.exists():
        assert train.train() == 0, "Training the Rasa model failed; run `make train` to see why."
    return path


@pytest.fixture(scope="session")
def rasa_env() -> dict[str, str]:
    """Environment for Rasa commands: endpoints.yml needs its variables resolved."""
    env = dict(os.environ)
    env.setdefault("ACTION_HOST", "127.0.0.1")
    env.setdefault("ACTION_PORT", "5055")
    env.setdefault("CHANNEL_TOKEN", "test-channel-token")
    return env
