"""Change the landscape through the admin API: create, update and retire contact points, add,
update and remove channels. Every change is validated with the seed's own rules, checked
against the version the editor read (optimistic concurrency) and written to the audit log."""

import copy
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from api.admin import audit, checks, store
from api.admin.checks import StaleVersion
from api.core.errors import Conflict, InvalidInput, NotFound
from api.landscape import models
from api.landscape import service as landscape

Entry = dict[str, Any]


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
    store.write_point(session, point, seed, [None] * len(seed.channels))
    audit.record(
        session,
        token=token,
        action="create",
        entity=("contact_point", point.id),
        before=None,
        after=audit.entry(point),
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
    before = audit.entry(point)
    data = copy.deepcopy(before)
    rows: list[models.Channel | None] = list(point.channels)
    edit(point, data, rows)
    seed = checks.validate_entry(session=session, data=data)
    store.write_point(session, point, seed, rows)
    if action == "add_channel":
        channel_id = point.channels[-1].id
    entity = (
        ("contact_point", point_id)
        if channel_id is None
        else ("channel", f"{point_id}/{channel_id}")
    )
    audit.record(
        session, token=token, action=action, entity=entity, before=before, after=audit.entry(point)
    )
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
