"""The case table (engine_cases.yml) against the real seed and rule set, through the API."""

from itertools import product
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.rules.triage import document
from tests.api.rules.engine_helpers import (
    all_text,
    ids,
    reachable_now,
    wrong_language,
)

TABLE = document.read(Path(__file__).with_name("engine_cases.yml"))
CASES: list[dict[str, Any]] = TABLE["cases"]
PERPETRATOR_ROUTES = {"stop-it-now", "de-waag"}
ROLES = ("victim", "relative", "bystander", "perpetrator", "professional")
CONCERNS = (
    "sexual_violence",
    "domestic_violence",
    "child_abuse",
    "human_trafficking",
    "online_sexual_abuse",
)


def _ask(client: TestClient, facts: dict[str, Any]) -> dict[str, Any]:
    body = {"now": TABLE["defaults"]["now"], **facts}
    response = client.post("/v1/recommendations", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_engine_cases_are_at_least_sixty() -> None:
    assert len(CASES) >= 60
    assert len({case["name"] for case in CASES}) == len(CASES)


def test_engine_cases_cover_every_role_and_concern() -> None:
    covered = {
        (case["facts"].get("role"), concern)
        for case in CASES
        for concern in case["facts"].get("concerns", [])
    }
    assert not set(product(ROLES, CONCERNS)) - covered


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_engine_case_gives_the_expected_answer(client: TestClient, case: dict[str, Any]) -> None:
    facts = case["facts"]
    answer = _ask(client, facts)
    recommended, everywhere = ids(answer, "recommendations"), ids(answer)
    assert answer["language"] == facts["language"]
    assert recommended, "an answer is never empty"
    if "top" in case:
        assert recommended[0] == case["top"], recommended
    if "top_any_of" in case:
        assert recommended[0] in case["top_any_of"], recommended
    if "second" in case:
        assert recommended[1] == case["second"], recommended
    assert set(case.get("recommended", [])) <= set(recommended), recommended
    assert set(case.get("present", [])) <= set(everywhere), everywhere
    assert not set(case.get("absent", [])) & set(everywhere), everywhere
    urgent = answer["urgent"]["kind"] if answer["urgent"] else None
    assert urgent == case.get("urgent")
    if "general" in case:
        assert answer["general"] is case["general"]
    for point_id, words in case.get("reason", {}).items():
        item = next(
            i for i in answer["recommendations"] + answer["also_possible"] if i["id"] == point_id
        )
        assert any(words.lower() in reason.lower() for reason in item["reasons"]), item["reasons"]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_engine_case_keeps_the_safety_rules(client: TestClient, case: dict[str, Any]) -> None:
    facts = case["facts"]
    answer = _ask(client, facts)
    everywhere = set(ids(answer))
    if facts.get("role") in ("victim", "relative", "bystander"):
        assert not everywhere & PERPETRATOR_ROUTES
    if "mediation" not in facts.get("needs", []):
        assert "perspectief-herstelbemiddeling" not in everywhere
    if facts.get("danger_now") == "yes":
        assert ids(answer, "recommendations")[0] == "alarmnummer-112"
    text = all_text(answer)
    assert "too late" not in text and "te laat" not in text
    assert reachable_now(answer)
    assert all(item["reasons"] for item in answer["recommendations"] + answer["also_possible"])
    assert not wrong_language(answer, facts["language"])
