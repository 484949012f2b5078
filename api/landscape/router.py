"""The landscape routers: GET /v1/contact-points (filtered, paginated), GET
/v1/contact-points/{id} and GET /v1/taxonomy, one router per resource."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from api.core.db import SessionDep
from api.core.params import Moment, only
from api.landscape import hours, public, serialise
from api.landscape import service as landscape
from api.landscape.schemas import (
    ContactPointPage,
    ContactPointPublic,
    ContactPointQuery,
    TaxonomyList,
    TaxonomyPublic,
)

contact_points = APIRouter(prefix="/v1/contact-points", tags=["landscape"])
taxonomy = APIRouter(prefix="/v1", tags=["landscape"])


def _now(at: datetime | None) -> datetime:
    return at or datetime.now(hours.AMSTERDAM)


@contact_points.get("", dependencies=[Depends(only(ContactPointQuery))])
def list_contact_points(
    session: SessionDep, query: Annotated[ContactPointQuery, Query()]
) -> ContactPointPage:
    """The contact points that match every filter given. Term filters take the codes of
    GET /v1/taxonomy; `region` takes a postcode, municipality or province (national points
    always match); `open_now` needs at least one matching channel open at `at`."""
    now = _now(query.at)
    page = landscape.list_contact_points(session=session, query=query, now=now)
    return ContactPointPage(
        total=page.total,
        page=page.page,
        per_page=page.per_page,
        items=[public.contact_point(point, now=now) for point in page.items],
    )


@contact_points.get("/{point_id}", dependencies=[Depends(only(["at"]))])
def get_contact_point(
    point_id: str, session: SessionDep, response: Response, at: Moment | None = None
) -> ContactPointPublic:
    """One contact point, active or retired; the ETag is its version (for If-Match)."""
    point = landscape.get_contact_point(session=session, point_id=point_id)
    response.headers["ETag"] = f'"{point.version}"'
    return public.contact_point(point, now=_now(at))


@taxonomy.get("/taxonomy", dependencies=[Depends(only([]))])
def get_taxonomy(session: SessionDep) -> TaxonomyList:
    """Every taxonomy (role, violence_type, phase, age_group, need, ...) and its terms; the
    codes are the values the filters of GET /v1/contact-points accept."""
    rows = landscape.taxonomies(session=session)
    return TaxonomyList(
        taxonomies=[TaxonomyPublic.model_validate(serialise.taxonomy(t)) for t in rows]
    )
