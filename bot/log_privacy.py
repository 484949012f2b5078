"""Logs of the bot's processes (Rasa and the action server) that cannot carry a conversation.

When a custom action fails, rasa-sdk answers 500 with the whole tracker (every message, the
slots, the sender id) as `request_body`; Rasa puts that answer into its exception and logs it
with the traceback at ERROR, whatever the log level. The action guard (actions/guard.py)
keeps actions from failing that way; this filter is the second line: on the loggers of Rasa,
rasa-sdk and Sanic, and on every handler of the root logger, it removes tracebacks and
exception texts (keeping the exception types and the line that raised), cuts any message at
the first sign of a request or response body, and keeps of Rasa's structured (JSON) events only
the event name.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from types import TracebackType

# Loggers that see action-server answers or whole requests; their children are covered by
# the filter on the root handlers.
LOGGER_PREFIXES = ("rasa", "rasa_sdk", "sanic", "aiohttp")
# Where a body starts in Rasa's and rasa-sdk's messages ("..., body='{...}'",
# '{"error": ..., "request_body": {...}}', a tracker's "events": [...] or "slots": {...}).
BODY_START = re.compile(
    r"""body\s*=|request_body|"""
    r"""["']?(?:events|slots|latest_message|sender_id|tracker)["']?\s*[:=]\s*["'\[{]""",
    re.IGNORECASE,
)
WITHHELD = "[body withheld]"


def _exception_types(exc: BaseException | None) -> str:
    names: list[str] = []
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen and len(names) < 5:
        seen.add(id(exc))
        names.append(type(exc).__name__)
        exc = exc.__cause__ or exc.__context__
    return "<".join(names)


def _where(tb: TracebackType | None) -> str:
    frames = traceback.extract_tb(tb) if tb is not None else []
    if not frames:
        return ""
    last = frames[-1]
    module = last.filename.rsplit("/site-packages/", 1)[-1].rsplit("/", 2)[-2:]
    return f"{'/'.join(module)}:{last.lineno}"


def without_bodies(message: str) -> str:
    """The message up to the first sign of a body; of a structured (JSON) event from Rasa's
    structlog only the event name and the exception types, never its fields."""
    structured = _structured(message)
    if structured is not None:
        return structured
    found = BODY_START.search(message)
    return message if found is None else message[: found.start()].rstrip() + " " + WITHHELD


def _structured(message: str) -> str | None:
    if not message.startswith("{"):
        return None
    try:
        event = json.loads(message)
    except ValueError:
        return None
    if not isinstance(event, dict):
        return None
    kept = str(event.get("event", "event"))
    exceptions = event.get("exception")
    if isinstance(exceptions, list):
        types = [str(e.get("exc_type")) for e in exceptions if isinstance(e, dict)]
        kept += f" error={'<'.join(types) or '[withheld]'}"
    fields = [key for key in event if key not in ("event", "level", "log_level", "exception")]
    return kept + (f" {WITHHELD}" if fields else "")


class ConversationFilter(logging.Filter):
    """Rewrites every record so that it holds no traceback, exception text or body."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_wegwijzer_clean", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a record whose arguments do not fit its format
            message = str(record.msg)
        message = without_bodies(message)
        if record.exc_info:
            _kind, exc, tb = record.exc_info
            message += f" error={_exception_types(exc)}"
            if where := _where(tb):
                message += f" at={where}"
        elif record.exc_text:
            message += " error=[withheld]"
        record.msg = message
        record.args = None
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        record._wegwijzer_clean = True
        return True


_FILTER = ConversationFilter()


def _add(target: logging.Logger | logging.Handler) -> None:
    if not any(isinstance(f, ConversationFilter) for f in target.filters):
        target.addFilter(_FILTER)


def install() -> None:
    """Put the filter on the Rasa, rasa-sdk and Sanic loggers that exist now and on every
    handler of the root logger (which also covers the loggers created later)."""
    manager = logging.Logger.manager
    for name, logger in list(manager.loggerDict.items()):
        if isinstance(logger, logging.Logger) and name.split(".")[0] in LOGGER_PREFIXES:
            _add(logger)
    for name in LOGGER_PREFIXES:
        _add(logging.getLogger(name))
    root = logging.getLogger()
    _add(root)
    for handler in root.handlers:
        _add(handler)
