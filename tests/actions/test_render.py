"""Rendering the engine's answer: the urgent banner's places are not shown twice."""

import pytest

from actions.render import banner_place_ids, more_options_messages, recommendation_messages
from tests.lines import lines, number, tel

LINE_112 = {
    "name": lines()["danger"]["name"]["nl"],
    "value": number("danger"),
    "link": tel("danger"),
}


def _place(place_id: str) -> dict:
    return {"id": place_id, "name": place_id, "open_now": True, "channels": []}


def _answer(kind: str | None, ids: list[str]) -> dict:
    urgent = (
        {"kind": kind, "text": f"Bel {number('danger')}.", "lines": [LINE_112]} if kind else None
    )
    return {"urgent": urgent, "recommendations": [_place(i) for i in ids],
            "also_possible": [], "general": False}  # fmt: skip


def _place_names(answer: dict) -> list[str]:
    return [
        m.variables["name"]
        for m in recommendation_messages(answer)
        if m.response.startswith("utter_place")
    ]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("danger", {"alarmnummer-112"}),
        ("suicide", {"113-zelfmoordpreventie"}),
        ("danger_and_suicide", {"alarmnummer-112", "113-zelfmoordpreventie"}),
        (None, set()),
    ],
)
def test_banner_place_ids_follow_the_urgent_kind(kind, expected):
    assert banner_place_ids({"kind": kind} if kind else None) == expected


def test_render_danger_skips_112_and_still_shows_three_other_places():
    answer = _answer("danger", ["alarmnummer-112", "veilig-thuis", "csg", "113-zelfmoordpreventie"])
    assert _place_names(answer) == ["veilig-thuis", "csg", "113-zelfmoordpreventie"]


def test_render_danger_and_suicide_skips_both_lines_and_the_next_places_take_their_spots():
    # A 9-year-old alone at night: 112 and 113 in the banner, and more than the Kindertelefoon.
    answer = _answer(
        "danger_and_suicide", ["alarmnummer-112", "113-zelfmoordpreventie", "kindertelefoon"]
    )
    answer["also_possible"] = [_place("chat-met-fier"), _place("veilig-thuis"), _place("huisarts")]
    assert _place_names(answer) == ["kindertelefoon", "chat-met-fier", "veilig-thuis"]
    # "Other options" then shows what is left, not the same places again.
    more = [m.variables["name"] for m in more_options_messages(answer) if m.variables]
    assert more == ["huisarts"]


def test_render_without_a_banner_takes_nothing_from_also_possible():
    answer = _answer(None, ["veilig-thuis", "csg"])
    answer["also_possible"] = [_place("huisarts")]
    assert _place_names(answer) == ["veilig-thuis", "csg"]
    assert [m.response for m in recommendation_messages(answer)][-1] == "utter_next_steps"


def test_render_says_there_is_no_more_when_the_banner_spots_used_the_last_places():
    answer = _answer("danger", ["alarmnummer-112", "veilig-thuis", "csg"])
    answer["also_possible"] = [_place("huisarts")]
    assert _place_names(answer) == ["veilig-thuis", "csg", "huisarts"]
    assert [m.response for m in recommendation_messages(answer)][-1] == "utter_next_steps_no_more"


def test_render_without_a_banner_keeps_every_place():
    assert _place_names(_answer(None, ["alarmnummer-112", "veilig-thuis"])) == [
        "alarmnummer-112",
        "veilig-thuis",
    ]


def test_render_banner_comes_first_then_intro_places_and_next_steps():
    names = [
        m.response for m in recommendation_messages(_answer("danger", ["alarmnummer-112", "csg"]))
    ]
    assert names == [
        "utter_urgent",
        "utter_recommend_intro",
        "utter_place",
        "utter_next_steps_no_more",
    ]


def test_place_with_unknown_hours_is_not_called_closed() -> None:
    from actions.render import place_message

    unknown = place_message({"name": "Helpwanted", "open_now": False, "next_open": None})
    closed = place_message(
        {"name": "Kindertelefoon", "open_now": False, "next_open": "2026-11-26T11:00:00+01:00"}
    )
    assert unknown.response == "utter_place_hours_unknown"
    assert closed.response == "utter_place_closed"


def test_what_was_understood_is_said_back_before_the_places():
    answer = {**_answer(None, ["csg"]), "understood": "Wat ik begreep: het gaat over jezelf."}
    messages = recommendation_messages(answer)
    assert [m.response for m in messages][:2] == ["utter_understood", "utter_recommend_intro"]
    assert messages[0].variables["understood"] == "Wat ik begreep: het gaat over jezelf."


def test_banner_links_of_one_line_with_several_ways_in_say_which_is_which():
    from actions.render import urgent_message

    suicide = lines()["suicide"]
    name = suicide["name"]["nl"]
    ways = [
        {"name": name, "value": phone["value"], "link": phone["tel"]} for phone in suicide["phones"]
    ]
    message = urgent_message(
        {"kind": "danger_and_suicide", "text": "…", "lines": [LINE_112, *ways]}
    )
    titles = [link["title"] for link in message.links]
    assert titles[0] == LINE_112["name"]  # one way in: its name is enough
    assert len(set(titles)) == len(titles), titles
    assert all(phone["value"] in " ".join(titles) for phone in suicide["phones"])
