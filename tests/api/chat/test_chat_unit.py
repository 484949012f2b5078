"""The chat gateway without Rasa: a fake bot channel behind httpx.MockTransport."""

import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.chat import rate_limit
from api.chat import router as chat
from api.chat.gateway import BotClient
from api.chat.messages import convert_bot_messages
from api.core.settings import get_settings
from api.main import create_app
from tests.lines import number, tel, tels

CRISIS_URLS = {tel("danger"), tel("suicide", 1), tel("domestic"), tel("sexual")}
GREETING = {
    "text": "Hoi, ik ben Wegwijzer, een computerprogramma.",
    "buttons": [{"title": "Over mij", "payload": '/inform_role{"role":"victim"}'}],
}
MARKER = "geheim-merkteken-1234"


@dataclass
class FakeBot:
    """The bot channel as the gateway sees it; `answer` decides each reply."""

    calls: list[tuple[str, str, dict]] = field(default_factory=list)
    answer: Callable[[httpx.Request], httpx.Response] | None = None

    def handle(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else {}
        self.calls.append((request.method, request.url.path, body))
        if self.answer is not None:
            return self.answer(request)
        if request.method == "DELETE":
            return httpx.Response(204)
        status = 201 if request.url.path.endswith("/conversations") else 200
        return httpx.Response(status, json={"messages": [GREETING], "language": "nl"})


def make_client(bot: FakeBot, **settings: object) -> TestClient:
    app: FastAPI = create_app()
    configured = get_settings().model_copy(update=settings)
    limiter = rate_limit.SlidingWindowLimiter()
    app.dependency_overrides[chat.get_bot_client] = lambda: BotClient(
        configured, transport=httpx.MockTransport(bot.handle)
    )
    app.dependency_overrides[get_settings] = lambda: configured
    app.dependency_overrides[rate_limit.get_limiter] = lambda: limiter
    return TestClient(app)


@pytest.fixture
def bot() -> FakeBot:
    return FakeBot()


@pytest.fixture
def client(bot: FakeBot) -> Iterator[TestClient]:
    with make_client(bot) as test_client:
        yield test_client


def new_session(client: TestClient, language: str = "nl") -> str:
    answer = client.post("/v1/chat/sessions", json={"language": language})
    assert answer.status_code == 201
    return str(answer.json()["session_id"])


def raise_error(error: Exception) -> Callable[[httpx.Request], httpx.Response]:
    def answer(_request: httpx.Request) -> httpx.Response:
        raise error

    return answer


def test_chat_session_id_is_random_and_not_chosen_by_client(
    client: TestClient, bot: FakeBot
) -> None:
    answer = client.post("/v1/chat/sessions", json={"session_id": "mine", "language": "nl"})
    body = answer.json()
    assert answer.status_code == 201
    assert len(body["session_id"]) == 43
    assert body["session_id"] != "mine"
    assert bot.calls[0][2] == {"sender_id": body["session_id"], "language": "nl"}
    assert new_session(client) != body["session_id"]


def test_chat_session_returns_greeting(client: TestClient) -> None:
    body = client.post("/v1/chat/sessions").json()
    assert body["language"] == "nl"
    assert body["messages"] == [{**GREETING, "links": []}]


@pytest.mark.parametrize(("given", "expected"), [("en-GB", "en"), ("EN", "en"), ("de", "nl")])
def test_chat_session_language_from_page(
    client: TestClient, bot: FakeBot, given: str, expected: str
) -> None:
    client.post("/v1/chat/sessions", json={"language": given})
    assert bot.calls[0][2]["language"] == expected


def test_chat_message_forwards_text_payload_and_language(client: TestClient, bot: FakeBot) -> None:
    session_id = new_session(client)
    client.post(f"/v1/chat/sessions/{session_id}/messages", json={"text": " hoi\x00 "})
    client.post(
        f"/v1/chat/sessions/{session_id}/messages",
        json={"payload": "/skip", "language": "en"},
    )
    assert bot.calls[1] == (
        "POST",
        f"/webhooks/gateway/conversations/{session_id}/messages",
        {"language": "nl", "text": "hoi"},
    )
    assert bot.calls[2][2] == {"language": "en", "payload": "/skip"}


def test_chat_message_converts_bot_output(client: TestClient, bot: FakeBot) -> None:
    session_id = new_session(client)
    bot.answer = lambda _r: httpx.Response(
        200,
        json={
            "language": "en",
            "messages": [
                {"text": "Call the CSG.", "buttons": [{"title": "More", "payload": "/more"}]},
                {"custom": {"links": [
                    {"title": f"Call {number('sexual')}", "url": tel("sexual")},
                    {"title": "Site", "url": "https://www.centrumseksueelgeweld.nl"},
                    {"title": "bad", "url": "javascript:alert(1)"},
                    {"title": "plain", "url": "http://example.org"},
                    {"title": "data", "url": "data:text/html,x"},
                ]}},
                {"image": "https://example.org/x.png"},
            ],
        },
    )  # fmt: skip
    body = client.post(f"/v1/chat/sessions/{session_id}/messages", json={"text": "hi"}).json()
    assert body == {
        "language": "en",
        "messages": [
            {
                "text": "Call the CSG.",
                "buttons": [{"title": "More", "payload": "/more"}],
                "links": [
                    {"title": f"Call {number('sexual')}", "url": tel("sexual")},
                    {"title": "Site", "url": "https://www.centrumseksueelgeweld.nl"},
                ],
            }
        ],
        "started_over": False,
        "session_id": None,
    }


def test_convert_bot_messages_ignores_garbage() -> None:
    assert convert_bot_messages(None) == []
    assert convert_bot_messages(["x", 3, {"text": 5}, {"buttons": [{"title": "t"}]}]) == []
    links_only = convert_bot_messages(
        [{"custom": {"links": [{"title": number("danger"), "url": tel("danger")}]}}]
    )
    assert links_only[0].links[0].url == tel("danger")


@pytest.mark.parametrize("session_id", ["unknown", "a" * 42, "a" * 44, "a" * 42 + "*"])
def test_chat_malformed_session_is_not_found_without_bot(
    client: TestClient, bot: FakeBot, session_id: str
) -> None:
    answer = client.post(f"/v1/chat/sessions/{session_id}/messages", json={"text": "hoi"})
    assert answer.status_code == 404
    assert answer.json()["code"] == "session_not_found"
    assert bot.calls == []


@pytest.mark.parametrize(("language", "word"), [("nl", "gesprek"), ("en", "conversation")])
def test_chat_unknown_session_is_not_found_in_language(
    client: TestClient, bot: FakeBot, language: str, word: str
) -> None:
    bot.answer = lambda _r: httpx.Response(404, json={"code": "session_not_found"})
    answer = client.post(
        f"/v1/chat/sessions/{'b' * 43}/messages", json={"text": "hoi", "language": language}
    )
    assert answer.status_code == 404
    assert answer.json()["code"] == "session_not_found"
    assert word in answer.json()["detail"]
    assert answer.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "failure",
    [
        raise_error(httpx.ConnectError("refused")),
        raise_error(httpx.ReadTimeout("slow")),
        lambda _r: httpx.Response(500, text="boom"),
        lambda _r: httpx.Response(200, text="not json"),
        lambda _r: httpx.Response(401, json={}),
    ],
)
@pytest.mark.parametrize(("language", "word"), [("nl", "Bel"), ("en", "Call")])
def test_chat_bot_down_answers_with_crisis_lines(
    client: TestClient, bot: FakeBot, failure: Callable, language: str, word: str
) -> None:
    session_id = new_session(client)
    bot.answer = failure
    answer = client.post(
        f"/v1/chat/sessions/{session_id}/messages", json={"text": "help", "language": language}
    )
    assert answer.status_code == 200
    message = answer.json()["messages"][0]
    assert {link["url"] for link in message["links"]} == CRISIS_URLS
    assert all(link["title"].startswith(word) for link in message["links"])
    assert number("danger") in message["text"]
    assert number("sexual") in message["text"]


