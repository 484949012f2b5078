"""The triage form: its dynamic questions, their validation, and the role-aware questions."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from actions import landscape_client
from actions.events import bot_said, said_this_turn, this_conversation
from actions.extraction import EXTRACTOR
from actions.extraction import FACT_SLOTS as TOLD
from actions.facts import FACT_SLOTS as FACT_SLOT_NAMES
from actions.facts import NOT_KNOWN, clean, request_body
from actions.logs import log_event
from actions.questions import plan
from actions.rephrase import facts_found_this_turn

logger = logging.getLogger(__name__)

FORM = "triage_form"
CRISIS_INTENTS = ("express_danger", "express_suicidal_thoughts")
# No question is asked more than twice: after two answers it could not use, the form takes
# "not known" and moves on (the engine still gives the places that fit what is known).
MAX_ASKS = 2
# Asked a second time even when the reply told something else: after danger now, a story is no
# answer to "can you keep chatting safely?" (what they wrote may be the danger itself). The
# danger question itself is not: a story in reply, with no danger read in it (danger is read
# from every message), leaves it "not sure", as for anyone who presses "not sure": the engine
# then lists 112 first among the places "also possible" (rule danger_unsure_112_visible, under
# "more options"), and the next question comes. Asking it again cost a turn in 150 of 524 spent
# conversations and changed no place and no crisis line in them; weighed once on set 18 with a
# rule written before (bench/data/unseen18/README.md): user turns to the places 275 -> 254,
# all else equal.
ASKED_TWICE = ("safe_to_chat",)
_ACKNOWLEDGEMENTS = ("utter_acknowledge", "utter_acknowledge_perpetrator")
# Actions that run between a user message and the form itself in the same turn.
_SAME_TURN = ("action_listen", "action_extract_slots", FORM, None)


def asked_slots(tracker: Tracker) -> list[str]:
    """Slots the form has asked for since the conversation (re)started."""
    asked: list[str] = []
    for event in this_conversation(tracker.events):
        if event.get("event") == "slot" and event.get("name") == "requested_slot":
            value = event.get("value")
            if value and value not in asked:
                asked.append(value)
    return asked


def times_asked(tracker: Tracker, slot: str) -> int:
    """How often the person saw the question for `slot` since the conversation (re)started:
    its response, utter_ask_<slot> or a variant of it (utter_ask_age_group_other). Not the
    form's requested_slot events: one ask leaves two of them in the tracker (the validation's
    and the form's own), so counting those gave up after the first ask and then asked again."""
    names = (f"utter_ask_{slot}", f"utter_ask_{slot}_")
    return sum(
        1
        for event in this_conversation(tracker.events)
        if event.get("event") == "bot"
        and (
            (action := str((event.get("metadata") or {}).get("utter_action") or "")) == names[0]
            or action.startswith(names[1])
        )
    )


def _requests(event: EventType) -> bool:
    """True for the event that names the form's next question."""
    return event.get("event") == "slot" and event.get("name") == REQUESTED_SLOT


def _latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _new_yes_unanswered(tracker: Tracker, slot: str, response: str) -> bool:
    """True when `slot` became "yes" in this turn (it was not "yes" before the message) and
    `response` was not sent in it. When the form starts again after the places ("het gebeurt
    al jaren", "Utrecht"), Rasa sets every filled slot once more with the value it had: that is
    no new danger, and 112 is not said again for it (a new danger message gets it from the
    crisis rules)."""
    if said_this_turn(tracker.events, [response]):
        return False
    set_now = False
    for index in range(len(tracker.events) - 1, -1, -1):
        event = tracker.events[index]
        if event.get("event") == "user":
            return set_now and _value_before(tracker.events[:index], slot) != "yes"
        if event.get("event") == "slot" and event.get("name") == slot:
            set_now = set_now or event.get("value") == "yes"
    return False


def _value_before(events: list[dict[str, Any]], slot: str) -> Any:
    """The slot's value at the end of `events` (None when it was never set)."""
    for event in reversed(events):
        if event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
        if event.get("event") == "restart":
            return None
    return None


