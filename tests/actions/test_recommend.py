"""action_recommend, more options and the summary against the real landscape API, and the
national lines when that API is down or slow."""

import pytest
from rasa_sdk.events import SlotSet

from actions.fallback import NATIONAL_LINES
from actions.recommend import ActionRecommend, ActionShowMoreOptions
from actions.summary import ActionShowSummary
from tests.actions.conftest import make_tracker, responses, run_action
from tests.lines import lines, tel

RECENT_RAPE = {
    "language": "nl",
    "role": "victim",
    "concern": ["sexual_violence"],
    "timing": "within_7_days",
    "age_group": "18_plus",
}


def _links(messages):
    return [link for m in messages for link in (m.get("custom") or {}).get("links", [])]


def test_recommend_recent_sexual_violence_shows_places_with_phone_links(api_up, domain):
    events, messages = run_action(ActionRecommend(), make_tracker(slots=RECENT_RAPE), domain)
    names = responses(messages)
    assert [event["name"] for event in events] == ["feedback_ref", "feedback_state"]
    # What was understood is said back first, so a wrong reading can be corrected.
    assert names[:2] == ["utter_understood", "utter_recommend_intro"]
    assert set(names[2:-1]) <= {"utter_place", "utter_place_closed", "utter_place_hours_unknown"}
    assert names[-1] in ("utter_next_steps", "utter_next_steps_no_more")
    assert "Centrum Seksueel Geweld" in messages[2]["name"]
    assert any(link["url"] == tel("sexual") for link in _links(messages[2:3]))


def test_recommend_danger_starts_with_the_urgent_banner_and_112(api_up, domain):
    slots = {"language": "en", "danger_now": "yes", "safe_to_chat": "yes",
             "concern": ["domestic_violence"], "role": "victim"}  # fmt: skip
    _, messages = run_action(ActionRecommend(), make_tracker(slots=slots), domain)
    assert responses(messages)[0] == "utter_urgent"
    assert any(link["url"] == tel("danger") for link in _links(messages[:1]))


@pytest.mark.parametrize(
    ("facts", "banner_place"),
    [({"danger_now": "yes"}, lines()["danger"]["name"]["nl"]),
     ({"suicidal_thoughts": "yes"}, lines()["suicide"]["name"]["nl"])],
)  # fmt: skip
def test_recommend_urgent_line_is_shown_once_in_the_banner_not_again_as_a_place(
    facts, banner_place, api_up, domain
):
    slots = {"language": "nl", "role": "victim", "concern": ["domestic_violence"], **facts}
    _, messages = run_action(ActionRecommend(), make_tracker(slots=slots), domain)
    assert responses(messages)[0] == "utter_urgent"
    assert all(link["title"].startswith(banner_place) for link in _links(messages[:1]))
    places = [m["name"] for m in messages if m.get("response", "").startswith("utter_place")]
    assert places and banner_place not in places


def _turn(*bot_responses):
    """The events of a turn: the person's message, then what the bot already said to it."""
    said = [{"event": "bot", "metadata": {"utter_action": r}} for r in bot_responses]
    return [{"event": "user", "text": ""}, *said]


def test_recommend_right_after_the_113_reply_does_not_say_113_again(api_up, domain):
    # "i dont want to live anymore" in the middle of the questions: the 113 reply came in this
    # turn, with its links, and the places follow it. A second 113 text straight below it says
    # the same thing again; 113 is not repeated as a place either.
    slots = {"language": "en", "suicidal_thoughts": "yes", "role": "victim",
             "concern": ["sexual_violence"], "timing": "within_7_days"}  # fmt: skip
    tracker = make_tracker(slots=slots, events=_turn("utter_suicide", "utter_heard"))
    _, messages = run_action(ActionRecommend(), tracker, domain)
    names = responses(messages)
    assert "utter_urgent" not in names
    assert names[0] == "utter_understood"
    places = [m["name"] for m in messages if m.get("response", "").startswith("utter_place")]
    assert places and lines()["suicide"]["name"]["en"] not in places


def test_recommend_keeps_the_banner_when_the_113_reply_came_in_an_earlier_turn(api_up, domain):
    slots = {"language": "nl", "suicidal_thoughts": "yes", "role": "victim",
             "concern": ["sexual_violence"]}  # fmt: skip
    earlier = [*_turn("utter_suicide"), {"event": "user", "text": ""}]
    _, messages = run_action(ActionRecommend(), make_tracker(slots=slots, events=earlier), domain)
    assert responses(messages)[0] == "utter_urgent"


def test_recommend_keeps_the_banner_for_danger_when_only_113_was_given_now(api_up, domain):
    # Danger and suicide: the 113 reply came now, but 112 was not said yet; the banner stays.
    slots = {"language": "nl", "suicidal_thoughts": "yes", "danger_now": "yes",
             "safe_to_chat": "yes", "role": "victim", "concern": ["domestic_violence"]}  # fmt: skip
    tracker = make_tracker(slots=slots, events=_turn("utter_suicide"))
    _, messages = run_action(ActionRecommend(), tracker, domain)
    assert responses(messages)[0] == "utter_urgent"
    assert any(link["url"] == tel("danger") for link in _links(messages[:1]))


