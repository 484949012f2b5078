"""Change the landscape through the admin API: create, update and retire contact points, add,
update and remove channels. Every change is validated with the seed's own rules, checked
against the version the editor read (optimistic concurrency) and written to the audit log."""

import copy
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from api.admin import checks
from api.admin.checks import StaleVersion
from api.admin.models import AuditLog
from api.core.db import utcnow
from api.core.errors import Conflict, InvalidInput, NotFound
from api.landscape import hours, models, seed_export, seed_import, serialise
from api.landscape import service as landscape
from api.landscape.seed_schema import ChannelSeed, ContactPointSeed

Entry = dict[str, Any]


def _entry(point: models.ContactPoint) -> Entry:
    return seed_export.point_to_seed(serialise.contact_point(point)).model_dump(mode="json")


def _audit(
    session: Session,
    *,
    token: str,
    action: str,
    entity: tuple[str, str],
    before: Entry | None,
    after: Entry,
) -> None:
    session.add(
        AuditLog(
            token_name=token,
            action=action,
            entity_type=entity[0],
            entity_id=entity[1],
            before=before,
            after=after,
        )
    )


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


def _write(
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
    try:
        session.flush()
    except StaleDataError:
        sent = point.version
        session.rollback()
        current = session.get(models.ContactPoint, point.id)
        raise StaleVersion(point.id, sent, current.version if current else 0) from None


def create_point(*, session: Session, token: str, data: Entry) -> models.ContactPoint:
    """A new contact point from a seed-shaped entry; 409 when the id is taken."""
    if session.get(models.ContactPoint, data.get("id")) is not None:
        raise Conflict(
            f"A contact point '{data['id']}' exists already. Change it with "
            f"PATCH /v1/admin/contact-points/{data['id']}, or choose another id."
        )
    seed = checks.validate_entry(session=session, data=data)
    point = models.ContactPoint(id=seed.id)
    session.add(point)
    _write(session, point, seed, [None] * len(seed.channels))
    _audit(
        session,
        token=token,
        action="create",
        entity=("contact_point", point.id),
        before=None,
        after=_entry(point),
    )
    session.commit()
    return landscape.get_contact_point(session=session, point_id=point.id)


Edit = Callable[[models.ContactPoint, Entry, list[models.Channel | None]], None]


def _change(
    *,
    session: Session,
    token: str,
    point_id: str,
    version: int,
    action: str,
    edit: Edit,
    channel_id: int | None = None,
) -> models.ContactPoint:
    """Read, check the version, edit the seed-shaped entry, validate, write, audit, commit."""
    point = landscape.get_contact_point(session=session, point_id=point_id)
    if version != point.version:
        raise StaleVersion(point_id, version, point.version)
    before = _entry(point)
    data = copy.deepcopy(before)
    rows: list[models.Channel | None] = list(point.channels)
    edit(point, data, rows)
    seed = checks.validate_entry(session=session, data=data)
    _write(session, point, seed, rows)
    if action == "add_channel":
        channel_id = point.channels[-1].id
    entity = (
        ("contact_point", point_id)
        if channel_id is None
        else ("channel", f"{point_id}/{channel_id}")
    )
    _audit(session, token=token, action=action, entity=entity, before=before, after=_entry(point))
    session.commit()
    return landscape.get_contact_point(session=session, point_id=point_id)


def update_point(
    *, session: Session, token: str, point_id: str, version: int, changes: Entry
) -> models.ContactPoint:
    """Replace the fields in `changes`; `serves` replaces only the taxonomies it names."""

    def edit(_point: models.ContactPoint, data: Entry, _rows: list[models.Channel | None]) -> None:
        for key, value in changes.items():
            if key == "serves" and value is not None:
                data["serves"].update(value)
            else:
                data[key] = value

    return _change(
        session=session, token=token, point_id=point_id, version=version, action="update", edit=edit
    )


def retire_point(
    *, session: Session, token: str, point_id: str, version: int
) -> models.ContactPoint:
    """Mark a contact point retired: it leaves the default lists but keeps its history."""

    def edit(_point: models.ContactPoint, data: Entry, _rows: list[models.Channel | None]) -> None:
        data["status"] = "retired"

    return _change(
        session=session, token=token, point_id=point_id, version=version, action="retire", edit=edit
    )


def _channel_index(point: models.ContactPoint, channel_id: int) -> int:
    for index, channel in enumerate(point.channels):
        if channel.id == channel_id:
            return index
    raise NotFound(
        f"Contact point '{point.id}' has no channel {channel_id}. "
        f"GET /v1/contact-points/{point.id} lists its channels with their ids."
    )


def add_channel(
    *, session: Session, token: str, point_id: str, version: int, channel: Entry
) -> models.ContactPoint:
    """Append a channel to a contact point."""
    new = checks.valid_channel(channel)

    def edit(_point: models.ContactPoint, data: Entry, rows: list[models.Channel | None]) -> None:
        data["channels"].append(new)
        rows.append(None)

    return _change(
        session=session,
        token=token,
        point_id=point_id,
        version=version,
        action="add_channel",
        edit=edit,
    )


def update_channel(
    *, session: Session, token: str, point_id: str, channel_id: int, version: int, changes: Entry
) -> models.ContactPoint:
    """Replace the given fields of one channel."""

    def edit(point: models.ContactPoint, data: Entry, _rows: list[models.Channel | None]) -> None:
        index = _channel_index(point, channel_id)
        data["channels"][index] = checks.valid_channel({**data["channels"][index], **changes})

    return _change(
        session=session,
        token=token,
        point_id=point_id,
        version=version,
        action="update_channel",
        channel_id=channel_id,
        edit=edit,
    )


def remove_channel(
    *, session: Session, token: str, point_id: str, channel_id: int, version: int
) -> models.ContactPoint:
    """Remove one channel; the last channel cannot go (every route ends at a human)."""

    def edit(point: models.ContactPoint, data: Entry, rows: list[models.Channel | None]) -> None:
        index = _channel_index(point, channel_id)
        if len(data["channels"]) == 1:
            raise InvalidInput(
                f"Channel {channel_id} is the only way to reach '{point.id}'. Add another "
                "channel first, or retire the contact point."
            )
        del data["channels"][index]
        del rows[index]

    return _change(
        session=session,
        token=token,
        point_id=point_id,
        version=version,
        action="remove_channel",
        channel_id=channel_id,
        edit=edit,
    )


def audit_entries(
    *, session: Session, entity_id: str | None, page: int, per_page: int
) -> tuple[int, list[AuditLog]]:
    """The audit log, newest first, optionally for one contact point (and its channels)."""
    statement = select(AuditLog)
    if entity_id is not None:
        statement = statement.where(
            (AuditLog.entity_id == entity_id)
            | AuditLog.entity_id.startswith(f"{entity_id}/", autoescape=True)
        )
    rows = list(session.scalars(statement.order_by(AuditLog.id.desc())))
    pages = max(1, -(-len(rows) // per_page))
    if page > pages:
        raise InvalidInput(f"Page {page} does not exist: ask for a page from 1 to {pages}.")
    return len(rows), rows[(page - 1) * per_page : page * per_page]
