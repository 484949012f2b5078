"""The gateway channel inside a real Rasa server, loaded from the repo's credentials and endpoints.

A tiny bot is trained into a temporary folder (never into models/) so these tests do not wait
for the real bot; the real one is tested end to end in tests/e2e.
"""

import secrets
import time
from collections.abc import Iterator

import pytest

from bot import channel_output
from tests.lines import number, tel
from tests.support import tiny_bot
from tests.support.tiny_bot import Bot

pytestmark = pytest.mark.rasa

MARKER = "geheim-merkteken-4711"


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    """A Rasa server with the tiny bot, the repo's credentials.yml and endpoints.yml."""
    work = tmp_path_factory.mktemp("tiny-bot")
    tiny_bot.train(work)
    with tiny_bot.serve(work, "rasa", tiny_bot.channel_env(CHAT_IDLE_MINUTES=str(3 / 60))) as (
        served,
        _process,
    ):
        yield served


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
            "text": f"Dank je. Bel {number('sexual')}.",
            "custom": {"links": [{"title": f"Bel {number('sexual')}", "url": tel("sexual")}]},
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


def test_the_previous_typed_message_is_handed_over_without_buttons_or_a_restart() -> None:
    from rasa.shared.core.events import ActionExecuted, Restarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    def previous(*events):
        return channel_output.previous_text(DialogueStateTracker.from_events("x" * 32, events))

    typed = UserUttered("mijn ex stuurt me steeds berichten")
    button = UserUttered('/inform_role{"role":"victim"}')
    assert previous(typed, ActionExecuted("action_listen"), button) == typed.text
    assert previous(UserUttered("/greet")) is None
    assert previous(typed, Restarted(), button) is None
