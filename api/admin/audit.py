"""The audit log: every admin change with the token's name and the entry before and after, in
the shape of a seed entry."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.admin.models import AuditLog
from api.core.errors import InvalidInput
from api.landscape import models, seed_export, serialise

Entry = dict[str, Any]


def entry(point: models.ContactPoint) -> Entry:
    """A contact point as a seed entry, as the audit log keeps it."""
    return seed_export.point_to_seed(serialise.contact_point(point)).model_dump(mode="json")


def record(
    session: Session,
    *,
    token: str,
    action: str,
    entity: tuple[str, str],
    before: Entry | None,
    after: Entry,
) -> None:
    """Add one audit row (the caller commits)."""
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


def entries(
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
