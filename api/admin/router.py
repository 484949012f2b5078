"""The admin API under /v1/admin/: change contact points and channels with a bearer token.
Every change needs the version you read (body `version` or If-Match); a stale one gets 409."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response

from api.admin import audit
from api.admin import service as admin
from api.admin.auth import ReadToken, WriteToken, require_token
from api.admin.checks import expected_version
from api.admin.schemas import (
    AuditPage,
    AuditPublic,
    ChannelCreate,
    ChannelUpdate,
    ContactPointCreate,
    ContactPointUpdate,
    VersionOnly,
)
from api.core.db import SessionDep
from api.core.params import only
from api.landscape import hours, models, public
from api.landscape.schemas import ContactPointPublic

# The token is checked before anything else, so an unauthenticated caller learns nothing.
router = APIRouter(prefix="/v1/admin", tags=["admin"], dependencies=[Depends(require_token)])

IfMatch = Annotated[
    str | None, Header(description='the version you read, e.g. "3" (or send `version`)')
]
NO_QUERY = [Depends(only([]))]


def _answer(point: models.ContactPoint, response: Response) -> ContactPointPublic:
    shown = public.contact_point(point, now=datetime.now(hours.AMSTERDAM))
    response.headers["ETag"] = f'"{shown.version}"'
    return shown


@router.get("/audit", dependencies=[Depends(only(["entity_id", "page", "per_page"]))])
def list_audit(
    session: SessionDep,
    _token: ReadToken,
    entity_id: Annotated[str | None, Query(max_length=200)] = None,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
) -> AuditPage:
    """Who changed what and when, newest first; `entity_id` narrows it to one contact point."""
    total, rows = audit.entries(session=session, entity_id=entity_id, page=page, per_page=per_page)
    return AuditPage(
        total=total,
        page=page,
        per_page=per_page,
        items=[AuditPublic.model_validate(row, from_attributes=True) for row in rows],
    )


@router.post("/contact-points", status_code=201, dependencies=NO_QUERY)
def create_contact_point(
    body: ContactPointCreate, session: SessionDep, token: WriteToken, response: Response
) -> ContactPointPublic:
    """Add a contact point, written like a seed entry (see api/landscape/seed/README.md)."""
    point = admin.create_point(session=session, token=token.name, data=body.model_dump(mode="json"))
    return _answer(point, response)


@router.patch("/contact-points/{point_id}", dependencies=NO_QUERY)
def update_contact_point(
    point_id: str,
    body: ContactPointUpdate,
    session: SessionDep,
    token: WriteToken,
    response: Response,
    if_match: IfMatch = None,
) -> ContactPointPublic:
    """Change the fields you send; channels have their own endpoints."""
    version = expected_version(body_version=body.version, if_match=if_match)
    changes = body.model_dump(mode="json", exclude_unset=True, exclude={"version"})
    if "serves" in changes:
        changes["serves"] = body.serves.model_dump(exclude_unset=True) if body.serves else None
    point = admin.update_point(
        session=session, token=token.name, point_id=point_id, version=version, changes=changes
    )
    return _answer(point, response)


@router.post("/contact-points/{point_id}/retire", dependencies=NO_QUERY)
def retire_contact_point(
    point_id: str,
    session: SessionDep,
    token: WriteToken,
    response: Response,
    body: VersionOnly | None = None,
    if_match: IfMatch = None,
) -> ContactPointPublic:
    """Retire a contact point: it is no longer listed by default, and its history stays."""
    version = expected_version(body_version=body.version if body else None, if_match=if_match)
    point = admin.retire_point(
        session=session, token=token.name, point_id=point_id, version=version
    )
    return _answer(point, response)


@router.post("/contact-points/{point_id}/channels", status_code=201, dependencies=NO_QUERY)
def add_channel(
    point_id: str,
    body: ChannelCreate,
    session: SessionDep,
    token: WriteToken,
    response: Response,
    if_match: IfMatch = None,
) -> ContactPointPublic:
    """Add a way to reach the contact point."""
    version = expected_version(body_version=body.version, if_match=if_match)
    point = admin.add_channel(
        session=session,
        token=token.name,
        point_id=point_id,
        version=version,
        channel=body.model_dump(mode="json", exclude={"version"}),
    )
    return _answer(point, response)


@router.patch("/contact-points/{point_id}/channels/{channel_id}", dependencies=NO_QUERY)
def update_channel(
    point_id: str,
    channel_id: int,
    body: ChannelUpdate,
    session: SessionDep,
    token: WriteToken,
    response: Response,
    if_match: IfMatch = None,
) -> ContactPointPublic:
    """Change the channel fields you send."""
    version = expected_version(body_version=body.version, if_match=if_match)
    point = admin.update_channel(
        session=session,
        token=token.name,
        point_id=point_id,
        channel_id=channel_id,
        version=version,
        changes=body.model_dump(mode="json", exclude_unset=True, exclude={"version"}),
    )
    return _answer(point, response)


@router.delete(
    "/contact-points/{point_id}/channels/{channel_id}",
    dependencies=[Depends(only(["version"]))],
)
def remove_channel(
    point_id: str,
    channel_id: int,
    session: SessionDep,
    token: WriteToken,
    response: Response,
    version: int | None = None,
    if_match: IfMatch = None,
) -> ContactPointPublic:
    """Remove a channel (send the version as `?version=` or If-Match)."""
    expected = expected_version(body_version=version, if_match=if_match)
    point = admin.remove_channel(
        session=session,
        token=token.name,
        point_id=point_id,
        channel_id=channel_id,
        version=expected,
    )
    return _answer(point, response)
