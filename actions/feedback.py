"""Ask "did this help?" once at the end of a conversation in which places were shown.

The answer is one anonymous count on the outcome row that the first recommendation made
(its signed reference is in the `feedback_ref` slot). Nothing else is sent, and a failure
is never shown to the person: they are saying goodbye.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import landscape_client

logger = logging.getLogger(__name__)

QUESTION = "utter_ask_feedback"
STATE_SLOT = "feedback_state"
REF_SLOT = "feedback_ref"
# pending: places were shown and counted; asked: the question was sent (never again); done.
PENDING = "pending"
ASKED = "asked"
DONE = "done"
ANSWERS = ("yes", "partly", "no")
# Typed "ja" / "nee" (and the buttons without their entity) still count.
_INTENT_ANSWERS = {"affirm": "yes", "deny": "no"}


def feedback_answer(intent: str | None, entities: Iterable[Mapping[str, Any]]) -> str | None:
    """yes | partly | no from the button or the typed reply; None for skip or anything else."""
    if intent == "skip":
        return None
    for entity in entities:
        if entity.get("entity") == "feedback" and entity.get("value") in ANSWERS:
            return str(entity["value"])
    return _INTENT_ANSWERS.get(intent or "")


def _latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


class ActionAskFeedback(Action):
    """Ask "did this help?"; the rules run it once, at goodbye or thanks after places."""

    def name(self) -> str:
        """Run by the rules in data/rules/feedback.yml while feedback_state is pending."""
        return "action_ask_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """The question, and the state that keeps it from being asked again."""
        dispatcher.utter_message(response=QUESTION)
        return [SlotSet(STATE_SLOT, ASKED)]


class ActionGiveFeedback(Action):
    """Count the answer (not a skip), thank the person and say goodbye."""

    def name(self) -> str:
        """Run by the rules for the reply to utter_ask_feedback."""
        return "action_give_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Send yes / partly / no with the reference; any failure is only logged by type."""
        message = tracker.latest_message or {}
        answer = feedback_answer(_latest_intent(tracker), message.get("entities") or [])
        ref = tracker.get_slot(REF_SLOT)
        if answer and ref:
            try:
                await landscape_client.send_feedback(ref, answer)
            except landscape_client.LandscapeError as error:
                logger.info("feedback.not_counted", extra={"error": type(error).__name__})
            dispatcher.utter_message(response="utter_feedback_thanks")
        dispatcher.utter_message(response="utter_goodbye_private")
        # The reference can count one answer only; it is not needed any more.
        return [SlotSet(STATE_SLOT, DONE), SlotSet(REF_SLOT, None)]
