"""Did this help? One anonymous outcome row for the first places shown, the question asked once
at the end, the answer counted on that row (against the real landscape API), failures silent."""

import sqlite3

import pytest
from rasa_sdk.events import SlotSet

from actions.feedback import ActionAskFeedback, ActionGiveFeedback, feedback_answer
from actions.recommend import ActionRecommend, ActionShowMoreOptions
from actions.summary import ActionShowSummary
from tests.actions.conftest import make_tracker, responses, run_action

RECENT_RAPE = {
    "language": "nl",
    "role": "victim",
    "concern": ["sexual_violence"],
    "timing": "within_7_days",
    "age_group": "18_plus",
}
PLACE_SHOWN = {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_place"}}


def _rows(db) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT count(*) FROM outcome").fetchone()[0]


def _feedback(db, ref: str) -> tuple[int, int, int]:
    # The reference does not show its row (it is encrypted); each test's row is the newest.
    assert ref
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT feedback_yes, feedback_partly, feedback_no FROM outcome "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone()


def _recommend_ref(domain) -> str:
    events, _ = run_action(ActionRecommend(), make_tracker(slots=RECENT_RAPE), domain)
    assert events[1] == SlotSet("feedback_state", "pending"), events
    return events[0]["value"]


def _answer(domain, ref, intent, entities=None):
    slots = {**RECENT_RAPE, "feedback_ref": ref, "feedback_state": "asked"}
    return run_action(
        ActionGiveFeedback(), make_tracker(slots=slots, intent=intent, entities=entities), domain
    )


@pytest.mark.parametrize(
    ("intent", "entities", "expected"),
    [
        ("affirm", [{"entity": "feedback", "value": "yes"}], "yes"),
        ("affirm", [{"entity": "feedback", "value": "partly"}], "partly"),
        ("deny", [{"entity": "feedback", "value": "no"}], "no"),
        ("affirm", [], "yes"),
        ("deny", [], "no"),
        ("skip", [], None),
        ("affirm", [{"entity": "feedback", "value": "maybe"}], "yes"),
        ("greet", [], None),
    ],
)
def test_feedback_answer_reads_buttons_and_typed_yes_no(intent, entities, expected):
    assert feedback_answer(intent, entities) == expected


def test_recommend_first_places_add_one_row_and_keep_its_reference(api_up, landscape_db, domain):
    before = _rows(landscape_db)
    ref = _recommend_ref(domain)
    assert _rows(landscape_db) == before + 1
    assert _feedback(landscape_db, ref) == (0, 0, 0)


def test_recommend_places_shown_before_add_no_row(api_up, landscape_db, domain):
    before = _rows(landscape_db)
    tracker = make_tracker(slots=RECENT_RAPE, events=[PLACE_SHOWN, {"event": "user"}])
    events, messages = run_action(ActionRecommend(), tracker, domain)
    assert events == [] and "utter_place" in responses(messages)
    assert _rows(landscape_db) == before


def test_more_options_and_summary_add_no_row(api_up, landscape_db, domain):
    before = _rows(landscape_db)
    for action in (ActionShowMoreOptions(), ActionShowSummary()):
        run_action(action, make_tracker(slots=RECENT_RAPE), domain)
    assert _rows(landscape_db) == before


def test_ask_feedback_asks_the_question_once(domain):
    slots = {"language": "nl", "feedback_ref": "1.abc", "feedback_state": "pending"}
    tracker = make_tracker(slots=slots, intent="goodbye")
    events, messages = run_action(ActionAskFeedback(), tracker, domain)
    assert responses(messages) == ["utter_ask_feedback"]
    assert events == [SlotSet("feedback_state", "asked")]


@pytest.mark.parametrize(
    ("intent", "entities", "counted"),
    [
        ("affirm", [{"entity": "feedback", "value": "partly"}], (0, 1, 0)),
        ("affirm", [], (1, 0, 0)),
        ("deny", [], (0, 0, 1)),
    ],
)
def test_give_feedback_counts_the_answer_on_the_row(
    intent, entities, counted, api_up, landscape_db, domain
):
    ref = _recommend_ref(domain)
    events, messages = _answer(domain, ref, intent, entities)
    assert _feedback(landscape_db, ref) == counted
    assert responses(messages) == ["utter_feedback_thanks", "utter_goodbye_private"]
    assert events == [SlotSet("feedback_state", "done"), SlotSet("feedback_ref", None)]


def test_give_feedback_a_second_answer_is_not_counted(api_up, landscape_db, domain):
    ref = _recommend_ref(domain)
    _answer(domain, ref, "affirm")
    _, messages = _answer(domain, ref, "deny")
    assert _feedback(landscape_db, ref) == (1, 0, 0)
    assert responses(messages) == ["utter_feedback_thanks", "utter_goodbye_private"]


def test_give_feedback_skip_sends_nothing(api_up, landscape_db, domain):
    ref = _recommend_ref(domain)
    events, messages = _answer(domain, ref, "skip")
    assert _feedback(landscape_db, ref) == (0, 0, 0)
    assert responses(messages) == ["utter_goodbye_private"]
    assert SlotSet("feedback_state", "done") in events


@pytest.mark.parametrize("fixture", ["api_down", "api_slow"])
def test_give_feedback_api_unavailable_still_thanks_without_an_error(fixture, request, domain):
    request.getfixturevalue(fixture)
    events, messages = _answer(domain, "1.0123456789abcdef01234567", "affirm")
    assert responses(messages) == ["utter_feedback_thanks", "utter_goodbye_private"]
    assert SlotSet("feedback_state", "done") in events
