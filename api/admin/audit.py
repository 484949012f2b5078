"""The audit log: every change with who made it (a token's or an account's name, or the seed
import), how (api, workspace, cli, import) and the entry before and after, in the shape of a
seed entry; filtered by contact point, organisation, who, action and period."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from api.admin.models import AuditLog
from api.admin.roles import Actor
from api.core.errors import NotFound
from api.landscape import hours, models, seed_export, serialise

Entry = dict[str, Any]


def entry(point: models.ContactPoint) -> Entry:
    """A contact point as a seed entry, as the audit log keeps it."""
    return seed_export.point_to_seed(serialise.contact_point(point)).model_dump(mode="json")


def record(
    session: Session,
    *,
    actor: Actor | str,
    action: str,
    entity: tuple[str, str],
    before: Entry | None,
    after: Entry | None,
    note: str | None = None,
    proposal_id: int | None = None,
) -> None:
    """Add one audit row (the caller commits)."""
    name, via = (actor, None) if isinstance(actor, str) else (actor.name, actor.via)
    session.add(
        AuditLog(
            token_name=name,
            via=via,
            action=action,
            entity_type=entity[0],
            entity_id=entity[1],
            before=before,
            after=after,
            note=note,
            proposal_id=proposal_id,
        )
    )


@dataclass(frozen=True)
class AuditFilter:
    """What to show of the log; None shows everything."""

    entity_id: str | None = None
    organisation: str | None = None
    actor: str | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None


def _of_points(point_ids: list[str]) -> Any:
    clauses: list[ColumnElement[bool]] = [AuditLog.entity_id.in_(point_ids)] if point_ids else []
    clauses += [AuditLog.entity_id.startswith(f"{p}/", autoescape=True) for p in point_ids]
    return or_(*clauses) if clauses else AuditLog.id.is_(None)


def _start_of(day: date) -> datetime:
    # In UTC: SQLite compares the stored text, which is written in UTC.
    return datetime.combine(day, time.min, tzinfo=hours.AMSTERDAM).astimezone(UTC)


def _statement(session: Session, wanted: AuditFilter) -> Select[AuditLog]:
    statement = select(AuditLog)
    if wanted.entity_id:
        statement = statement.where(_of_points([wanted.entity_id]))
    if wanted.organisation:
        ids = list(
            session.scalars(
                select(models.ContactPoint.id).where(
                    models.ContactPoint.organisation_id == wanted.organisation
                )
            )
        )
        statement = statement.where(_of_points(ids))
    if wanted.actor:
        statement = statement.where(AuditLog.token_name == wanted.actor)
    if wanted.action:
        statement = statement.where(AuditLog.action == wanted.action)
    if wanted.since:
        statement = statement.where(AuditLog.at >= _start_of(wanted.since))
    if wanted.until:
        statement = statement.where(AuditLog.at < _start_of(wanted.until + timedelta(days=1)))
    return statement


def entries(
    *,
    session: Session,
    entity_id: str | None = None,
    page: int,
    per_page: int,
    wanted: AuditFilter | None = None,
) -> tuple[int, list[AuditLog]]:
    """The audit log, newest first, filtered; 404 for a page that does not exist."""
    wanted = wanted or AuditFilter(entity_id=entity_id)
    statement = _statement(session, wanted)
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    pages = max(1, -(-total // per_page))
    if page > pages:
        raise NotFound(f"Page {page} does not exist: ask for a page from 1 to {pages}.")
    rows = session.scalars(
        statement.order_by(AuditLog.id.desc()).offset((page - 1) * per_page).limit(per_page)
    )
    return total, list(rows)


def actions(session: Session) -> list[str]:
    """The actions that occur in the log, for a filter's choices."""
    return list(session.scalars(select(AuditLog.action).distinct().order_by(AuditLog.action)))


def actors(session: Session) -> list[str]:
    """Everyone who appears in the log, for a filter's choices."""
    return list(
        session.scalars(select(AuditLog.token_name).distinct().order_by(AuditLog.token_name))
    )
