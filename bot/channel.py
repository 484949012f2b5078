"""GatewayInput: the bot's only input channel, used by the chat gateway on loopback.

Routes under `/webhooks/gateway/` (see docs/contracts.md), each behind the shared secret in the
`X-Channel-Token` header. Only the gateway chooses conversation ids. Nothing here logs message
text, conversation ids or slot values.
"""

from __future__ import annotations

import hmac
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.lock_store import LockError
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import channel_output, log_privacy, speedups
from bot.tracker_store import (
    StoreUnavailable,
    deletable_store,
    drop_fallback,
    failures,
    store_problem,
)

log = logging.getLogger(__name__)

TOKEN_HEADER = "X-Channel-Token"  # noqa: S105 (a header name, not a secret)
LANGUAGES = ("nl", "en")
PLACEHOLDERS = {"change-me", "changeme", "secret", "placeholder"}
# The gateway makes ids with secrets.token_urlsafe(32); anything else is refused as unknown.
SENDER_ID = re.compile(r"^[A-Za-z0-9_-]{32,128}$")
# Opens a conversation: the bot's greeting (the page language travels as metadata), or, for
# the conversation that replaces one the person asked to forget, the bot's "we start again".
GREETING_PAYLOAD = "/greet"
OPENINGS = {"greeting": GREETING_PAYLOAD, "start_over": "/restart"}
# A backstop only: the gateway already limits messages to CHAT_MAX_CHARS.
MAX_TEXT_CHARS = 10_000


