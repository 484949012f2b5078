"""GET /v1/contact-points (filtered, paginated) and GET /v1/contact-points/{id}."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from api.core.db import SessionDep
from api.core.params import only
from api.schemas.landscape import ContactPointPage, ContactPointPublic, ContactPointQuery
from api.services import hours, landscape

router = APIRouter(prefix="/v1/contact-points", tags=["landscape"])


def _now(at: datetime | None) -> datetime:
    return at or datetime.now(hours.AMSTERDAM)


@router.get("", dependencies=[Depends(only(ContactPointQuery))])
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
        items=[landscape.to_public(point, now=now) for point in page.items],
    )


@router.get("/{point_id}", dependencies=[Depends(only(["at"]))])
def get_contact_point(
    point_id: str, session: SessionDep, response: Response, at: datetime | None = None
) -> ContactPointPublic:
    """One contact point, active or retired; the ETag is its version (for If-Match)."""
    point = landscape.get_contact_point(session=session, point_id=point_id)
    response.headers["ETag"] = f'"{point.version}"'
    return landscape.to_public(point, now=_now(at))
