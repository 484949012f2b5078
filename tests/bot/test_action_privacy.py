"""A failing action never writes the conversation to a log, and the person still gets the lines.

Real processes only: the tiny bot (tests/support/tiny_bot.py, with the real fallback responses
of domain/responses/fallback.yml) in a Rasa server with the repo's credentials and endpoints,
and a real rasa-sdk action server whose `action_check` raises with the person's words and the
conversation id in its exception text (tests/support/failing_action.py).
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from actions.fallback import NATIONAL_LINES
from actions.guard import FALLBACK_INTRO
from tests.lines import tel
from tests.support import tiny_bot
from tests.support.tiny_bot import Bot

pytestmark = pytest.mark.rasa

ROOT = Path(__file__).resolve().parents[2]
MARKER = "vertrouwelijk-merkteken-3190"
LINES = {tel("danger"), tel("domestic"), tel("sexual"), tel("suicide", 1)}


def _fallback_responses() -> dict:
    """The real responses the guard answers with, wherever domain/responses/ keeps them."""
    wanted = {FALLBACK_INTRO, *NATIONAL_LINES}
    found = {}
    for path in sorted((ROOT / "domain" / "responses").glob("*.yml")):
        responses = (yaml.safe_load(path.read_text("utf-8")) or {}).get("responses") or {}
        found.update({name: variants for name, variants in responses.items() if name in wanted})
    assert set(found) == wanted, wanted - set(found)
    return found


def _train(work: Path) -> None:
    """The tiny bot, with the real national-line responses the guard answers with."""
    domain = yaml.safe_load(tiny_bot.DOMAIN)
    domain["responses"].update(_fallback_responses())
    (work / "data").mkdir(parents=True, exist_ok=True)
    (work / "domain.yml").write_text(yaml.safe_dump(domain, allow_unicode=True))
    (work / "config.yml").write_text(tiny_bot.CONFIG)
    (work / "data" / "nlu.yml").write_text(tiny_bot.NLU)
    (work / "data" / "rules.yml").write_text(tiny_bot.RULES)
    subprocess.run(
        [tiny_bot.RASA, "train", "--domain", "domain.yml", "--config", "config.yml",
         "--data", "data", "--out", "models", "--fixed-model-name", "tiny"],
        cwd=work, check=True, capture_output=True, timeout=600,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )  # fmt: skip


@contextmanager
def action_server(work: Path, package: str, port: int) -> Iterator[Path]:
    """`rasa run actions` with `package`, as scripts/stack.py starts it; yields its log."""
    log = work / f"actions-{package.rsplit('.', 1)[-1]}.log"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SANIC_HOST": "127.0.0.1",
        "LOG_LEVEL": "INFO",
        "RASA_TELEMETRY_ENABLED": "false",
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [tiny_bot.RASA, "run", "actions", "--actions", package, "-p", str(port)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, log.read_text()[-3000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "the action server did not start"
                time.sleep(0.3)
        yield log
    finally:
        process.terminate()
        process.wait(timeout=30)


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("action-privacy")
    _train(folder)
    return folder


@contextmanager
def bot_with_actions(work: Path, package: str) -> Iterator[tuple[Bot, list[Path]]]:
    port = _port()
    env = tiny_bot.channel_env(ACTION_PORT=str(port), RASA_TELEMETRY_ENABLED="false")
    name = f"rasa-{package.rsplit('.', 1)[-1]}"
    with (
        action_server(work, package, port) as actions_log,
        tiny_bot.serve(work, name, env) as (bot, _process),
    ):
        yield bot, [bot.log, actions_log]


def _fail_the_action(bot: Bot) -> tuple[str, dict]:
    """Say something with the marker, then press the button that runs action_check."""
    sender_id, _ = bot.create()
    assert bot.send(sender_id, text=f"hallo, ik heet {MARKER}")[0] == 200
    status, body = bot.send(sender_id, payload="/affirm")
    assert status == 200, body
    time.sleep(0.5)  # let both processes write their logs
    return sender_id, body


def _links(body: dict) -> set[str]:
    return {
        link["url"]
        for message in body["messages"]
        for link in (message.get("custom") or {}).get("links", [])
    }


def test_failing_action_logs_no_conversation_and_gives_the_lines(work: Path) -> None:
    with bot_with_actions(work, "tests.support.guarded_failing_action") as (bot, logs):
        sender_id, body = _fail_the_action(bot)
        contents = {log.name: log.read_text(errors="replace") for log in logs}
    # The person gets the national 24/7 lines instead of silence.
    assert _links(body) >= LINES
    assert body["messages"][0]["text"].startswith("Ik kan de lijst met hulpplekken nu niet")
    # The action really failed, and the log says which one and how, nothing more.
    actions_log = contents[logs[1].name]
    assert "action.failed action=action_check error=RuntimeError" in actions_log
    for name, content in contents.items():
        assert MARKER not in content, name
        assert sender_id not in content, name
        assert "Traceback" not in content, name


def test_failure_outside_the_guard_is_kept_out_of_rasas_log(work: Path) -> None:
    # An action server without the guard answers 500 with the whole tracker; Rasa's log
    # filter (bot/log_privacy.py) must drop that body and the traceback.
    with bot_with_actions(work, "tests.support.failing_action") as (bot, logs):
        sender_id, body = _fail_the_action(bot)
        rasa_log = logs[0].read_text(errors="replace")
    assert body["action_failed"] is True  # so the gateway adds the crisis lines
    assert "action_check" in rasa_log  # the failure itself is logged ...
    assert MARKER not in rasa_log  # ... without the conversation
    assert sender_id not in rasa_log
    assert "Traceback" not in rasa_log
