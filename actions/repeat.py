"""After a language switch outside the triage form: ask the open question again, now in the
new language. (Inside the form, the form itself asks its question again.)"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.events import this_conversation
from actions.feedback import ASKED, DONE, QUESTION, STATE_SLOT

# The offers to start or go on with the questions after the suicide prevention line
# (data/rules/crisis.yml; the names in contracts/dialogue.yml, which the bench reads too). When
# one is sent again in the other language, this slot says so, and the rules there read the yes
# or no that follows as its answer.
DIALOGUE = Path(__file__).resolve().parent.parent / "contracts" / "dialogue.yml"
GO_ON_OFFERS = frozenset(yaml.safe_load(DIALOGUE.read_text("utf-8"))["go_on_offers"])
GO_ON_SLOT = "go_on_offered"


def open_offer(events: Sequence[dict[str, Any]]) -> str | None:
    """The response name of the last message with buttons in the bot's turn before the
    latest user message, or None when that turn offered nothing to answer."""
    passed_latest_user = False
    for event in reversed(this_conversation(events)):
        kind = event.get("event")
        if kind == "user":
            if passed_latest_user:
                return None
            passed_latest_user = True
        elif kind == "bot" and passed_latest_user and (event.get("data") or {}).get("buttons"):
            name = (event.get("metadata") or {}).get("utter_action")
            # Only a response name can be sent again in the other language.
            return name if isinstance(name, str) and name.startswith("utter_") else None
    return None


class ActionRepeatQuestion(Action):
    """Send the last question or offer again by its response name, so in the new language."""

    def name(self) -> str:
        """Run by the rule for switching language outside the form."""
        return "action_repeat_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """The open question again; nothing when the bot had not asked anything."""
        response = open_offer(tracker.events)
        if response:
            dispatcher.utter_message(response=response)
        events: list[EventType] = []
        if tracker.get_slot(STATE_SLOT) == ASKED and response != QUESTION:
            # "Did this help?" was left behind: a later yes or no answers something else.
            events.append(SlotSet(STATE_SLOT, DONE))
        if response in GO_ON_OFFERS:
            events.append(SlotSet(GO_ON_SLOT, True))
        elif tracker.get_slot(GO_ON_SLOT):
            # An offer to go on repeated earlier is no longer the open question.
            events.append(SlotSet(GO_ON_SLOT, None))
        return events