def test_chat_session_with_bot_down_still_starts(client: TestClient, bot: FakeBot) -> None:
    bot.answer = raise_error(httpx.ConnectError("refused"))
    answer = client.post("/v1/chat/sessions", json={"language": "en"})
    assert answer.status_code == 201
    links = answer.json()["messages"][0]["links"]
    assert {link["url"] for link in links} == CRISIS_URLS


def test_chat_rasa_timeout_setting_is_used(bot: FakeBot) -> None:
    seen: list[object] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(201, json={"messages": [GREETING]})

    bot.answer = answer
    with make_client(bot, rasa_timeout_seconds=2.5) as client:
        client.post("/v1/chat/sessions")
    assert seen == [{"connect": 2.5, "read": 2.5, "write": 2.5, "pool": 2.5}]


SILENT = {"messages": [], "action_failed": False}
FAILED = {"messages": [GREETING], "action_failed": True}


@pytest.mark.parametrize("reply", [SILENT, FAILED])
def test_chat_failed_action_or_silence_adds_crisis_lines(
    client: TestClient, bot: FakeBot, reply: dict
) -> None:
    session_id = new_session(client)
    bot.answer = lambda _r: httpx.Response(200, json=reply)
    messages = client.post(
        f"/v1/chat/sessions/{session_id}/messages", json={"text": "help"}
    ).json()["messages"]
    assert {link["url"] for link in messages[-1]["links"]} == CRISIS_URLS
    assert len(messages) == len(reply["messages"]) + 1


