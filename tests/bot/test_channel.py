"""The gateway channel inside a real Rasa server, loaded from the repo's credentials and endpoints.

A tiny bot is trained into a temporary folder (never into models/) so these tests do not wait
for the real bot; the real one is tested end to end in tests/e2e.
"""

import json
import os
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot import channel_output

pytestmark = pytest.mark.rasa

ROOT = Path(__file__).resolve().parents[2]
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
MARKER = "geheim-merkteken-4711"

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    """A Rasa server with the tiny bot, the repo's credentials.yml and endpoints.yml."""
    work = tmp_path_factory.mktemp("tiny-bot")
    (work / "data").mkdir()
    (work / "domain.yml").write_text(DOMAIN)
    (work / "config.yml").write_text(CONFIG)
    (work / "data" / "nlu.yml").write_text(NLU)
    (work / "data" / "rules.yml").write_text(RULES)
    subprocess.run(
        [RASA, "train", "--domain", "domain.yml", "--config", "config.yml", "--data", "data",
         "--out", "models", "--fixed-model-name", "tiny"],
        cwd=work, check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    port, token = free_port(), "channel-test-" + secrets.token_hex(16)
    env = {
        **os.environ,
        "CHANNEL_TOKEN": token,
        "ACTION_HOST": "127.0.0.1",
        "ACTION_PORT": str(free_port()),  # nothing listens there: actions fail
        "CHAT_IDLE_MINUTES": str(3 / 60),
        "LOG_LEVEL": "INFO",
    }
    log = work / "rasa.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [RASA, "run", "--model", "models", "--credentials", ROOT / "credentials.yml",
             "--endpoints", ROOT / "endpoints.yml", "-i", "127.0.0.1", "-p", str(port)],
            cwd=work, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
    served = Bot(f"http://127.0.0.1:{port}/webhooks/gateway", token, log)
    try:
        deadline = time.monotonic() + 180
        while True:
            assert process.poll() is None, log.read_text()[-3000:]
            try:
                if served.call("GET", "/health")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "Rasa did not start within 180 s"
            time.sleep(0.5)
        yield served
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_channel_health_reports_the_expiring_store(bot: Bot) -> None:
    # The running Rasa loaded the store named in endpoints.yml, not a silent fallback.
    status, body = bot.call("GET", "/health")
    assert status == 200
    assert body["tracker_store"] == "ExpiringInMemoryTrackerStore"


@pytest.mark.parametrize("token", ["", "wrong-token", "x" * 200])
def test_channel_wrong_token_is_refused(bot: Bot, token: str) -> None:
    assert bot.call("GET", "/health", token=token)[0] == 401
    assert bot.call("POST", "/conversations", {"sender_id": "a" * 43}, token=token)[0] == 401
    assert bot.call("DELETE", f"/conversations/{'a' * 43}", token=token)[0] == 401


def test_channel_create_returns_greeting_with_buttons(bot: Bot) -> None:
    _sender_id, body = bot.create("nl")
    greeting = body["messages"][0]
    assert greeting["text"] == "Hoi. Over wie gaat het?"
    assert greeting["buttons"][0]["payload"] == '/inform_role{"role":"victim"}'
    assert body["language"] == "nl"
    assert body["action_failed"] is False


def test_channel_create_twice_is_a_conflict(bot: Bot) -> None:
    sender_id, _ = bot.create()
    status, body = bot.call("POST", "/conversations", {"sender_id": sender_id})
    assert (status, body["code"]) == (409, "conflict")


@pytest.mark.parametrize("sender_id", ["", "short", "../../etc/passwd" * 3, "ä" * 40, None, 42])
def test_channel_create_bad_id_is_refused(bot: Bot, sender_id: object) -> None:
    assert bot.call("POST", "/conversations", {"sender_id": sender_id})[0] == 422


def test_channel_create_invalid_json_is_refused(bot: Bot) -> None:
    assert bot.call("POST", "/conversations", b"{not json")[0] == 422


