"""The triage form: facts from free text, only relevant questions, skipping, crisis first."""

import pytest
from rasa_sdk.events import ActionExecutionRejected, SlotSet

from actions.extraction import ActionExtractFacts
from actions.questions import MAX_QUESTIONS, plan
from actions.triage import ActionAskAgeGroup, ActionAskNeed, ValidateTriageForm
from tests.actions.conftest import make_tracker, responses, run_action


@pytest.fixture(autouse=True)
def _engine(api_up):
    """The form asks the real landscape API which questions still matter."""
    return api_up


def test_plan_asks_what_the_engine_says_is_missing_in_its_order():
    slots = {"role": "relative", "concern": ["domestic_violence"]}
    assert plan(slots, asked=[], missing_facts=["danger_now", "needs"]) == ["danger_now", "need"]


def test_plan_danger_asks_safe_to_chat_first_and_stops_when_not_safe():
    assert plan({"danger_now": "yes"}, [], ["concerns"])[0] == "safe_to_chat"
    assert plan({"danger_now": "yes", "safe_to_chat": "no"}, [], ["concerns"]) == ["safe_to_chat"]


def test_plan_never_asks_more_than_the_budget():
    asked = ["role", "concern"]
    questions = plan({}, asked, ["role", "concerns", "timing", "age_group", "needs", "region"])
    new = [q for q in questions if q not in asked]
    assert len(asked) + len(new) <= MAX_QUESTIONS


def test_plan_keeps_a_question_asked_once_until_it_is_answered_or_given_up():
    assert "timing" in plan({}, ["timing"], ["timing"])


def _ask(slot):
    return {"event": "slot", "name": "requested_slot", "value": slot}


def _said(response):
    return {"event": "bot", "metadata": {"utter_action": response}}


def _asked(slot, response=None):
    """One ask as the tracker holds it: two requested_slot events (the validation's and the
    form's own) and the question the person saw."""
    return [_ask(slot), _ask(slot), _said(response or f"utter_ask_{slot}")]


def _next_questions(events):
    return [e["value"] for e in events if e.get("name") == "requested_slot"]


def _user(intent, text=""):
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def test_extract_facts_action_returns_slot_events(domain):
    entities = [
        {"entity": "role", "value": "victim", "confidence": 0.9, "extractor": "FactExtractor"},
        {"entity": "timing", "value": "within_7_days", "confidence": 0.9,
         "extractor": "FactExtractor"},
    ]  # fmt: skip
    tracker = make_tracker(
        intent="inform_concern", text="ik ben gisteren verkracht", entities=entities
    )
    events, messages = run_action(ActionExtractFacts(), tracker, domain)
    assert messages == []
    assert SlotSet("timing", "within_7_days") in events
    assert SlotSet("role", "victim") in events


def _validate(domain, *, slots, intent, events=None, active=True, text="", entities=None):
    tracker = make_tracker(
        slots=slots,
        intent=intent,
        text=text,
        entities=entities,
        events=events,
        active_loop="triage_form" if active else None,
    )
    return run_action(ValidateTriageForm(), tracker, domain)


def test_validate_first_story_acknowledges_then_asks_age(domain):
    slots = {
        "role": "victim",
        "concern": ["sexual_violence"],
        "timing": "within_7_days",
        "requested_slot": None,
    }
    events, messages = _validate(
        domain,
        slots=slots,
        intent="inform_concern",
        events=[
            _user("inform_concern"),
            {"event": "slot", "name": "timing", "value": "within_7_days"},
        ],
    )
    assert responses(messages) == ["utter_acknowledge"]
    assert SlotSet("requested_slot", "age_group") in events


def test_validate_perpetrator_gets_a_non_judging_acknowledgement(domain):
    slots = {"role": "perpetrator", "concern": ["child_abuse"], "need": ["stop_own_behaviour"]}
    events, messages = _validate(
        domain, slots=slots, intent="inform_concern", events=[_user("inform_concern")]
    )
    assert responses(messages) == ["utter_acknowledge_perpetrator"]
    assert SlotSet("requested_slot", None) in events


