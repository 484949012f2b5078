"""Client of the bot's gateway channel (bot/channel.py) on loopback, and the shape of its answers.

The gateway keeps no conversation state: the bot's tracker store is the only record, so any
number of gateway replicas can serve the same session.
"""

import logging
from dataclasses import dataclass, replace
from typing import Any

import httpx

from api.chat import texts as chat_texts
from api.chat.messages import convert_bot_messages
from api.chat.schemas import Language, Message, to_language
from api.core.logging import log_event
from api.core.settings import Settings

# httpx logs every request URL at INFO and these URLs hold session ids: api/core/logging.py
# keeps it at WARNING.
log = logging.getLogger("wegwijzer.chat")

CHANNEL_PATH = "/webhooks/gateway"


class SessionNotFound(Exception):
    """The bot does not know this conversation (never existed, expired or forgotten)."""


class BotUnavailable(Exception):
    """The bot did not answer in time or answered with an error."""


@dataclass
class BotReply:
    messages: list[Message]
    language: Language
    action_failed: bool = False
    # The person asked to forget this conversation (start over): delete it, open a new one.
    start_over: bool = False


class BotClient:
    """Calls to the bot channel; every failure becomes `BotUnavailable` or `SessionNotFound`."""

    def __init__(
        self,
        settings: Settings,
        transport: httpx.AsyncBaseTransport | None = None,
        client: httpx.AsyncClient | None = None,
    ):
        self.base_url = settings.rasa_url.rstrip("/") + CHANNEL_PATH
        self.token = settings.secret
        self.timeout = settings.rasa_timeout_seconds
        self.transport = transport
        # The app's shared client keeps connections open; making a client costs ~30 ms.
        self.client = client
        # With a shared store (the scaled stack) conversations outlive a bot process.
        self.store_outlives_bot = settings.redis_url is not None

    async def create(
        self, *, session_id: str, language: Language, opening: str = "greeting"
    ) -> BotReply:
        """Open a conversation and return the bot's greeting (or, with opening="start_over",
        its words for a fresh start after the person asked to forget the last one)."""
        request = {"sender_id": session_id, "language": language}
        if opening != "greeting":
            request["opening"] = opening
        body = await self._call("POST", "/conversations", request)
        return self._reply(body, language)

    async def send(
        self, *, session_id: str, language: Language, text: str | None, payload: str | None
    ) -> BotReply:
        """Pass a message (typed text or a button's payload) and return the bot's answer."""
        message: dict[str, Any] = {"language": language}
        if payload is not None:
            message["payload"] = payload
        else:
            message["text"] = text
        body = await self._call("POST", f"/conversations/{session_id}/messages", message)
        return self._reply(body, language)

    async def delete(self, *, session_id: str) -> None:
        """Forget the conversation in the bot at once."""
        try:
            await self._call("DELETE", f"/conversations/{session_id}", None)
        except BotUnavailable as exc:
            # A bot that is not running keeps nothing when its store lives in its memory; a
            # conversation in a shared store is still there: never report it forgotten.
            if self.store_outlives_bot or not isinstance(exc.__cause__, httpx.ConnectError):
                raise

    async def forget(self, *, session_id: str) -> bool:
        """Delete the conversation: True when it is gone (an unknown id is gone too), False when
        the bot could not be reached and it may still be there."""
        try:
            await self.delete(session_id=session_id)
        except SessionNotFound:
            return True
        except BotUnavailable:
            return False
        return True

    def _reply(self, body: dict[str, Any], language: Language) -> BotReply:
        return BotReply(
            messages=convert_bot_messages(body.get("messages")),
            language=to_language(body.get("language")) or language,
            action_failed=body.get("action_failed") is True,
            start_over=body.get("start_over") is True,
        )

    async def _call(self, method: str, path: str, body: dict[str, Any] | None) -> dict[str, Any]:
        async def send(client: httpx.AsyncClient) -> httpx.Response:
            return await client.request(
                method,
                self.base_url + path,
                json=body,
                headers={"X-Channel-Token": self.token},
                timeout=self.timeout,
            )

        try:
            if self.client is not None:
                answer = await send(self.client)
            else:
                async with httpx.AsyncClient(transport=self.transport) as client:
                    answer = await send(client)
        except httpx.HTTPError as exc:
            log_event(log, "chat.bot.unreachable", logging.WARNING, error=type(exc).__name__)
            raise BotUnavailable(type(exc).__name__) from exc
        if answer.status_code == 404:
            raise SessionNotFound
        if answer.status_code == 204:
            return {}
        if answer.status_code not in (200, 201):
            log_event(log, "chat.bot.error", logging.WARNING, status=answer.status_code)
            raise BotUnavailable(f"status {answer.status_code}")
        try:
            data = answer.json()
        except ValueError as exc:
            raise BotUnavailable("invalid JSON") from exc
        return data if isinstance(data, dict) else {}


def fallback_reply(language: Language) -> BotReply:
    """What the gateway answers when the bot cannot: the crisis lines and national numbers."""
    return BotReply(messages=chat_texts.crisis_messages(language), language=language)


def with_safety_net(reply: BotReply) -> BotReply:
    """The bot's answer, completed with the crisis lines when an action failed or it said
    nothing: a person in need never gets silence."""
    if reply.action_failed or not reply.messages:
        intro = chat_texts.ACTION_FAILED if reply.messages else chat_texts.BOT_UNAVAILABLE
        extra = chat_texts.crisis_messages(reply.language, intro=intro)
        return replace(reply, messages=[*reply.messages, *extra])
    return reply