def test_channel_offered_button_is_handled(bot: Bot) -> None:
    sender_id, _ = bot.create()
    status, body = bot.send(sender_id, payload='/inform_role{"role":"victim"}', language="nl")
    assert status == 200
    assert body["messages"] == [
        {
            "text": "Dank je. Bel 0800-0188.",
            "custom": {"links": [{"title": "Bel 0800-0188", "url": "tel:08000188"}]},
        }
    ]


def test_channel_payload_not_offered_repeats_the_question(bot: Bot) -> None:
    sender_id, created = bot.create()
    status, body = bot.send(sender_id, payload='/inform_role{"role":"perpetrator"}')
    assert status == 200
    assert body["messages"] == created["messages"]
    # The conversation did not move: the offered button still works.
    assert bot.send(sender_id, payload='/inform_role{"role":"victim"}')[1]["messages"][0][
        "text"
    ].startswith("Dank je")


def test_channel_typed_intent_is_read_as_text(bot: Bot) -> None:
    sender_id, _ = bot.create()
    status, body = bot.send(sender_id, text='/inform_role{"role":"victim"}')
    assert status == 200
    assert body["messages"][0]["text"] == "Kun je het anders zeggen?"


def test_channel_language_switch_is_always_allowed(bot: Bot) -> None:
    sender_id, _ = bot.create("nl")
    status, body = bot.send(sender_id, payload='/switch_language{"language":"en"}')
    assert status == 200
    assert body["language"] == "en"
    assert body["messages"][0]["text"] == "Okay, English it is."


@pytest.mark.parametrize(
    "message",
    [
        {"text": "🙂🙂🙂"},
        {"text": "<img src=x onerror=alert(1)></script>"},
        {"text": "hallo\x00\x07\x1b[31m"},
        {"text": "   "},
        {"text": "/"},
        {"text": 12},
        {"payload": ["x"]},
        {},
    ],
)
def test_channel_odd_messages_are_answered(bot: Bot, message: dict) -> None:
    sender_id, _ = bot.create()
    status, body = bot.send(sender_id, **message)
    assert status == 200
    assert body["messages"]


def test_channel_failed_action_is_reported(bot: Bot) -> None:
    sender_id, _ = bot.create()
    status, body = bot.send(sender_id, payload="/affirm")
    assert status == 200
    assert body["action_failed"] is True


def test_channel_unknown_conversation_is_not_found(bot: Bot) -> None:
    status, body = bot.send(secrets.token_urlsafe(32), text="hallo")
    assert (status, body["code"]) == (404, "session_not_found")
    assert bot.send("not-an-id", text="hallo")[0] == 404


def test_channel_delete_forgets_at_once(bot: Bot) -> None:
    sender_id, _ = bot.create()
    assert bot.call("DELETE", f"/conversations/{sender_id}")[0] == 204
    assert bot.send(sender_id, text="hallo")[0] == 404
    assert bot.call("DELETE", f"/conversations/{sender_id}")[0] == 204


def test_channel_conversation_expires_after_idle_time(bot: Bot) -> None:
    sender_id, _ = bot.create()
    assert bot.send(sender_id, text="hallo")[0] == 200
    time.sleep(3.5)
    assert bot.send(sender_id, text="hallo")[0] == 404


def test_channel_logs_no_message_text(bot: Bot) -> None:
    sender_id, _ = bot.create()
    bot.send(sender_id, text=f"ik heet {MARKER}")
    bot.send(sender_id, text=f"/{MARKER}")
    bot.send(sender_id, payload=f"/{MARKER}")
    time.sleep(0.5)
    log = bot.log.read_text()
    assert MARKER not in log
    assert sender_id not in log


def test_plain_text_removes_control_characters_and_slashes() -> None:
    assert channel_output.plain_text(' //greet{"a":1}\x00 ') == 'greet{"a":1}'
    assert channel_output.plain_text("regel 1\r\nregel 2\x1b") == "regel 1\nregel 2"


@pytest.mark.parametrize(
    ("payload", "allowed"),
    [
        ('/switch_language{"language":"en"}', True),
        ('/switch_language{"language": "nl"}', True),
        ('/switch_language{"language":"de"}', False),
        ('/inform_role{"role":"victim"}', False),
    ],
)
def test_always_allowed_is_only_the_language_switch(payload: str, allowed: bool) -> None:
    assert channel_output.always_allowed(payload) is allowed
