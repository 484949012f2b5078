"""The greeting: the full introduction once per conversation, a short hello after it."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.greet import ActionGreet, greeted


def _bot(name: str) -> dict[str, Any]:
    return {"event": "bot", "text": "…", "metadata": {"utter_action": name}}


def _user(text: str) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": "greet"}}}


def _greet(events: list[dict[str, Any]]) -> list[str]:
    tracker = Tracker("x", {}, {}, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionGreet().run(dispatcher, tracker, {}))
    return [m["response"] for m in dispatcher.messages]


def test_the_opening_gets_the_full_greeting() -> None:
    assert _greet([{"event": "session_started"}, _user("/greet")]) == [
        "utter_greet",
        "utter_invite_story",
    ]


def test_a_hello_typed_after_the_opening_gets_the_short_one() -> None:
    events = [{"event": "session_started"}, _user("/greet"), _bot("utter_greet"), _user("hoi")]
    assert _greet(events) == ["utter_greet_again", "utter_invite_story"]


def test_after_a_restart_the_full_greeting_comes_again() -> None:
    events = [_bot("utter_greet"), {"event": "restart"}, _user("hallo")]
    assert not greeted(events)
    assert _greet(events) == ["utter_greet", "utter_invite_story"]


def test_a_hello_after_the_places_brings_their_choices_back_not_the_story_question() -> None:
    # "hij" typed after the answer is read as "hi": the person is not asked what is going on
    # as if the conversation began again.
    events = [_bot("utter_greet"), _user("…"), _bot("utter_place"), _bot("utter_next_steps")]
    assert _greet([*events, _user("hij")]) == ["utter_greet_again", "utter_next_steps"]
