"""One log style in the API process: `event key=value`, through log_event, never with what a
person typed or who they are; and one place that reads the environment."""

import ast
import logging
from pathlib import Path

import pytest

from api.core.logging import format_event, log_event

API = Path(__file__).resolve().parents[3] / "api"
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}


def _python_files() -> list[Path]:
    return [p for p in API.rglob("*.py") if "migrations" not in p.parts]


def test_log_event_prints_the_event_and_its_fields(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    log_event(logging.getLogger("wegwijzer.test"), "chat.turn", status=200, ms=12.345)
    assert caplog.messages == ["chat.turn status=200 ms=12.3"]


def test_log_event_withholds_text_ids_and_addresses() -> None:
    line = format_event("chat.message", {"text": "mijn naam is Anna", "session_id": "x" * 43,
                                          "ip": "10.0.0.1", "outcome": "ok"})  # fmt: skip
    assert line == "chat.message text=[withheld] session_id=[withheld] ip=[withheld] outcome=ok"


def test_log_event_quotes_values_with_spaces() -> None:
    assert format_event("x", {"error": "two words"}) == 'x error="two words"'


def test_every_log_line_in_the_api_goes_through_log_event() -> None:
    direct = []
    for path in _python_files():
        if path == API / "core" / "logging.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            call = node.func if isinstance(node, ast.Call) else None
            if isinstance(call, ast.Attribute) and call.attr in LOG_METHODS:
                owner = call.value
                if isinstance(owner, ast.Name) and owner.id in ("log", "logger", "logging"):
                    direct.append(f"{path.relative_to(API)}:{node.lineno}")
    assert direct == []


def test_only_the_settings_read_the_environment() -> None:
    readers = [
        str(path.relative_to(API))
        for path in _python_files()
        if any(word in path.read_text(encoding="utf-8") for word in ("os.environ", "getenv"))
    ]
    assert readers == []