# Said once when the person tells that a danger on record is over, before the next question.
GLAD_SAFE = "utter_glad_safe"


def danger_over_this_turn(events: list[dict[str, Any]]) -> bool:
    """True when the latest message ended a danger on record ("ik ben nu veilig, hij is weg",
    actions/extraction.py): danger_now went from "yes" to "no" in this turn."""
    now = before = None
    passed_user = False
    for event in reversed(events):
        kind = event.get("event")
        if kind == "user":
            passed_user = True
        elif kind == "slot" and event.get("name") == "danger_now":
            if not passed_user and now is None:
                now = event.get("value")
            elif passed_user:
                before = event.get("value")
                break
    return now == "no" and before == "yes"


# Said before "is it safe to keep chatting?" comes the second time: the person wrote something
# else after the danger line ("mijn broertje van 3 is heel warm en wil niet drinken"), so the
# line is on screen above a story, and what they wrote may be the danger itself.
DANGER_REMINDER = "utter_danger_reminder"


def danger_reminder_due(
    tracker: Tracker, events: list[EventType], said_now: list[str | None]
) -> bool:
    """True when the safety question was open, the latest message did not answer it, the danger
    on record still holds, the question will come a second time, and no 112 line was said in
    this turn (in the tracker, or `said_now` by this action)."""
    if tracker.get_slot(REQUESTED_SLOT) != "safe_to_chat":
        return False
    filled = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    if filled.get("safe_to_chat", tracker.get_slot("safe_to_chat")) is not None:
        return False
    if filled.get("danger_now", tracker.get_slot("danger_now")) != "yes":
        return False
    if times_asked(tracker, "safe_to_chat") != 1:
        return False
    return not crisis_line_said(tracker, said_now, ("utter_danger", DANGER_REMINDER))


CRISIS_LINES = ("utter_danger", "utter_suicide", DANGER_REMINDER)


def crisis_line_said(
    tracker: Tracker, said_now: list[str | None], lines: tuple[str, ...] = CRISIS_LINES
) -> bool:
    """True when one of `lines` (by default any 112 or 113 line) was said in this turn: in the
    tracker, or `said_now` by this action."""
    return bool(said_this_turn(tracker.events, list(lines)) or set(lines) & set(said_now))


def _is_fresh_crisis(tracker: Tracker) -> bool:
    """True when the person just wrote about danger or suicide and nothing answered it yet."""
    if _latest_intent(tracker) not in CRISIS_INTENTS:
        return False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return True
        if event.get("event") == "action" and event.get("name") not in _SAME_TURN:
            return False
    return True


def restated_slots(tracker: Tracker, events: list[EventType]) -> list[str]:
    """The slots of the facts the person told in their own words, while a question is open,
    when the bot already had them all and the message answered nothing (a friend corrected to a
    sister: both someone close); [] otherwise. The question comes again; without a word in
    between it reads as not being listened to."""
    if tracker.active_loop_name != FORM or not tracker.get_slot("requested_slot"):
        return []
    told = _told(tracker)
    if not told or not all(_already_known(tracker, e) for e in told):
        return []
    set_now = {e.get("name") for e in events if e.get("event") == "slot"}
    if facts_found_this_turn(tracker.events) | (set_now & set(FACT_SLOT_NAMES)):
        return []
    return sorted({TOLD[e["entity"]] for e in told})


def _told(tracker: Tracker) -> list[dict[str, Any]]:
    """The facts the latest message told in words (the understanding layer's entities)."""
    entities = (tracker.latest_message or {}).get("entities") or []
    return [e for e in entities if e.get("extractor") == EXTRACTOR and e.get("entity") in TOLD]


def _already_known(tracker: Tracker, entity: dict[str, Any]) -> bool:
    """True when the slot already holds what the entity says (one of its codes, for a list)."""
    known = tracker.get_slot(TOLD[entity["entity"]])
    value = entity.get("value")
    return value == known or (isinstance(known, list) and value in known)