@pytest.mark.parametrize(("language", "word"), [("nl", "te lang"), ("en", "too long")])
def test_chat_too_long_message_gets_friendly_answer(bot: FakeBot, language: str, word: str) -> None:
    with make_client(bot, chat_max_chars=20) as client:
        session_id = new_session(client)
        url = f"/v1/chat/sessions/{session_id}/messages"
        answer = client.post(url, json={"text": "x" * 21, "language": language})
        assert answer.status_code == 200
        assert word in answer.json()["messages"][0]["text"]
        assert len(bot.calls) == 1  # only the session was created
        assert client.post(url, json={"text": "🙂" * 20}).status_code == 200
        assert len(bot.calls) == 2


# A pasted story too long for the bot, with the danger or the plan in the middle of it.
LONG_CALM = {
    "nl": "Mijn oom deed vroeger dingen met mij toen ik klein was. " * 40,
    "en": "My uncle did things to me when I was little. " * 50,
}
LONG_CRISIS = [
    ("nl", "En hij staat nu voor mijn deur en bonkt erop. ", "danger"),
    ("en", "He is at my door right now and is kicking it. ", "danger"),
    ("nl", "Ik wil niet meer leven. ", "suicide"),
    ("en", "I want to kill myself tonight. ", "suicide"),
    # Dutch word order after "nu", and a plan with the pills at hand, in the gateway's phrases.
    ("nl", "En nu staat hij voor mijn deur en bonkt erop. ", "danger"),
    ("en", "I have the pills here and tonight I will take them all. ", "suicide"),
]


@pytest.mark.parametrize(("language", "sentence", "line"), LONG_CRISIS)
def test_chat_too_long_message_with_a_crisis_inside_gets_the_crisis_line_first(
    bot: FakeBot, language: str, sentence: str, line: str
) -> None:
    with make_client(bot) as client:
        session_id = new_session(client)
        story = LONG_CALM[language] + sentence + LONG_CALM[language]
        assert len(story) > 2000
        answer = client.post(
            f"/v1/chat/sessions/{session_id}/messages", json={"text": story, "language": language}
        )
        first, second, lines = answer.json()["messages"]
        assert number(line) in first["text"]
        [link] = first["links"]
        assert link["url"] in tels(line)
        assert ("lang" if language == "nl" else "long") in second["text"]
        assert {link["url"] for link in lines["links"]} == CRISIS_URLS
        assert len(bot.calls) == 1  # the story never reached the bot


