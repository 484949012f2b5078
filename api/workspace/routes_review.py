"""Review: the list of proposals, one proposal with its readable diff, the chat's card before
and after at a chosen moment, the triage cases that gain or lose the point, and the steward's
approve or reject (the author may withdraw)."""

from typing import Any

from fastapi import APIRouter, Response

from api.admin import proposals
from api.admin.models import Proposal
from api.core.errors import ServiceError
from api.landscape import models
from api.workspace import diff, preview, views
from api.workspace.i18n import Translator
from api.workspace.pages import FormDep, Page, PageError, SignedIn, WorkspaceRoute, number
from api.workspace.routes_points import _moment

router = APIRouter(route_class=WorkspaceRoute, include_in_schema=False)
STATUSES = proposals.STATUSES


def facts_words(facts: dict[str, Any], labels: diff.Labels, t: Translator) -> str:
    """A case's triage facts in words, e.g. "slachtoffer · seksueel geweld · Nederlands"."""

    def term(taxonomy: str, code: str) -> str:
        return labels.terms.get(f"{taxonomy}.{code}", code.replace("_", " "))

    parts = []
    if facts.get("danger_now") == "yes":
        parts.append(t("fact_danger"))
    if facts.get("suicidal_thoughts") == "yes":
        parts.append(t("fact_suicide"))
    if facts.get("role"):
        parts.append(term("role", str(facts["role"])))
    parts += [term("violence_type", str(c)) for c in facts.get("concerns") or []]
    if facts.get("timing"):
        parts.append(term("phase", str(facts["timing"])))
    if facts.get("age_group"):
        parts.append(term("age_group", str(facts["age_group"])))
    if facts.get("needs"):
        parts.append(t("fact_needs", needs=", ".join(term("need", str(n)) for n in facts["needs"])))
    if facts.get("region"):
        parts.append(str(facts["region"]))
    if facts.get("language") in ("nl", "en"):
        parts.append(t("lang_" + str(facts["language"])))
    return " · ".join(parts)


@router.get("/voorstellen")
def proposal_list(page: SignedIn, status: str = "pending") -> Response:
    status = status if status in STATUSES else "pending"
    found = proposals.listing(page.session, status=status)
    labels = diff.Labels.load(page.session, page.lang)
    summaries = {
        p.id: [c.label for c in diff.changes(p.before or None, p.after, t=page.t, labels=labels)]
        for p in found
    }
    return page.render(
        "proposals.html",
        items=found,
        shown=status,
        statuses=STATUSES,
        summaries=summaries,
        names=views.names(page.session, page.lang),
    )


def _proposal_or_404(page: Page, proposal_id: str) -> Proposal:
    found = number(proposal_id)
    if found is None:
        raise PageError(404, "error_not_found")
    try:
        return proposals.get(page.session, found)
    except ServiceError:
        raise PageError(404, "error_not_found") from None


@router.get("/voorstellen/{proposal_id}")
def proposal_page(proposal_id: str, page: SignedIn, moment: str = "") -> Response:
    return _render(page, _proposal_or_404(page, proposal_id), moment=moment)


def _render(
    page: Page,
    proposal: Proposal,
    *,
    moment: str = "",
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    at, valid = _moment(page, moment)
    point = page.session.get(models.ContactPoint, proposal.contact_point_id)
    organisation = page.session.get(models.Organisation, proposal.organisation_id)
    organisation_name = organisation.name if organisation else proposal.organisation_id
    labels = diff.Labels.load(page.session, page.lang)
    changes = diff.changes(proposal.before or None, proposal.after, t=page.t, labels=labels)
    try:
        stale = proposals.is_stale(page.session, proposal)
    except ServiceError:  # e.g. a term the proposal uses was removed from the taxonomy
        stale = True
    current = views.entry_of(point) if point is not None else None
    since = (
        diff.changes(current, proposal.after, t=page.t, labels=labels)
        if stale and current is not None
        else None
    )
    cards = {
        side: {
            lang: preview.card(entry, organisation_name=organisation_name, language=lang, moment=at)
            for lang in ("nl", "en")
        }
        for side, entry in (("before", proposal.before), ("after", proposal.after))
        if entry
    }
    shifts = (
        preview.case_shifts(
            page.session,
            point_id=proposal.contact_point_id,
            after=proposal.after,
            organisation_name=organisation_name,
            moment=at,
        )
        if proposal.status == "pending" and not stale
        else None
    )
    return page.render(
        "proposal.html",
        status=status,
        proposal=proposal,
        point=point,
        changes=changes,
        stale=stale,
        since=since,
        cards=cards,
        moment=at,
        moment_valid=valid,
        shifts=shifts,
        cases_loaded=preview.cases() is not None,
        labels=labels,
        may_review=page.actor.may_review,
        is_author=proposal.author == page.actor.name,
        errors=errors or {},
        facts_words=lambda facts: facts_words(facts, labels, page.t),
    )


@router.post("/voorstellen/{proposal_id}/goedkeuren")
def approve(proposal_id: str, page: SignedIn, form: FormDep) -> Response:
    page.check_csrf(form)
    proposal = _proposal_or_404(page, proposal_id)
    if not page.actor.may_review:
        raise PageError(403, "error_steward_only")
    note = form.raw("note").strip()[:2000]
    try:
        proposals.approve(
            session=page.session, actor=page.actor, proposal_id=proposal.id, note=note
        )
    except proposals.ProposalStale:
        return page.redirect(f"/beheer/voorstellen/{proposal.id}")
    except proposals.ProposalClosed:
        raise PageError(409, "error_proposal_closed") from None
    return page.redirect(f"/beheer/voorstellen/{proposal.id}?klaar=approved")


@router.post("/voorstellen/{proposal_id}/afwijzen")
def reject(proposal_id: str, page: SignedIn, form: FormDep) -> Response:
    page.check_csrf(form)
    proposal = _proposal_or_404(page, proposal_id)
    if not page.actor.may_review:
        raise PageError(403, "error_steward_only")
    note = form.raw("note").strip()
    if not note or len(note) > 2000:
        return _render(page, proposal, errors={"note": "reject_why"}, status=422)
    try:
        proposals.reject(session=page.session, actor=page.actor, proposal_id=proposal.id, note=note)
    except proposals.ProposalClosed:
        raise PageError(409, "error_proposal_closed") from None
    return page.redirect(f"/beheer/voorstellen/{proposal.id}?klaar=rejected")


@router.post("/voorstellen/{proposal_id}/intrekken")
def withdraw(proposal_id: str, page: SignedIn, form: FormDep) -> Response:
    page.check_csrf(form)
    proposal = _proposal_or_404(page, proposal_id)
    if proposal.author != page.actor.name and not page.actor.may_review:
        raise PageError(403, "error_not_yours")
    try:
        proposals.withdraw(session=page.session, actor=page.actor, proposal_id=proposal.id)
    except proposals.ProposalClosed:
        raise PageError(409, "error_proposal_closed") from None
    return page.redirect(f"/beheer/voorstellen/{proposal.id}?klaar=withdrawn")
