"""Start over: forget the conversation itself, not only its facts; keep only the language.

In a conversation with something to forget, the action adds the message START_OVER for the
gateway channel (bot/channel.py), which takes it out of the answer and tells the gateway; the
gateway then deletes the conversation from the tracker store and opens a new one, under a new
id, with the opening payload `/restart`. There this action runs again, now as the first thing
in an empty conversation, and says that we start again and that what was written before is
deleted, which by then is true.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.extraction import extract

KEPT_SLOTS = ("language", "language_source")
# The channel's signal that this conversation is to be deleted and replaced (never shown).
START_OVER = {"wegwijzer": "start_over"}
# Place names such as "nieuwegein" are sometimes read as "start over" with middling
# confidence; while a question is open, such a message is taken as an answer instead.
SURE_ENOUGH = 0.9


class ActionRestart(Action):
    """Replaces Rasa's default action_restart: the conversation is deleted and replaced.

    Rasa's `Restarted` event would only start a new session inside the same stored
    conversation, so every message stayed in the tracker store until it expired.
    """

    def name(self) -> str:
        """Rasa's default rule maps the `restart` intent to this name."""
        return "action_restart"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Clear the facts and the form, set the language again and invite a new start."""
        answer = self._unsure_restart_as_answer(tracker)
        if answer is not None:
            return [*answer, FollowupAction(tracker.active_loop_name)]
        if _said_more_than_this(tracker):
            dispatcher.utter_message(json_message=START_OVER)
        dispatcher.utter_message(response="utter_start_over")
        dispatcher.utter_message(response="utter_invite_story")
        kept = [SlotSet(n, tracker.get_slot(n)) for n in KEPT_SLOTS if tracker.get_slot(n)]
        return [AllSlotsReset(), ActiveLoop(None), *kept]

    @staticmethod
    def _unsure_restart_as_answer(tracker: Tracker) -> list[EventType] | None:
        message = tracker.latest_message or {}
        requested = tracker.get_slot("requested_slot")
        confidence = float((message.get("intent") or {}).get("confidence") or 0.0)
        if not tracker.active_loop_name or not requested or confidence >= SURE_ENOUGH:
            return None
        changes = extract(
            intent=None,
            entities=message.get("entities") or [],
            text=message.get("text"),
            requested_slot=requested,
            slots=tracker.current_slot_values(),
        )
        if requested not in changes:
            return None
        return [SlotSet(slot, value) for slot, value in changes.items()]


def _said_more_than_this(tracker: Tracker) -> bool:
    """Whether the person sent anything before this message (the opening of a conversation,
    e.g. the greeting, counts): only then is there something to forget."""
    return sum(1 for event in tracker.events if event.get("event") == "user") > 1
