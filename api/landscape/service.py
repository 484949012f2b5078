"""Read the landscape: list contact points with filters, fetch one, and the taxonomy.
Relationships are loaded with a fixed number of queries, whatever the number of points."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from api.core.errors import ContactPointNotFound, InvalidInput
from api.landscape import channels as channel_view
from api.landscape import hours, models, regions
from api.landscape.schemas import ContactPointQuery
from api.landscape.seed_schema import TAXONOMIES

CHANNEL_FILTERS = ("open_now", "anonymous", "channel_type", "language")


def load_options() -> list[LoaderOption]:
    """Eager loading of everything a contact point is shown with."""
    point = models.ContactPoint
    return [
        selectinload(point.organisation),
        selectinload(point.terms),
        selectinload(point.regions),
        selectinload(point.sources),
        selectinload(point.unverified_facts),
        selectinload(point.channels).selectinload(models.Channel.unverified_facts),
    ]


def allowed_codes(*, session: Session, taxonomy: str) -> list[str]:
    """The term codes of one taxonomy as stored in the database, in their order."""
    return list(
        session.scalars(
            select(models.TaxonomyTerm.code)
            .where(models.TaxonomyTerm.taxonomy_id == taxonomy)
            .order_by(models.TaxonomyTerm.position)
        )
    )


def check_term(*, session: Session, taxonomy: str, code: str) -> None:
    allowed = allowed_codes(session=session, taxonomy=taxonomy)
    if code not in allowed:
        raise InvalidInput(
            f"{taxonomy} '{code}' is not a known value. Allowed values: {', '.join(allowed)}."
        )


def region_ids(*, session: Session, place: str) -> frozenset[str]:
    """The ids of the regions a typed place lies in; 422 when the place is not recognised."""
    infos = [regions.RegionInfo.from_row(r) for r in session.scalars(select(models.Region))]
    found = regions.resolve(infos, place)
    if not found:
        raise InvalidInput(
            f"We do not recognise the place '{place}'. Give a 4-digit postcode (e.g. 3511), "
            "a municipality (e.g. Utrecht) or a province (e.g. Friesland)."
        )
    return found


def _statement(*, session: Session, query: ContactPointQuery) -> Select[models.ContactPoint]:
    point = models.ContactPoint
    statement = select(point).options(*load_options()).order_by(point.id)
    if query.status != "all":
        statement = statement.where(point.status == query.status)
    for taxonomy in TAXONOMIES:
        code = getattr(query, taxonomy)
        if code is not None:
            check_term(session=session, taxonomy=taxonomy, code=code)
            statement = statement.where(
                point.terms.any(models.TaxonomyTerm.id == f"{taxonomy}.{code}")
            )
    if query.region is not None:
        ids = region_ids(session=session, place=query.region)
        statement = statement.where(
            or_(point.area_scope == "national", point.regions.any(models.Region.id.in_(ids)))
        )
    return statement


def _channel_matches(channel: models.Channel, query: ContactPointQuery) -> bool:
    if query.anonymous is not None and channel.anonymous != query.anonymous:
        return False
    if query.channel_type is not None and channel.type != query.channel_type:
        return False
    return query.language is None or query.language in channel.languages


def _open(channel: models.Channel, now: datetime) -> bool:
    return hours.is_open(channel_view.schedule_of(hours_text=channel.hours), now)


def _point_matches(point: models.ContactPoint, query: ContactPointQuery, now: datetime) -> bool:
    """Channel filters hold together on one channel: `anonymous=yes&channel_type=chat` asks
    for an anonymous chat, not for any anonymous channel plus any chat."""
    if all(getattr(query, name) is None for name in CHANNEL_FILTERS):
        return True
    matching = [c for c in point.channels if _channel_matches(c, query)]
    if query.open_now is None:
        return bool(matching)
    is_open = any(_open(c, now) for c in matching)
    return is_open if query.open_now else bool(matching) and not is_open


@dataclass(frozen=True)
class Page:
    total: int
    page: int
    per_page: int
    items: Sequence[models.ContactPoint]


def paginate(items: Sequence[models.ContactPoint], *, page: int, per_page: int) -> Page:
    """One page of `items`; a page past the last one is an error a person can fix."""
    pages = max(1, -(-len(items) // per_page))
    if page > pages:
        raise InvalidInput(
            f"Page {page} does not exist: there are {len(items)} results, {pages} page(s) of "
            f"{per_page}. Ask for a page from 1 to {pages}."
        )
    start = (page - 1) * per_page
    return Page(
        total=len(items), page=page, per_page=per_page, items=items[start : start + per_page]
    )


def list_contact_points(*, session: Session, query: ContactPointQuery, now: datetime) -> Page:
    """The contact points matching every filter, ordered by id, one page of them."""
    candidates = session.scalars(_statement(session=session, query=query)).all()
    matching = [p for p in candidates if _point_matches(p, query, now)]
    return paginate(matching, page=query.page, per_page=query.per_page)


def get_contact_point(*, session: Session, point_id: str) -> models.ContactPoint:
    """One contact point (active or retired) with everything it is shown with."""
    point = session.scalar(
        select(models.ContactPoint)
        .options(*load_options())
        .where(models.ContactPoint.id == point_id)
    )
    if point is None:
        raise ContactPointNotFound(point_id)
    return point


def taxonomies(*, session: Session) -> Sequence[models.Taxonomy]:
    """Every taxonomy with its terms, in seed order."""
    return session.scalars(
        select(models.Taxonomy)
        .options(selectinload(models.Taxonomy.terms))
        .order_by(models.Taxonomy.position)
    ).all()
