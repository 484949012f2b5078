"""Which contact points the network should re-check: stale, unverified or with unsure facts."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.landscape import models, serialise
from api.landscape import service as landscape


@dataclass(frozen=True)
class Recheck:
    id: str
    name: str
    last_verified_at: date | None
    stale: bool
    verified: bool
    unverified_facts: tuple[str, ...]


def to_recheck(session: Session, *, today: date, max_age_days: int) -> list[Recheck]:
    """Active contact points older than `max_age_days`, not verified, or with unverified facts."""
    cutoff = today - timedelta(days=max_age_days)
    rows = session.scalars(
        select(models.ContactPoint)
        .where(models.ContactPoint.status == "active")
        .options(*landscape.load_options())
        .order_by(models.ContactPoint.id)
    )
    found = []
    for point in (serialise.contact_point(row) for row in rows):
        facts = list(point["unverified_facts"]) + [
            f"{channel['type']} {channel['value']}: {fact}"
            for channel in point["channels"]
            for fact in channel["unverified_facts"]
        ]
        checked = point["last_verified_at"]
        stale = checked is None or checked < cutoff
        if stale or facts or not point["verified"]:
            found.append(
                Recheck(
                    id=point["id"],
                    name=point["name"]["en"],
                    last_verified_at=checked,
                    stale=stale,
                    verified=point["verified"],
                    unverified_facts=tuple(facts),
                )
            )
    return found
