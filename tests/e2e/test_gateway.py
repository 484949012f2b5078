"""The chat gateway against the real stack: API, action server and Rasa with the trained model."""

import time

import httpx
import psutil
import pytest

from scripts.stack import Stack
from tests.e2e.chat_driver import (
    IDLE_MINUTES,
    SESSION_LIMIT_PER_MINUTE,
    Gateway,
    converse,
    stack_logs,
)
from tests.lines import tel

pytestmark = pytest.mark.stack

CSG = tel("sexual")
CRISIS_URLS = {tel("danger"), tel("suicide", 1), tel("domestic"), CSG}
MARKER = "merkteken-e2e-5821"


def links(messages: list[dict]) -> set[str]:
    return {link["url"] for message in messages for link in message["links"]}


def texts(messages: list[dict]) -> str:
    return "\n".join(message["text"] for message in messages)


@pytest.mark.parametrize(
    ("language", "story", "fallback_words"),
    [
        ("nl", "ik ben gisteren verkracht", "Het lukt me nu even niet"),
        ("en", "i was raped yesterday", "I can't answer right now"),
    ],
)
def test_gateway_conversation_reaches_recommendation(
    gateway: Gateway, language: str, story: str, fallback_words: str
) -> None:
    _session_id, transcript = converse(gateway, language, story)
    # Sexual violence within 7 days: the Centrum Seksueel Geweld, with a number to call.
    assert CSG in links(transcript)
    assert "Centrum Seksueel Geweld" in texts(transcript)
    assert fallback_words not in texts(transcript)


def test_gateway_greeting_follows_page_language(gateway: Gateway) -> None:
    dutch, english = gateway.create("nl"), gateway.create("en")
    assert (dutch["language"], english["language"]) == ("nl", "en")
    assert dutch["messages"] and english["messages"]
    assert texts(dutch["messages"]) != texts(english["messages"])
    assert "computer" in texts(english["messages"]).lower()


@pytest.mark.parametrize("how", ["forget", "delete"])
def test_gateway_forget_removes_conversation(gateway: Gateway, how: str) -> None:
    session_id = gateway.create()["session_id"]
    assert gateway.send(session_id, text="hallo").status_code == 200
    if how == "forget":
        assert gateway.forget(session_id).status_code == 204
    else:
        assert gateway.client.delete(f"/v1/chat/sessions/{session_id}").status_code == 204
    answer = gateway.send(session_id, text="hallo")
    assert answer.status_code == 404
    assert answer.json()["code"] == "session_not_found"


def test_gateway_unknown_session_is_not_found(gateway: Gateway) -> None:
    answer = gateway.send("x" * 43, "en", text="hello")
    assert answer.status_code == 404
    assert "conversation" in answer.json()["detail"]


def test_gateway_conversation_expires_when_idle(gateway: Gateway) -> None:
    session_id = gateway.create()["session_id"]
    assert gateway.send(session_id, text="hallo").status_code == 200
    time.sleep(IDLE_MINUTES * 60 + 2)
    assert gateway.send(session_id, text="hallo").status_code == 404


def test_gateway_message_length_limits(gateway: Gateway) -> None:
    session_id = gateway.create()["session_id"]
    too_long = gateway.send(session_id, text="a" * 2001)
    assert too_long.status_code == 200
    assert "te lang" in too_long.json()["messages"][0]["text"]
    assert gateway.send(session_id, text="a" * 100_000).status_code == 413


def test_gateway_session_rate_limit(gateway: Gateway) -> None:
    session_id = gateway.create()["session_id"]
    # A payload the bot did not offer is answered without running the dialogue: fast.
    statuses = [
        gateway.send(session_id, payload="/not_offered").status_code
        for _ in range(SESSION_LIMIT_PER_MINUTE + 1)
    ]
    assert statuses[:SESSION_LIMIT_PER_MINUTE] == [200] * SESSION_LIMIT_PER_MINUTE
    assert statuses[-1] == 429
    limited = gateway.send(session_id, "en", text="hello")
    assert limited.status_code == 429
    assert "wait" in limited.json()["detail"]
    assert gateway.send(gateway.create()["session_id"], text="hoi").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"text": "🙂🙂🙂"},
        {"text": "<img src=x onerror=alert(1)>"},
        {"text": "</script>"},
        {"text": "hallo\x00\x07\x1b[31m\u202e"},
        {"text": "   "},
        {"text": ""},
        {"text": '/inform_role{"role":"perpetrator"}'},
        {"payload": '/inform_role{"role":"perpetrator"}'},
    ],
)
def test_gateway_bad_input_is_answered(gateway: Gateway, body: dict) -> None:
    session_id = gateway.create()["session_id"]
    answer = gateway.send(session_id, **body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["messages"]


def test_gateway_invalid_json_is_refused(gateway: Gateway) -> None:
    session_id = gateway.create()["session_id"]
    answer = gateway.client.post(
        f"/v1/chat/sessions/{session_id}/messages",
        content=b"{not json",
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 422


def test_gateway_responses_are_not_cached(gateway: Gateway) -> None:
    answer = gateway.client.post("/v1/chat/sessions", json={"language": "nl"})
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["referrer-policy"] == "no-referrer"


def test_gateway_logs_no_text_or_ids(stack: Stack, gateway: Gateway) -> None:
    session_id = gateway.create()["session_id"]
    gateway.send(session_id, text=f"mijn naam is {MARKER}")
    gateway.send(session_id, text=f"/{MARKER}")
    gateway.send(session_id, payload=f"/{MARKER}")
    gateway.forget(session_id)
    time.sleep(1)
    logs = stack_logs(stack)
    assert MARKER not in logs
    assert session_id not in logs


def test_gateway_rasa_is_private(stack: Stack) -> None:
    # Rasa's HTTP API and REST channel are off; the gateway channel wants the token.
    for path in ("/conversations/x/tracker", "/webhooks/rest/webhook", "/status", "/model/parse"):
        assert httpx.get(f"{stack.rasa_url}{path}").status_code in (404, 405)
    assert httpx.get(f"{stack.rasa_url}/webhooks/gateway/health").status_code == 401
    for name in ("rasa", "actions"):
        process = stack.services[name].process
        assert process is not None
        addresses = {
            connection.laddr.ip
            for child in [psutil.Process(process.pid), *psutil.Process(process.pid).children()]
            for connection in child.net_connections(kind="tcp")
            if connection.status == psutil.CONN_LISTEN
        }
        assert addresses == {"127.0.0.1"}, (name, addresses)


def test_gateway_action_server_down_still_gives_crisis_lines(
    stack: Stack, gateway: Gateway
) -> None:
    session_id = gateway.create()["session_id"]
    stack.stop("actions")
    try:
        answer = gateway.send(session_id, text="ik ben gisteren verkracht")
        assert answer.status_code == 200
        assert links(answer.json()["messages"]) >= CRISIS_URLS
    finally:
        stack.start("actions")


def test_gateway_rasa_down_still_gives_crisis_lines(stack: Stack, gateway: Gateway) -> None:
    sessions = {language: gateway.create(language)["session_id"] for language in ("nl", "en")}
    stack.stop("rasa")
    try:
        for language, word in (("nl", "Bel"), ("en", "Call")):
            created = gateway.create(language)
            assert links(created["messages"]) >= CRISIS_URLS
            answer = gateway.send(sessions[language], language, text="help")
            assert answer.status_code == 200
            messages = answer.json()["messages"]
            assert links(messages) >= CRISIS_URLS
            assert all(link["title"].startswith(word) for link in messages[0]["links"])
    finally:
        stack.start("rasa")
