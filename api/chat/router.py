"""The chat gateway: the only public entry to the bot (docs/contracts.md).

Session ids are made here and never chosen by the client; the conversation itself lives only in
the bot's tracker store. Logs carry outcomes, never ids, addresses or message text.
"""

import logging
import re
import secrets
import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from api.chat import answers, deadline
from api.chat import texts as chat_texts
from api.chat.gateway import (
    BotClient,
    BotReply,
    BotUnavailable,
    SessionNotFound,
    fallback_reply,
    with_safety_net,
)
from api.chat.messages import clean_text
from api.chat.rate_limit import RateLimiter, get_limiter
from api.chat.schemas import (
    ChatProblem,
    Language,
    MessageCreate,
    MessagesPublic,
    SessionCreate,
    SessionPublic,
)
from api.chat.start_over import start_over
from api.core.logging import log_event
from api.core.settings import Settings, get_settings

log = logging.getLogger("wegwijzer.chat")

SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)
SESSION_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ChatProblem}}
RATE_LIMITED: dict[int | str, dict[str, Any]] = {429: {"model": ChatProblem}}

router = APIRouter(prefix="/v1/chat", tags=["chat"], route_class=answers.NoStoreRoute)


def get_bot_client(
    request: Request, settings: Annotated[Settings, Depends(get_settings)]
) -> BotClient:
    return BotClient(settings, client=getattr(request.app.state, "bot_http", None))


BotDep = Annotated[BotClient, Depends(get_bot_client)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
LimiterDep = Annotated[RateLimiter, Depends(get_limiter)]


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


@router.post("/sessions", status_code=201, response_model=SessionPublic, responses=RATE_LIMITED)
async def create_session(
    bot: BotDep,
    settings: SettingsDep,
    limiter: LimiterDep,
    body: SessionCreate | None = None,
) -> SessionPublic | JSONResponse:
    """Start an anonymous conversation; the answer holds its id and the bot's greeting."""
    language: Language = (body.language if body else None) or "nl"
    if problem := answers.limited(limiter, settings, language, None):
        return problem
    session_id = secrets.token_urlsafe(32)
    started = time.perf_counter()
    try:
        reply = with_safety_net(await bot.create(session_id=session_id, language=language))
        log_event(log, "chat.session.created", outcome="ok", ms=_ms(started))
    except (BotUnavailable, SessionNotFound):
        reply = fallback_reply(language)
        log_event(log, "chat.session.created", outcome="fallback", ms=_ms(started))
    return SessionPublic(session_id=session_id, language=reply.language, messages=reply.messages)


@router.post(
    "/sessions/{session_id}/messages",
    response_model=MessagesPublic,
    responses={**SESSION_NOT_FOUND, **RATE_LIMITED},
)
async def post_message(
    session_id: str, body: MessageCreate, bot: BotDep, settings: SettingsDep, limiter: LimiterDep
) -> MessagesPublic | JSONResponse:
    """Send what the person typed (`text`) or the button they chose (`payload`)."""
    language: Language = body.language or "nl"
    if not SESSION_ID.match(session_id):
        return answers.not_found(language)
    if problem := answers.limited(limiter, settings, language, session_id):
        return problem
    payload = body.payload if body.payload and body.payload.strip() else None
    text = clean_text(body.text or "")
    if payload is None and not text:
        log_event(log, "chat.message", outcome="empty")
        return MessagesPublic(messages=chat_texts.empty(language), language=language)
    if payload is None and len(text) > settings.chat_max_chars:
        crisis = deadline.crisis_in(text)
        log_event(log, "chat.message", outcome=f"too_long_{crisis}" if crisis else "too_long")
        return MessagesPublic(
            messages=chat_texts.too_long(language, settings.chat_max_chars, crisis),
            language=language,
        )
    started = time.perf_counter()
    try:
        reply: BotReply
        reply, outcome = await deadline.answer(
            bot, settings, session_id=session_id, language=language, text=text, payload=payload
        )
    except SessionNotFound:
        return answers.not_found(language)
    log_event(log, "chat.message", outcome=outcome, ms=_ms(started))
    if reply.start_over:
        return await start_over(
            bot,
            session_id=session_id,
            language=reply.language,
            idle_minutes=settings.chat_idle_minutes,
        )
    return MessagesPublic(messages=reply.messages, language=reply.language)


async def _forget(session_id: str, bot: BotClient) -> Response:
    if SESSION_ID.match(session_id) and not await bot.forget(session_id=session_id):
        log_event(log, "chat.session.forget", logging.WARNING, outcome="bot_unavailable")
        return answers.problem(
            503,
            "bot_unavailable",
            "The conversation could not be deleted right now; it is forgotten by itself "
            "after the idle time. Try again in a moment.",
            [],
        )
    log_event(log, "chat.session.forget", outcome="ok")
    return Response(status_code=204)


@router.delete("/sessions/{session_id}", status_code=204)
async def delete_session(session_id: str, bot: BotDep) -> Response:
    """Forget the conversation in the bot at once (quick exit, "forget me")."""
    return await _forget(session_id, bot)


@router.post("/sessions/{session_id}/forget", status_code=204)
async def forget_session(session_id: str, bot: BotDep) -> Response:
    """The same as DELETE, for `navigator.sendBeacon`, which can only POST."""
    return await _forget(session_id, bot)