class ValidateTriageForm(FormValidationAction):
    """Asks only what is still missing and relevant; lets crisis rules answer first."""

    def name(self) -> str:
        """The validation action Rasa calls for triage_form."""
        return "validate_triage_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Reject a fresh crisis turn so the crisis rules reply first; otherwise validate."""
        if tracker.active_loop_name == FORM and _is_fresh_crisis(tracker):
            return [ActionExecutionRejected(FORM)]
        self._answer_crisis_facts(dispatcher, tracker)
        if danger_over_this_turn(tracker.events) and not said_this_turn(
            tracker.events, [GLAD_SAFE]
        ):
            dispatcher.utter_message(response=GLAD_SAFE)
        events = await super().run(dispatcher, tracker, domain)
        # Before the give-up below, which fills the open question with "not known" itself.
        restated = restated_slots(tracker, events)
        given_up = self._give_up_on_open_questions(tracker, events)
        if given_up:
            events = await self._next_after_giving_up(dispatcher, tracker, domain, events, given_up)
        if danger_reminder_due(tracker, events, [m.get("response") for m in dispatcher.messages]):
            dispatcher.utter_message(response=DANGER_REMINDER)
        acknowledged = self._acknowledge(dispatcher, tracker, events)
        said_now = [m.get("response") for m in dispatcher.messages]
        if not acknowledged and restated:
            if not crisis_line_said(tracker, said_now):
                # Not under a 112 or 113 line of this turn: there "Thank you, that is clear."
                # reads as if the alarm were a formality.
                dispatcher.utter_message(response="utter_heard")
            # What they told is taken as said (the same values again): otherwise Rasa rejects
            # a form turn that filled nothing, and this reply with it.
            events += [SlotSet(slot, tracker.get_slot(slot)) for slot in restated]
        return events

    @staticmethod
    def _give_up_on_open_questions(tracker: Tracker, events: list[EventType]) -> list[EventType]:
        """Not known ("unsure", "unknown") behind every question asked twice and still open:
        the one just asked, and one asked twice before a pause after 113, which the form
        coming back would otherwise ask a third time. Also behind the open question asked
        once, when the reply told something else instead (more of their story): asking it
        again reads as not being listened to, so it is asked again only when nothing in the
        reply was understood. Not "is it safe to chat?" after danger: that one is asked twice."""
        filled = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
        open_question = tracker.get_slot(REQUESTED_SLOT)
        told_else = (
            facts_found_this_turn(tracker.events) | (set(filled) & set(FACT_SLOT_NAMES))
        ) - {open_question}

        def given_up(slot: str) -> bool:
            asked = times_asked(tracker, slot)
            if asked >= MAX_ASKS:
                return True
            return (
                slot == open_question and asked >= 1 and slot not in ASKED_TWICE and bool(told_else)
            )

        return [
            SlotSet(slot, NOT_KNOWN[slot])
            for slot in NOT_KNOWN
            if filled.get(slot, tracker.get_slot(slot)) is None and given_up(slot)
        ]

    async def _next_after_giving_up(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        events: list[EventType],
        given_up: list[EventType],
    ) -> list[EventType]:
        """The events with "not known" behind the question asked twice, and the question after
        it. The next question was chosen before the give-up (while the slot was still empty), so
        without this the same question came a third time (a message that answered another
        question, "ik ben 23" while "is there danger now?" was open)."""
        tracker.add_slots(given_up)
        following = await self.next_requested_slot(dispatcher, tracker, domain)
        kept = [e for e in events if not _requests(e)]
        return [*kept, *given_up, *([following] if following else [])]

    def _answer_crisis_facts(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        # Danger or suicidal thoughts set in this turn and not yet answered: a "yes" to the
        # danger question, or the second crisis of a message that is both danger and suicide
        # (the crisis rules answered the first). 112 / 113 come before anything else.
        for slot, response in (
            ("danger_now", "utter_danger"),
            ("suicidal_thoughts", "utter_suicide"),
        ):
            if _new_yes_unanswered(tracker, slot, response):
                dispatcher.utter_message(response=response)

    def _acknowledge(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, events: list[EventType]
    ) -> bool:
        # Once, as soon as we know what happened: acknowledge before the next question.
        slots = dict(tracker.current_slot_values())
        slots.update({e["name"]: e["value"] for e in events if e.get("event") == "slot"})
        concern = [c for c in slots.get("concern") or [] if c != "unsure"]
        if not concern or bot_said(tracker.events, _ACKNOWLEDGEMENTS):
            return False
        if slots.get("safe_to_chat") == "no":
            return False
        if slots.get("role") == "perpetrator":
            dispatcher.utter_message(response="utter_acknowledge_perpetrator")
        else:
            dispatcher.utter_message(response="utter_acknowledge")
        return True

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """Every fact slot may be filled and validated at any turn; which one is asked next is
        decided once per turn in next_requested_slot."""
        return domain_slots

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> EventType | None:
        """The next question that still matters, as the engine says; None ends the form."""
        slots = tracker.current_slot_values()
        questions = plan(slots, asked_slots(tracker), await missing_facts(tracker))
        following = next((slot for slot in questions if tracker.slots.get(slot) is None), None)
        return SlotSet(REQUESTED_SLOT, following)

    def _keep(self, slot: str, value: Any) -> dict[str, Any]:
        return {slot: clean(slot, value)}

    def validate_safe_to_chat(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Yes / no / unsure; a "yes" gets the quick-exit reminder."""
        result = self._keep("safe_to_chat", value)
        if result["safe_to_chat"] == "yes" and tracker.get_slot("requested_slot") == "safe_to_chat":
            dispatcher.utter_message(response="utter_safe_to_chat_ok")
        return result

    def validate_role(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keep a valid role code, or ask again."""
        return self._keep("role", value)

    def validate_concern(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keep the valid concern codes, or ask again."""
        return self._keep("concern", value)

    def validate_timing(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keep a valid timing code, or ask again."""
        return self._keep("timing", value)

    def validate_age_group(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keep a valid age group, or ask again."""
        return self._keep("age_group", value)

    def validate_need(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keep the valid need codes, or ask again."""
        return self._keep("need", value)

    def validate_prefer_channel(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keep a valid channel preference."""
        return self._keep("prefer_channel", value)

    def validate_region(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keep postcode digits or a place name (actions.facts.place dropped anything finer)."""
        return self._keep("region", value)

    def validate_danger_now(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keep yes / no / unsure (112 for a new "yes" is sent by run)."""
        return self._keep("danger_now", value)

    def validate_suicidal_thoughts(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keep yes / no / unsure."""
        return self._keep("suicidal_thoughts", value)


async def missing_facts(tracker: Tracker) -> list[str]:
    """The engine's `missing_facts` for the facts in the slots; none when it cannot answer
    (the form then ends and the person gets the national 24/7 lines at once)."""
    body = request_body(tracker.current_slot_values(), tracker.get_slot("language"))
    try:
        answer = await landscape_client.recommend(body)
    except landscape_client.LandscapeError as error:
        log_event(logger, "questions.unavailable", logging.WARNING, error=type(error).__name__)
        return []
    return [str(fact) for fact in answer.get("missing_facts") or []]


class _AskBySelf(Action, ABC):
    """Ask a question in words for "you" when it is about the writer, else about "them"."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The slot this action asks for."""

    @property
    @abstractmethod
    def responses(self) -> tuple[str, str]:
        """The response about the writer, and the one about someone else."""

    def name(self) -> str:
        """Rasa's form looks for action_ask_<slot> before utter_ask_<slot>."""
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Send the question in the words that fit the role."""
        about_self = tracker.get_slot("role") in ("victim", None, "unknown")
        dispatcher.utter_message(response=self.responses[0 if about_self else 1])
        return []


class ActionAskAgeGroup(_AskBySelf):
    """ "Hoe oud ben je?" or "Hoe oud is degene om wie het gaat?"."""

    slot = "age_group"
    responses = ("utter_ask_age_group_self", "utter_ask_age_group_other")


class ActionAskNeed(_AskBySelf):
    """What the person would like: for themselves, or to help someone else."""

    slot = "need"
    responses = ("utter_ask_need_self", "utter_ask_need_other")
