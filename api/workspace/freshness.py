"""The list of contact points to check, for the workspace, `api.cli freshness` and the JSON
endpoint alike: the points /v1/insight/freshness names (api/insight/freshness.py decides
which), with their organisation, who confirmed them last and why each is listed."""

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.admin import verify
from api.insight import freshness
from api.landscape import models


@dataclass(frozen=True)
class Due:
    id: str
    name: dict[str, str]
    organisation: str
    last_verified_at: date | None
    confirmed_by: str | None
    days_since_check: int | None
    due: bool
    verified: bool
    reasons: list[str]
    unverified_facts: list[str]

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["last_verified_at"] = (
            self.last_verified_at.isoformat() if self.last_verified_at else None
        )
        return data


def due_list(
    session: Session, *, today: date, max_age_days: int, organisation: str | None = None
) -> list[Due]:
    """Every active point to re-check, oldest check first; `organisation` narrows it."""
    found = freshness.to_recheck(session, today=today, max_age_days=max_age_days)
    rows = {
        row.id: row
        for row in session.scalars(
            select(models.ContactPoint).where(models.ContactPoint.id.in_([f.id for f in found]))
        )
    }
    confirmed = verify.latest(session)
    items = []
    for item in found:
        row = rows[item.id]
        if organisation and row.organisation_id != organisation:
            continue
        checked = item.last_verified_at
        reasons = [
            *(["never_checked"] if checked is None else ["stale"] if item.stale else []),
            *(["not_verified"] if not item.verified else []),
            *(["unverified_facts"] if item.unverified_facts else []),
        ]
        who = confirmed.get(item.id)
        items.append(
            Due(
                id=item.id,
                name={"nl": row.name_nl, "en": row.name_en},
                organisation=row.organisation_id,
                last_verified_at=checked,
                confirmed_by=who.actor if who is not None and who.day == checked else None,
                days_since_check=(today - checked).days if checked else None,
                due=item.stale,
                verified=item.verified,
                reasons=reasons,
                unverified_facts=list(item.unverified_facts),
            )
        )
    items.sort(key=lambda d: (not d.due, d.last_verified_at or date.min, d.id))
    return items
