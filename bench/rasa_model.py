"""Load the trained Rasa model in-process (runs in .venv-rasa): the newest models/*.tar.gz."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"


def newest_model(models: Path = MODELS) -> Path:
    """The model Rasa would serve: the newest archive in models/."""
    archives = sorted(models.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not archives:
        raise SystemExit(f"There is no trained model in {models}: run `make train` first.")
    return archives[-1]


def quiet() -> None:
    """Rasa and TensorFlow talk a lot at load time; the bench output stays readable."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    logging.disable(logging.WARNING)
    # Rasa 3.6 logs each parse through structlog, with the message text, at debug level.
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)


def load(model: Path, action_url: str | None = None) -> tuple[Any, float]:
    """(agent, seconds to load); with `action_url` custom actions run on that action server."""
    quiet()
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig

    endpoint = EndpointConfig(url=f"{action_url.rstrip('/')}/webhook") if action_url else None
    started = time.perf_counter()
    agent = Agent.load(str(model), action_endpoint=endpoint)
    return agent, time.perf_counter() - started
