"""Merge the facts of each message into the fact slots: the policy, and nothing else.

What a message says is decided by the understanding layer in Rasa's NLU pipeline
(bot/understanding): it adds one entity per fact (extractor FactExtractor) and takes the
crisis decision. A button press brings its code as an entity too. This module only decides
how a new fact meets what the slots already hold:

- danger and thoughts of suicide always count;
- a fact told in the person's own words beats an earlier button or short answer that it
  contradicts ("About me", then "I have sexual thoughts about children");
- a correction ("nee, het gaat om mijn zus") replaces what it corrects;
- a reply to the question that was asked answers it (a bare "15" is an age only then).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.events import said_last_before_this_message
from actions.facts import LIST_SLOTS, NOT_KNOWN, age_group_for, clean, place
from actions.logs import log_event

logger = logging.getLogger(__name__)

EXTRACTOR = "FactExtractor"
# A button's payload ("/inform_age{"age":"18_plus"}") comes with its entities marked by the
# component that unpacks it: Rasa's RegexMessageHandler (also in bot/speedups.py). Without a
# name at all, an entity was set by hand (a test, an older tracker).
PAYLOAD_EXTRACTORS = (None, "RegexMessageHandler")
SOURCES_SLOT = "fact_sources"
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
YES_NO_SLOTS = {"danger_now", "safe_to_chat"}
# "I am safe now, he is at work" (the understanding layer's veto on danger now) answers the two
# safety questions: nobody in danger now, and chatting is safe.
SAFE_NOW = "safe_now"
SAFE_NOW_ANSWERS = {"danger_now": "no", "safe_to_chat": "yes"}
# The understanding layer's fact names (contracts/facts.yml), and the entity names the
# buttons send (domain/responses/triage.yml), to the slot each fills.
FACT_SLOTS = {
    "role": "role",
    "concerns": "concern",
    "timing": "timing",
    "age_group": "age_group",
    "needs": "need",
    "channel": "prefer_channel",
    "region": "region",
}
BUTTON_SLOTS = {
    "role": "role",
    "concern": "concern",
    "timing": "timing",
    "age": "age_group",
    "need": "need",
    "channel": "prefer_channel",
    "region": "region",
}
CRISIS_SLOTS = {"danger": "danger_now", "suicide": "suicidal_thoughts"}
# Whose thoughts of suicide the message tells of (self / other): picks the 113 line's words.
SUICIDE_ABOUT = "suicide_about"
# How sure the understanding layer must be before its reading replaces a button answer.
OVERRIDE = 0.7
# Where a slot's value came from, kept in `fact_sources`: a story beats the weaker two.
STORY, ANSWER, BUTTON = "story", "answer", "button"


def _facts(entities: list[Mapping[str, Any]]) -> tuple[dict[str, list[Any]], dict[str, Any]]:
    """(slot → values from the understanding layer, slot → values from a button press)."""
    told: dict[str, list[Any]] = {}
    pressed: dict[str, Any] = {}
    for entity in entities:
        name, value = str(entity.get("entity")), entity.get("value")
        if entity.get("extractor") == EXTRACTOR:
            if name in FACT_SLOTS:
                told.setdefault(FACT_SLOTS[name], []).append(value)
            elif name in CRISIS_SLOTS or name in ("number", "correction", SAFE_NOW):
                told.setdefault(name, []).append(value)
        elif entity.get("extractor") in PAYLOAD_EXTRACTORS and name in BUTTON_SLOTS:
            pressed[BUTTON_SLOTS[name]] = value
    return told, pressed


def _confidence(entities: list[Mapping[str, Any]], slot: str) -> float:
    names = {n for n, s in FACT_SLOTS.items() if s == slot}
    values = [
        float(e.get("confidence") or 0.0)
        for e in entities
        if e.get("extractor") == EXTRACTOR and e.get("entity") in names
    ]
    return max(values, default=0.0)


def _value(slot: str, values: list[Any]) -> Any:
    if slot in LIST_SLOTS:
        return clean(slot, values)
    if slot == "region":
        return place(str(values[0]))
    return clean(slot, values[0])


def _answer(slot: str, intent: str | None, text: str, told: Mapping[str, list[Any]]) -> Any:
    """What a reply means as an answer to the question for `slot`, or None."""
    if intent in ("skip", "dont_know"):
        return NOT_KNOWN[slot] if intent == "skip" or slot != "concern" else ["unsure"]
    if slot in YES_NO_SLOTS:
        if intent not in ("affirm", "deny") and told.get(SAFE_NOW):
            return SAFE_NOW_ANSWERS[slot]
        return {"affirm": "yes", "deny": "no"}.get(intent or "")
    if slot == "age_group" and told.get("number"):
        return age_group_for(int(told["number"][0]))
    if slot == "region" and text and not told.get("region"):
        # Any short name answers "where?": the API resolves it for this request only.
        return place(text)
    return None


def extract(
    *,
    intent: str | None,
    entities: list[Mapping[str, Any]],
    text: str | None,
    requested_slot: str | None,
    slots: Mapping[str, Any],
) -> dict[str, Any]:
    """Return the slots this message changes, as {slot: code}, `fact_sources` included."""
    words = "" if not text or text.startswith("/") else text
    told, pressed = _facts(entities)
    sources = dict(slots.get(SOURCES_SLOT) or {})
    changes: dict[str, Any] = {}

    for name, slot in CRISIS_SLOTS.items():
        if told.get(name) and slots.get(slot) != "yes":
            changes[slot] = "yes"
    if told.get("suicide"):
        # Whose thoughts: the writer's own come first when a message tells of both.
        changes[SUICIDE_ABOUT] = "self" if "self" in told["suicide"] else "other"
    if told.get(SAFE_NOW) and not told.get("danger") and slots.get("danger_now") == "yes":
        # "ik ben nu veilig, hij is weg", back after "not safe to chat": the danger on record
        # is over by their own words, so 112 is not sent again as if it were new.
        changes["danger_now"] = SAFE_NOW_ANSWERS["danger_now"]

    correction = bool(told.get("correction"))
    # What the understanding layer read counts whatever the dialogue act ("nee, het gaat over
    # mijn zus" is a deny *and* a correction); only a skip says nothing.
    story = intent != "skip"
    for slot, raw in pressed.items():
        value = _value(slot, [raw])
        if value is not None:
            changes[slot] = _merged(slot, slots.get(slot), value, replace=slot == requested_slot)
            sources[slot] = BUTTON
    if story:
        for slot in FACT_SLOTS.values():
            if slot not in told or slot in pressed:
                continue
            value = _value(slot, told[slot])
            if value is None:
                continue
            old, source = slots.get(slot), sources.get(slot)
            answering = slot == requested_slot
            if slot in LIST_SLOTS:
                changes[slot] = _merged(slot, old, value, replace=correction or answering)
            elif (
                old is None
                or old == NOT_KNOWN[slot]
                or answering
                or correction
                or (source in (BUTTON, ANSWER) and _confidence(entities, slot) >= OVERRIDE)
            ):
                changes[slot] = value
            else:
                continue
            sources[slot] = ANSWER if answering and len(words.split()) <= 3 else STORY

    if requested_slot and requested_slot not in changes and intent not in NOT_AN_ANSWER:
        value = clean(requested_slot, _answer(requested_slot, intent, words, told))
        if value is not None:
            changes[requested_slot] = value
            sources[requested_slot] = ANSWER

    # An answer to the open question counts even when it is what the slot holds: after two
    # asks the slot already says "not known", and a "rather not say" to the second ask must
    # move on, not be met with "I did not get that".
    changes = {
        slot: value
        for slot, value in changes.items()
        if value != slots.get(slot) or slot == requested_slot
    }
    if changes and sources != (slots.get(SOURCES_SLOT) or {}):
        changes[SOURCES_SLOT] = {s: sources[s] for s in sorted(sources)}
    return changes


# Before the questions start, the invitation to tell ("Wat is er aan de hand?", after the
# greeting or a rephrase, or in other words after the 24/7 lines) offers the concerns as
# buttons: it is the question about the concern.
INVITATIONS = ("utter_invite_story", "utter_invite_story_again")


def question_on_screen(events: list[dict[str, Any]]) -> str | None:
    """Outside the form: "concern" when the bot's last words before this message were the
    invitation to tell, so that "I don't know" pressed there answers it (the form then does not
    ask "What is it about?" once more); None otherwise."""
    return "concern" if said_last_before_this_message(events) in INVITATIONS else None


def _merged(slot: str, old: Any, new: Any, *, replace: bool) -> Any:
    if slot not in LIST_SLOTS:
        return new
    if replace:
        return new
    kept = [v for v in old or [] if v != "unsure"]
    return clean(slot, [*kept, *new]) or new


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
            requested_slot=(
                tracker.get_slot("requested_slot")
                if tracker.active_loop_name
                else question_on_screen(tracker.events)
            ),
            slots=tracker.current_slot_values(),
        )
        # Slot names only: the values are facts about a person and stay out of the logs.
        log_event(logger, "facts.extracted", slots=",".join(sorted(changes)) or "-")
        return [SlotSet(slot, value) for slot, value in changes.items()]
