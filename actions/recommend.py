"""Ask the triage engine for places and show them; fall back to the national lines."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import landscape_client
from actions.events import said_this_turn, this_conversation
from actions.facts import request_body
from actions.fallback import national_lines
from actions.feedback import PENDING, REF_SLOT, STATE_SLOT
from actions.render import (
    CRISIS_REPLIES,
    Message,
    more_options_messages,
    recommendation_messages,
)

logger = logging.getLogger(__name__)

# Responses that mean places were shown (see actions/render.py).
PLACE_RESPONSES = ("utter_place", "utter_place_closed")


def send(dispatcher: CollectingDispatcher, messages: Iterable[Message]) -> None:
    """Utter each message by response name, with its variables and links."""
    for message in messages:
        dispatcher.utter_message(
            response=message.response, json_message=message.json_message(), **message.variables
        )


def _since_places(events: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """The events after the last places shown in this conversation, or None when none were
    shown."""
    since: list[dict[str, Any]] = []
    for event in reversed(this_conversation(events)):
        if (
            event.get("event") == "bot"
            and (event.get("metadata") or {}).get("utter_action") in PLACE_RESPONSES
        ):
            return since
        since.append(event)
    return None


def places_shown_before(events: list[dict[str, Any]]) -> bool:
    """True when places were already shown in this session (a repeat adds no outcome row)."""
    return _since_places(events) is not None


# What the person said after the places when there was no question left to answer, and the
# short reply it gets instead of the same list again.
NOTHING_LEFT_TO_ANSWER = {
    "skip": "utter_nothing_to_skip",
    "dont_know": "utter_no_choice_needed",
    # "ok" or "ja" with no question on screen (data/rules/basics.yml, via action_rephrase).
    "affirm": "utter_no_choice_needed",
}
NEXT_STEPS = ("utter_next_steps", "utter_next_steps_no_more")


def nothing_left_to_answer(tracker: Tracker) -> str | None:
    """The short reply for "skip", "I don't know" or "ok" after the places, when no question was
    asked since (None otherwise): there is nothing to skip or to know, and showing the same
    list again reads as the bot not listening."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    reply = NOTHING_LEFT_TO_ANSWER.get(str(intent))
    since = _since_places(tracker.events)
    if reply is None or since is None:
        return None
    # A question asked after the places (after a correction): the skip answers it.
    asked = any(
        e.get("event") == "slot" and e.get("name") == "requested_slot" and e.get("value")
        for e in since
    )
    return None if asked else reply


def last_next_steps(events: list[dict[str, Any]]) -> str:
    """The "what would you like to do now?" buttons shown last, so the same choices come back
    (with "other options" only when the answer had them)."""
    for event in reversed(this_conversation(events)):
        shown = (event.get("metadata") or {}).get("utter_action")
        if event.get("event") == "bot" and shown in NEXT_STEPS:
            return str(shown)
    return "utter_next_steps_no_more"


def back_to_the_choices(events: list[dict[str, Any]], invite: str = "utter_invite_story") -> str:
    """What to offer when nothing else asks a question: after the places the story is told, so
    their last choices come back; before them, the invitation to tell."""
    return last_next_steps(events) if places_shown_before(events) else invite


async def ask_engine(tracker: Tracker, *, record_outcome: bool = False) -> dict[str, Any] | None:
    """The engine's answer for the facts in the slots, or None when it cannot be had.

    With `record_outcome` the API counts the categories anonymously and returns a
    feedback_ref; only the first places shown in a conversation are counted.
    """
    slots = tracker.current_slot_values()
    body = request_body(slots, tracker.get_slot("language"))
    if record_outcome:
        body["record_outcome"] = True
    started = time.monotonic()
    try:
        answer = await landscape_client.recommend(body)
    except landscape_client.LandscapeError as error:
        # The error names the kind of failure only; no facts or text go to the log.
        logger.warning("landscape.failed", extra={"error": type(error).__name__})
        return None
    logger.info("landscape.answered", extra={"ms": round((time.monotonic() - started) * 1000)})
    return answer


def send_national_lines(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The national 24/7 lines, most fitting first, for when the engine cannot answer."""
    dispatcher.utter_message(response="utter_offline_intro")
    for response in national_lines(tracker.current_slot_values()):
        dispatcher.utter_message(response=response)


class ActionRecommend(Action):
    """Show the recommended places for the triage facts (never the words typed)."""

    def name(self) -> str:
        """Run by the rule that ends the triage form."""
        return "action_recommend"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Urgent banner, places with reasons and links, then the next-step buttons."""
        if tracker.get_slot("safe_to_chat") == "no":
            dispatcher.utter_message(response="utter_stay_safe")
            # "You can always come back later": when they write again, the questions ask once
            # more whether it is safe now, instead of repeating this message to every answer.
            return [SlotSet("safe_to_chat", None)]
        short_reply = nothing_left_to_answer(tracker)
        if short_reply is not None:
            dispatcher.utter_message(response=short_reply)
            dispatcher.utter_message(response=last_next_steps(tracker.events))
            return []
        answer = await ask_engine(tracker, record_outcome=not places_shown_before(tracker.events))
        if answer is None:
            send_national_lines(dispatcher, tracker)
            dispatcher.utter_message(response="utter_next_steps_offline")
            return []
        crisis_replies = said_this_turn(tracker.events, CRISIS_REPLIES)
        send(dispatcher, recommendation_messages(answer, crisis_replies))
        ref = answer.get("feedback_ref")
        if not isinstance(ref, str) or not ref:
            return []
        # The reference is kept only to send one "did this help?" answer and is never shown;
        # the pending state lets the rules ask that question once, at the end.
        return [SlotSet(REF_SLOT, ref), SlotSet(STATE_SLOT, PENDING)]


class ActionShowMoreOptions(Action):
    """Show the engine's "also possible" places, asked again from the slots."""

    def name(self) -> str:
        """Run on request_more_options."""
        return "action_show_more_options"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Nothing is kept between turns, so the engine is asked again."""
        answer = await ask_engine(tracker)
        if answer is None:
            send_national_lines(dispatcher, tracker)
            return []
        send(dispatcher, more_options_messages(answer))
        return []