def test_validate_yes_to_the_danger_question_sends_112_at_once(domain):
    slots = {
        "role": "relative",
        "concern": ["domestic_violence"],
        "danger_now": "yes",
        "requested_slot": "danger_now",
    }
    events, messages = _validate(
        domain,
        slots=slots,
        intent="affirm",
        events=[
            _ask("danger_now"),
            _user("affirm"),
            {"event": "slot", "name": "danger_now", "value": "yes"},
        ],
    )
    assert responses(messages)[0] == "utter_danger"
    assert SlotSet("requested_slot", "safe_to_chat") in events


def test_validate_fresh_crisis_turn_is_rejected_so_the_crisis_rule_answers(domain):
    slots = {"role": "victim", "danger_now": "yes", "requested_slot": "concern"}
    events, messages = _validate(
        domain,
        slots=slots,
        intent="express_danger",
        events=[_ask("concern"), _user("express_danger")],
    )
    assert events == [ActionExecutionRejected("triage_form")]
    assert messages == []


def test_validate_after_the_crisis_reply_the_form_resumes(domain):
    slots = {"role": "victim", "danger_now": "yes", "requested_slot": "concern"}
    history = [
        _ask("concern"),
        _user("express_danger"),
        {"event": "action", "name": "utter_danger"},
        {"event": "bot", "metadata": {"utter_action": "utter_danger"}},
    ]
    events, _ = _validate(domain, slots=slots, intent="express_danger", events=history)
    assert SlotSet("requested_slot", "safe_to_chat") in events


def _story_after_the_danger_line(extra=()):
    """The danger line and "is it safe to keep chatting?" were said; the person wrote more."""
    return [
        _user("express_danger"),
        _said("utter_danger"),
        *_asked("safe_to_chat"),
        _user("inform_concern"),
        *extra,
    ]


def test_validate_a_story_instead_of_the_safety_answer_gets_112_again_before_the_question(domain):
    # A 9-year-old alone at night: "mijn broertje van 3 is heel warm en wil niet drinken".
    slots = {"danger_now": "yes", "age_group": "under_12", "requested_slot": "safe_to_chat"}
    events, messages = _validate(
        domain,
        slots=slots,
        intent="inform_concern",
        text="mijn broertje van 3 is heel warm en hij huilt de hele tijd",
        events=_story_after_the_danger_line(),
    )
    assert responses(messages)[0] == "utter_danger_reminder"
    assert SlotSet("requested_slot", "safe_to_chat") in events


@pytest.mark.parametrize(
    ("slots", "extra"),
    [
        # They answered the question.
        ({"danger_now": "yes", "safe_to_chat": "yes", "requested_slot": "safe_to_chat"}, []),
        # The danger is over ("hij is weg, ik ben veilig").
        (
            {"danger_now": "no", "requested_slot": "safe_to_chat"},
            [{"event": "slot", "name": "danger_now", "value": "no"}],
        ),
        # The new message is a danger of its own: the crisis rule said the full line already.
        ({"danger_now": "yes", "requested_slot": "safe_to_chat"}, [_said("utter_danger")]),
    ],
)
def test_validate_no_second_112_when_answered_over_or_just_said(domain, slots, extra):
    _, messages = _validate(
        domain,
        slots=slots,
        intent="inform_concern",
        events=_story_after_the_danger_line(extra),
    )
    assert "utter_danger_reminder" not in responses(messages)


def test_validate_the_reminder_comes_once_not_at_every_turn(domain):
    slots = {"danger_now": "yes", "requested_slot": "safe_to_chat"}
    history = [
        *_story_after_the_danger_line(),
        _said("utter_danger_reminder"),
        *_asked("safe_to_chat"),
        _user("inform_concern"),
    ]
    _, messages = _validate(domain, slots=slots, intent="inform_concern", events=history)
    assert "utter_danger_reminder" not in responses(messages)


def test_validate_every_question_skipped_ends_the_form(domain):
    slots = {"role": "unknown", "concern": ["unsure"], "requested_slot": "concern"}
    events, _ = _validate(
        domain,
        slots=slots,
        intent="skip",
        events=[
            _ask("role"),
            _ask("concern"),
            _user("skip"),
            {"event": "slot", "name": "concern", "value": ["unsure"]},
        ],
    )
    assert SlotSet("requested_slot", None) in events


def test_validate_invalid_code_is_asked_again(domain):
    slots = {
        "role": "victim",
        "concern": ["sexual_violence"],
        "timing": "yesterday-ish",
        "requested_slot": "timing",
    }
    events, _ = _validate(
        domain,
        slots=slots,
        intent="inform_timing",
        events=[
            _ask("timing"),
            _user("inform_timing"),
            {"event": "slot", "name": "timing", "value": "yesterday-ish"},
        ],
    )
    assert SlotSet("timing", None) in events
    assert SlotSet("requested_slot", "timing") in events


