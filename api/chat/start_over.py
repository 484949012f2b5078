"""Start over that really forgets: when the bot says the person asked to forget the
conversation ("start over", "forget what I said", the "Start over" button), the gateway
deletes it from the bot's tracker store and opens a new one under a new id, in the same
language, whose first words are the bot's "we start again". The widget continues with the new
id; the old id answers 404 from then on.
"""

import logging
import secrets

from api.chat import texts as chat_texts
from api.chat.gateway import (
    BotClient,
    BotUnavailable,
    SessionNotFound,
    fallback_reply,
    with_safety_net,
)
from api.chat.schemas import Language, MessagesPublic
from api.core.logging import log_event

log = logging.getLogger("wegwijzer.chat")


async def start_over(
    bot: BotClient, *, session_id: str, language: Language, idle_minutes: float
) -> MessagesPublic:
    """Delete `session_id` in the bot and hand back a new conversation's id and first words."""
    if not await bot.forget(session_id=session_id):
        # Never say "deleted" when it was not: the old conversation goes on, its facts reset.
        log_event(log, "chat.session.start_over", logging.WARNING, outcome="not_forgotten")
        return MessagesPublic(
            messages=chat_texts.not_forgotten(language, idle_minutes), language=language
        )
    new_id = secrets.token_urlsafe(32)
    try:
        fresh = with_safety_net(
            await bot.create(session_id=new_id, language=language, opening="start_over")
        )
    except (BotUnavailable, SessionNotFound):
        log_event(log, "chat.session.start_over", logging.WARNING, outcome="fallback")
        # Deleted, but no new conversation: the widget opens one with the next message.
        return MessagesPublic(
            messages=fallback_reply(language).messages,
            language=language,
            started_over=True,
            session_id=None,
        )
    log_event(log, "chat.session.start_over", outcome="ok")
    return MessagesPublic(
        messages=fresh.messages, language=fresh.language, started_over=True, session_id=new_id
    )
