"""What the gateway channel reads from and sends back to Rasa: bot messages, buttons, failures."""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel
from rasa.shared.core.events import BotUttered, Restarted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

LANGUAGES = ("nl", "en")
MESSAGE_KEYS = ("text", "buttons", "custom", "image")
# The widget's language toggle may always send this, even when no button offered it.
SWITCH_LANGUAGE = re.compile(r'^/switch_language\{\s*"language"\s*:\s*"(nl|en)"\s*\}$')
# C0/C1 control characters except tab and newline: invisible, and never meant by a person.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Where Rasa logs an action that failed (e.g. the action server is down or too slow); other
# errors, such as a response placeholder it could not fill, still give a usable answer.
ACTION_FAILURE_LOGGERS = ("rasa.core.processor", "rasa.core.actions.action")
# The metadata key under which the channel hands the person's previous typed message to the
# understanding layer with the new one (bot/understanding/component.py takes it out again).
PREVIOUS_TEXT = "previous_text"
# Sent by action_restart (actions/restart.py) in a conversation the person asked to forget.
START_OVER = {"wegwijzer": "start_over"}


class GatewayOutput(CollectingOutputChannel):
    """Collects the bot's messages, one per response (text, buttons and custom kept together)."""

    @classmethod
    def name(cls) -> str:
        return "gateway"

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        if message.get("quick_replies") and not message.get("buttons"):
            message = {**message, "buttons": message["quick_replies"]}
        item = {key: message[key] for key in MESSAGE_KEYS if message.get(key)}
        if item:
            await self._persist_message(item)


def plain_text(text: str) -> str:
    """A person's text as Rasa should read it: no control characters and no leading '/'.

    Rasa reads any text that starts with '/' as an intent with entities ('/inform_role{...}'),
    which would let typed text pose as a button, and logs unparsable ones at WARNING.
    """
    cleaned = CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n")).strip()
    return cleaned.lstrip("/").strip()


def take_start_over(messages: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], bool]:
    """The messages without the start-over signal, and whether it was among them."""
    kept = [message for message in messages if message.get("custom") != START_OVER]
    return kept, len(kept) != len(messages)


def always_allowed(payload: str) -> bool:
    """Payloads the widget may send without a matching button (the language toggle)."""
    return SWITCH_LANGUAGE.match(payload) is not None


def _since_last_user_message(tracker: DialogueStateTracker | None) -> list[BotUttered]:
    if tracker is None:
        return []
    bot_events: list[BotUttered] = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            bot_events.append(event)
    return list(reversed(bot_events))


def previous_text(tracker: DialogueStateTracker | None) -> str | None:
    """The person's last typed message in this conversation (a button's payload is skipped;
    nothing from before a restart)."""
    for event in reversed(tracker.events if tracker is not None else []):
        if isinstance(event, (Restarted, SessionStarted)):
            return None
        if isinstance(event, UserUttered) and event.text and not event.text.startswith("/"):
            return event.text
    return None


def offered_payloads(tracker: DialogueStateTracker | None) -> set[str]:
    """The payloads of the buttons the bot offered since the person last spoke."""
    return {
        str(button.get("payload"))
        for event in _since_last_user_message(tracker)
        for button in (event.data or {}).get("buttons") or []
        if isinstance(button, dict) and button.get("payload")
    }


def last_bot_messages(tracker: DialogueStateTracker | None) -> list[dict[str, Any]]:
    """The bot's messages since the person last spoke, shaped like `GatewayOutput` collects them."""
    messages = []
    for event in _since_last_user_message(tracker):
        message = {"text": event.text, **(event.data or {})}
        item = {key: message[key] for key in MESSAGE_KEYS if message.get(key)}
        if item:
            messages.append(item)
    return take_start_over(messages)[0]


def language_of(tracker: DialogueStateTracker | None) -> str | None:
    """The conversation's `language` slot, if the domain has one and it is set."""
    if tracker is None:
        return None
    slot = tracker.slots.get("language")
    value = getattr(slot, "value", None)
    return value if value in LANGUAGES else None


@dataclass
class Failures:
    """Set when Rasa logged an error (e.g. the action server is down) while handling a message."""

    failed: bool = False


_current: contextvars.ContextVar[Failures | None] = contextvars.ContextVar(
    "gateway_failures", default=None
)


class _FailureFlag(logging.Handler):
    # Rasa logs a failed custom action and carries on without it; the gateway then adds the
    # crisis lines. The context variable keeps concurrent conversations apart.
    def emit(self, record: logging.LogRecord) -> None:
        failures = _current.get()
        if failures is not None:
            failures.failed = True


def watch_action_failures() -> None:
    """Listen to Rasa's errors about failed actions (once per process)."""
    for name in ACTION_FAILURE_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(handler, _FailureFlag) for handler in logger.handlers):
            logger.addHandler(_FailureFlag(level=logging.ERROR))


@contextlib.contextmanager
def failure_watch() -> Iterator[Failures]:
    """Collect Rasa's errors raised while handling one message."""
    failures = Failures()
    token = _current.set(failures)
    try:
        yield failures
    finally:
        _current.reset(token)