@pytest.mark.parametrize(
    ("action", "role", "expected"),
    [
        (ActionAskAgeGroup(), "victim", "utter_ask_age_group_self"),
        (ActionAskAgeGroup(), "bystander", "utter_ask_age_group_other"),
        (ActionAskNeed(), None, "utter_ask_need_self"),
        (ActionAskNeed(), "relative", "utter_ask_need_other"),
    ],
)
def test_ask_actions_use_words_that_fit_the_role(action, role, expected, domain):
    _, messages = run_action(action, make_tracker(slots={"role": role}), domain)
    assert responses(messages) == [expected]


def test_validate_danger_words_under_another_intent_still_get_112(domain):
    slots = {
        "role": "victim",
        "concern": ["sexual_violence"],
        "danger_now": "yes",
        "requested_slot": "timing",
    }
    events, messages = _validate(
        domain,
        slots=slots,
        intent="inform_concern",
        events=[
            _ask("timing"),
            _user("inform_concern"),
            {"event": "slot", "name": "danger_now", "value": "yes"},
        ],
    )
    assert responses(messages)[0] == "utter_danger"
    assert SlotSet("requested_slot", "safe_to_chat") in events


def test_validate_a_danger_already_on_record_is_not_a_new_one_when_the_form_starts_again(domain):
    # After the places, "Utrecht" starts the form again, and Rasa sets every filled slot once
    # more with the value it had. 112 was given for that danger already; it is not new.
    slots = {"role": "victim", "concern": ["domestic_violence"], "danger_now": "yes"}
    earlier = [
        _user("express_danger"),
        {"event": "slot", "name": "danger_now", "value": "yes"},
        _said("utter_danger"),
        _said("utter_place"),
    ]
    _, messages = _validate(
        domain,
        slots=slots,
        intent="inform_region",
        text="Utrecht",
        events=[
            *earlier,
            _user("inform_region"),
            {"event": "slot", "name": "danger_now", "value": "yes"},
        ],
    )
    assert "utter_danger" not in responses(messages)
    # A danger that was over and comes back is new: 112 again.
    back = [*earlier, _user("inform_safe"), {"event": "slot", "name": "danger_now", "value": "no"}]
    _, messages = _validate(
        domain,
        slots=slots,
        intent="inform_concern",
        events=[
            *back,
            _user("inform_concern"),
            {"event": "slot", "name": "danger_now", "value": "yes"},
        ],
    )
    assert responses(messages)[0] == "utter_danger"


def test_validate_suicidal_words_under_another_intent_get_113_first(domain):
    slots = {
        "role": "victim",
        "concern": ["sexual_violence"],
        "suicidal_thoughts": "yes",
        "requested_slot": "timing",
    }
    _, messages = _validate(
        domain,
        slots=slots,
        intent="inform_timing",
        events=[
            _ask("timing"),
            _user("inform_timing"),
            {"event": "slot", "name": "suicidal_thoughts", "value": "yes"},
        ],
    )
    assert responses(messages)[0] == "utter_suicide"


def test_validate_crisis_already_answered_in_this_turn_is_not_repeated(domain):
    slots = {
        "role": "victim",
        "concern": ["sexual_violence"],
        "suicidal_thoughts": "yes",
        "requested_slot": "timing",
    }
    history = [
        _ask("timing"),
        _user("inform_timing"),
        {"event": "slot", "name": "suicidal_thoughts", "value": "yes"},
        {"event": "bot", "metadata": {"utter_action": "utter_suicide"}},
    ]
    _, messages = _validate(domain, slots=slots, intent="inform_timing", events=history)
    assert "utter_suicide" not in responses(messages)


def _told(fact, value):
    return {"entity": fact, "value": value, "confidence": 0.9, "extractor": "FactExtractor"}


# Earlier in the conversation: the story was acknowledged and the age question asked.
_ACKNOWLEDGED = [
    {"event": "bot", "metadata": {"utter_action": "utter_acknowledge"}},
    _ask("age_group"),
]

_KNOWN = {
    "role": "relative",
    "concern": ["sexual_violence"],
    "timing": "longer_ago",
    "requested_slot": "age_group",
}