@pytest.mark.parametrize("language", ["nl", "en"])
def test_chat_too_long_calm_message_gets_the_lines_but_no_crisis_line_first(
    bot: FakeBot, language: str
) -> None:
    with make_client(bot) as client:
        session_id = new_session(client)
        answer = client.post(
            f"/v1/chat/sessions/{session_id}/messages",
            json={"text": LONG_CALM[language] * 2, "language": language},
        )
        too_long, lines = answer.json()["messages"]
        assert number("danger") not in too_long["text"]
        assert number("suicide") not in too_long["text"]
        # Not read, so where the story can be told right away: every 24/7 line.
        assert {link["url"] for link in lines["links"]} == CRISIS_URLS
        assert len(bot.calls) == 1


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\x00\x01\x1b", None])
def test_chat_empty_message_gets_friendly_answer(
    client: TestClient, bot: FakeBot, text: str | None
) -> None:
    session_id = new_session(client)
    answer = client.post(f"/v1/chat/sessions/{session_id}/messages", json={"text": text})
    assert answer.status_code == 200
    assert "tekst" in answer.json()["messages"][0]["text"]
    assert len(bot.calls) == 1


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[]", b'{"text": 5}', b'{"payload": "' + b"x" * 600 + b'"}', b"\xff\xfe"],
)
def test_chat_invalid_body_is_refused_without_500(client: TestClient, body: bytes) -> None:
    session_id = new_session(client)
    answer = client.post(
        f"/v1/chat/sessions/{session_id}/messages",
        content=body,
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 422


def test_chat_huge_message_is_refused_by_size(client: TestClient, bot: FakeBot) -> None:
    session_id = new_session(client)
    answer = client.post(f"/v1/chat/sessions/{session_id}/messages", json={"text": "x" * 100_000})
    assert answer.status_code == 413
    assert len(bot.calls) == 1


def test_chat_session_rate_limit(bot: FakeBot) -> None:
    with make_client(bot, rate_limit_session_per_minute=3) as client:
        first, second = new_session(client), new_session(client)
        url = f"/v1/chat/sessions/{first}/messages"
        for _ in range(3):
            assert client.post(url, json={"text": "hoi"}).status_code == 200
        answer = client.post(url, json={"text": "hoi", "language": "en"})
        assert answer.status_code == 429
        assert answer.json()["code"] == "rate_limited"
        assert "wait" in answer.json()["detail"]
        assert answer.json()["messages"][0]["links"][0]["url"] == tel("danger")
        assert 1 <= int(answer.headers["retry-after"]) <= 60
        assert answer.headers["cache-control"] == "no-store"
        other = client.post(f"/v1/chat/sessions/{second}/messages", json={"text": "hoi"})
        assert other.status_code == 200


def test_chat_global_rate_limit(bot: FakeBot) -> None:
    with make_client(bot, rate_limit_global_per_minute=2) as client:
        new_session(client)
        new_session(client)
        answer = client.post("/v1/chat/sessions", json={"language": "nl"})
        assert answer.status_code == 429
        assert "Wacht" in answer.json()["detail"]


def test_sliding_window_frees_up_after_window() -> None:
    now = [0.0]
    limiter = rate_limit.SlidingWindowLimiter(clock=lambda: now[0])
    assert limiter.hit("k", limit=2) == 0
    now[0] = 30
    assert limiter.hit("k", limit=2) == 0
    assert limiter.hit("k", limit=2) == pytest.approx(30)
    now[0] = 60.5
    assert limiter.hit("k", limit=2) == 0


@pytest.mark.parametrize("how", ["delete", "forget"])
def test_chat_forget_deletes_in_bot(client: TestClient, bot: FakeBot, how: str) -> None:
    session_id = new_session(client)
    if how == "delete":
        answer = client.delete(f"/v1/chat/sessions/{session_id}")
    else:
        answer = client.post(f"/v1/chat/sessions/{session_id}/forget")
    assert answer.status_code == 204
    assert bot.calls[-1][:2] == ("DELETE", f"/webhooks/gateway/conversations/{session_id}")


def test_chat_forget_with_bot_down_is_fine(client: TestClient, bot: FakeBot) -> None:
    bot.answer = raise_error(httpx.ConnectError("refused"))
    assert client.post(f"/v1/chat/sessions/{'c' * 43}/forget").status_code == 204


def test_chat_forget_with_bot_slow_says_so(client: TestClient, bot: FakeBot) -> None:
    bot.answer = raise_error(httpx.ReadTimeout("slow"))
    answer = client.delete(f"/v1/chat/sessions/{'c' * 43}")
    assert answer.status_code == 503
    assert answer.json()["code"] == "bot_unavailable"


def test_chat_second_replica_continues_session(bot: FakeBot) -> None:
    # The gateway keeps no session state: any replica serves any session.
    with make_client(bot) as first, make_client(bot) as second:
        session_id = new_session(first)
        answer = second.post(f"/v1/chat/sessions/{session_id}/messages", json={"text": "hoi"})
        assert answer.status_code == 200
        assert bot.calls[-1][1].endswith(f"/{session_id}/messages")


def test_chat_responses_have_security_headers(client: TestClient) -> None:
    answer = client.post("/v1/chat/sessions")
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert "script-src 'self'" in answer.headers["content-security-policy"]


def test_chat_cors_only_for_allowed_origins(bot: FakeBot) -> None:
    with make_client(bot) as client:
        # cors_origins is read when the app is built; the default allows no other origin.
        answer = client.options(
            "/v1/chat/sessions",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        )
        assert "access-control-allow-origin" not in answer.headers


def test_chat_logs_no_text_ids_or_addresses(
    client: TestClient, bot: FakeBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    session_id = new_session(client)
    url = f"/v1/chat/sessions/{session_id}/messages"
    client.post(url, json={"text": f"ik heet {MARKER}"}, headers={"User-Agent": "agent-4711"})
    client.post(url, json={"payload": f"/{MARKER}"})
    bot.answer = raise_error(httpx.ConnectError(MARKER))
    client.post(url, json={"text": MARKER})
    client.post(f"{url}x", json={"text": MARKER})
    client.delete(f"/v1/chat/sessions/{session_id}")
    logged = caplog.text
    assert "chat.message outcome=ok" in logged
    for secret in (MARKER, session_id, "agent-4711", "testclient"):
        assert secret not in logged


def test_widget_config_and_assets(client: TestClient) -> None:
    config = client.get("/widget/config.json").json()
    assert config["quick_exit_url"].startswith("https://")
    assert config["max_chars"] == get_settings().chat_max_chars
    script = client.get("/widget/wegwijzer.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert client.get("/widget/wegwijzer.css").status_code == 200
    for name in ("index.html", "..%2F..%2Fapi%2Fsettings.py", "config.py"):
        assert client.get(f"/widget/{name}").status_code == 404


@pytest.mark.parametrize(("path", "lang"), [("/", "nl"), ("/en", "en")])
def test_demo_page_embeds_widget_with_one_script(client: TestClient, path: str, lang: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    html = page.text
    assert html.count("<script") == 1
    assert f'<script src="/widget/wegwijzer.js" data-lang="{lang}" defer></script>' in html
    assert "style=" not in html
    assert "default-src 'self'" in page.headers["content-security-policy"]
