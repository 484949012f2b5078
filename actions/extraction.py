"""Fill the fact slots from every user message: entities, story words and answers.

This is the custom slot mapping of every fact slot (see domain/core.yml), so it runs after
each user message, inside and outside the triage form. That is how a first message like
"ik ben gisteren verkracht" already fills role, concern and timing before any question.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing
from actions.facts import LIST_SLOTS, NOT_KNOWN, clean

logger = logging.getLogger(__name__)

# A question about the bot, the data or the language is never an answer to a triage question.
NOT_AN_ANSWER = {
    "greet",
    "goodbye",
    "thank",
    "ask_bot",
    "ask_privacy",
    "restart",
    "switch_language",
    "ask_quick_exit",
    "request_summary",
    "request_more_options",
    "out_of_scope",
}
CRISIS = {"express_danger": "danger_now", "express_suicidal_thoughts": "suicidal_thoughts"}
# Short replies that answer the question asked and say nothing else.
SHORT_REPLIES = {"affirm", "deny", "skip", "dont_know"}
YES_NO_SLOTS = {"danger_now", "safe_to_chat"}

_ENTITY_PARSERS = {
    "role": ("role", parsing.parse_role),
    "concern": ("concern", parsing.parse_concerns),
    "timing": ("timing", parsing.parse_timing),
    "age": ("age_group", parsing.parse_age_group),
    "need": ("need", parsing.parse_needs),
    "region": ("region", parsing.parse_region),
    "channel": ("prefer_channel", parsing.parse_channel),
}
# Facts read from the words of any story-telling message. Age and region are read from the
# words only when asked for, because numbers and names mean too many other things.
_TEXT_PARSERS = {
    "role": parsing.parse_role,
    "concern": parsing.parse_concerns,
    "timing": parsing.parse_timing,
    "need": parsing.parse_needs,
    "prefer_channel": parsing.parse_channel_in_story,
}
# Slots a story may fill only while they are still empty (a later aside must not undo an answer).
_FILL_ONCE = {"role", "timing"}


def _target_slot(entity: Mapping[str, Any]) -> str | None:
    target = _ENTITY_PARSERS.get(str(entity.get("entity")))
    return target[0] if target else None


def _answer(slot: str, intent: str | None, text: str) -> Any:
    """What a reply means as an answer to the question for `slot`, or None."""
    if intent in ("skip", "dont_know"):
        return NOT_KNOWN[slot]
    if slot in YES_NO_SLOTS:
        if intent == "affirm":
            return "yes"
        if intent == "deny":
            return "no"
        return parsing.parse_answer(text)
    if slot == "age_group":
        return parsing.parse_age_group(text, answer_to_question=True)
    if slot == "region":
        return parsing.parse_region(text)
    if slot == "concern" and parsing.is_unsure(text):
        return ["unsure"]
    if slot == "prefer_channel":
        return parsing.parse_channel(text)
    parser = _TEXT_PARSERS.get(slot)
    return parser(text) if parser else None


def _merge(slot: str, old: Any, new: Any) -> Any:
    if slot in LIST_SLOTS:
        combined = [*(old or []), *(new if isinstance(new, list) else [new])]
        return clean(slot, combined)
    return new


def extract(
    *,
    intent: str | None,
    entities: list[Mapping[str, Any]],
    text: str | None,
    requested_slot: str | None,
    slots: Mapping[str, Any],
) -> dict[str, Any]:
    """Return the fact slots this message changes, as {slot: code}."""
    words = "" if not text or text.startswith("/") else text
    found: dict[str, Any] = {}
    if intent in NOT_AN_ANSWER:
        # NLU sometimes reads a short answer ("advies") as a side question; an entity for
        # the question that was asked still answers it. Nothing else counts.
        entities = [e for e in entities if _target_slot(e) == requested_slot]
        words = ""

    if intent in CRISIS:
        found[CRISIS[intent]] = "yes"
    # A safety net for crisis words inside a message NLU read as something else.
    crisis = parsing.crisis_kind(words)
    if crisis:
        found["suicidal_thoughts" if crisis == "suicide" else "danger_now"] = "yes"

    for entity in entities:
        target = _ENTITY_PARSERS.get(str(entity.get("entity")))
        if not target:
            continue
        slot, parser = target
        raw = str(entity.get("value") or "")
        if slot == "age_group":
            # A bare number tagged as an age ("alert(1)", "bus 3") only counts as an age when
            # the person is telling or asked their age.
            asked = requested_slot == "age_group" or intent == "inform_age"
            value = clean(slot, parsing.parse_age_group(raw, answer_to_question=asked))
            if value is None and words:
                value = clean(slot, parsing.parse_age_group(words))
        else:
            value = clean(slot, parser(raw))
        if value is not None:
            found[slot] = _merge(slot, found.get(slot), value) if slot in found else value

    if parsing.mentions_age_back_then(words):
        # "when i was 10" tells when it happened, not how old the person is now.
        found.pop("age_group", None)

    if intent not in SHORT_REPLIES and intent not in NOT_AN_ANSWER:
        for slot, parser in _TEXT_PARSERS.items():
            if slot in found or (slot in _FILL_ONCE and slots.get(slot) and slot != requested_slot):
                continue
            if slot == "timing" and intent in CRISIS:
                # "op dit moment" in a crisis message is about the danger, not about when
                # the thing the person came for happened.
                continue
            if slot == "prefer_channel" and intent == "inform_channel":
                parser = parsing.parse_channel
            value = clean(slot, parser(words))
            if value is not None:
                found[slot] = value

    if (
        requested_slot
        and requested_slot not in found
        and intent not in CRISIS
        and intent not in NOT_AN_ANSWER
    ):
        value = clean(requested_slot, _answer(requested_slot, intent, words))
        if value is not None:
            found[requested_slot] = value

    changes: dict[str, Any] = {}
    for slot, value in found.items():
        if slot in LIST_SLOTS and slot != requested_slot:
            value = _merge(slot, [v for v in slots.get(slot) or [] if v != "unsure"], value)
        if value != slots.get(slot):
            changes[slot] = value
    return changes


class ActionExtractFacts(Action):
    """Custom slot mapping for every fact slot; runs after each user message."""

    def name(self) -> str:
        """Name used in the slot mappings of domain/core.yml."""
        return "action_extract_facts"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        """Return a SlotSet for each fact the latest message changes."""
        message = tracker.latest_message or {}
        changes = extract(
            intent=(message.get("intent") or {}).get("name"),
            entities=message.get("entities") or [],
            text=message.get("text"),
            requested_slot=tracker.get_slot("requested_slot") if tracker.active_loop_name else None,
            slots=tracker.current_slot_values(),
        )
        # Slot names only: the values are facts about a person and stay out of the logs.
        logger.info("facts.extracted", extra={"slots": sorted(changes)})
        return [SlotSet(slot, value) for slot, value in changes.items()]