def test_validate_a_correction_that_changes_nothing_is_heard_before_the_question_again(domain):
    # "het gaat om mijn zus eigenlijk, niet mijn vriendin": a sister and a friend are both
    # someone close; the age question stands, but not without a word in between.
    events, messages = _validate(
        domain,
        slots=_KNOWN,
        intent="inform_role",
        text="het gaat om mijn zus eigenlijk, niet mijn vriendin",
        entities=[_told("role", "relative"), _told("concerns", "sexual_violence")],
        events=[*_ACKNOWLEDGED, _user("inform_role")],
    )
    assert responses(messages) == ["utter_heard"]
    # The same role again (so Rasa does not reject the turn), and the age question stands.
    assert SlotSet("role", "relative") in events
    assert SlotSet("requested_slot", "age_group") in events


def test_validate_a_restated_fact_after_a_112_line_in_the_same_turn_gets_no_thank_you(domain):
    # "i locked my door but he keeps kicking it": the crisis rule just gave the 112 line.
    # "Thank you, that is clear." under it would read as if the alarm were a formality.
    events, messages = _validate(
        domain,
        slots=_KNOWN,
        intent="inform_role",
        text="het gaat om mijn zus eigenlijk, niet mijn vriendin",
        entities=[_told("role", "relative")],
        events=[*_ACKNOWLEDGED, _user("inform_role"), _said("utter_danger")],
    )
    assert "utter_heard" not in responses(messages)
    # What they told is still taken as said, so the turn stands.
    assert SlotSet("role", "relative") in events


def test_validate_the_second_ask_with_nothing_new_is_heard_too(domain):
    # The question was asked before this turn as well: it is asked once more, with "not known"
    # filled behind it (no loop), and the person still hears that they were understood.
    events, messages = _validate(
        domain,
        slots=_KNOWN,
        intent="inform_role",
        text="actually it's my sister, not my friend",
        entities=[_told("role", "relative")],
        events=[
            *_ACKNOWLEDGED,
            _said("utter_ask_age_group_other"),
            _user("inform_age", "weet ik niet zeker"),
            *_asked("age_group", "utter_ask_age_group_other"),
            _user("inform_role"),
        ],
    )
    assert responses(messages) == ["utter_heard"]
    assert SlotSet("age_group", "unknown") in events
    assert SlotSet("requested_slot", "age_group") not in events  # not a third time


def test_validate_a_question_asked_twice_before_a_pause_is_not_asked_again_after_it(domain):
    # "Is anyone in danger?" asked twice, then a suicide plan (113, the questions pause), then
    # "yes, go on": the form comes back with nothing requested and must not ask it a third time.
    slots = {
        "role": "victim",
        "concern": ["online_sexual_abuse"],
        "timing": "ongoing",
        "age_group": "18_plus",
        "suicidal_thoughts": "yes",
        "requested_slot": None,
    }
    history = [
        *_asked("danger_now"),
        _user("inform_age", "I'm 28, this started in march"),
        *_asked("danger_now"),
        _user("express_suicidal_thoughts"),
        {"event": "slot", "name": "suicidal_thoughts", "value": "yes"},
        _said("utter_suicide"),
        _said("utter_pause_triage"),
        _ask(None),
        _user("affirm"),
    ]
    events, _ = _validate(domain, slots=slots, intent="affirm", text="yes", events=history)
    assert SlotSet("danger_now", "unsure") in events
    assert "danger_now" not in _next_questions(events), events


def test_validate_a_question_asked_once_is_asked_a_second_time(domain):
    # One ask leaves two requested_slot events in the tracker (the validation's and the
    # form's own); a message that does not answer it gets the question once more, not "not
    # known" at once.
    slots = {
        "role": "relative",
        "concern": ["sexual_violence", "child_abuse"],
        "age_group": "under_12",
        "requested_slot": "danger_now",
    }
    history = [
        *_asked("danger_now"),
        _user("inform_need", "ik wil haar niet onder druk zetten met vragen"),
    ]
    events, _ = _validate(
        domain, slots=slots, intent="inform_need", text="ik wil haar niet onder druk zetten",
        events=history,
    )  # fmt: skip
    assert SlotSet("danger_now", "unsure") not in events
    assert SlotSet("requested_slot", "danger_now") in events


