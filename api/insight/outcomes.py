"""Record anonymous triage outcomes and publish their counts so that no count points at a person.

A row holds structured categories and the week, nothing else: national places by id, regional
places only as their organisation and province. Counts are published per ISO week, only for
weeks that ended at least a day ago (so polling never shows a single new row, and a late
"did this help?" cannot change a published count), only for weeks of at least `k` rows, and
every dimension through api/insight/disclosure.py (small counts and one more cell hidden).
"""

import base64
import hashlib
import hmac
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from api.insight import disclosure
from api.insight.models import Outcome, OutcomeRegional
from api.landscape import models

FEEDBACK = ("yes", "partly", "no")
# A week's counts are published from this many days after it ended.
PUBLISH_AFTER_DAYS = 1
REGIONAL = ":regional"
# Taxonomies of the single-valued categories; None (not known) is counted as "unknown".
CATEGORY_TAXONOMIES = {"role": "role", "timing": "phase", "age_group": "age_group"}


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


def week_start(day: date) -> date:
    """The Monday of the ISO week of `day`."""
    return day - timedelta(days=day.weekday())


def week_of(monday: date) -> str:
    """The ISO week of a day, e.g. '2026-W48'."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def published_from(monday: date) -> date:
    """The first day on which the week starting `monday` may be shown."""
    return monday + timedelta(days=7 + PUBLISH_AFTER_DAYS)


def _term(session: Session, taxonomy: str, code: str | None) -> str | None:
    if not code:
        return None
    term_id = f"{taxonomy}.{code}"
    return term_id if session.get(models.TaxonomyTerm, term_id) else None


def _terms(session: Session, taxonomy: str, codes: Iterable[str]) -> list[models.TaxonomyTerm]:
    ids = [f"{taxonomy}.{c}" for c in codes]
    return list(session.scalars(select(models.TaxonomyTerm).where(models.TaxonomyTerm.id.in_(ids))))


def _places(
    session: Session, ids: Iterable[str]
) -> tuple[list[models.ContactPoint], list[OutcomeRegional]]:
    """National places as they are; regional ones as (organisation, province) pairs."""
    points = session.scalars(
        select(models.ContactPoint)
        .where(models.ContactPoint.id.in_(list(ids)))
        .options(selectinload(models.ContactPoint.regions))
    )
    national: list[models.ContactPoint] = []
    regional: dict[tuple[str, str], OutcomeRegional] = {}
    for point in points:
        if point.area_scope == "national":
            national.append(point)
            continue
        for region in point.regions:
            for province in region.provinces or []:
                if session.get(models.Region, province) is not None:
                    regional[(point.organisation_id, province)] = OutcomeRegional(
                        organisation_id=point.organisation_id, province_id=province
                    )
    return national, list(regional.values())


def record(session: Session, *, facts: OutcomeFacts, today: date) -> Outcome:
    """Add one anonymous outcome row for the week of `today` (the caller commits)."""
    national, regional = _places(session, facts.recommended)
    outcome = Outcome(
        week=week_start(today),
        language=facts.language,
        role_term_id=_term(session, "role", facts.role),
        timing_term_id=_term(session, "phase", facts.timing),
        age_term_id=_term(session, "age_group", facts.age_group),
        specific_match=facts.specific_match,
        concerns=_terms(session, "violence_type", facts.concerns),
        needs=_terms(session, "need", facts.needs),
        recommended=national,
        regional=regional,
    )
    session.add(outcome)
    session.flush()
    return outcome


# ---------- the one "did this help?" answer ----------
# The reference carries the row id encrypted under a random nonce, and a MAC: it looks random,
# two references never show which row came first, and only this service can read or make one.
_NONCE, _ID, _MAC = 9, 8, 9


def _key(secret: bytes, purpose: bytes) -> bytes:
    return hmac.new(
        hashlib.sha256(secret).digest(), b"wegwijzer-feedback|" + purpose, "sha256"
    ).digest()


def _pad(secret: bytes, nonce: bytes) -> bytes:
    return hmac.new(_key(secret, b"pad"), nonce, "sha256").digest()[:_ID]


def _mac(secret: bytes, nonce: bytes, sealed: bytes) -> bytes:
    return hmac.new(_key(secret, b"mac"), nonce + sealed, "sha256").digest()[:_MAC]


def feedback_ref(outcome_id: int, *, secret: bytes) -> str:
    """A new random-looking reference to a row, for its one feedback answer."""
    nonce = secrets.token_bytes(_NONCE)
    plain = outcome_id.to_bytes(_ID, "big")
    sealed = bytes(a ^ b for a, b in zip(plain, _pad(secret, nonce), strict=True))
    raw = nonce + sealed + _mac(secret, nonce, sealed)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _row_id(ref: str, secret: bytes) -> int | None:
    try:
        raw = base64.urlsafe_b64decode(ref + "=" * (-len(ref) % 4))
    except ValueError:
        return None
    if len(raw) != _NONCE + _ID + _MAC:
        return None
    nonce, sealed, mac = raw[:_NONCE], raw[_NONCE : _NONCE + _ID], raw[_NONCE + _ID :]
    if not hmac.compare_digest(mac, _mac(secret, nonce, sealed)):
        return None
    return int.from_bytes(
        bytes(a ^ b for a, b in zip(sealed, _pad(secret, nonce), strict=True)), "big"
    )


def add_feedback(session: Session, *, ref: str, answer: str, secret: bytes, today: date) -> bool:
    """Count one feedback answer on the row `ref` points at; False if the ref is not valid,
    the row already has an answer, or its week is already published."""
    outcome_id = _row_id(ref, secret)
    outcome = session.get(Outcome, outcome_id) if outcome_id is not None else None
    if outcome is None or outcome.feedback_given or answer not in FEEDBACK:
        return False
    if today >= published_from(outcome.week):
        return False
    setattr(outcome, f"feedback_{answer}", getattr(outcome, f"feedback_{answer}") + 1)
    outcome.feedback_given = True
    return True


# ---------- publication ----------


def universes(session: Session) -> dict[str, list[str]]:
    """Every category of every dimension, zero or not (an outsider knows them all)."""

    def codes(taxonomy: str) -> list[str]:
        return list(
            session.scalars(
                select(models.TaxonomyTerm.code).where(models.TaxonomyTerm.taxonomy_id == taxonomy)
            )
        )

    national = session.scalars(
        select(models.ContactPoint.id).where(models.ContactPoint.area_scope == "national")
    )
    regional = session.scalars(
        select(models.ContactPoint.organisation_id)
        .where(models.ContactPoint.area_scope != "national")
        .distinct()
    )
    provinces = session.scalars(select(models.Region.id).where(models.Region.kind == "province"))
    need = codes("need")
    return {
        "language": ["nl", "en"],
        **{dim: [*codes(taxonomy), "unknown"] for dim, taxonomy in CATEGORY_TAXONOMIES.items()},
        "specific_match": ["yes", "no"],
        "concern": codes("violence_type"),
        "need": need,
        "unmatched_need": need,
        "recommended": [*national, *(org + REGIONAL for org in regional)],
        "province": list(provinces),
        "feedback": list(FEEDBACK),
    }


def _code(term_id: str | None) -> str:
    return term_id.split(".", 1)[1] if term_id else "unknown"


def count(rows: Iterable[Outcome]) -> tuple[int, dict[str, Counter[str]]]:
    """The number of rows and the raw counts per dimension (never shown as they are)."""
    dims: dict[str, Counter[str]] = {}

    def add(dim: str, key: str, n: int = 1) -> None:
        dims.setdefault(dim, Counter())[key] += n

    total = 0
    for row in rows:
        total += 1
        add("language", row.language)
        add("role", _code(row.role_term_id))
        add("timing", _code(row.timing_term_id))
        add("age_group", _code(row.age_term_id))
        add("specific_match", "yes" if row.specific_match else "no")
        for term in row.concerns:
            add("concern", term.code)
        for term in row.needs:
            add("need", term.code)
            if not row.specific_match:
                add("unmatched_need", term.code)
        for point in row.recommended:
            add("recommended", point.id)
        for org in {regional.organisation_id for regional in row.regional}:
            add("recommended", org + REGIONAL)
        for province in {regional.province_id for regional in row.regional}:
            add("province", province)
        for answer in FEEDBACK:
            add("feedback", answer, getattr(row, f"feedback_{answer}"))
    return total, dims


def aggregate(session: Session, *, k: int, today: date, secret: bytes) -> dict[str, Any]:
    """The published counts: per closed week of at least `k` rows, each dimension with its
    small counts and one complementary count hidden (api/insight/disclosure.py)."""
    rows = session.scalars(
        select(Outcome)
        .where(Outcome.week < today - timedelta(days=6 + PUBLISH_AFTER_DAYS))
        .options(
            selectinload(Outcome.concerns),
            selectinload(Outcome.needs),
            selectinload(Outcome.recommended),
            selectinload(Outcome.regional),
        )
    ).all()
    by_week: dict[date, list[Outcome]] = {}
    for row in rows:
        if today >= published_from(row.week):
            by_week.setdefault(row.week, []).append(row)
    categories = universes(session)
    weeks = []
    for monday in sorted(by_week, reverse=True):
        total, dims = count(by_week[monday])
        if total < k:
            continue
        label = week_of(monday)
        weeks.append(
            {
                "week": label,
                "total": total,
                "counts": {
                    dim: disclosure.publish(
                        dims.get(dim, Counter()),
                        universe,
                        k=k,
                        choose=disclosure.keyed_chooser(secret, f"{label}|{dim}"),
                    )
                    for dim, universe in categories.items()
                },
            }
        )
    return {"k_anonymity": k, "weeks": weeks}
