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
    env["RASA_TELEMETRY_ENABLED"] = "false"
    return env


@pytest.fixture(scope="session")
def nlu_agent(model_path: Path):
    """The trained model's NLU, loaded once (no tracker store, no action server)."""
    from rasa.core.agent import Agent

    return Agent.load(str(model_path))


@pytest.fixture(scope="session")
def facts_of(nlu_agent):
    """text → {fact: {values}} as the understanding layer (extractor FactExtractor) reads it."""
    import asyncio

    from bot.understanding.component import EXTRACTOR_NAME

    loop = asyncio.new_event_loop()

    def read(text: str) -> dict[str, set[str]]:
        parsed = loop.run_until_complete(nlu_agent.parse_message(text))
        facts: dict[str, set[str]] = {}
        for entity in parsed["entities"]:
            if entity.get("extractor") == EXTRACTOR_NAME:
                facts.setdefault(entity["entity"], set()).add(str(entity["value"]))
        return facts

    yield read
    loop.close()


@pytest.fixture(scope="session")
def read_after(nlu_agent):
    """(previous typed message, text) → (facts, intent, metadata left on the message), with the
    previous message handed over as the gateway channel does (bot/channel.py)."""
    import asyncio

    from rasa.core.channels.channel import UserMessage

    from bot.channel_output import PREVIOUS_TEXT
    from bot.understanding.component import EXTRACTOR_NAME

    loop = asyncio.new_event_loop()

    def read(previous: str, text: str) -> tuple[dict[str, set[str]], str, dict]:
        message = UserMessage(text, metadata={"language": "nl", PREVIOUS_TEXT: previous})
        parsed = loop.run_until_complete(nlu_agent.processor.parse_message(message))
        facts: dict[str, set[str]] = {}
        for entity in parsed["entities"]:
            if entity.get("extractor") == EXTRACTOR_NAME:
                facts.setdefault(entity["entity"], set()).add(str(entity["value"]))
        return facts, parsed["intent"]["name"], dict(message.metadata or {})

    yield read
    loop.close()
