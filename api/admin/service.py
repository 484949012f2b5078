"""Change the landscape: create, update and retire contact points, add, update and remove
channels. Every change is built as a draft (checked against the actor's role, the version the
editor read, the seed's own rules and the contact-detail rules), then either published at once
(a steward's token) or kept as a proposal for review (an editor; everyone in the workspace)."""

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from api.admin import audit, checks, contact_rules, store
from api.admin.checks import StaleVersion
from api.admin.roles import Actor, check_edit
from api.core.errors import Conflict, InvalidInput, NotFound
from api.landscape import models
from api.landscape import service as landscape
from api.landscape.seed_schema import ContactPointSeed

__all__ = ["Draft", "StaleVersion", "publish"]

Entry = dict[str, Any]
Edit = Callable[[models.ContactPoint, Entry, list[models.Channel | None]], None]


@dataclass
class Draft:
    """A checked change to one contact point, not yet written."""

    point: models.ContactPoint | None  # None: a new contact point
    action: str
    before: Entry | None
    after: Entry
    seed: ContactPointSeed
    rows: list[models.Channel | None]
    channel_id: int | None = None

    @property
    def point_id(self) -> str:
        return self.seed.id

    @property
    def channel_ids(self) -> list[int | None]:
        return [row.id if row is not None else None for row in self.rows]


def check_contact_details(
    *, before: Entry | None, after: Entry, rows: list[int | None], before_ids: list[int]
) -> None:
    """422 when a new or changed number or address is not valid, or when a change to contact
    details comes without a source (in English; the workspace says it in the page's language)."""
    changes = contact_rules.changed_channels(
        (before or {}).get("channels") or [], after["channels"], rows, before_ids
    )
    errors = []
    for index, channel, _previous in changes:
        problem = contact_rules.channel_value_problem(channel["type"], channel["value"])
        if problem:
            errors.append(f"channels.{index}.value: {contact_rules.MESSAGES[problem]['en']}")
    if (
        before is not None
        and contact_rules.touches_contact_details(changes)
        and not contact_rules.has_new_source(before, after)
    ):
        errors.append(
            "sources: " + contact_rules.MESSAGES["source_needed"]["en"] + " Add it to "
            "`sources`, or send `source` with the channel."
        )
    if errors:
        raise InvalidInput("The change is not valid: " + "; ".join(errors))


def draft_change(
    *,
    session: Session,
    actor: Actor,
    point_id: str,
    version: int,
    action: str,
    edit: Edit,
    channel_id: int | None = None,
    source: Entry | None = None,
) -> Draft:
    """Read, check role and version, edit the seed-shaped entry, validate; nothing written."""
    point = landscape.get_contact_point(session=session, point_id=point_id)
    check_edit(actor, organisation_id=point.organisation_id, point_id=point.id)
    if version != point.version:
        raise StaleVersion(point_id, version, point.version)
    before = audit.entry(point)
    data = copy.deepcopy(before)
    rows: list[models.Channel | None] = list(point.channels)
    edit(point, data, rows)
    if source is not None:
        contact_rules.add_source(data, url=source["url"], seen=source["seen"] or "")
    check_contact_details(
        before=before,
        after=data,
        rows=[r.id if r else None for r in rows],
        before_ids=[c.id for c in point.channels],
    )
    seed = checks.validate_entry(session=session, data=data)
    if seed.organisation != point.organisation_id:
        check_edit(actor, organisation_id=seed.organisation, point_id=point.id)
    after = seed.model_dump(mode="json")
    return Draft(point, action, before, after, seed, rows, channel_id)


def draft_from_entry(
    *, session: Session, actor: Actor, point_id: str, version: int, after: Entry, action: str
) -> Draft:
    """A draft that replaces the whole entry (the workspace's form); channels are matched to
    their rows by the `id` each one carries (missing: a new channel)."""

    def edit(point: models.ContactPoint, data: Entry, rows: list[models.Channel | None]) -> None:
        by_id = {c.id: c for c in point.channels}
        # Each row is updated by one channel at most; a repeated or foreign id is a new channel.
        rows[:] = [by_id.pop(c.get("id"), None) for c in after["channels"]]
        data.clear()
        data.update(copy.deepcopy(after))
        for channel in data["channels"]:
            channel.pop("id", None)

    return draft_change(
        session=session, actor=actor, point_id=point_id, version=version, action=action, edit=edit
    )


