"""'Start over' and 'forget what I said' really forget, against the real stack: the gateway
deletes the conversation from the bot and continues under a new id in the same language."""

import pytest

from tests.e2e.chat_driver import Gateway, converse

pytestmark = pytest.mark.stack

MARKER = "merkteken-opnieuw-6604"


def _start_over(gateway: Gateway, session_id: str, language: str, **body: str) -> dict:
    answer = gateway.send(session_id, language, **body)
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert result["started_over"] is True, result
    return result


@pytest.mark.parametrize(
    ("language", "phrase", "words"),
    [
        ("nl", "wis alles en begin opnieuw", "opnieuw"),
        ("en", "forget what i said and start over", "start again"),
    ],
)
def test_start_over_phrase_deletes_the_conversation(
    gateway: Gateway, language: str, phrase: str, words: str
) -> None:
    old = gateway.create(language)["session_id"]
    assert (
        gateway.send(old, language, text=f"ik heet {MARKER} en woon in Utrecht").status_code == 200
    )
    result = _start_over(gateway, old, language, text=phrase)
    new = result["session_id"]
    assert new and new != old
    assert result["language"] == language
    said = " ".join(message["text"] for message in result["messages"])
    assert words in said.lower()
    assert MARKER not in said
    # The old conversation is gone from the bot; the new one goes on.
    gone = gateway.send(old, language, text="hallo")
    assert (gone.status_code, gone.json()["code"]) == (404, "session_not_found")
    assert gateway.send(new, language, text="hallo").status_code == 200


def test_start_over_button_after_the_places_deletes_the_conversation(gateway: Gateway) -> None:
    old, transcript = converse(gateway, "en", "i was raped yesterday")
    offered = {button["payload"] for m in transcript for button in m["buttons"]}
    assert "/restart" in offered
    result = _start_over(gateway, old, "en", payload="/restart")
    assert result["language"] == "en"
    assert gateway.send(old, "en", text="hello").status_code == 404
    # The new conversation offers the first question's buttons, and they work there.
    payloads = [b["payload"] for m in result["messages"] for b in m["buttons"]]
    assert payloads
    answer = gateway.send(result["session_id"], "en", payload=payloads[0])
    assert answer.status_code == 200
    assert answer.json()["started_over"] is False


def test_start_over_as_the_first_thing_also_forgets(gateway: Gateway) -> None:
    old = gateway.create("nl")["session_id"]
    result = _start_over(gateway, old, "nl", text="opnieuw beginnen")
    assert result["session_id"] != old
    assert gateway.send(old, text="hallo").status_code == 404
