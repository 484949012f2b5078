"""The guard around every action: a failure gives the 24/7 lines, no events and one log line."""

from __future__ import annotations

import asyncio
import logging

import pytest
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection

import actions  # noqa: F401  (installs the guard, as the action server does)
from actions import guard
from actions.fallback import LINE_112, LINE_113, LINE_CSG, LINE_VEILIG_THUIS

MARKER = "merkteken-guard-5512"


def _call(action: str, slots: dict | None = None) -> dict:
    return {
        "next_action": action,
        "sender_id": MARKER,
        "tracker": {"sender_id": MARKER, "slots": slots or {}, "events": []},
        "domain": {},
    }


def _failing(_executor: ActionExecutor, action_call: dict) -> object:
    async def run() -> None:
        raise KeyError(f"{action_call['sender_id']} typed {MARKER}")

    return run()


def test_guard_is_installed_on_the_executor() -> None:
    assert getattr(ActionExecutor.run, "__wegwijzer_guard__", False)


def test_failure_gives_the_lines_and_no_events(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    answer = asyncio.run(guard.guarded(_failing)(ActionExecutor(), _call("action_recommend")))
    assert answer is not None
    assert answer["events"] == []
    assert [m["response"] for m in answer["responses"]] == [
        "utter_offline_intro",
        LINE_112,
        LINE_VEILIG_THUIS,
        LINE_CSG,
        LINE_113,
    ]
    assert "action.failed action=action_recommend error=KeyError" in caplog.text
    assert MARKER not in caplog.text


def test_failure_orders_the_lines_by_the_facts_known() -> None:
    call = _call("action_recommend", {"concern": ["sexual_violence"]})
    answer = asyncio.run(guard.guarded(_failing)(ActionExecutor(), call))
    assert answer is not None
    assert [m["response"] for m in answer["responses"]][1:3] == [LINE_112, LINE_CSG]


def test_an_odd_action_name_is_not_repeated_in_the_log(caplog: pytest.LogCaptureFixture) -> None:
    asyncio.run(guard.guarded(_failing)(ActionExecutor(), _call(f"x {MARKER}")))
    assert "action=unknown" in caplog.text
    assert MARKER not in caplog.text


def test_rasas_own_signals_pass_through() -> None:
    def rejecting(_executor: ActionExecutor, _call: dict) -> object:
        async def run() -> None:
            raise ActionExecutionRejection("validate_triage_form")

        return run()

    with pytest.raises(ActionExecutionRejection):
        asyncio.run(guard.guarded(rejecting)(ActionExecutor(), _call("validate_triage_form")))