def test_recommend_not_safe_to_chat_shows_only_the_stay_safe_message(api_up, domain):
    slots = {"language": "nl", "danger_now": "yes", "safe_to_chat": "no"}
    events, messages = run_action(ActionRecommend(), make_tracker(slots=slots), domain)
    assert responses(messages) == ["utter_stay_safe"]
    # Asked again when they come back, so that a later "yes, it is safe now" is heard.
    assert events == [SlotSet("safe_to_chat", None)]


def test_recommend_everything_skipped_gets_the_general_answer(api_up, domain):
    slots = {"language": "nl", "role": "unknown", "concern": ["unsure"]}
    _, messages = run_action(ActionRecommend(), make_tracker(slots=slots), domain)
    names = responses(messages)
    assert names[0] == "utter_general_intro"
    assert {"utter_place", "utter_place_closed", "utter_place_hours_unknown"} & set(names)


def test_recommend_sends_no_link_other_than_tel_or_https(api_up, domain):
    slots = {"language": "en", "role": "bystander", "concern": ["child_abuse"],
             "need": ["advice_helping_someone"]}  # fmt: skip
    _, messages = run_action(ActionRecommend(), make_tracker(slots=slots), domain)
    assert _links(messages)
    assert all(link["url"].startswith(("tel:", "https:")) for link in _links(messages))


@pytest.mark.parametrize("fixture", ["api_down", "api_slow"])
def test_recommend_api_unavailable_gives_the_national_lines(fixture, request, domain):
    request.getfixturevalue(fixture)
    _, messages = run_action(ActionRecommend(), make_tracker(slots=RECENT_RAPE), domain)
    names = responses(messages)
    assert names[0] == "utter_offline_intro"
    assert set(NATIONAL_LINES) <= set(names)
    assert names[-1] == "utter_next_steps_offline"


def test_recommend_api_down_puts_csg_before_veilig_thuis_for_sexual_violence(api_down, domain):
    _, messages = run_action(ActionRecommend(), make_tracker(slots=RECENT_RAPE), domain)
    names = responses(messages)
    assert names.index("utter_line_csg") < names.index("utter_line_veilig_thuis")


def test_recommend_api_down_puts_113_first_for_suicidal_thoughts(api_down, domain):
    slots = {"language": "nl", "suicidal_thoughts": "yes"}
    _, messages = run_action(ActionRecommend(), make_tracker(slots=slots), domain)
    assert responses(messages)[1] == "utter_line_113"


def test_summary_is_shown_from_the_engine_in_the_language(api_up, domain):
    slots = {**RECENT_RAPE, "language": "en"}
    _, messages = run_action(ActionShowSummary(), make_tracker(slots=slots), domain)
    assert responses(messages) == ["utter_summary", "utter_anything_else"]
    assert messages[0]["summary"]


def test_summary_api_down_says_it_cannot_be_made_now(api_down, domain):
    _, messages = run_action(ActionShowSummary(), make_tracker(slots=RECENT_RAPE), domain)
    assert responses(messages) == ["utter_summary_unavailable"]


def test_more_options_lists_places_or_says_there_are_none(api_up, domain):
    _, messages = run_action(ActionShowMoreOptions(), make_tracker(slots=RECENT_RAPE), domain)
    names = responses(messages)
    assert names[0] in ("utter_more_options_intro", "utter_no_more_options")
    assert names[-1] == "utter_anything_else"


PLACE_SHOWN = {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_place"}}
SKIP = {"event": "user", "text": "sla over", "parse_data": {"intent": {"name": "skip"}}}


def test_skip_after_the_places_says_there_is_nothing_to_skip_instead_of_the_same_list(domain):
    # No engine is needed: the places are above, so the same list is not sent again.
    tracker = make_tracker(slots=RECENT_RAPE, intent="skip", events=[PLACE_SHOWN, SKIP])
    _, messages = run_action(ActionRecommend(), tracker, domain)
    assert responses(messages) == ["utter_nothing_to_skip", "utter_next_steps_no_more"]


DONT_KNOW = {
    "event": "user",
    "text": "weet ik niet",
    "parse_data": {"intent": {"name": "dont_know"}},
}
MENU_WITH_MORE = {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_next_steps"}}


def test_i_dont_know_after_the_places_gets_a_short_answer_not_the_same_list_again(domain):
    # "Wat wil je nu doen?" answered with "weet ik niet": nothing has to be chosen; the whole
    # answer (and its 112 banner when danger is on record) does not come a second time.
    events = [PLACE_SHOWN, MENU_WITH_MORE, DONT_KNOW]
    tracker = make_tracker(slots=RECENT_RAPE, intent="dont_know", events=events)
    _, messages = run_action(ActionRecommend(), tracker, domain)
    # The same choices come back, "other options" included, since the answer had them.
    assert responses(messages) == ["utter_no_choice_needed", "utter_next_steps"]


@pytest.mark.parametrize(("intent", "said"), [("skip", SKIP), ("dont_know", DONT_KNOW)])
def test_skip_or_i_dont_know_to_a_question_asked_after_the_places_shows_the_places_again(
    api_up, domain, intent, said
):
    # A correction after the places made the bot ask again; skipping that question (or not
    # knowing the answer) ends it.
    asked = {"event": "slot", "name": "requested_slot", "value": "age_group"}
    events = [PLACE_SHOWN, {"event": "user"}, asked, said]
    tracker = make_tracker(slots=RECENT_RAPE, intent=intent, events=events)
    _, messages = run_action(ActionRecommend(), tracker, domain)
    assert "utter_place" in responses(messages)