def draft_create(*, session: Session, actor: Actor, data: Entry) -> Draft:
    """A new contact point from a seed-shaped entry; 409 when the id is taken."""
    if session.get(models.ContactPoint, data.get("id")) is not None:
        raise Conflict(
            f"A contact point '{data['id']}' exists already. Change it with "
            f"PATCH /v1/admin/contact-points/{data['id']}, or choose another id."
        )
    seed = checks.validate_entry(session=session, data=data)
    check_edit(actor, organisation_id=seed.organisation, point_id=seed.id)
    after = seed.model_dump(mode="json")
    check_contact_details(before=None, after=after, rows=[None] * len(seed.channels), before_ids=[])
    return Draft(None, "create", None, after, seed, [None] * len(seed.channels))


def publish(
    *,
    session: Session,
    actor: Actor,
    draft: Draft,
    note: str | None = None,
    proposal_id: int | None = None,
) -> models.ContactPoint:
    """Write the draft, add its audit row and commit; a stale version becomes StaleVersion."""
    point = draft.point
    if point is None:
        point = models.ContactPoint(id=draft.seed.id)
        session.add(point)
    store.write_point(session, point, draft.seed, draft.rows)
    channel_id = point.channels[-1].id if draft.action == "add_channel" else draft.channel_id
    entity = (
        ("contact_point", point.id)
        if channel_id is None
        else ("channel", f"{point.id}/{channel_id}")
    )
    audit.record(
        session,
        actor=actor,
        action=draft.action,
        entity=entity,
        before=draft.before,
        after=audit.entry(point),
        note=note,
        proposal_id=proposal_id,
    )
    session.commit()
    return landscape.get_contact_point(session=session, point_id=point.id)


def update_draft(
    *, session: Session, actor: Actor, point_id: str, version: int, changes: Entry
) -> Draft:
    """Replace the fields in `changes`; `serves` replaces only the taxonomies it names."""

    def edit(_point: models.ContactPoint, data: Entry, _rows: list[models.Channel | None]) -> None:
        for key, value in changes.items():
            if key == "serves" and value is not None:
                data["serves"].update(value)
            else:
                data[key] = value

    return draft_change(
        session=session,
        actor=actor,
        point_id=point_id,
        version=version,
        action="update",
        edit=edit,
    )


def retire_draft(*, session: Session, actor: Actor, point_id: str, version: int) -> Draft:
    """Mark a contact point retired: it leaves the default lists but keeps its history."""

    def edit(_point: models.ContactPoint, data: Entry, _rows: list[models.Channel | None]) -> None:
        data["status"] = "retired"

    return draft_change(
        session=session, actor=actor, point_id=point_id, version=version, action="retire", edit=edit
    )


def _channel_index(point: models.ContactPoint, channel_id: int) -> int:
    for index, channel in enumerate(point.channels):
        if channel.id == channel_id:
            return index
    raise NotFound(
        f"Contact point '{point.id}' has no channel {channel_id}. "
        f"GET /v1/contact-points/{point.id} lists its channels with their ids."
    )


def add_channel_draft(
    *,
    session: Session,
    actor: Actor,
    point_id: str,
    version: int,
    channel: Entry,
    source: Entry | None = None,
) -> Draft:
    """Append a channel to a contact point."""
    new = checks.valid_channel(channel)

    def edit(_point: models.ContactPoint, data: Entry, rows: list[models.Channel | None]) -> None:
        data["channels"].append(new)
        rows.append(None)

    return draft_change(
        session=session,
        actor=actor,
        point_id=point_id,
        version=version,
        action="add_channel",
        edit=edit,
        source=source,
    )


def update_channel_draft(
    *,
    session: Session,
    actor: Actor,
    point_id: str,
    channel_id: int,
    version: int,
    changes: Entry,
    source: Entry | None = None,
) -> Draft:
    """Replace the given fields of one channel."""

    def edit(point: models.ContactPoint, data: Entry, _rows: list[models.Channel | None]) -> None:
        index = _channel_index(point, channel_id)
        data["channels"][index] = checks.valid_channel({**data["channels"][index], **changes})

    return draft_change(
        session=session,
        actor=actor,
        point_id=point_id,
        version=version,
        action="update_channel",
        channel_id=channel_id,
        edit=edit,
        source=source,
    )


def remove_channel_draft(
    *, session: Session, actor: Actor, point_id: str, channel_id: int, version: int
) -> Draft:
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

    return draft_change(
        session=session,
        actor=actor,
        point_id=point_id,
        version=version,
        action="remove_channel",
        channel_id=channel_id,
        edit=edit,
    )
