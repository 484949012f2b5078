"""Which facts are still worth asking about: the engine tries every answer to each question
that is not answered yet and keeps the questions whose answer would change the places shown
(pure; the rule set's `questions` give the order and the safety questions)."""

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from api.rules.triage import engine
from api.rules.triage.model import FACT_VALUES, ContactPointInfo, Facts, Question, RuleSet

# What "not given" looks like for each askable fact.
_NOT_GIVEN = {
    "role": "unknown",
    "danger_now": "unknown",
    "timing": "unknown",
    "age_group": "unknown",
    "prefer_channel": "any",
}
_NOT_ANSWERS = {"unknown", "unsure", "any"}

Outcome = tuple[str | None, tuple[str, str] | None, frozenset[tuple[str, str]]]


def is_given(facts: Facts, fact: str) -> bool:
    """True when the person said something about `fact` (an "I don't know" counts)."""
    if fact in ("concerns", "needs"):
        return bool(getattr(facts, fact))
    if fact == "region":
        return bool(facts.region_ids)
    return getattr(facts, fact) != _NOT_GIVEN[fact]


def outcome(rule_set: RuleSet, facts: Facts, points: Sequence[ContactPointInfo]) -> Outcome:
    """What a person is shown: the urgent banner, the first place and the places shown.

    Places are compared by organisation and kind, so a regional entry that stands in for its
    national number (the same line, routed by the caller's number) is not a different answer.
    """
    result = engine.evaluate(rule_set, facts, points)
    shown = [(p.point.organisation_id, p.point.kind) for p in result.recommendations]
    return result.urgent, (shown[0] if shown else None), frozenset(shown)


def _differs(question: Question, one: Outcome, other: Outcome) -> bool:
    # By default only the banner and the first place count: a question that would only
    # reorder the second and third places is not worth a turn for a person in distress.
    return one != other if question.compare == "shown" else one[:2] != other[:2]


def _alternatives(fact: str, facts: Facts, region_ids: Iterable[str]) -> Iterable[Facts]:
    if fact == "region":
        return (replace(facts, region_ids=frozenset({rid})) for rid in sorted(region_ids))
    codes = sorted(FACT_VALUES[fact] - _NOT_ANSWERS)
    changes: list[dict[str, Any]] = [
        {fact: frozenset({code}) if fact in ("concerns", "needs") else code} for code in codes
    ]
    return (replace(facts, **change) for change in changes)


def _matters(
    question: Question,
    rule_set: RuleSet,
    facts: Facts,
    points: Sequence[ContactPointInfo],
    now: Outcome,
    region_ids: frozenset[str],
) -> bool:
    if question.unless is not None and question.unless.holds(facts):
        return False
    if question.when is not None:
        return question.when.holds(facts)
    return any(
        _differs(question, outcome(rule_set, alternative, points), now)
        for alternative in _alternatives(question.fact, facts, region_ids)
    )


def missing_facts(rule_set: RuleSet, facts: Facts, points: Sequence[ContactPointInfo]) -> list[str]:
    """The questions not answered yet whose answer could change the answer, in asking order."""
    now = outcome(rule_set, facts, points)
    region_ids = frozenset(
        rid for p in points if p.area_scope == "regional" for rid in p.region_ids
    )
    return [
        q.fact
        for q in rule_set.questions
        if not is_given(facts, q.fact) and _matters(q, rule_set, facts, points, now, region_ids)
    ]
