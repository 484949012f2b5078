"""Write a validated entry onto a contact point's rows, keeping the ids of existing channels,
with one versioned flush (a stale version becomes StaleVersion)."""

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from api.admin.checks import StaleVersion
from api.core.db import utcnow
from api.landscape import hours, models, seed_import
from api.landscape.seed_schema import ChannelSeed, ContactPointSeed


def _fill_channel(
    row: models.Channel, *, point_id: str, position: int, seed: ChannelSeed
) -> models.Channel:
    """Write a seed channel onto a (new or existing) row, so existing channels keep their id."""
    schedule = hours.parse(seed.hours)
    row.position, row.type, row.value = position, seed.type, seed.value
    row.label_nl = seed.label.nl if seed.label else None
    row.label_en = seed.label.en if seed.label else None
    row.hours = seed.hours
    row.always_open, row.hours_known = schedule.always_open, schedule.known
    row.closed_on_public_holidays = schedule.closed_on_public_holidays
    row.cost, row.anonymous, row.languages = seed.cost, seed.anonymous, list(seed.languages)
    row.note_nl = seed.note.nl if seed.note else None
    row.note_en = seed.note.en if seed.note else None
    row.slots = [
        models.ScheduleSlot(weekday=s.weekday, opens_minute=s.opens, closes_minute=s.closes)
        for s in schedule.slots
    ]
    row.unverified_facts = [
        models.UnverifiedFact(contact_point_id=point_id, text=text, position=i)
        for i, text in enumerate(seed.unverified_facts)
    ]
    return row


def write_point(
    session: Session,
    point: models.ContactPoint,
    seed: ContactPointSeed,
    rows: list[models.Channel | None],
) -> None:
    """Apply the entry; `rows[i]` is the existing row that seed channel i updates (None: new)."""
    # One flush at the end, so the versioned UPDATE (and its check) happens exactly once.
    with session.no_autoflush:
        seed_import.apply_point(session, point, seed.model_copy(update={"channels": []}))
        point.channels = [
            _fill_channel(row or models.Channel(), point_id=point.id, position=i, seed=channel)
            for i, (row, channel) in enumerate(zip(rows, seed.channels, strict=True))
        ]
        point.updated_at = utcnow()
    flush_versioned(session, point)


def flush_versioned(session: Session, point: models.ContactPoint) -> None:
    """Flush the point's versioned UPDATE; a version that moved on becomes StaleVersion."""
    sent = point.version
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        current = session.get(models.ContactPoint, point.id)
        raise StaleVersion(point.id, sent, current.version if current else 0) from None
