"""A greeting typed after the opening: a short hello, not the whole introduction again.

The widget opens every conversation with the full greeting (who the bot is, that it keeps no
name or conversation, and "in danger? call 112"). Someone who then types "hoi" or "is daar
iemand?" is answered briefly and invited to tell their story; repeating the introduction with
its 112 line reads as an alarm the person did not raise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.events import bot_said

FULL = "utter_greet"
SHORT = "utter_greet_again"


def greeted(events: Sequence[dict[str, Any]]) -> bool:
    """True when the bot already gave its full greeting in this conversation."""
    return bot_said(events, (FULL,))


class ActionGreet(Action):
    """The full greeting once per conversation, a short hello after that."""

    def name(self) -> str:
        """Run by the greeting rule (data/rules/basics.yml)."""
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """One greeting message; the rule invites the story after it."""
        dispatcher.utter_message(response=SHORT if greeted(tracker.events) else FULL)
        return []
