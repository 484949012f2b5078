"""The admin API under /v1/admin/: change contact points and channels with a bearer token,
in the roles of the workspace. A steward's token (write, not limited) publishes at once; an
editor's token (write, limited to organisations or points) makes a proposal (202) that a
steward approves or rejects; a read token reads. Every change needs the version you read
(body `version` or If-Match); a stale one gets 409."""

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Response
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from api.admin import audit, proposals, verify
from api.admin import service as admin
from api.admin.auth import ReadActor, WriteToken, require_token
from api.admin.checks import expected_version
from api.admin.roles import Actor
from api.admin.schemas import (
    AuditPage,
    AuditPublic,
    ChannelCreate,
    ChannelUpdate,
    ConfirmBody,
    ContactPointCreate,
    ContactPointUpdate,
    ProposalList,
    ProposalPublic,
    ReviewNote,
    VersionOnly,
)
from api.core.db import SessionDep
from api.core.params import RowId, only
from api.landscape import hours, models, public
from api.landscape.schemas import ContactPointPublic

# The token is checked before anything else, so an unauthenticated caller learns nothing.
router = APIRouter(prefix="/v1/admin", tags=["admin"], dependencies=[Depends(require_token)])

IfMatch = Annotated[
    str | None,
    Header(
        description='the version you read, e.g. "3" (or send `version`)',
        # Documented here; checked (with a sentence that names If-Match) by expected_version.
        json_schema_extra={"pattern": r'^\s*(?:W/)?"?\d+"?\s*$'},
    ),
]
NO_QUERY = [Depends(only([]))]
PROPOSED: dict[int | str, dict[str, Any]] = {
    202: {
        "model": ProposalPublic,
        "description": "An editor's token: the change waits for a steward's review; "
        "`Location` is the proposal.",
    }
}


def _answer(point: models.ContactPoint, response: Response) -> ContactPointPublic:
    shown = public.contact_point(point, now=datetime.now(hours.AMSTERDAM))
    response.headers["ETag"] = f'"{shown.version}"'
    return shown


def proposal_public(proposal: Any) -> ProposalPublic:
    return ProposalPublic.model_validate(proposal, from_attributes=True)


def _settle(
    session: Session, actor: Actor, draft: admin.Draft, response: Response
) -> ContactPointPublic | JSONResponse:
    """Publish a steward's change; keep an editor's as a proposal (202)."""
    if actor.role == "steward":
        return _answer(admin.publish(session=session, actor=actor, draft=draft), response)
    proposal = proposals.propose(session=session, actor=actor, draft=draft, note=None)
    return JSONResponse(
        proposal_public(proposal).model_dump(mode="json"),
        status_code=202,
        headers={"Location": f"/v1/admin/proposals/{proposal.id}"},
    )


def _source(body: ChannelCreate | ChannelUpdate) -> dict[str, Any] | None:
    return body.source.model_dump() if body.source is not None else None


@router.get(
    "/audit", dependencies=[Depends(only(["entity_id", "actor", "action", "page", "per_page"]))]
)
def list_audit(
    session: SessionDep,
    _actor: ReadActor,
    entity_id: Annotated[str | None, Query(max_length=200)] = None,
    actor: Annotated[str | None, Query(max_length=100)] = None,
    action: Annotated[str | None, Query(max_length=40)] = None,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
) -> AuditPage:
    """Who changed what and when, newest first; narrow it to a contact point, who or action."""
    wanted = audit.AuditFilter(entity_id=entity_id, actor=actor, action=action)
    total, rows = audit.entries(session=session, page=page, per_page=per_page, wanted=wanted)
    return AuditPage(
        total=total,
        page=page,
        per_page=per_page,
        items=[AuditPublic.model_validate(row, from_attributes=True) for row in rows],
    )


@router.post(
    "/contact-points",
    status_code=201,
    dependencies=NO_QUERY,
    response_model=ContactPointPublic,
    responses={**PROPOSED, 409: {"description": "A contact point with this id exists already."}},
)
def create_contact_point(
    body: ContactPointCreate, session: SessionDep, actor: WriteToken, response: Response
) -> Any:
    """Add a contact point, written like a seed entry (see api/landscape/seed/README.md)."""
    draft = admin.draft_create(session=session, actor=actor, data=body.model_dump(mode="json"))
    return _settle(session, actor, draft, response)


@router.patch(
    "/contact-points/{point_id}",
    dependencies=NO_QUERY,
    response_model=ContactPointPublic,
    responses=PROPOSED,
)
def update_contact_point(
    point_id: str,
    body: ContactPointUpdate,
    session: SessionDep,
    actor: WriteToken,
    response: Response,
    if_match: IfMatch = None,
) -> Any:
    """Change the fields you send; channels have their own endpoints."""
    version = expected_version(body_version=body.version, if_match=if_match)
    changes = body.model_dump(mode="json", exclude_unset=True, exclude={"version"})
    if "serves" in changes:
        changes["serves"] = body.serves.model_dump(exclude_unset=True) if body.serves else None
    draft = admin.update_draft(
        session=session, actor=actor, point_id=point_id, version=version, changes=changes
    )
    return _settle(session, actor, draft, response)


@router.post(
    "/contact-points/{point_id}/retire",
    dependencies=NO_QUERY,
    response_model=ContactPointPublic,
    responses=PROPOSED,
)
def retire_contact_point(
    point_id: str,
    session: SessionDep,
    actor: WriteToken,
    response: Response,
    body: VersionOnly | None = None,
    if_match: IfMatch = None,
) -> Any:
    """Retire a contact point: it is no longer listed by default, and its history stays."""
    version = expected_version(body_version=body.version if body else None, if_match=if_match)
    draft = admin.retire_draft(session=session, actor=actor, point_id=point_id, version=version)
    return _settle(session, actor, draft, response)


