"""The log filter of the bot's processes: no traceback, exception text or body gets through."""

from __future__ import annotations

import io
import json
import logging

from bot.log_privacy import ConversationFilter, without_bodies

MARKER = "geheim-merkteken-7731"


def _logged(emit) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    handler.addFilter(ConversationFilter())
    logger = logging.getLogger("rasa.test_log_privacy")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_filter_drops_the_traceback_and_keeps_the_exception_types() -> None:
    def emit(logger: logging.Logger) -> None:
        try:
            try:
                raise ValueError(f'body=\'{{"request_body": {{"text": "{MARKER}"}}}}\'')
            except ValueError as error:
                raise RuntimeError("Failed to execute custom action 'action_x'") from error
        except RuntimeError:
            logger.exception("Encountered an exception while running action '%s'.", "action_x")

    out = _logged(emit)
    assert MARKER not in out
    assert "Traceback" not in out
    assert "action_x" in out
    assert "error=RuntimeError<ValueError" in out


def test_filter_cuts_bodies_out_of_messages() -> None:
    out = _logged(
        lambda logger: logger.error(
            "Action server answered 500, body='%s'", f'{{"request_body": {{"{MARKER}": 1}}}}'
        )
    )
    assert MARKER not in out
    assert "Action server answered 500" in out


def test_without_bodies_leaves_ordinary_messages_alone() -> None:
    for message in ("gateway.message.failed error=RuntimeError", "facts.extracted slots=role,age"):
        assert without_bodies(message) == message
    assert without_bodies(f"Current slot values: slots={{'x': '{MARKER}'}}").find(MARKER) == -1


def test_structured_events_keep_only_their_name() -> None:
    event = {
        "event": "interpolator.interpolate.text",
        "response": f"Hallo {MARKER}",
        "log_level": "error",
        "exception": [{"exc_type": "KeyError", "exc_value": MARKER, "frames": []}],
    }
    out = without_bodies(json.dumps(event))
    assert MARKER not in out
    assert out.startswith("interpolator.interpolate.text error=KeyError")
