"""Start over: forget every fact and stop the questions; keep only the language."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.extraction import extract

KEPT_SLOTS = ("language", "language_source")
# Place names such as "nieuwegein" are sometimes read as "start over" with middling
# confidence; while a question is open, such a message is taken as an answer instead.
SURE_ENOUGH = 0.9


class ActionRestart(Action):
    """Replaces Rasa's default action_restart so the language survives a fresh start.

    Rasa's `Restarted` event would also start a new session, which resets every slot after
    this action ran (the language too). Resetting the slots and the form has the same
    effect on the conversation; the old messages were kept by either way until the
    conversation expires or the person uses quick exit.
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
