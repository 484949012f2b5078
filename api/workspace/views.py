"""What the workspace pages show, read from the database: the points an account looks
after, one point with its channels and history, the labels of terms and regions, counts."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.admin import audit, proposals
from api.admin.models import AuditLog, Proposal, Verification
from api.admin.roles import Actor
from api.core.errors import ContactPointNotFound
from api.landscape import models, seed_export, serialise
from api.landscape import service as landscape
from api.landscape.seed_schema import TAXONOMIES
from api.workspace.pages import Page, PageError

Entry = dict[str, Any]


@dataclass(frozen=True)
class Row:
    """A contact point in a list."""

    id: str
    name: dict[str, str]
    organisation: str
    organisation_name: str
    status: str
    last_verified_at: date | None
    due: bool
    pending: int
    mine: bool


def point_or_404(session: Session, point_id: str) -> models.ContactPoint:
    if len(point_id) > 80:
        raise PageError(404, "error_not_found")
    try:
        return landscape.get_contact_point(session=session, point_id=point_id)
    except ContactPointNotFound:
        raise PageError(404, "error_not_found") from None


def entry_of(point: models.ContactPoint) -> Entry:
    """The point as a seed entry (the shape of proposals and the audit log)."""
    return audit.entry(point)


def public_of(point: models.ContactPoint) -> Entry:
    return serialise.contact_point(point)


def rows(session: Session, actor: Actor, *, today: date, max_age_days: int) -> list[Row]:
    """Every contact point, with whether this account may change it."""
    points = session.scalars(
        select(models.ContactPoint)
        .options(*landscape.load_options())
        .order_by(models.ContactPoint.organisation_id, models.ContactPoint.id)
    )
    pending: dict[str, int] = dict(
        session.execute(
            select(Proposal.contact_point_id, func.count())
            .where(Proposal.status == "pending")
            .group_by(Proposal.contact_point_id)
        ).all()
    )
    found = []
    for point in points:
        checked = point.last_verified_at
        found.append(
            Row(
                id=point.id,
                name={"nl": point.name_nl, "en": point.name_en},
                organisation=point.organisation_id,
                organisation_name=point.organisation.name,
                status=point.status,
                last_verified_at=checked,
                due=point.status == "active"
                and (checked is None or (today - checked).days > max_age_days),
                pending=pending.get(point.id, 0),
                mine=actor.may_edit(organisation_id=point.organisation_id, point_id=point.id),
            )
        )
    return found


def names(session: Session, lang: str) -> dict[str, str]:
    """Every contact point's name in `lang`, by id."""
    column = models.ContactPoint.name_nl if lang == "nl" else models.ContactPoint.name_en
    return dict(session.execute(select(models.ContactPoint.id, column)).all())


def taxonomies(session: Session, lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(taxonomy id, [(code, label)]) in seed order, for the checkboxes."""
    found = []
    for taxonomy in TAXONOMIES:
        terms = session.scalars(
            select(models.TaxonomyTerm)
            .where(models.TaxonomyTerm.taxonomy_id == taxonomy)
            .order_by(models.TaxonomyTerm.position)
        )
        found.append(
            (taxonomy, [(t.code, t.label_nl if lang == "nl" else t.label_en) for t in terms])
        )
    return found


def regions(session: Session) -> list[tuple[str, list[tuple[str, str]]]]:
    """(kind, [(id, name)]) for the region checkboxes, provinces first."""
    order = ["province", "veilig_thuis_region", "csg_region", "municipality_group"]
    grouped: dict[str, list[tuple[str, str]]] = {}
    for region in session.scalars(select(models.Region).order_by(models.Region.name)):
        grouped.setdefault(region.kind, []).append((region.id, region.name))
    return [(kind, grouped[kind]) for kind in order if kind in grouped]


def organisations(session: Session) -> list[tuple[str, str]]:
    return list(
        session.execute(
            select(models.Organisation.id, models.Organisation.name).order_by(
                models.Organisation.name
            )
        ).all()
    )


def history(session: Session, point_id: str, limit: int = 10) -> list[AuditLog]:
    _total, found = audit.entries(
        session=session, page=1, per_page=limit, wanted=audit.AuditFilter(entity_id=point_id)
    )
    return found


def last_verification(session: Session, point_id: str) -> Verification | None:
    return session.scalar(
        select(Verification)
        .where(Verification.contact_point_id == point_id)
        .order_by(Verification.id.desc())
        .limit(1)
    )


def pending_for(session: Session, point_id: str) -> list[Proposal]:
    return proposals.listing(session, status="pending", point_id=point_id)


def waiting(session: Session, page: Page) -> int:
    """Pending proposals this account should look at: all for a steward, their own otherwise."""
    statement = select(func.count()).select_from(Proposal).where(Proposal.status == "pending")
    if page.account is not None and page.account.role != "steward":
        statement = statement.where(Proposal.author == page.account.name)
    return int(session.scalar(statement) or 0)


def same_entry(first: Entry, second: Entry) -> bool:
    """Whether two entries say the same (ignoring the order of unordered lists)."""
    from api.landscape.seed_schema import ContactPointSeed

    one = ContactPointSeed.model_validate(first)
    two = ContactPointSeed.model_validate(second)
    return seed_export.canonical(one) == seed_export.canonical(two)
