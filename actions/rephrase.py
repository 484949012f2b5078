"""When the bot did not understand: rephrase with buttons, and after two misses offer people.

Crisis never reaches this action: the understanding layer decides it on every message and the
crisis rules answer first. Facts found in the message (a concern, a role) start the questions
instead of a "sorry".
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.events import this_conversation
from actions.facts import FACT_SLOTS
from actions.fallback import national_lines
from actions.recommend import back_to_the_choices, last_next_steps, nothing_left_to_answer

ACTION = "action_rephrase"
FORM = "triage_form"
MISSES_BEFORE_LINES = 2
STORY_SLOTS = ("role", "concern", "timing", "need", "danger_now")


def consecutive_misses(events: list[dict]) -> int:
    """How many user turns in a row, ending with the current one, got action_rephrase."""
    misses = 0
    rephrased = True  # the current turn is being rephrased right now
    for event in reversed(this_conversation(events)):
        kind = event.get("event")
        if kind == "action" and event.get("name") == ACTION:
            rephrased = True
        elif kind == "user":
            if not rephrased:
                break
            misses += 1
            rephrased = False
    return misses


def facts_found_this_turn(events: list[dict]) -> set[str]:
    """The fact slots the latest user message filled (by action_extract_facts)."""
    found: set[str] = set()
    for event in reversed(events):
        if event.get("event") == "user":
            break
        if event.get("event") == "slot" and event.get("name") in FACT_SLOTS:
            found.add(event["name"])
    return found


class ActionRephrase(Action):
    """Say it differently instead of "I did not understand" over and over."""

    def name(self) -> str:
        """Run by the fallback rules, inside and outside the form."""
        return ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Facts start the questions; else rephrase (and after two misses, also the
        national lines)."""
        in_form = bool(tracker.active_loop_name)
        detected = (tracker.latest_message or {}).get("detected_language") or {}
        if detected.get("other"):
            # Another language: say in Dutch and English what the bot speaks, and give the
            # 24/7 lines, which help in many languages.
            dispatcher.utter_message(response="utter_other_language")
            for response in national_lines(tracker.current_slot_values()):
                dispatcher.utter_message(response=response)
            return []
        if not in_form and facts_found_this_turn(tracker.events) & set(STORY_SLOTS):
            # The words told enough to start: the form asks what is still missing.
            return [FollowupAction(FORM)]
        short_reply = None if in_form else nothing_left_to_answer(tracker)
        if short_reply:
            # "ok" after the places: nothing is asked, so there is nothing to misunderstand.
            dispatcher.utter_message(response=short_reply)
            dispatcher.utter_message(response=last_next_steps(tracker.events))
            return []
        lines_given = consecutive_misses(tracker.events) >= MISSES_BEFORE_LINES
        if lines_given:
            dispatcher.utter_message(response="utter_rephrase_offer_people")
            for response in national_lines(tracker.current_slot_values()):
                dispatcher.utter_message(response=response)
        else:
            dispatcher.utter_message(response="utter_rephrase")
        if not in_form:
            # Outside the form nothing else asks a question: after the places their choices
            # come back, not "what is going on?" as if the conversation began again; before
            # them the topics as buttons (in other words after the lines: "what is going on?"
            # was on screen twice already).
            invite = "utter_invite_story_again" if lines_given else "utter_invite_story"
            dispatcher.utter_message(response=back_to_the_choices(tracker.events, invite))
        return []
