"""Proposals: an editor's change waits here until a steward approves it (then it is written,
exactly as proposed, if the point has not changed since) or rejects it with a note. Every step
is in the audit log."""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.admin import audit, checks
from api.admin.models import Proposal
from api.admin.roles import Actor, Forbidden, check_review
from api.admin.service import Draft, publish
from api.core.errors import Conflict, InvalidInput, NotFound
from api.landscape import models
from api.landscape import service as landscape

STATUSES = ("pending", "approved", "rejected", "withdrawn")


class ProposalNotFound(NotFound):
    def __init__(self, proposal_id: int) -> None:
        super().__init__(f"There is no proposal {proposal_id}. GET /v1/admin/proposals lists them.")


class ProposalClosed(Conflict):
    def __init__(self, proposal: Proposal) -> None:
        super().__init__(
            f"Proposal {proposal.id} is {proposal.status} already; only a pending proposal "
            "can be approved, rejected or withdrawn."
        )


class ProposalStale(Conflict):
    """The point changed after the proposal was written; nothing is overwritten."""

    def __init__(self, proposal: Proposal, current_version: int) -> None:
        super().__init__(
            f"Proposal {proposal.id} was written for version {proposal.base_version} of "
            f"'{proposal.contact_point_id}', which is now at version {current_version}: "
            "someone changed it in between. Nothing was overwritten. Reject this proposal "
            "and ask for a new one on the current version."
        )
        self.proposal = proposal
        self.current_version = current_version


def propose(*, session: Session, actor: Actor, draft: Draft, note: str | None) -> Proposal:
    """Keep the draft as a pending proposal (and an audit row); commits."""
    proposal = Proposal(
        contact_point_id=draft.point_id,
        organisation_id=draft.seed.organisation,
        action=draft.action,
        base_version=draft.point.version if draft.point is not None else 0,
        before=draft.before or {},
        after=draft.after,
        channel_ids=draft.channel_ids,
        note=note or None,
        status="pending",
        author=actor.name,
        author_via=actor.via,
    )
    session.add(proposal)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="propose",
        entity=("contact_point", draft.point_id),
        before=draft.before,
        after=draft.after,
        note=note or None,
        proposal_id=proposal.id,
    )
    session.commit()
    return proposal


def get(session: Session, proposal_id: int) -> Proposal:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise ProposalNotFound(proposal_id)
    return proposal


def _pending(proposal: Proposal) -> None:
    if proposal.status != "pending":
        raise ProposalClosed(proposal)


def current_draft(session: Session, proposal: Proposal) -> Draft:
    """The proposal as a draft on the point as it is now; ProposalStale if it moved on."""
    if proposal.action == "create":
        if session.get(models.ContactPoint, proposal.contact_point_id) is not None:
            raise ProposalStale(proposal, 1)
        seed = checks.validate_entry(session=session, data=proposal.after)
        return Draft(None, "create", None, proposal.after, seed, [None] * len(seed.channels))
    point = landscape.get_contact_point(session=session, point_id=proposal.contact_point_id)
    current = audit.entry(point)
    after = proposal.after
    if point.version != proposal.base_version:
        if not only_checked_since(proposal, current):
            raise ProposalStale(proposal, point.version)
        # Only a "still correct" came in between: keep its (later) day, change the rest.
        after = {**after, "last_verified_at": current["last_verified_at"]}
    by_id = {c.id: c for c in point.channels}
    rows: list[models.Channel | None] = [
        by_id.get(i) if i is not None else None for i in proposal.channel_ids
    ]
    seed = checks.validate_entry(session=session, data=after)
    return Draft(point, proposal.action, current, seed.model_dump(mode="json"), seed, rows)


def only_checked_since(proposal: Proposal, current: dict[str, object]) -> bool:
    """Whether the point changed since the proposal in nothing but its day of last check."""
    ignore = {"last_verified_at"}
    before = {k: v for k, v in proposal.before.items() if k not in ignore}
    return before == {k: v for k, v in current.items() if k not in ignore}


def is_stale(session: Session, proposal: Proposal) -> bool:
    """Whether a pending proposal can no longer be approved as it is."""
    if proposal.status != "pending":
        return False
    try:
        current_draft(session, proposal)
    except ProposalStale:
        return True
    except NotFound:
        return True
    return False


def _close(proposal: Proposal, *, actor: Actor, status: str, note: str | None) -> None:
    proposal.status = status
    proposal.reviewer = actor.name
    proposal.reviewed_at = datetime.now(UTC)
    proposal.review_note = note or None


def approve(
    *, session: Session, actor: Actor, proposal_id: int, note: str | None
) -> models.ContactPoint:
    """Publish a pending proposal exactly as proposed; the steward's note goes with it."""
    check_review(actor)
    proposal = get(session, proposal_id)
    _pending(proposal)
    draft = current_draft(session, proposal)
    _close(proposal, actor=actor, status="approved", note=note)
    # The audit row names the proposal (and so its author); the note is the steward's own.
    return publish(
        session=session, actor=actor, draft=draft, note=note or None, proposal_id=proposal.id
    )


def reject(*, session: Session, actor: Actor, proposal_id: int, note: str | None) -> Proposal:
    """Close a pending proposal without changing the point; a note says why."""
    check_review(actor)
    proposal = get(session, proposal_id)
    _pending(proposal)
    if not (note or "").strip():
        raise InvalidInput("Say in a note why the proposal is rejected, so its author can act.")
    _close(proposal, actor=actor, status="rejected", note=note)
    audit.record(
        session,
        actor=actor,
        action="reject",
        entity=("contact_point", proposal.contact_point_id),
        before=None,
        after=None,
        note=note,
        proposal_id=proposal.id,
    )
    session.commit()
    return proposal


def withdraw(*, session: Session, actor: Actor, proposal_id: int) -> Proposal:
    """The author takes a pending proposal back (a steward may too)."""
    proposal = get(session, proposal_id)
    _pending(proposal)
    if proposal.author != actor.name and not actor.may_review:
        raise Forbidden(f"Only {proposal.author} or a steward can withdraw proposal {proposal.id}.")
    _close(proposal, actor=actor, status="withdrawn", note=None)
    audit.record(
        session,
        actor=actor,
        action="withdraw",
        entity=("contact_point", proposal.contact_point_id),
        before=None,
        after=None,
        proposal_id=proposal.id,
    )
    session.commit()
    return proposal


def listing(
    session: Session,
    *,
    status: str | None = "pending",
    point_id: str | None = None,
    organisation: str | None = None,
    limit: int = 200,
) -> list[Proposal]:
    """Proposals, newest first, optionally of one status, point or organisation."""
    statement = select(Proposal)
    if status:
        statement = statement.where(Proposal.status == status)
    if point_id:
        statement = statement.where(Proposal.contact_point_id == point_id)
    if organisation:
        statement = statement.where(Proposal.organisation_id == organisation)
    return list(session.scalars(statement.order_by(Proposal.id.desc()).limit(limit)))
