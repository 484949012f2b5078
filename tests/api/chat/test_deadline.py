"""The gateway does not keep a person waiting on a slow bot: a real HTTP server on loopback
that takes the request and never answers (a hung Rasa), one that answers, and a port where
nothing listens."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from api.chat import deadline
from api.chat import texts as chat_texts
from api.chat.gateway import BotClient
from api.core.settings import get_settings
from scripts.servers.common import free_port
from tests.lines import number, tel

REPLY = {"messages": [{"text": "Dank je. Wil je vertellen wat er is gebeurd?"}], "language": "nl"}


@dataclass
class Channel:
    """A bot channel on a real socket; `hang` decides whether it ever answers."""

    hang: bool
    bodies: list[dict[str, Any]] = field(default_factory=list)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        )
        self.bodies.append(json.loads(await reader.readexactly(length)))
        if self.hang:
            await asyncio.sleep(30)  # a hung bot: the request was taken in, no answer comes
        body = json.dumps(REPLY).encode()
        writer.write(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
            + f"content-length: {len(body)}\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        writer.close()


Scenario = Callable[[BotClient], Awaitable[Any]]


def with_bot(channel: Channel | None, scenario: Scenario) -> Any:
    """Run `scenario` against a gateway client of `channel` (None: nothing listens)."""

    async def run() -> Any:
        port = free_port()
        server = await asyncio.start_server(channel.handle, "127.0.0.1", port) if channel else None
        settings = get_settings().model_copy(
            update={
                "rasa_url": f"http://127.0.0.1:{port}",
                "rasa_timeout_seconds": 3.0,
                "crisis_wait_seconds": 1.0,
            }
        )
        try:
            async with httpx.AsyncClient() as client:
                return await scenario(BotClient(settings, client=client))
        finally:
            if server is not None:
                server.close()

    deadline.PACE.answered()
    return asyncio.run(run())


def timed_answer(text: str | None, payload: str | None = None) -> Scenario:
    async def scenario(bot: BotClient) -> tuple[Any, str, float]:
        started = time.monotonic()
        reply, outcome = await deadline.answer(
            bot, bot_settings(bot), session_id="s" * 43, language="nl", text=text,
            payload=payload,
        )  # fmt: skip
        return reply, outcome, time.monotonic() - started

    return scenario


def bot_settings(bot: BotClient) -> Any:
    return get_settings().model_copy(
        update={"rasa_url": bot.base_url, "rasa_timeout_seconds": 3.0, "crisis_wait_seconds": 1.0}
    )


def texts(reply: Any) -> str:
    return "\n".join(message.text for message in reply.messages)


def links(reply: Any) -> list[str]:
    return [link.url for message in reply.messages for link in message.links]


@pytest.mark.parametrize(
    ("message", "kind", "first_line"),
    [
        ("hij slaat me nu", "danger", number("danger")),
        ("he is at the door", "danger", number("danger")),
        ("ik wil niet meer leven", "suicide", number("suicide")),
        ("I want to kill myself", "suicide", number("suicide")),
        ("nu staat hij voor mijn deur", "danger", number("danger")),
        ("tonight i will take all my pills", "suicide", number("suicide")),
    ],
)
def test_deadline_crisis_message_to_a_hung_bot_gets_its_line_first_within_a_second(
    message: str, kind: str, first_line: str
) -> None:
    channel = Channel(hang=True)
    reply, outcome, seconds = with_bot(channel, timed_answer(message))
    assert seconds < 1.5
    assert outcome == f"slow_{kind}"
    assert first_line in reply.messages[0].text
    assert tel("danger") in links(reply)
    # The bot still got the message, so its conversation knows about the crisis.
    assert channel.bodies and channel.bodies[0]["text"] == message


def test_deadline_ordinary_message_to_a_hung_bot_is_told_the_chat_is_slow() -> None:
    reply, outcome, seconds = with_bot(Channel(hang=True), timed_answer("ik ben verkracht"))
    assert 2.9 <= seconds < 3.8
    assert outcome == "slow"
    assert chat_texts.BOT_SLOW["nl"] in texts(reply)
    assert {tel("danger"), tel("suicide", 1)} <= set(links(reply))


def test_deadline_crisis_message_right_after_a_slow_bot_is_answered_at_once() -> None:
    async def scenario(bot: BotClient) -> float:
        await timed_answer("ik ben verkracht")(bot)  # the bot misses its deadline
        _reply, outcome, seconds = await timed_answer("hij slaat me nu")(bot)
        assert outcome == "slow_danger"
        return seconds

    assert with_bot(Channel(hang=True), scenario) < 0.3


def test_deadline_answering_bot_gives_its_own_reply() -> None:
    reply, outcome, _seconds = with_bot(Channel(hang=False), timed_answer("hij slaat me nu"))
    assert outcome == "ok"
    assert texts(reply) == REPLY["messages"][0]["text"]
    assert not deadline.PACE.recently_slow()


def test_deadline_bot_that_is_not_running_gives_the_crisis_lines_at_once() -> None:
    reply, outcome, seconds = with_bot(None, timed_answer("ik ben verkracht"))
    assert seconds < 1
    assert outcome == "fallback"
    assert tel("danger") in links(reply)


def test_deadline_button_payloads_are_not_read_as_crisis_messages() -> None:
    # Only typed text is the person's own words; a payload is one of the bot's buttons.
    payload = '/inform_role{"role":"victim"}'
    reply, outcome, seconds = with_bot(Channel(hang=True), timed_answer(None, payload=payload))
    assert outcome == "slow"
    assert seconds >= 2.9
    assert chat_texts.BOT_SLOW["nl"] in reply.messages[0].text
