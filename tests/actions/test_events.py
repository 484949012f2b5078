"""What counts as this conversation: the events since the last session start, restart or
start over, so that an earlier conversation's questions, greeting or places do not count."""

from __future__ import annotations

import pytest

from actions.events import bot_said, this_conversation


def _bot(response: str) -> dict[str, object]:
    return {"event": "bot", "metadata": {"utter_action": response}}


def _user(text: str) -> dict[str, object]:
    return {"event": "user", "text": text}


@pytest.mark.parametrize("start", ["session_started", "restart", "reset_slots"])
def test_what_came_before_a_start_is_another_conversation(start: str) -> None:
    events = [_bot("utter_greet"), _user("hoi"), {"event": start}, _user("hallo")]
    assert this_conversation(events) == [_user("hallo")]
    assert not bot_said(events, ("utter_greet",))


def test_without_a_start_every_event_counts() -> None:
    events = [_bot("utter_greet"), _user("hoi")]
    assert this_conversation(events) == events
    assert bot_said(events, ("utter_place", "utter_greet"))
    assert not bot_said(events, ("utter_place",))
