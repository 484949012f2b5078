"""The gateway's answers that are not the bot's: never cached, and problems (404 unknown
session, 429 rate limit, 503 bot unavailable) in the shape of docs/contracts.md."""

import logging
import math
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from api.chat import texts as chat_texts
from api.chat.rate_limit import RateLimiter
from api.chat.schemas import ChatProblem, Language
from api.core.logging import log_event
from api.core.settings import Settings

log = logging.getLogger("wegwijzer.chat")


class NoStoreRoute(APIRoute):
    """Every chat answer is personal: no browser or proxy cache may keep it."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def no_store(request: Request) -> Response:
            response = await handler(request)
            response.headers["Cache-Control"] = "no-store"
            return response

        return no_store


def problem(
    status: int, code: str, detail: str, messages: list[Any], headers: dict[str, str] | None = None
) -> JSONResponse:
    body = ChatProblem.model_validate({"detail": detail, "code": code, "messages": messages})
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def not_found(language: Language) -> JSONResponse:
    log_event(log, "chat.message", outcome="session_not_found")
    detail = chat_texts.SESSION_NOT_FOUND[language]
    return problem(404, "session_not_found", detail, [])


def limited(
    limiter: RateLimiter, settings: Settings, language: Language, session_id: str | None
) -> JSONResponse | None:
    """A 429 problem when a limit is reached, else None (and the request is counted).

    The narrowest limit is checked first and a request it refuses counts nowhere else: one
    conversation sending too fast, or a flood of new conversations, stops at its own limit and
    cannot use up the global ceiling that every other conversation shares."""
    if session_id is None:
        narrow = ("sessions", "global:sessions", settings.rate_limit_sessions_per_minute)
    else:
        narrow = ("session", f"session:{session_id}", settings.rate_limit_session_per_minute)
    scope, key, limit = narrow
    wait = limiter.hit(key, limit=limit)
    if not wait:
        scope = "global"
        wait = limiter.hit("global", limit=settings.rate_limit_global_per_minute)
    if not wait:
        return None
    log_event(log, "chat.rate_limited", scope=scope)
    messages = [m.model_dump() for m in chat_texts.rate_limited(language)]
    headers = {"Retry-After": str(math.ceil(wait))}
    return problem(429, "rate_limited", chat_texts.RATE_LIMITED[language], messages, headers)
