"""Show the handover summary the person can copy or read out; nothing of it is stored."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.recommend import ask_engine, send
from actions.render import Message, summary_messages


class ActionShowSummary(Action):
    """Ask the engine again for the summary of the facts in the slots and show it."""

    def name(self) -> str:
        """Run on request_summary."""
        return "action_show_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """The summary, or a kind note that it cannot be made now."""
        answer = await ask_engine(tracker)
        if answer is None:
            send(dispatcher, [Message(response="utter_summary_unavailable")])
            return []
        send(dispatcher, [*summary_messages(answer), Message(response="utter_anything_else")])
        return []
