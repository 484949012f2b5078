"""The engine says which questions still matter (`missing_facts`) and what it understood: the bot
asks only what can change where a person is sent, and says back what it read."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

SUNDAY_AFTERNOON = "2026-11-29T14:00:00+01:00"


def _answer(client: TestClient, **facts: Any) -> dict[str, Any]:
    body = {"language": "nl", "now": SUNDAY_AFTERNOON, **facts}
    response = client.post("/v1/recommendations", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_recent_sexual_violence_of_a_victim_leaves_only_the_age_to_ask(client: TestClient) -> None:
    answer = _answer(client, role="victim", concerns=["sexual_violence"], timing="within_7_days")
    assert answer["missing_facts"] == ["age_group"]


def test_sexual_violence_always_asks_when_it_happened(client: TestClient) -> None:
    # The 7-day rule: within a week the CSG comes first with forensic care and PEP.
    answer = _answer(client, role="victim", concerns=["sexual_violence"])
    assert answer["missing_facts"][0] == "timing"


def test_violence_at_home_asks_about_danger_now_first(client: TestClient) -> None:
    answer = _answer(client, role="relative", concerns=["domestic_violence"])
    assert answer["missing_facts"][0] == "danger_now"


def test_a_professional_is_not_asked_about_danger_now(client: TestClient) -> None:
    answer = _answer(client, role="professional", concerns=["child_abuse"])
    assert "danger_now" not in answer["missing_facts"]


def test_a_person_worried_about_their_own_feelings_is_asked_nothing_more(
    client: TestClient,
) -> None:
    answer = _answer(client, role="perpetrator", concerns=["sexual_violence", "child_abuse"])
    assert answer["missing_facts"] == []
    assert answer["recommendations"][0]["id"] == "stop-it-now"


def test_a_question_that_only_reorders_the_list_is_not_asked(client: TestClient) -> None:
    # With everything known that can change the first place, nothing is left to ask.
    answer = _answer(
        client, role="victim", concerns=["sexual_violence"], timing="within_7_days",
        age_group="18_plus",
    )  # fmt: skip
    assert answer["missing_facts"] == []


def test_a_skipped_question_is_not_asked_again(client: TestClient) -> None:
    # "I'd rather not say" to when it happened is an answer; the bot tracks what it asked.
    answer = _answer(client, role="victim", concerns=["sexual_violence"], timing="unsure")
    assert "timing" not in answer["missing_facts"]


def test_every_missing_fact_is_a_fact_of_the_contract(client: TestClient) -> None:
    askable = {"role", "concerns", "danger_now", "timing", "age_group", "needs", "region"}
    for facts in ({}, {"role": "victim"}, {"concerns": ["child_abuse"]}):
        assert set(_answer(client, **facts)["missing_facts"]) <= askable


@pytest.mark.parametrize(
    ("language", "facts", "words"),
    [
        ("nl", {"role": "relative", "concerns": ["sexual_violence"], "timing": "within_7_days"},
         ["naaste", "seksueel geweld", "minder dan 7 dagen"]),
        ("en", {"role": "perpetrator", "concerns": ["child_abuse"]},
         ["your own behaviour", "child abuse"]),
    ],
)  # fmt: skip
def test_what_was_understood_is_said_back_in_the_persons_language(
    client: TestClient, language: str, facts: dict[str, Any], words: list[str]
) -> None:
    understood = _answer(client, **{**facts, "language": language})["understood"]
    for word in words:
        assert word in understood, understood


def test_nothing_known_says_nothing_back(client: TestClient) -> None:
    assert _answer(client)["understood"] == ""
