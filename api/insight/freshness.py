"""Which contact points the network should re-check: stale, unverified or with unsure facts."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from api.landscape import models


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
    points = session.scalars(
        select(models.ContactPoint)
        .where(models.ContactPoint.status == "active")
        .options(
            selectinload(models.ContactPoint.unverified_facts),
            selectinload(models.ContactPoint.channels).selectinload(
                models.Channel.unverified_facts
            ),
        )
        .order_by(models.ContactPoint.id)
    )
    found = []
    for point in points:
        facts = [f.text for f in point.unverified_facts] + [
            f"{channel.type} {channel.value}: {f.text}"
            for channel in point.channels
            for f in channel.unverified_facts
        ]
        stale = point.last_verified_at is None or point.last_verified_at < cutoff
        if stale or facts or not point.verified:
            found.append(
                Recheck(
                    id=point.id,
                    name=point.name_en,
                    last_verified_at=point.last_verified_at,
                    stale=stale,
                    verified=point.verified,
                    unverified_facts=tuple(facts),
                )
            )
    return found
