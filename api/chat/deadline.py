"""How long the gateway waits for the bot, and what it says when the bot is slow.

A person in danger must never wait on a slow bot. Every message gets the bot's answer or,
after RASA_TIMEOUT_SECONDS (3), the crisis lines with the words "the chat is slow". A message
that the gateway itself recognises as danger or suicide, with the crisis phrases of the
understanding layer (bot/understanding/phrases.py, the same data the bot uses), waits at most
CRISIS_WAIT_SECONDS (1), and not at all while the bot was slow moments ago; it then gets that
line first (112, or 113). The bot still receives the crisis message, so its conversation knows.
"""

from __future__ import annotations

import asyncio
import logging
import time
from functools import lru_cache

import httpx

from api.chat import texts as chat_texts
from api.chat.gateway import BotClient, BotReply, BotUnavailable, with_safety_net
from api.chat.schemas import Language, Message
from api.core.logging import log_event
from api.core.settings import Settings
from bot.understanding.phrases import CRISIS_FACTS, PhraseBook, crisis_kind

log = logging.getLogger("wegwijzer.chat")

# After the bot was slow, crisis messages get their answer at once for this long.
SLOW_MEMORY_SECONDS = 15.0
# Bot calls that still run after the person got the crisis answer (kept until they end).
_pending: set[asyncio.Task[BotReply]] = set()


@lru_cache
def crisis_phrases() -> PhraseBook:
    """The danger and suicide phrases of both languages, loaded once per process."""
    return PhraseBook.load(facts=CRISIS_FACTS)


def crisis_in(text: str | None) -> str | None:
    """ "danger", "suicide" or None: what the gateway itself reads in a typed message."""
    return crisis_kind(text, crisis_phrases()) if text else None


class BotPace:
    """Whether the bot missed a deadline moments ago (this process's own observation)."""

    def __init__(self) -> None:
        self.slow_until = 0.0

    def slow(self) -> None:
        self.slow_until = time.monotonic() + SLOW_MEMORY_SECONDS

    def answered(self) -> None:
        self.slow_until = 0.0

    def recently_slow(self) -> bool:
        return time.monotonic() < self.slow_until


PACE = BotPace()


def slow_reply(language: Language, crisis: str | None) -> BotReply:
    """The crisis lines, saying the chat is slow; the recognised crisis line first."""
    messages: list[Message] = []
    if crisis is not None:
        messages.append(Message(text=chat_texts.CRISIS_FIRST[crisis][language]))
    messages += chat_texts.crisis_messages(language, intro=chat_texts.BOT_SLOW)
    return BotReply(messages=messages, language=language)


async def answer(
    bot: BotClient,
    settings: Settings,
    *,
    session_id: str,
    language: Language,
    text: str | None,
    payload: str | None,
) -> tuple[BotReply, str]:
    """The reply for the person and the outcome to log. Raises SessionNotFound."""
    crisis = crisis_in(text) if payload is None else None
    wait = settings.rasa_timeout_seconds
    if crisis is not None:
        wait = 0.0 if PACE.recently_slow() else min(wait, settings.crisis_wait_seconds)
    call = asyncio.ensure_future(
        bot.send(session_id=session_id, language=language, text=text, payload=payload)
    )
    done, _ = await asyncio.wait({call}, timeout=wait) if wait > 0 else (set(), set())
    if call in done:
        try:
            reply = with_safety_net(call.result())
        except BotUnavailable as exc:
            if not isinstance(exc.__cause__, httpx.TimeoutException):
                return BotReply(chat_texts.crisis_messages(language), language), "fallback"
            PACE.slow()
            return slow_reply(language, crisis), "slow"
        PACE.answered()
        return reply, "action_failed" if reply.action_failed else "ok"
    PACE.slow()
    if crisis is None:
        call.cancel()
        return slow_reply(language, None), "slow"
    # The bot still takes the crisis message in (its own timeout ends the call).
    _pending.add(call)
    call.add_done_callback(_finished)
    return slow_reply(language, crisis), f"slow_{crisis}"


def _finished(call: asyncio.Future[BotReply]) -> None:
    _pending.discard(call)
    if not call.cancelled() and call.exception() is not None:
        log_event(log, "chat.bot.late_call_failed", level=logging.DEBUG)
