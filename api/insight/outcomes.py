"""Record anonymous triage outcomes and count them with small counts suppressed.

A row holds only structured categories and the day. Every count below `k` is left out of
every output, so a rare combination can never point at a person."""

import hashlib
import hmac
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from api.insight.models import Outcome
from api.landscape import models

FEEDBACK = ("yes", "partly", "no")


@dataclass(frozen=True)
class OutcomeFacts:
    """What may be recorded of one recommendation: categories only, never the place."""

    language: str
    role: str | None
    concerns: tuple[str, ...]
    timing: str | None
    age_group: str | None
    needs: tuple[str, ...]
    recommended: tuple[str, ...]
    specific_match: bool


def _term(session: Session, taxonomy: str, code: str | None) -> str | None:
    if not code:
        return None
    term_id = f"{taxonomy}.{code}"
    return term_id if session.get(models.TaxonomyTerm, term_id) else None


def _terms(session: Session, taxonomy: str, codes: Iterable[str]) -> list[models.TaxonomyTerm]:
    ids = [f"{taxonomy}.{c}" for c in codes]
    return list(session.scalars(select(models.TaxonomyTerm).where(models.TaxonomyTerm.id.in_(ids))))


def record(session: Session, *, facts: OutcomeFacts, day: date) -> Outcome:
    """Add one anonymous outcome row (the caller commits)."""
    outcome = Outcome(
        day=day,
        language=facts.language,
        role_term_id=_term(session, "role", facts.role),
        timing_term_id=_term(session, "phase", facts.timing),
        age_term_id=_term(session, "age_group", facts.age_group),
        specific_match=facts.specific_match,
        concerns=_terms(session, "violence_type", facts.concerns),
        needs=_terms(session, "need", facts.needs),
        recommended=list(
            session.scalars(
                select(models.ContactPoint).where(models.ContactPoint.id.in_(facts.recommended))
            )
        ),
    )
    session.add(outcome)
    session.flush()
    return outcome


def _key(secret: bytes) -> bytes:
    return hashlib.sha256(secret + b"|wegwijzer-outcome-feedback").digest()


def feedback_ref(outcome_id: int, *, secret: bytes) -> str:
    """An unguessable reference to a row, for the one feedback answer; nothing extra stored."""
    mac = hmac.new(_key(secret), str(outcome_id).encode(), hashlib.sha256).hexdigest()[:24]
    return f"{outcome_id}.{mac}"


def add_feedback(session: Session, *, ref: str, answer: str, secret: bytes) -> bool:
    """Count one feedback answer on the row `ref` points at; False if the ref is not valid
    or the row already has an answer."""
    outcome_id = ref.partition(".")[0]
    if not outcome_id.isdigit() or not hmac.compare_digest(
        feedback_ref(int(outcome_id), secret=secret), ref
    ):
        return False
    outcome = session.get(Outcome, int(outcome_id))
    if outcome is None or outcome.feedback_given or answer not in FEEDBACK:
        return False
    setattr(outcome, f"feedback_{answer}", getattr(outcome, f"feedback_{answer}") + 1)
    outcome.feedback_given = True
    return True


def _suppress(counter: Counter[str], k: int) -> dict[str, int]:
    return {key: n for key, n in counter.most_common() if n >= k}


def week_of(day: date) -> str:
    """The ISO week of a day, e.g. '2026-W48'."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def aggregate(session: Session, *, k: int, since: date | None = None) -> dict[str, Any]:
    """Counts per category over the outcome rows, every count below `k` left out."""
    query = select(Outcome).options(
        selectinload(Outcome.concerns),
        selectinload(Outcome.needs),
        selectinload(Outcome.recommended),
    )
    if since:
        query = query.where(Outcome.day >= since)
    rows = session.scalars(query).all()
    dims: dict[str, Counter[str]] = {
        name: Counter()
        for name in (
            "language",
            "role",
            "concern",
            "timing",
            "age_group",
            "need",
            "recommended",
            "specific_match",
            "feedback",
        )
    }
    unmatched_needs: Counter[str] = Counter()
    for row in rows:
        dims["language"][row.language] += 1
        dims["role"][row.role_term_id.split(".")[1] if row.role_term_id else "unknown"] += 1
        dims["timing"][row.timing_term_id.split(".")[1] if row.timing_term_id else "unknown"] += 1
        dims["age_group"][row.age_term_id.split(".")[1] if row.age_term_id else "unknown"] += 1
        dims["specific_match"]["yes" if row.specific_match else "no"] += 1
        for term in row.concerns:
            dims["concern"][term.code] += 1
        for term in row.needs:
            dims["need"][term.code] += 1
            if not row.specific_match:
                unmatched_needs[f"{week_of(row.day)}|{term.code}"] += 1
        for point in row.recommended:
            dims["recommended"][point.id] += 1
        for answer in FEEDBACK:
            dims["feedback"][answer] += getattr(row, f"feedback_{answer}")
    weekly: dict[str, dict[str, int]] = {}
    for key, count in _suppress(unmatched_needs, k).items():
        week, need = key.split("|")
        weekly.setdefault(week, {})[need] = count
    return {
        "k_anonymity": k,
        "total": len(rows) if len(rows) >= k else None,
        "counts": {name: _suppress(counter, k) for name, counter in dims.items()},
        "unmatched_needs_per_week": dict(sorted(weekly.items(), reverse=True)),
    }


def recent_since(today: date, weeks: int = 12) -> date:
    return today - timedelta(weeks=weeks)
