"""After a language switch outside the form, the open question or offer comes again (by
response name, so Rasa renders it in the new language)."""

from pathlib import Path

import pytest
import yaml
from rasa_sdk.events import SlotSet

from actions.repeat import GO_ON_OFFERS, ActionRepeatQuestion, open_offer
from tests.actions.conftest import make_tracker, responses, run_action

ROOT = Path(__file__).resolve().parents[2]
BUTTONS = {"buttons": [{"title": "Ja", "payload": "/affirm"}]}
SWITCH = {"event": "user", "text": "english please", "parse_data": {}}


def _bot(name, buttons=False):
    return {"event": "bot", "text": "...", "data": BUTTONS if buttons else {},
            "metadata": {"utter_action": name}}  # fmt: skip


def _switched(*previous_turn):
    return [
        {"event": "user", "text": "..."},
        *previous_turn,
        {"event": "action", "name": "action_listen"},
        SWITCH,
        {"event": "action", "name": "utter_language_switched"},
        _bot("utter_language_switched"),
    ]


def test_open_offer_is_the_last_message_with_buttons_of_the_previous_turn():
    events = _switched(_bot("utter_greet"), _bot("utter_invite_story", buttons=True))
    assert open_offer(events) == "utter_invite_story"


def test_open_offer_after_places_is_the_next_steps():
    events = _switched(_bot("utter_place"), _bot("utter_next_steps", buttons=True))
    assert open_offer(events) == "utter_next_steps"


def test_open_offer_is_none_when_the_previous_turn_asked_nothing():
    assert open_offer(_switched(_bot("utter_privacy"))) is None


def test_open_offer_never_reaches_back_past_the_previous_turn():
    events = [_bot("utter_invite_story", buttons=True), *_switched(_bot("utter_privacy"))]
    assert open_offer(events) is None


def test_open_offer_after_a_second_switch_is_still_the_question():
    first = _switched(_bot("utter_ask_feedback", buttons=True))
    events = [*first, {"event": "action", "name": "action_repeat_question"},
              _bot("utter_ask_feedback", buttons=True), SWITCH]  # fmt: skip
    assert open_offer(events) == "utter_ask_feedback"


def test_repeat_question_sends_the_open_offer_again(domain):
    events = _switched(_bot("utter_privacy"), _bot("utter_next_steps", buttons=True))
    tracker = make_tracker(slots={"language": "en"}, intent="switch_language", events=events)
    result, messages = run_action(ActionRepeatQuestion(), tracker, domain)
    assert responses(messages) == ["utter_next_steps"]
    assert result == []


@pytest.mark.parametrize("offer", ["utter_offer_continue", "utter_pause_triage"])
def test_an_offer_to_go_on_asked_again_stays_open_for_the_yes_or_no_after_it(domain, offer):
    # Without the slot, the rules read a "yes" after the repeated offer as a yes without a
    # question and ask for the whole story again.
    events = _switched(_bot("utter_suicide"), _bot(offer, buttons=True))
    tracker = make_tracker(slots={"language": "en"}, intent="switch_language", events=events)
    result, messages = run_action(ActionRepeatQuestion(), tracker, domain)
    assert responses(messages) == [offer]
    assert result == [SlotSet("go_on_offered", True)]


def test_an_offer_to_go_on_repeated_earlier_is_closed_by_the_next_repeat(domain):
    slots = {"language": "nl", "go_on_offered": True}
    events = _switched(_bot("utter_place"), _bot("utter_next_steps", buttons=True))
    tracker = make_tracker(slots=slots, intent="switch_language", events=events)
    result, messages = run_action(ActionRepeatQuestion(), tracker, domain)
    assert responses(messages) == ["utter_next_steps"]
    assert result == [SlotSet("go_on_offered", None)]


def test_repeat_question_sends_nothing_when_nothing_was_asked(domain):
    tracker = make_tracker(slots={"language": "en"}, intent="switch_language",
                           events=_switched(_bot("utter_privacy")))  # fmt: skip
    result, messages = run_action(ActionRepeatQuestion(), tracker, domain)
    assert messages == [] and result == []


def test_repeat_question_keeps_did_this_help_open_when_it_is_repeated(domain):
    slots = {"language": "en", "feedback_state": "asked", "feedback_ref": "1.abc"}
    events = _switched(_bot("utter_ask_feedback", buttons=True))
    tracker = make_tracker(slots=slots, intent="switch_language", events=events)
    result, messages = run_action(ActionRepeatQuestion(), tracker, domain)
    assert responses(messages) == ["utter_ask_feedback"]
    assert result == []


def test_repeat_question_closes_did_this_help_left_behind_earlier(domain):
    slots = {"language": "en", "feedback_state": "asked", "feedback_ref": "1.abc"}
    events = _switched(_bot("utter_anything_else", buttons=True))
    tracker = make_tracker(slots=slots, intent="switch_language", events=events)
    result, messages = run_action(ActionRepeatQuestion(), tracker, domain)
    assert responses(messages) == ["utter_anything_else"]
    assert result == [SlotSet("feedback_state", "done")]


def test_the_shared_offers_to_go_on_are_offers_with_buttons_that_the_crisis_rules_answer():
    # contracts/dialogue.yml is read by the actions and the bench; a renamed response must
    # not leave the repeat (and the rules after it) quietly without its offers.
    domain = yaml.safe_load((ROOT / "domain" / "responses" / "crisis.yml").read_text("utf-8"))
    rules = (ROOT / "data" / "rules" / "crisis.yml").read_text("utf-8")
    assert GO_ON_OFFERS
    for name in GO_ON_OFFERS:
        variants = domain["responses"][name]
        assert len(variants) == 2 and all(v.get("buttons") for v in variants), name
        assert f"action: {name}" in rules, name
