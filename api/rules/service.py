"""The triage engine behind POST /v1/recommendations: a plain copy of the active landscape and
the rule set in use (cached per process until the database changes), the facts of the request,
and the pure engine."""

import logging
import threading
import time
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from api.core.errors import LandscapeUnavailable
from api.core.settings import get_settings
from api.landscape import hours, models, regions
from api.rules import store as rule_store
from api.rules.models import RuleSetRow
from api.rules.schemas import RecommendationRequest, RecommendationsPublic
from api.rules.triage import engine, present
from api.rules.triage.document import RulesInvalid
from api.rules.triage.model import ChannelInfo, ContactPointInfo, Facts, RuleSet, Text

log = logging.getLogger("wegwijzer.recommend")

# Edits that keep every counted value the same (rare) are picked up after this many seconds.
CACHE_SECONDS = 300.0


@dataclass(frozen=True)
class Landscape:
    marker: tuple[Any, ...]
    loaded: float
    points: tuple[ContactPointInfo, ...]
    regions: tuple[regions.RegionInfo, ...]
    rule_set: RuleSet


_cache: dict[str, Landscape] = {}
_lock = threading.Lock()


def _marker(session: Session) -> tuple[Any, ...]:
    point, channel, region = models.ContactPoint, models.Channel, models.Region
    counts = [
        select(func.count()).select_from(point),
        select(func.sum(point.version)),
        select(func.max(point.updated_at)),
        select(func.count()).select_from(channel),
        select(func.max(channel.id)),
        select(func.count()).select_from(region),
        select(func.max(RuleSetRow.id)),
    ]
    return tuple(session.execute(select(*(q.scalar_subquery() for q in counts))).one())


def _text(nl: str | None, en: str | None) -> Text | None:
    return Text(nl=nl, en=en) if nl and en else None


def _channel(row: models.Channel) -> ChannelInfo:
    try:
        schedule = hours.parse(row.hours)
    except hours.InvalidSchedule:
        schedule = hours.UNKNOWN
    return ChannelInfo(
        type=row.type,
        value=row.value,
        hours=row.hours if schedule.known else "unknown",
        schedule=schedule,
        cost=row.cost,
        anonymous=row.anonymous,
        label=_text(row.label_nl, row.label_en),
        note=_text(row.note_nl, row.note_en),
        unverified=bool(row.unverified_facts),
    )


def _point(row: models.ContactPoint) -> ContactPointInfo:
    taxonomies = {term.taxonomy_id for term in row.terms}
    return ContactPointInfo(
        id=row.id,
        organisation_id=row.organisation_id,
        organisation_name=row.organisation.name,
        name=Text(row.name_nl, row.name_en),
        kind=row.kind,
        description=Text(row.description_nl, row.description_en),
        what_happens=Text(row.what_happens_nl, row.what_happens_en),
        serves={taxonomy: frozenset(row.codes(taxonomy)) for taxonomy in taxonomies},
        channels=tuple(_channel(c) for c in row.channels),
        area_scope=row.area_scope,
        region_ids=frozenset(r.id for r in row.regions),
        verified=row.verified,
        unverified=bool(row.unverified_facts),
    )


def _rule_set(session: Session) -> RuleSet:
    try:
        stored = rule_store.load_active(session)
        if stored is not None:
            return stored
        # A database that has the landscape but no imported rules yet still answers.
        return rule_store.read_file(get_settings().seed_dir / "rules.yml", None)[1]
    except RulesInvalid as exc:
        log.error("the rule set is not valid: %d error(s)", len(exc.errors))
        raise LandscapeUnavailable(
            "The triage rules cannot be read. Call 112 in danger; Veilig Thuis 0800-2000, "
            "the Centrum Seksueel Geweld 0800-0188 and 113 are there day and night."
        ) from exc


def _load(session: Session, marker: tuple[Any, ...]) -> Landscape:
    rows = session.scalars(
        select(models.ContactPoint)
        .where(models.ContactPoint.status == "active")
        .options(
            selectinload(models.ContactPoint.channels).selectinload(
                models.Channel.unverified_facts
            ),
            selectinload(models.ContactPoint.terms),
            selectinload(models.ContactPoint.regions),
            selectinload(models.ContactPoint.organisation),
            selectinload(models.ContactPoint.unverified_facts),
        )
        .order_by(models.ContactPoint.id)
    )
    region_rows = session.scalars(select(models.Region).order_by(models.Region.id))
    return Landscape(
        marker=marker,
        loaded=time.monotonic(),
        points=tuple(_point(row) for row in rows),
        regions=tuple(regions.RegionInfo.from_row(r) for r in region_rows),
        rule_set=_rule_set(session),
    )


def current_landscape(session: Session) -> Landscape:
    """The cached landscape and rule set, reloaded when the database has changed."""
    key = str(session.get_bind().engine.url)
    marker = _marker(session)
    with _lock:
        cached = _cache.get(key)
        fresh = cached and time.monotonic() - cached.loaded < CACHE_SECONDS
        if cached is None or not fresh or cached.marker != marker:
            cached = _cache[key] = _load(session, marker)
    return cached


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
    return replace(facts, region_ids=frozenset()), response