class GatewayInput(InputChannel):
    """The gateway's channel: create, message and delete conversations."""

    def __init__(self, token: str) -> None:
        self.token = token.encode()

    @classmethod
    def name(cls) -> str:
        return "gateway"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> GatewayInput:
        token = str((credentials or {}).get("token") or "")
        if len(token) < 16 or token.startswith("${") or token.lower() in PLACEHOLDERS:
            raise RasaException(
                "The gateway channel needs CHANNEL_TOKEN (at least 16 characters) in the "
                "environment; credentials.yml passes it as `token`. `make env` writes one."
            )
        return cls(token)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The routes; `on_new_message` runs a message through the agent."""
        channel_output.watch_action_failures()
        # Rasa logs a failed action's answer (the whole conversation) with its traceback.
        log_privacy.install()
        speedups.install()
        speedups.install_keepalive()
        speedups.install_payload_shortcut()
        webhook = Blueprint("gateway_webhook", __name__)

        @webhook.route("/health", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            # 200 only when this replica may serve conversations: a load balancer sends
            # none to a replica that answers anything else.
            if not self._authorised(request):
                return _unauthorised()
            agent = request.app.ctx.agent
            problem = store_problem(agent.tracker_store)
            if problem is not None:
                return response.json({"status": "unsafe", "detail": problem}, status=503)
            body = {
                "status": "ok" if agent.is_ready() else "starting",
                "tracker_store": type(deletable_store(agent.tracker_store)).__name__,
                "model_loaded": agent.is_ready(),
            }
            return response.json(body, status=200 if agent.is_ready() else 503)

        @webhook.route("/conversations", methods=["POST"])
        async def create(request: Request) -> HTTPResponse:
            if not self._authorised(request):
                return _unauthorised()
            body = _json_body(request)
            sender_id = str(body.get("sender_id") or "")
            if not SENDER_ID.match(sender_id):
                return _error(422, "sender_id must be 32-128 URL-safe characters.", "bad_id")
            try:
                store = deletable_store(request.app.ctx.agent.tracker_store)
                if await store.exists(sender_id):
                    return _error(409, "This conversation exists already.", "conflict")
                language = _language(body.get("language"))
                opening = OPENINGS.get(str(body.get("opening") or "greeting"), GREETING_PAYLOAD)
                return await _run(request, on_new_message, sender_id, opening, language, 201)
            except StoreUnavailable:
                return _store_unavailable()

        @webhook.route("/conversations/<sender_id:str>/messages", methods=["POST"])
        async def message(request: Request, sender_id: str) -> HTTPResponse:
            if not self._authorised(request):
                return _unauthorised()
            try:
                return await _message(request, on_new_message, sender_id)
            except StoreUnavailable:
                return _store_unavailable()

        @webhook.route("/conversations/<sender_id:str>", methods=["DELETE"])
        async def delete(request: Request, sender_id: str) -> HTTPResponse:
            if not self._authorised(request):
                return _unauthorised()
            store = deletable_store(request.app.ctx.agent.tracker_store)
            if SENDER_ID.match(sender_id):
                try:
                    await store.delete(sender_id)
                except StoreUnavailable:
                    # Never report "forgotten" when the store could not be reached.
                    return _error(
                        503,
                        "The conversation could not be deleted now: the conversation store "
                        "is unreachable. Try again; it is also forgotten after the idle time.",
                        "not_forgotten",
                    )
            return response.empty(status=204)

        return webhook

    def _authorised(self, request: Request) -> bool:
        given = (request.headers.get(TOKEN_HEADER) or "").encode()
        return hmac.compare_digest(given, self.token)


async def _message(
    request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]], sender_id: str
) -> HTTPResponse:
    store = deletable_store(request.app.ctx.agent.tracker_store)
    tracker = await store.retrieve(sender_id) if SENDER_ID.match(sender_id) else None
    if tracker is None:
        return _not_found()
    body = _json_body(request)
    language = _language(body.get("language"))
    text = _message_text(body, channel_output.offered_payloads(tracker))
    if text is None:
        # A stale or unknown button, or nothing left to say: ask the last question again.
        return response.json(
            {
                "messages": channel_output.last_bot_messages(tracker),
                "language": channel_output.language_of(tracker) or language,
                "action_failed": False,
            }
        )
    if len(text) > MAX_TEXT_CHARS:
        return _error(413, f"Messages are limited to {MAX_TEXT_CHARS} characters.", "long")
    previous = channel_output.previous_text(tracker)
    return await _run(request, on_new_message, sender_id, text, language, 200, previous)


async def _run(
    request: Request,
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    sender_id: str,
    text: str,
    language: str | None,
    status: int,
    previous: str | None = None,
) -> HTTPResponse:
    collector = channel_output.GatewayOutput()
    metadata: dict[str, Any] = {"language": language} if language else {}
    if previous and not text.startswith("/"):
        # An unclear crisis reading of typed text is read again with the message before it
        # (bot/understanding/decide.py); a button's payload is not read for facts.
        metadata[channel_output.PREVIOUS_TEXT] = previous
    tracker_store = request.app.ctx.agent.tracker_store
    store_failures = failures(tracker_store)
    with channel_output.failure_watch() as watch:
        try:
            await on_new_message(
                UserMessage(text, collector, sender_id, input_channel="gateway", metadata=metadata)
            )
        except LockError:
            # The conversation lock (Redis in the scaled stack) failed: the turn did not run.
            log.error("gateway.message.refused reason=lock_failed")
            return _store_unavailable()
        except Exception as exc:  # the gateway answers with the crisis lines instead
            log.error("gateway.message.failed error=%s", type(exc).__name__)
            watch.failed = True
    if failures(tracker_store) > store_failures:
        # Rasa's fail-safe wrapper hid a store failure: this turn may have started a blank
        # conversation or been kept in process memory only. Refuse it and keep nothing.
        drop_fallback(tracker_store)
        log.error("gateway.message.refused reason=tracker_store_failed")
        return _store_unavailable()
    tracker = await deletable_store(tracker_store).retrieve(sender_id)
    messages, start_over = channel_output.take_start_over(collector.messages)
    return response.json(
        {
            "messages": messages,
            "language": channel_output.language_of(tracker) or language,
            "action_failed": watch.failed,
            # The person asked to forget this conversation: the gateway deletes it and
            # opens a new one (docs/contracts.md).
            "start_over": start_over,
        },
        status=status,
    )


def _message_text(body: dict[str, Any], offered: set[str]) -> str | None:
    """The text to hand to Rasa, or None when the bot should repeat its last question."""
    payload = body.get("payload")
    if isinstance(payload, str) and payload:
        if payload in offered or channel_output.always_allowed(payload):
            return payload
        return None
    text = body.get("text")
    if not isinstance(text, str):
        return None
    return channel_output.plain_text(text) or None


def _json_body(request: Request) -> dict[str, Any]:
    try:
        body = request.json
    except Exception:  # sanic raises on malformed JSON; treat it as an empty body
        return {}
    return body if isinstance(body, dict) else {}


def _language(value: Any) -> str | None:
    return value if value in LANGUAGES else None


def _error(status: int, detail: str, code: str) -> HTTPResponse:
    return response.json({"detail": detail, "code": code}, status=status)


def _not_found() -> HTTPResponse:
    return _error(
        404, "There is no conversation with this id (it may have expired).", "session_not_found"
    )


def _store_unavailable() -> HTTPResponse:
    return _error(
        503,
        "The conversation store is unavailable; the gateway answers with the crisis lines.",
        "store_unavailable",
    )


def _unauthorised() -> HTTPResponse:
    return _error(401, f"Send the channel token in the {TOKEN_HEADER} header.", "unauthorised")
