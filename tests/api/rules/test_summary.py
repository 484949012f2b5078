"""The handover summary: first-person sentences from the facts only, unknowns left out."""

from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from api.rules.triage.model import Facts
from api.rules.triage.summary import summary

NOW = datetime(2026, 11, 25, 14, 0)


def _facts(**values: object) -> Facts:
    values.setdefault("language", "nl")
    return Facts(now=NOW, **values)  # type: ignore[arg-type]


def test_summary_bystander_worried_about_a_child() -> None:
    text = summary(
        _facts(
            role="bystander",
            age_group="under_12",
            concerns=frozenset({"child_abuse", "sexual_violence"}),
            danger_now="no",
            needs=frozenset({"advice_helping_someone"}),
        )
    )
    assert text == (
        "Ik ben een omstander. Het gaat om een kind van onder de 12. "
        "Ik denk dat het om seksueel geweld en kindermishandeling gaat. "
        "Er is nu geen direct gevaar. Ik wil graag advies krijgen over wat ik kan doen."
    )


def test_summary_in_english_for_a_victim() -> None:
    text = summary(
        _facts(
            language="en",
            role="victim",
            age_group="18_plus",
            concerns=frozenset({"sexual_violence"}),
            timing="within_7_days",
            needs=frozenset({"medical", "talk"}),
        )
    )
    assert text == (
        "This is about me. I am 18 or older. It is about sexual violence. "
        "It happened less than 7 days ago. I would like to talk to someone and get medical care."
    )


def test_summary_empty_when_nothing_is_known() -> None:
    assert summary(_facts()) == ""
    assert summary(_facts(language="en")) == ""


def test_summary_leaves_out_unknown_and_unsure_facts() -> None:
    text = summary(
        _facts(
            role="unknown",
            concerns=frozenset({"unsure"}),
            danger_now="unsure",
            suicidal_thoughts="no",
            timing="unsure",
            age_group="unknown",
            needs=frozenset({"unsure"}),
        )
    )
    assert text == ""


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("victim", "Ik heb gedachten aan zelfdoding."),
        ("unknown", "Ik heb gedachten aan zelfdoding."),
        ("relative", "Ik maak me zorgen dat iemand aan zelfdoding denkt."),
    ],
)
def test_summary_suicidal_thoughts_own_or_someone_elses(role: str, expected: str) -> None:
    assert expected in summary(_facts(role=role, suicidal_thoughts="yes"))


def test_summary_perpetrator_speaks_about_own_behaviour() -> None:
    text = summary(
        _facts(
            role="perpetrator",
            concerns=frozenset({"domestic_violence"}),
            needs=frozenset({"stop_own_behaviour"}),
        )
    )
    assert text.startswith(
        "Ik maak me zorgen over mijn eigen gedrag. Het gaat om huiselijk geweld."
    )
    assert text.endswith("Ik wil graag hulp krijgen om mijn gedrag te stoppen.")


def test_summary_of_the_api_never_names_the_region(client: TestClient) -> None:
    body = {
        "language": "nl",
        "role": "victim",
        "concerns": ["domestic_violence"],
        "region": "Utrecht",
    }
    answer = client.post("/v1/recommendations", json=body).json()
    assert answer["summary"] == "Het gaat over mij. Het gaat om huiselijk geweld."
    assert "Utrecht" not in answer["summary"]
