"""Preview of a change: the card the chat would show for the point (in Dutch and English, at a
chosen moment), and which of the team's triage cases would gain or lose the point, found by
running the real engine over the landscape with and without the change."""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy.orm import Session

from api.core.settings import get_settings
from api.landscape.serialise import Obj
from api.rules import service as rules_service
from api.rules.schemas import RecommendationRequest
from api.rules.snapshot import current_landscape, point_info
from api.rules.triage import engine, present
from api.rules.triage.model import ContactPointInfo, Facts, Placement, Result

Entry = dict[str, Any]
# The chat's own words around a place (domain/responses/recommend.yml: utter_place,
# utter_place_closed, utter_place_hours_unknown), and how many channels it shows
# (actions/render.py); tests/api/workspace/test_preview.py keeps them the same.
HEADINGS = {
    "open": {"nl": "{name} (nu bereikbaar)", "en": "{name} (open now)"},
    "closed": {"nl": "{name} (nu gesloten)", "en": "{name} (closed right now)"},
    "unknown": {"nl": "{name}", "en": "{name}"},
}
MAX_CHANNELS = 3
NUMBER_TYPES = ("phone", "whatsapp")


@dataclass(frozen=True)
class ChatCard:
    heading: str
    sections: list[list[str]]
    links: list[tuple[str, str]]


def serialised(entry: Entry, organisation_name: str) -> Obj:
    """A seed entry in the shape of a serialised contact point (what the engine reads)."""
    return {
        **entry,
        "organisation": {"id": entry["organisation"], "name": organisation_name},
        "channels": [dict(c) for c in entry["channels"]],
    }


def _shown_value(channel: dict[str, Any]) -> str:
    return str(channel.get("value") or "") if channel.get("type") in NUMBER_TYPES else ""


def chat_card(place: dict[str, Any], language: str) -> ChatCard:
    """A place of the engine's answer as the chat shows it (see actions/render.py)."""
    channels = (place.get("channels") or [])[:MAX_CHANNELS]
    lines = []
    links = []
    for channel in channels:
        label = f"{channel.get('label') or ''} {_shown_value(channel)}".strip()
        details = [p for p in (channel.get("hours_text"), channel.get("cost_text")) if p]
        lines.append(" · ".join([label, *details]))
        link = channel.get("link")
        if link and str(link).startswith(("tel:", "https:")) and label:
            links.append((label, str(link)))
    cost = " · ".join(p for p in (place.get("cost_text"), place.get("anonymous_text")) if p)
    sections = [
        list(place.get("reasons") or []),
        lines,
        [cost] if cost else [],
        [place.get("what_happens") or place.get("description") or ""],
        list(place.get("unverified") or []),
    ]
    state = "open" if place.get("open_now") else "closed" if place.get("next_open") else "unknown"
    name = place.get("name") or place.get("organisation") or ""
    return ChatCard(
        heading=HEADINGS[state][language].format(name=name),
        sections=[s for s in sections if any(s)],
        links=links,
    )


def card(entry: Entry, *, organisation_name: str, language: str, moment: datetime) -> ChatCard:
    """The chat's card for this entry at `moment`, as if the engine recommended it."""
    point = point_info(serialised(entry, organisation_name))
    facts = Facts(language=language, now=moment)
    placement = Placement(point=point, reasons=(), score=0, open_now=engine.open_now(point, facts))
    result = Result(
        urgent=None,
        urgent_lines=(),
        recommendations=(placement,),
        also_possible=(),
        general=False,
        rules_fired=(),
    )
    return chat_card(present.answer(result, facts)["recommendations"][0], language)


@dataclass(frozen=True)
class Place:
    """Where a point is in one answer: among the recommendations (with its rank) or also
    possible, or not named at all (None)."""

    part: str
    rank: int


@dataclass(frozen=True)
class CaseShift:
    name: str
    facts: dict[str, Any]
    before: Place | None
    after: Place | None
    entered: list[str]
    left: list[str]


@lru_cache(maxsize=4)
def _read_cases(path: Path, stamp: float) -> tuple[dict[str, Any], tuple[dict[str, Any], ...]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return dict(data.get("defaults") or {}), tuple(data.get("cases") or [])


def cases() -> tuple[dict[str, Any], tuple[dict[str, Any], ...]] | None:
    """The team's case table (WORKSPACE_CASES_FILE), or None when it is not there."""
    path = get_settings().workspace_cases_file
    try:
        return _read_cases(path, path.stat().st_mtime)
    except (OSError, yaml.YAMLError):
        return None


def _place(point_id: str, result: Result) -> Place | None:
    for part, placements in (
        ("recommended", result.recommendations),
        ("also", result.also_possible),
    ):
        for rank, placement in enumerate(placements, start=1):
            if placement.point.id == point_id:
                return Place(part, rank)
    return None


def _ids(result: Result) -> list[str]:
    return [p.point.id for p in result.recommendations]


def case_shifts(
    session: Session,
    *,
    point_id: str,
    after: Entry | None,
    organisation_name: str,
    moment: datetime,
) -> list[CaseShift] | None:
    """The cases whose answer places the point differently after the change (None: no table).
    `after` None (or retired) means the point leaves the landscape."""
    table = cases()
    if table is None:
        return None
    _defaults, rows = table
    landscape = current_landscape(session)
    before_points = tuple(landscape.points)
    changed: list[ContactPointInfo] = [p for p in before_points if p.id != point_id]
    if after is not None and after.get("status") == "active":
        changed.append(point_info(serialised(after, organisation_name)))
    after_points = tuple(sorted(changed, key=lambda p: p.id))
    names = {p.id: p for p in (*before_points, *after_points)}
    shifts = []
    for case in rows:
        try:
            request = RecommendationRequest.model_validate({**case.get("facts", {}), "now": moment})
        except ValidationError:
            continue
        facts = rules_service.facts_from(request, landscape)
        first = engine.evaluate(landscape.rule_set, facts, before_points)
        second = engine.evaluate(landscape.rule_set, facts, after_points)
        was, now = _place(point_id, first), _place(point_id, second)
        if was == now:
            continue
        old, new = _ids(first), _ids(second)
        shifts.append(
            CaseShift(
                name=str(case.get("name", "")),
                facts=dict(case.get("facts", {})),
                before=was,
                after=now,
                entered=[
                    names[i].name.get(facts.language) for i in new if i not in old and i != point_id
                ],
                left=[
                    names[i].name.get(facts.language) for i in old if i not in new and i != point_id
                ],
            )
        )
    return shifts