def test_validate_a_question_asked_twice_is_not_asked_a_third_time_after_another_answer(domain):
    # "Is there danger now?" asked, then 113 and a pause, then asked again after the pause;
    # "ik ben 23" answers the age, not the danger question: "not known" goes behind it, and
    # the next question is not the danger question a third time.
    slots = {
        "role": "victim",
        "concern": ["sexual_violence"],
        "timing": "ongoing",
        "suicidal_thoughts": "yes",
        "age_group": "18_plus",
        "requested_slot": "danger_now",
    }
    history = [
        *_asked("danger_now"),
        _user("express_suicidal_thoughts"),
        {"event": "slot", "name": "suicidal_thoughts", "value": "yes"},
        _said("utter_suicide"),
        _said("utter_acknowledge"),
        _ask(None),
        *_asked("danger_now"),
        _user("inform_age", "ik ben 23"),
    ]
    events, _ = _validate(
        domain, slots=slots, intent="inform_age", text="ik ben 23", events=history,
        entities=[_told("age_group", "18_plus")],
    )  # fmt: skip
    assert SlotSet("danger_now", "unsure") in events
    asks = _next_questions(events)
    assert asks and "danger_now" not in asks, events


@pytest.mark.parametrize(
    ("slots", "intent", "text", "entities", "this_turn"),
    [
        # An answer to the question gets no extra words.
        (
            {**_KNOWN, "age_group": "18_plus"},
            "inform_age",
            "ze is 19, mijn zus",
            [_told("role", "relative"), _told("age_group", "18_plus")],
            [SlotSet("age_group", "18_plus")],
        ),
        # The model read "victim" but did not replace the role (no slot event this turn):
        # saying "that is clear" would claim the bot took it over.
        (
            _KNOWN,
            "inform_role",
            "het gaat eigenlijk ook een beetje over mij",
            [_told("role", "victim")],
            [],
        ),
    ],
    ids=["an answer", "a fact that differs from what is known"],
)
def test_validate_only_a_restatement_is_called_clear(
    domain, slots, intent, text, entities, this_turn
):
    _, messages = _validate(
        domain,
        slots=slots,
        intent=intent,
        text=text,
        entities=entities,
        events=[*_ACKNOWLEDGED, _user(intent), *this_turn],
    )
    assert "utter_heard" not in responses(messages)


def test_validate_safe_now_after_a_danger_says_so_and_goes_on_without_112(domain):
    # Back after "not safe to chat": "ik ben nu veilig, hij is weg" ended the danger on record
    # (actions/extraction.py); the bot is glad, sends no 112 as if it were new, and goes on.
    slots = {"role": "victim", "concern": ["domestic_violence"], "danger_now": "no"}
    events, messages = _validate(
        domain,
        slots=slots,
        intent="inform_role",
        events=[
            _user("express_danger"),
            {"event": "slot", "name": "danger_now", "value": "yes"},
            {"event": "bot", "metadata": {"utter_action": "utter_acknowledge"}},
            _user("deny"),
            {"event": "bot", "metadata": {"utter_action": "utter_stay_safe"}},
            _user("inform_role"),
            {"event": "slot", "name": "danger_now", "value": "no"},
        ],
    )
    assert responses(messages)[0] == "utter_glad_safe"
    assert "utter_danger" not in responses(messages)
    assert SlotSet("requested_slot", "age_group") in events


def test_validate_no_to_the_danger_question_is_not_met_with_relief(domain):
    # A plain "no" to "is anyone in danger now?" ends nothing: no danger was on record.
    slots = {
        "role": "victim",
        "concern": ["sexual_violence"],
        "danger_now": "no",
        "requested_slot": "danger_now",
    }
    answered = {"event": "slot", "name": "danger_now", "value": "no"}
    _, messages = _validate(
        domain, slots=slots, intent="deny", events=[_ask("danger_now"), _user("deny"), answered]
    )
    assert "utter_glad_safe" not in responses(messages)


def _more_of_the_story(domain, slots, asked):
    """The validation's events when the open question is answered with what the person wants
    ("talk", understood and filled this turn) instead of its answer."""
    story = "ik wil er vooral met iemand over praten"
    history = [
        *asked,
        _user("inform_need", story),
        {"event": "slot", "name": "need", "value": ["talk"]},
    ]
    events, _ = _validate(
        domain, slots=slots, intent="inform_need", text=story, events=history,
        entities=[_told("needs", "talk")],
    )  # fmt: skip
    return events


