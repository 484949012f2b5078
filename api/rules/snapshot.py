"""The engine's plain copy of the active landscape and the rule set in use, built from the
serialised contact points and cached per process until the database changes."""

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.core.errors import LandscapeUnavailable
from api.core.logging import log_event
from api.core.settings import get_settings
from api.landscape import hours, models, regions, serialise
from api.landscape import service as landscape
from api.landscape.serialise import Obj
from api.rules import store as rule_store
from api.rules.models import RuleSetRow
from api.rules.triage.document import RulesInvalid
from api.rules.triage.model import ChannelInfo, ContactPointInfo, RuleSet, Text

log = logging.getLogger("wegwijzer.rules")

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


def _text(data: dict[str, str] | None) -> Text | None:
    return Text(nl=data["nl"], en=data["en"]) if data else None


def _channel(data: Obj) -> ChannelInfo:
    try:
        schedule = hours.parse(data["hours"])
    except hours.InvalidSchedule:
        schedule = hours.UNKNOWN
    return ChannelInfo(
        type=data["type"],
        value=data["value"],
        hours=data["hours"] if schedule.known else "unknown",
        schedule=schedule,
        cost=data["cost"],
        anonymous=data["anonymous"],
        label=_text(data["label"]),
        note=_text(data["note"]),
        unverified=bool(data["unverified_facts"]),
    )


def point_info(data: Obj) -> ContactPointInfo:
    """The engine's copy of a serialised contact point."""
    return ContactPointInfo(
        id=data["id"],
        organisation_id=data["organisation"]["id"],
        organisation_name=data["organisation"]["name"],
        name=Text(data["name"]["nl"], data["name"]["en"]),
        kind=data["kind"],
        description=Text(data["description"]["nl"], data["description"]["en"]),
        what_happens=Text(data["what_happens"]["nl"], data["what_happens"]["en"]),
        serves={name: frozenset(codes) for name, codes in data["serves"].items() if codes},
        channels=tuple(_channel(c) for c in data["channels"]),
        area_scope=data["area"]["scope"],
        region_ids=frozenset(data["area"]["regions"]),
        verified=data["verified"],
        unverified=bool(data["unverified_facts"]),
    )


def _rule_set(session: Session) -> RuleSet:
    try:
        stored = rule_store.load_active(session)
        if stored is not None:
            return stored
        # A database that has the landscape but no imported rules yet still answers.
        return rule_store.read_file(get_settings().seed_dir / "rules.yml", None)[1]
    except RulesInvalid as exc:
        log_event(log, "rules.invalid", logging.ERROR, errors=len(exc.errors))
        raise LandscapeUnavailable(
            "The triage rules cannot be read: check them with `python -m api.cli validate`. "
            "Until then the chat gives the national 24/7 lines (api/chat/lines.json)."
        ) from exc


def _load(session: Session, marker: tuple[Any, ...]) -> Landscape:
    rows = session.scalars(
        select(models.ContactPoint)
        .where(models.ContactPoint.status == "active")
        .options(*landscape.load_options())
        .order_by(models.ContactPoint.id)
    )
    region_rows = session.scalars(select(models.Region).order_by(models.Region.id))
    return Landscape(
        marker=marker,
        loaded=time.monotonic(),
        points=tuple(point_info(serialise.contact_point(row)) for row in rows),
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
