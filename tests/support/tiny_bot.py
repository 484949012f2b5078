"""A tiny bot for channel tests: trained in seconds into a temporary folder (never models/),
served by real Rasa processes with the repo's credentials.yml and an endpoints file."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from scripts.servers.common import free_port

ROOT = Path(__file__).resolve().parents[2]
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"

DOMAIN = """
version: "3.1"
intents: [greet, inform_role, switch_language, affirm, nlu_fallback]
entities: [role, language]
slots:
  language:
    type: categorical
    values: [nl, en]
    influence_conversation: false
    mappings: [{type: from_entity, entity: language}]
responses:
  utter_greet:
  - text: "Hoi. Over wie gaat het?"
    buttons:
    - {title: "Over mij", payload: '/inform_role{{"role":"victim"}}'}
    - {title: "Ja", payload: "/affirm"}
  utter_role_thanks:
  - text: "Dank je. Bel 0800-0188."
    custom: {links: [{title: "Bel 0800-0188", url: "tel:08000188"}]}
  utter_language_switched:
  - text: "Okay, English it is."
  utter_please_rephrase:
  - text: "Kun je het anders zeggen?"
actions: [action_check]
"""
CONFIG = """
recipe: default.v1
assistant_id: channel_test_bot
language: en
pipeline:
- name: WhitespaceTokenizer
- name: KeywordIntentClassifier
- name: FallbackClassifier
  threshold: 0.3
policies:
- name: RulePolicy
"""
NLU = """
version: "3.1"
nlu:
- intent: greet
  examples: "- hallo\\n- hoi\\n"
- intent: inform_role
  examples: "- over mij\\n"
- intent: affirm
  examples: "- ja\\n"
"""
RULES = """
version: "3.1"
rules:
- rule: greet
  steps: [{intent: greet}, {action: utter_greet}]
- rule: role
  steps: [{intent: inform_role}, {action: utter_role_thanks}]
- rule: switch
  steps: [{intent: switch_language}, {action: utter_language_switched}]
- rule: affirm (a custom action; no action server runs in these tests)
  steps: [{intent: affirm}, {action: action_check}]
- rule: fallback
  steps: [{intent: nlu_fallback}, {action: utter_please_rephrase}]
"""


@dataclass
class Bot:
    url: str
    token: str
    log: Path

    def call(
        self, method: str, path: str, body: object = None, token: str | None = None
    ) -> tuple[int, dict]:
        data = body if isinstance(body, bytes) else None
        if body is not None and data is None:
            data = json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}{path}", data=data, method=method)
        request.add_header("Content-Type", "application/json")
        request.add_header("X-Channel-Token", self.token if token is None else token)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                raw = answer.read()
                return answer.status, json.loads(raw) if raw else {}
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, json.loads(raw) if raw else {}

    def create(self, language: str = "nl") -> tuple[str, dict]:
        sender_id = secrets.token_urlsafe(32)
        status, body = self.call(
            "POST", "/conversations", {"sender_id": sender_id, "language": language}
        )
        assert status == 201, body
        return sender_id, body

    def send(self, sender_id: str, **message: str) -> tuple[int, dict]:
        return self.call("POST", f"/conversations/{sender_id}/messages", message)


def train(work: Path) -> Path:
    """Train the tiny bot into `work/models`; returns that folder."""
    (work / "data").mkdir(parents=True, exist_ok=True)
    (work / "domain.yml").write_text(DOMAIN)
    (work / "config.yml").write_text(CONFIG)
    (work / "data" / "nlu.yml").write_text(NLU)
    (work / "data" / "rules.yml").write_text(RULES)
    subprocess.run(
        [RASA, "train", "--domain", "domain.yml", "--config", "config.yml", "--data", "data",
         "--out", "models", "--fixed-model-name", "tiny"],
        cwd=work, check=True, capture_output=True, timeout=600,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )  # fmt: skip
    return work / "models"


@contextmanager
def serve(
    work: Path, name: str, env: dict[str, str], endpoints: Path = ROOT / "endpoints.yml"
) -> Iterator[tuple[Bot, subprocess.Popen[bytes]]]:
    """One Rasa process serving the tiny bot in `work/models`, until the block ends."""
    port = free_port()
    log = work / f"{name}.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [RASA, "run", "--model", "models", "--credentials", ROOT / "credentials.yml",
             "--endpoints", endpoints, "-i", "127.0.0.1", "-p", str(port)],
            cwd=work, env={**os.environ, "LOG_LEVEL": "INFO", "RASA_TELEMETRY_ENABLED": "false", **env},
            stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    served = Bot(f"http://127.0.0.1:{port}/webhooks/gateway", env["CHANNEL_TOKEN"], log)
    try:
        deadline = time.monotonic() + 180
        while True:
            assert process.poll() is None, log.read_text()[-3000:]
            try:
                if served.call("GET", "/health")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"{name} did not start within 180 s"
            time.sleep(0.3)
        yield served, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def channel_env(**extra: str) -> dict[str, str]:
    """A fresh channel token, and an action server address where nothing listens."""
    return {
        "CHANNEL_TOKEN": "channel-test-" + secrets.token_hex(16),
        "ACTION_HOST": "127.0.0.1",
        "ACTION_PORT": str(free_port()),  # nothing listens there: actions fail
        **extra,
    }
