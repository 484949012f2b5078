""" "Still correct": an editor (or steward) confirms a contact point as it is; the point's
last check becomes today, with who did it, in the verifications and the audit log. The content
does not change, so this needs no review."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.admin import audit, store
from api.admin.checks import StaleVersion
from api.admin.models import Verification
from api.admin.roles import Actor, check_edit
from api.core.db import utcnow
from api.landscape import models
from api.landscape import service as landscape


def confirm(
    *,
    session: Session,
    actor: Actor,
    point_id: str,
    version: int,
    today: date,
    note: str | None = None,
) -> models.ContactPoint:
    """Record that `actor` checked the point (as it was at `version`) on `today`."""
    point = landscape.get_contact_point(session=session, point_id=point_id)
    check_edit(actor, organisation_id=point.organisation_id, point_id=point.id)
    if version != point.version:
        raise StaleVersion(point_id, version, point.version)
    before = audit.entry(point)
    point.last_verified_at = today
    point.updated_at = utcnow()
    store.flush_versioned(session, point)
    session.add(
        Verification(
            contact_point_id=point.id, day=today, actor=actor.name, via=actor.via, note=note
        )
    )
    audit.record(
        session,
        actor=actor,
        action="confirm",
        entity=("contact_point", point.id),
        before=before,
        after=audit.entry(point),
        note=note,
    )
    session.commit()
    return landscape.get_contact_point(session=session, point_id=point_id)


def latest(session: Session) -> dict[str, Verification]:
    """The newest verification of every point that has one."""
    found: dict[str, Verification] = {}
    for row in session.scalars(select(Verification).order_by(Verification.id)):
        found[row.contact_point_id] = row
    return found