@router.post("/contact-points/{point_id}/confirm", dependencies=NO_QUERY)
def confirm_contact_point(
    point_id: str,
    session: SessionDep,
    actor: WriteToken,
    response: Response,
    body: ConfirmBody | None = None,
    if_match: IfMatch = None,
) -> ContactPointPublic:
    """ "Still correct": record that you checked the point today (no review needed)."""
    version = expected_version(body_version=body.version if body else None, if_match=if_match)
    point = verify.confirm(
        session=session,
        actor=actor,
        point_id=point_id,
        version=version,
        today=date.today(),
        note=body.note if body else None,
    )
    return _answer(point, response)


@router.post(
    "/contact-points/{point_id}/channels",
    status_code=201,
    dependencies=NO_QUERY,
    response_model=ContactPointPublic,
    responses=PROPOSED,
)
def add_channel(
    point_id: str,
    body: ChannelCreate,
    session: SessionDep,
    actor: WriteToken,
    response: Response,
    if_match: IfMatch = None,
) -> Any:
    """Add a way to reach the contact point, with the `source` that names it."""
    version = expected_version(body_version=body.version, if_match=if_match)
    draft = admin.add_channel_draft(
        session=session,
        actor=actor,
        point_id=point_id,
        version=version,
        channel=body.model_dump(mode="json", exclude={"version", "source"}),
        source=_source(body),
    )
    return _settle(session, actor, draft, response)


@router.patch(
    "/contact-points/{point_id}/channels/{channel_id}",
    dependencies=NO_QUERY,
    response_model=ContactPointPublic,
    responses=PROPOSED,
)
def update_channel(
    point_id: str,
    channel_id: RowId,
    body: ChannelUpdate,
    session: SessionDep,
    actor: WriteToken,
    response: Response,
    if_match: IfMatch = None,
) -> Any:
    """Change the channel fields you send; a new value or new hours need a `source`."""
    version = expected_version(body_version=body.version, if_match=if_match)
    draft = admin.update_channel_draft(
        session=session,
        actor=actor,
        point_id=point_id,
        channel_id=channel_id,
        version=version,
        changes=body.model_dump(mode="json", exclude_unset=True, exclude={"version", "source"}),
        source=_source(body),
    )
    return _settle(session, actor, draft, response)


@router.delete(
    "/contact-points/{point_id}/channels/{channel_id}",
    dependencies=[Depends(only(["version"]))],
    response_model=ContactPointPublic,
    responses=PROPOSED,
)
def remove_channel(
    point_id: str,
    channel_id: RowId,
    session: SessionDep,
    actor: WriteToken,
    response: Response,
    version: int | None = None,
    if_match: IfMatch = None,
) -> Any:
    """Remove a channel (send the version as `?version=` or If-Match)."""
    expected = expected_version(body_version=version, if_match=if_match)
    draft = admin.remove_channel_draft(
        session=session, actor=actor, point_id=point_id, channel_id=channel_id, version=expected
    )
    return _settle(session, actor, draft, response)


@router.get("/proposals", dependencies=[Depends(only(["status", "contact_point"]))])
def list_proposals(
    session: SessionDep,
    _actor: ReadActor,
    status: Annotated[str | None, Query(pattern="^(pending|approved|rejected|withdrawn)$")] = (
        "pending"
    ),
    contact_point: Annotated[str | None, Query(max_length=80)] = None,
) -> ProposalList:
    """Proposals, newest first (pending ones unless you ask for another status)."""
    found = proposals.listing(session, status=status, point_id=contact_point)
    return ProposalList(items=[proposal_public(p) for p in found])


@router.get("/proposals/{proposal_id}", dependencies=NO_QUERY)
def get_proposal(proposal_id: RowId, session: SessionDep, _actor: ReadActor) -> ProposalPublic:
    """One proposal with the entry before and after."""
    return proposal_public(proposals.get(session, proposal_id))


@router.post(
    "/proposals/{proposal_id}/approve",
    dependencies=NO_QUERY,
    responses={409: {"description": "The contact point changed since the proposal was made."}},
)
def approve_proposal(
    proposal_id: RowId,
    session: SessionDep,
    actor: WriteToken,
    response: Response,
    body: ReviewNote | None = None,
) -> ContactPointPublic:
    """A steward publishes the proposal as proposed (409 if the point changed since)."""
    point = proposals.approve(
        session=session, actor=actor, proposal_id=proposal_id, note=body.note if body else None
    )
    return _answer(point, response)


@router.post("/proposals/{proposal_id}/reject", dependencies=NO_QUERY)
def reject_proposal(
    proposal_id: RowId, body: ReviewNote, session: SessionDep, actor: WriteToken
) -> ProposalPublic:
    """A steward closes the proposal without a change; the note says why."""
    return proposal_public(
        proposals.reject(session=session, actor=actor, proposal_id=proposal_id, note=body.note)
    )


@router.post("/proposals/{proposal_id}/withdraw", dependencies=NO_QUERY)
def withdraw_proposal(proposal_id: RowId, session: SessionDep, actor: WriteToken) -> ProposalPublic:
    """The author takes back a pending proposal."""
    return proposal_public(
        proposals.withdraw(session=session, actor=actor, proposal_id=proposal_id)
    )
