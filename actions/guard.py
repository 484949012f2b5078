"""One guard around every action the action server runs.

rasa-sdk answers a failing action with 500 and the whole tracker as `request_body`, which
Rasa then logs with the traceback. The guard wraps rasa-sdk's `ActionExecutor.run`, through
which every registered action (and form validation) is called: any exception becomes one log
line with the action's name and the exception's type, and the person gets the national 24/7
lines instead (`utter_offline_intro` and the `utter_line_*` responses), with no events, so the
conversation goes on as if the action had not run.

`install()` is called when the `actions` package is imported, which is how rasa-sdk loads
the actions (`rasa run actions --actions actions`); it also puts the log filter of
bot/log_privacy.py on the action server's loggers.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from rasa_sdk.executor import ActionExecutor, CollectingDispatcher
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException

from actions.fallback import national_lines
from actions.logs import log_event
from bot import log_privacy

logger = logging.getLogger(__name__)

FALLBACK_INTRO = "utter_offline_intro"
# Action names come from the domain; anything else in a request is not repeated in a log.
ACTION_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
# Rasa's own signals to try another policy or to name a missing action: not failures.
PASSED_ON = (ActionExecutionRejection, ActionNotFoundException)

Run = Callable[[ActionExecutor, Any], Awaitable[dict[str, Any] | None]]


def action_name(action_call: object) -> str:
    """The name of the action called, or "unknown" when it is not a plain action name."""
    name = action_call.get("next_action") if isinstance(action_call, Mapping) else None
    return name if isinstance(name, str) and ACTION_NAME.match(name) else "unknown"


def _slots(action_call: object) -> Mapping[str, Any]:
    tracker = action_call.get("tracker") if isinstance(action_call, Mapping) else None
    slots = tracker.get("slots") if isinstance(tracker, Mapping) else None
    return slots if isinstance(slots, Mapping) else {}


def fallback_answer(action_call: object) -> dict[str, Any]:
    """The answer of a failed action: the national 24/7 lines, most fitting first; no events."""
    dispatcher = CollectingDispatcher()
    dispatcher.utter_message(response=FALLBACK_INTRO)
    try:
        lines = national_lines(_slots(action_call))
    except Exception:  # odd slot values: all four lines in the usual order
        lines = national_lines({})
    for response in lines:
        dispatcher.utter_message(response=response)
    return {"events": [], "responses": dispatcher.messages}


def guarded(run: Run) -> Run:
    """`run` that answers any failure with the fallback instead of raising."""

    async def run_guarded(self: ActionExecutor, action_call: Any) -> dict[str, Any] | None:
        try:
            return await run(self, action_call)
        except PASSED_ON:
            raise
        except Exception as error:
            # The type and the action only: an exception's text may quote the conversation.
            log_event(
                logger,
                "action.failed",
                logging.ERROR,
                action=action_name(action_call),
                error=type(error).__name__,
            )
            return fallback_answer(action_call)

    run_guarded.__wegwijzer_guard__ = True  # type: ignore[attr-defined]
    return run_guarded


def install() -> None:
    """Guard `ActionExecutor.run` (once per process) and filter the action server's logs."""
    if not getattr(ActionExecutor.run, "__wegwijzer_guard__", False):
        ActionExecutor.run = guarded(ActionExecutor.run)
    log_privacy.install()
