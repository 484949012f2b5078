"""A greeting typed after the opening: a short hello, not the whole introduction again.

The widget opens every conversation with the full greeting (who the bot is, that it keeps no
name or conversation, and "in danger? call 112"). Someone who then types "hoi" or "is daar
iemand?" is answered briefly and invited to tell their story; repeating the introduction with
its 112 line reads as an alarm the person did not raise. After the places, a hello (or a word
read as one) brings the choices of that answer back, not "What is going on?" as if the
conversation began again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.events import bot_said
from actions.recommend import back_to_the_choices

FULL = "utter_greet"
SHORT = "utter_greet_again"
INVITE = "utter_invite_story"


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
        """One greeting message, then the invitation to tell (or, after the places, their
        choices)."""
        dispatcher.utter_message(response=SHORT if greeted(tracker.events) else FULL)
        dispatcher.utter_message(response=back_to_the_choices(tracker.events, INVITE))
        return []