def test_validate_a_question_answered_with_more_of_the_story_is_not_asked_again(domain):
    # "How old are you?" answered with more of the story (what they want, not the age): the
    # story was understood, so asking the same question again reads as not being listened to.
    # The age gets "not known" and the next question comes.
    slots = {
        "role": "victim",
        "concern": ["sexual_violence"],
        "timing": "longer_ago",
        "need": ["talk"],
        "requested_slot": "age_group",
    }
    events = _more_of_the_story(domain, slots, _asked("age_group", "utter_ask_age_group_self"))
    assert SlotSet("age_group", "unknown") in events
    assert "age_group" not in _next_questions(events), events


def test_validate_a_question_answered_with_nothing_understood_is_asked_once_more(domain):
    slots = {
        "role": "victim",
        "concern": ["sexual_violence"],
        "timing": "longer_ago",
        "requested_slot": "age_group",
    }
    history = [*_asked("age_group", "utter_ask_age_group_self"), _user("nlu_fallback", "hmm")]
    events, _ = _validate(domain, slots=slots, intent="nlu_fallback", text="hmm", events=history)
    assert SlotSet("age_group", "unknown") not in events
    assert SlotSet("requested_slot", "age_group") in events


def test_validate_the_danger_question_answered_with_more_of_the_story_is_not_asked_again(domain):
    # "Is anyone in danger right now?" answered with more of the story, no danger in it: the
    # question is not put a second time. Danger counts as not sure (the engine then lists the
    # emergency line among the places also possible), and the next question comes.
    slots = {
        "role": "victim",
        "concern": ["domestic_violence"],
        "need": ["talk"],
        "requested_slot": "danger_now",
    }
    events = _more_of_the_story(domain, slots, _asked("danger_now"))
    assert SlotSet("danger_now", "unsure") in events
    assert "danger_now" not in _next_questions(events), events


def test_validate_the_danger_question_answered_with_nothing_understood_is_asked_once_more(domain):
    slots = {"role": "victim", "concern": ["domestic_violence"], "requested_slot": "danger_now"}
    history = [*_asked("danger_now"), _user("nlu_fallback", "hmm")]
    events, _ = _validate(domain, slots=slots, intent="nlu_fallback", text="hmm", events=history)
    assert SlotSet("danger_now", "unsure") not in events
    assert SlotSet("requested_slot", "danger_now") in events


def test_validate_is_it_safe_to_chat_answered_with_more_of_the_story_is_asked_once_more(domain):
    # After danger now, a story is no answer to "can you keep chatting safely?": that one is
    # still asked twice (what they wrote may be the danger itself).
    slots = {
        "role": "victim",
        "concern": ["domestic_violence"],
        "danger_now": "yes",
        "requested_slot": "safe_to_chat",
    }
    events = _more_of_the_story(domain, slots, _asked("safe_to_chat"))
    assert SlotSet("safe_to_chat", "unsure") not in events
    assert SlotSet("requested_slot", "safe_to_chat") in events


@pytest.mark.parametrize("invitation", ["utter_invite_story", "utter_invite_story_again"])
@pytest.mark.parametrize("intent", ["dont_know", "skip"])
def test_extract_i_dont_know_pressed_on_the_invitation_answers_what_it_is_about(
    domain, intent, invitation
):
    # "Wat is er aan de hand?" with the concerns as buttons, after the greeting or a rephrase
    # (in other words after the 24/7 lines): "Weet ik niet" pressed there answers it, so the
    # questions that start next do not ask "Waar gaat het over?" once more.
    events = [
        _said("utter_rephrase"),
        _said(invitation),
        _user(intent, f"/{intent}"),
    ]
    tracker = make_tracker(intent=intent, text=f"/{intent}", events=events)
    changes, _ = run_action(ActionExtractFacts(), tracker, domain)
    assert SlotSet("concern", ["unsure"]) in changes


def test_extract_i_dont_know_after_another_question_outside_the_questions_is_no_concern(domain):
    events = [_said("utter_offer_continue"), _user("dont_know", "/dont_know")]
    tracker = make_tracker(intent="dont_know", text="/dont_know", events=events)
    changes, _ = run_action(ActionExtractFacts(), tracker, domain)
    assert not [e for e in changes if e.get("name") == "concern"]
