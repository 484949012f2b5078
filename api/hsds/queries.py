"""Queries behind the /hsds/ endpoints: filters by HSDS id (or our id), answered as serialised
rows (api/landscape/serialise.py), and the HSDS page wrapper. Relationships are loaded
eagerly, in a fixed number of queries."""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from api.core.errors import NotFound
from api.hsds.common import Obj, Vocabulary, hsds_id
from api.landscape import models, serialise
from api.landscape import service as landscape

T = TypeVar("T")


def _resolve(session: Session, model: Any, kind: str, value: str, listing: str) -> str:
    """Our id for an HSDS UUID (or for our own id, which is accepted too)."""
    ids = list(session.scalars(select(model.id)))
    for our_id in ids:
        if value in (our_id, hsds_id(kind, our_id)):
            return str(our_id)
    raise NotFound(
        f"There is no {kind.replace('_', ' ')} '{value}'. GET /hsds/{listing} lists them."
    )


def page(items: Sequence[T], *, number: int, per_page: int, show: Callable[[T], Obj]) -> Obj:
    """The HSDS page wrapper (openapi.json `Page`) around one page of `items`."""
    total = len(items)
    pages = -(-total // per_page)
    if number > max(pages, 1):
        raise NotFound(
            f"Page {number} does not exist: there are {total} items, {pages} page(s) of "
            f"{per_page}. Ask for a page from 1 to {max(pages, 1)}."
        )
    contents = [show(item) for item in items[(number - 1) * per_page : number * per_page]]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": total == 0,
        "contents": contents,
    }


def _points() -> Select[models.ContactPoint]:
    point = models.ContactPoint
    return select(point).options(*landscape.load_options()).order_by(point.id)


def vocabulary(*, session: Session) -> Vocabulary:
    """Every taxonomy, term and region, serialised, for the services that name them by code."""
    taxonomies = [serialise.taxonomy(t) for t in landscape.taxonomies(session=session)]
    regions = session.scalars(select(models.Region))
    return Vocabulary(
        taxonomies={t["id"]: t for t in taxonomies},
        terms={term["id"]: term for t in taxonomies for term in t["terms"]},
        regions={r.id: serialise.region(r) for r in regions},
    )


def services(
    *,
    session: Session,
    search: str | None = None,
    organization_id: str | None = None,
    taxonomy_id: str | None = None,
    taxonomy_term_id: str | None = None,
) -> list[Obj]:
    """Contact points (active and retired: HSDS carries the status) matching the filters."""
    point = models.ContactPoint
    statement = _points()
    if search:
        pattern = f"%{search.strip()}%"
        statement = statement.where(
            or_(*(column.ilike(pattern) for column in (
                point.id, point.name_nl, point.name_en, point.description_nl, point.description_en
            )))
        )  # fmt: skip
    if organization_id:
        org = _resolve(
            session, models.Organisation, "organization", organization_id, "organizations"
        )
        statement = statement.where(point.organisation_id == org)
    if taxonomy_id:
        taxonomy = _resolve(session, models.Taxonomy, "taxonomy", taxonomy_id, "taxonomies")
        statement = statement.where(point.terms.any(models.TaxonomyTerm.taxonomy_id == taxonomy))
    if taxonomy_term_id:
        term = _resolve(
            session, models.TaxonomyTerm, "taxonomy_term", taxonomy_term_id, "taxonomy_terms"
        )
        statement = statement.where(point.terms.any(models.TaxonomyTerm.id == term))
    return [serialise.contact_point(row) for row in session.scalars(statement)]


def service(*, session: Session, service_id: str) -> Obj:
    our_id = _resolve(session, models.ContactPoint, "service", service_id, "services")
    found = session.scalar(_points().where(models.ContactPoint.id == our_id))
    if found is None:  # removed between the two queries
        raise NotFound(f"There is no service '{service_id}'. GET /hsds/services lists them.")
    return serialise.contact_point(found)


def organizations(*, session: Session, search: str | None = None) -> list[Obj]:
    statement = select(models.Organisation).order_by(models.Organisation.id)
    if search:
        statement = statement.where(models.Organisation.name.ilike(f"%{search.strip()}%"))
    return [serialise.organisation(row) for row in session.scalars(statement)]


def organization(*, session: Session, organization_id: str) -> Obj:
    """One organisation with its sources."""
    our_id = _resolve(
        session, models.Organisation, "organization", organization_id, "organizations"
    )
    found = session.get(models.Organisation, our_id)
    if found is None:  # removed between the two queries
        raise NotFound(f"There is no organization '{organization_id}'.")
    return serialise.organisation(found, with_sources=True)


def organization_services(*, session: Session, organisation_id: str) -> list[Obj]:
    rows = session.scalars(_points().where(models.ContactPoint.organisation_id == organisation_id))
    return [serialise.contact_point(row) for row in rows]


def taxonomies(*, session: Session) -> list[Obj]:
    return [serialise.taxonomy(row) for row in landscape.taxonomies(session=session)]


def taxonomy_terms(*, session: Session, taxonomy_id: str | None = None) -> list[Obj]:
    term = models.TaxonomyTerm
    statement = select(term).join(models.Taxonomy).order_by(models.Taxonomy.position, term.position)
    if taxonomy_id:
        taxonomy = _resolve(session, models.Taxonomy, "taxonomy", taxonomy_id, "taxonomies")
        statement = statement.where(term.taxonomy_id == taxonomy)
    return [serialise.term(row) for row in session.scalars(statement)]
