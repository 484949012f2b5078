"""Properties of the engine over random facts and moments, on the real seed and rule set:
never empty, always a line open now, danger puts 112 first, thoughts of suicide bring 113, the
answer speaks the requested language, and the same question gets the same answer."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from api.rules import snapshot
from api.rules.schemas import RecommendationsPublic
from api.rules.triage import engine, present
from api.rules.triage.model import FACT_VALUES, Facts
from tests.api.rules.engine_helpers import all_text, ids, reachable_now, wrong_language
from tests.lines import number

START = datetime(2026, 1, 1, tzinfo=UTC)
SETTINGS = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _choice(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(FACT_VALUES[name]))


def _subset(name: str) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(st.sampled_from(sorted(FACT_VALUES[name])), max_size=3)


facts_strategy = st.builds(
    Facts,
    language=st.sampled_from(["nl", "en"]),
    now=st.integers(0, 366 * 24 * 60).map(lambda m: START + timedelta(minutes=m)),
    role=_choice("role"),
    concerns=_subset("concerns"),
    danger_now=_choice("danger_now"),
    suicidal_thoughts=_choice("suicidal_thoughts"),
    timing=_choice("timing"),
    age_group=_choice("age_group"),
    needs=_subset("needs"),
    prefer_channel=_choice("prefer_channel"),
)


@pytest.fixture(scope="module")
def landscape(loaded_db: str) -> snapshot.Landscape:
    from api.core.db import get_sessionmaker

    session: Session
    with get_sessionmaker()() as session:
        return snapshot.current_landscape(session)


def _answer(landscape: snapshot.Landscape, facts: Facts) -> dict[str, Any]:
    result = engine.evaluate(landscape.rule_set, facts, landscape.points)
    answer = present.answer(result, facts)
    return RecommendationsPublic.model_validate(answer).model_dump(mode="json")


@SETTINGS
@given(facts=facts_strategy)
def test_engine_answer_is_never_empty_and_reachable_now(
    landscape: snapshot.Landscape, facts: Facts
) -> None:
    answer = _answer(landscape, facts)
    assert answer["recommendations"]
    assert reachable_now(answer)
    assert all(item["reasons"] for item in answer["recommendations"] + answer["also_possible"])


@SETTINGS
@given(facts=facts_strategy)
def test_engine_danger_puts_112_first(landscape: snapshot.Landscape, facts: Facts) -> None:
    answer = _answer(landscape, facts)
    if facts.danger_now == "yes":
        assert ids(answer, "recommendations")[0] == "alarmnummer-112"
        assert answer["urgent"]["kind"] in ("danger", "danger_and_suicide")
        assert answer["urgent"]["lines"][0]["value"] == number("danger")
    if facts.suicidal_thoughts == "yes":
        assert "113-zelfmoordpreventie" in ids(answer, "recommendations")
        assert answer["urgent"]["kind"] in ("suicide", "danger_and_suicide")
        assert {number("suicide"), number("suicide", 1)} <= {
            line["value"] for line in answer["urgent"]["lines"]
        }
    if "yes" not in (facts.danger_now, facts.suicidal_thoughts):
        assert answer["urgent"] is None


@SETTINGS
@given(facts=facts_strategy)
def test_engine_answer_speaks_the_requested_language(
    landscape: snapshot.Landscape, facts: Facts
) -> None:
    answer = _answer(landscape, facts)
    assert answer["language"] == facts.language
    assert not wrong_language(answer, facts.language)
    text = all_text(answer)
    assert "too late" not in text and "te laat" not in text


@SETTINGS
@given(facts=facts_strategy)
def test_engine_same_question_gets_the_same_answer(
    landscape: snapshot.Landscape, facts: Facts
) -> None:
    assert _answer(landscape, facts) == _answer(landscape, facts)


@SETTINGS
@given(facts=facts_strategy)
def test_engine_keeps_routes_to_whom_they_belong(
    landscape: snapshot.Landscape, facts: Facts
) -> None:
    everywhere = set(ids(_answer(landscape, facts)))
    if facts.role in ("victim", "relative", "bystander"):
        assert not everywhere & {"stop-it-now", "de-waag"}
    if "mediation" not in facts.needs:
        assert "perspectief-herstelbemiddeling" not in everywhere
    if facts.role == "perpetrator" and facts.known_concerns & {
        "child_abuse",
        "online_sexual_abuse",
    }:
        assert not everywhere & {
            "politie-0900-8844",
            "politie-zedenpolitie",
            "meld-misdaad-anoniem",
        }
