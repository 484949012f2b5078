"""The triage service behind POST /v1/recommendations: the facts of a request, the pure engine
over the cached landscape, and the anonymous count of an answer shown in the chat."""

import logging
from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from api.core.logging import log_event
from api.insight import outcomes
from api.landscape import hours, regions
from api.rules.schemas import RecommendationRequest, RecommendationsPublic
from api.rules.snapshot import Landscape, current_landscape
from api.rules.triage import engine, present, questions
from api.rules.triage.model import Facts
from api.rules.triage.understood import understood

log = logging.getLogger("wegwijzer.rules")


def facts_from(request: RecommendationRequest, landscape: Landscape) -> Facts:
    """The engine's facts; the place typed is resolved to region ids and not kept."""
    now = request.now or datetime.now(hours.AMSTERDAM)
    return Facts(
        language=request.language,
        now=now if now.tzinfo else now.replace(tzinfo=hours.AMSTERDAM),
        role=request.role or "unknown",
        concerns=frozenset(request.concerns),
        danger_now=request.danger_now or "unknown",
        suicidal_thoughts=request.suicidal_thoughts or "unknown",
        timing=request.timing or "unknown",
        age_group=request.age_group or "unknown",
        needs=frozenset(request.needs),
        prefer_channel=request.prefer_channel or "any",
        region_ids=regions.resolve(landscape.regions, request.region),
    )


def recommend(
    *, session: Session, request: RecommendationRequest
) -> tuple[Facts, RecommendationsPublic]:
    """The answer to one request, and its facts without the region (for the statistics)."""
    landscape = current_landscape(session)
    facts = facts_from(request, landscape)
    result = engine.evaluate(landscape.rule_set, facts, landscape.points)
    response = RecommendationsPublic.model_validate(present.answer(result, facts))
    response.missing_facts = _missing_facts(landscape, facts)
    response.understood = understood(facts)
    return replace(facts, region_ids=frozenset()), response


# The engine tries every answer to every open question (a few dozen evaluations); the same
# facts come back turn after turn and conversation after conversation, so the answer is kept
# for a quarter of an hour (opening hours can change the first place). Facts only, no text.
_QUESTIONS_CACHE: dict[tuple[object, ...], list[str]] = {}
_QUESTIONS_CACHE_SIZE = 4096
_QUARTER = 15 * 60


def _missing_facts(landscape: Landscape, facts: Facts) -> list[str]:
    quarter = int(facts.now.timestamp()) // _QUARTER
    key = (id(landscape), landscape.rule_set.checksum, quarter, replace(facts, now=datetime.min))
    found = _QUESTIONS_CACHE.get(key)
    if found is None:
        found = questions.missing_facts(landscape.rule_set, facts, landscape.points)
        if len(_QUESTIONS_CACHE) >= _QUESTIONS_CACHE_SIZE:
            _QUESTIONS_CACHE.clear()
        _QUESTIONS_CACHE[key] = found
    return list(found)


def _known(value: str) -> str | None:
    return None if value in ("unknown", "unsure") else value


def record_outcome(
    *, session: Session, facts: Facts, answer: RecommendationsPublic, secret: bytes
) -> str | None:
    """Count one answer shown in the chat and return its feedback reference; a failure is
    logged by type only and never costs the person their answer."""
    try:
        outcome = outcomes.record(
            session,
            facts=outcomes.OutcomeFacts(
                language=facts.language,
                role=_known(facts.role),
                concerns=tuple(sorted(facts.known_concerns)),
                timing=_known(facts.timing),
                age_group=_known(facts.age_group),
                needs=tuple(sorted(facts.known_needs)),
                recommended=tuple(r.id for r in answer.recommendations),
                specific_match=not answer.general,
            ),
            # The server's own date, never the `now` a caller sent.
            today=datetime.now(hours.AMSTERDAM).date(),
        )
        session.commit()
    except Exception as exc:  # a statistic must never cost a person their answer
        session.rollback()
        log_event(log, "rules.outcome.not_recorded", logging.WARNING, error=type(exc).__name__)
        return None
    return outcomes.feedback_ref(outcome.id, secret=secret)
