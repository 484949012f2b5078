"""Not understood, start over and the order of the national lines."""

from rasa_sdk.events import ActiveLoop, AllSlotsReset, FollowupAction, SlotSet

from actions.fallback import LINE_112, LINE_113, LINE_CSG, LINE_VEILIG_THUIS, national_lines
from actions.rephrase import ActionRephrase, consecutive_misses
from actions.restart import ActionRestart
from tests.actions.conftest import make_tracker, responses, run_action


def _turn(rephrased):
    events = [{"event": "user", "text": "..."}]
    if rephrased:
        events.append({"event": "action", "name": "action_rephrase"})
    return events


def test_consecutive_misses_counts_only_the_latest_run():
    events = _turn(True) + _turn(False) + _turn(True) + _turn(True) + [{"event": "user"}]
    assert consecutive_misses(events) == 3


def test_rephrase_first_miss_rephrases_with_buttons(domain):
    tracker = make_tracker(intent="nlu_fallback", events=[{"event": "user"}])
    _, messages = run_action(ActionRephrase(), tracker, domain)
    assert responses(messages) == ["utter_rephrase", "utter_invite_story"]


def test_rephrase_second_miss_in_a_row_offers_the_national_lines(domain):
    tracker = make_tracker(intent="nlu_fallback", events=[*_turn(True), {"event": "user"}])
    _, messages = run_action(ActionRephrase(), tracker, domain)
    names = responses(messages)
    assert names[0] == "utter_rephrase_offer_people"
    assert {LINE_112, LINE_VEILIG_THUIS, LINE_CSG, LINE_113} <= set(names)
    # The choices come once more, but not as the third "What is going on?".
    assert names[-1] == "utter_invite_story_again"


PLACES_SHOWN = [
    {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_place"}},
    {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_next_steps"}},
]


def test_rephrase_after_the_places_offers_their_choices_not_the_story_again(domain):
    # "niks" after the answer with places: the person is not asked "what is going on?" as if
    # the conversation began again; the choices of that answer come back.
    tracker = make_tracker(intent="nlu_fallback", events=[*PLACES_SHOWN, {"event": "user"}])
    _, messages = run_action(ActionRephrase(), tracker, domain)
    assert responses(messages) == ["utter_rephrase", "utter_next_steps"]


def test_a_yes_with_nothing_asked_counts_as_not_understood(domain):
    # "jkl" is read as a yes. Twice in a row it brings the 24/7 lines, not "What is going on?"
    # a third and fourth time.
    first = make_tracker(intent="affirm", text="jkl", events=[{"event": "user"}])
    _, messages = run_action(ActionRephrase(), first, domain)
    assert responses(messages) == ["utter_rephrase", "utter_invite_story"]
    second = make_tracker(intent="affirm", text="jkl", events=[*_turn(True), {"event": "user"}])
    _, messages = run_action(ActionRephrase(), second, domain)
    assert responses(messages)[0] == "utter_rephrase_offer_people"


def test_ok_after_the_places_is_fine_and_brings_their_choices_back(domain):
    tracker = make_tracker(intent="affirm", text="ok", events=[*PLACES_SHOWN, {"event": "user"}])
    _, messages = run_action(ActionRephrase(), tracker, domain)
    assert responses(messages) == ["utter_no_choice_needed", "utter_next_steps"]


def test_rephrase_inside_the_form_leaves_the_question_to_the_form(domain):
    tracker = make_tracker(intent="nlu_fallback", active_loop="triage_form")
    _, messages = run_action(ActionRephrase(), tracker, domain)
    assert responses(messages) == ["utter_rephrase"]


def test_restart_forgets_the_facts_but_keeps_the_language(domain):
    slots = {"language": "en", "language_source": "switch", "role": "victim"}
    events, messages = run_action(ActionRestart(), make_tracker(slots=slots), domain)
    assert events == [
        AllSlotsReset(),
        ActiveLoop(None),
        SlotSet("language", "en"),
        SlotSet("language_source", "switch"),
    ]
    assert responses(messages) == ["utter_start_over", "utter_invite_story"]


def test_national_lines_always_all_four_with_112_first():
    assert national_lines({}) == [LINE_112, LINE_VEILIG_THUIS, LINE_CSG, LINE_113]
    assert national_lines({"concern": ["sexual_violence"]})[1] == LINE_CSG


def test_rephrase_facts_found_in_the_words_start_the_questions(domain):
    history = [
        {"event": "user"},
        {"event": "slot", "name": "concern", "value": ["human_trafficking"]},
    ]
    tracker = make_tracker(intent="nlu_fallback", text="bordeel", events=history)
    events, messages = run_action(ActionRephrase(), tracker, domain)
    assert messages == []
    assert events == [FollowupAction("triage_form")]


def test_unsure_restart_while_asking_the_place_is_taken_as_the_answer(domain):
    tracker = make_tracker(
        slots={"language": "nl", "requested_slot": "region"},
        intent="restart",
        text="nieuwegein",
        active_loop="triage_form",
    )
    tracker.latest_message["intent"]["confidence"] = 0.7
    events, messages = run_action(ActionRestart(), tracker, domain)
    assert messages == []
    assert SlotSet("region", "nieuwegein") in events
    assert FollowupAction("triage_form") in events
