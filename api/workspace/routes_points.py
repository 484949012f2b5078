"""The contact points: the start page (your points, what is due, what waits), one point with
its card as the chat shows it, the edit form that makes a proposal, "still correct", retiring,
and the list of points due for a check."""

from datetime import date, datetime

from fastapi import APIRouter, Response
from pydantic import ValidationError
from sqlalchemy import select

from api.admin import proposals, verify
from api.admin import service as admin
from api.admin.checks import StaleVersion
from api.core.errors import InvalidInput
from api.core.settings import get_settings
from api.landscape import hours
from api.landscape.models import ContactPoint
from api.workspace import diff, forms, freshness, preview, views
from api.workspace.pages import FormDep, Page, PageError, SignedIn, WorkspaceRoute, number

router = APIRouter(route_class=WorkspaceRoute, include_in_schema=False)


def _moment(page: Page, raw: str | None) -> tuple[datetime, bool]:
    """The moment asked for (`2026-12-05T14:00`, Amsterdam time), or now; and whether the
    text was valid."""
    if raw:
        try:
            moment = datetime.fromisoformat(raw[:40])
        except ValueError:
            return datetime.now(hours.AMSTERDAM), False
        if 1900 < moment.year < 2200:
            return (moment if moment.tzinfo else moment.replace(tzinfo=hours.AMSTERDAM)), True
        return datetime.now(hours.AMSTERDAM), False
    return datetime.now(hours.AMSTERDAM), True


@router.get("/")
def start(page: SignedIn, organisatie: str = "", alles: str = "") -> Response:
    settings = get_settings()
    today = date.today()
    actor = page.actor
    everything = views.rows(page.session, actor, today=today, max_age_days=settings.freshness_days)
    show_all = bool(alles) or actor.role != "editor"
    shown = [
        r
        for r in everything
        if (show_all or r.mine) and (not organisatie or r.organisation == organisatie)
    ]
    return page.render(
        "start.html",
        rows=shown,
        mine=[r for r in everything if r.mine],
        show_all=show_all,
        organisation=organisatie,
        organisations=views.organisations(page.session),
        waiting=views.waiting(page.session, page),
        due=[r for r in everything if r.mine and r.due],
        freshness_days=settings.freshness_days,
    )


@router.get("/punten/{point_id}")
def point_page(point_id: str, page: SignedIn, moment: str = "") -> Response:
    point = views.point_or_404(page.session, point_id)
    at, valid = _moment(page, moment)
    entry = views.entry_of(point)
    cards = {
        lang: preview.card(
            entry, organisation_name=point.organisation.name, language=lang, moment=at
        )
        for lang in ("nl", "en")
    }
    labels = diff.Labels.load(page.session, page.lang)
    return page.render(
        "point.html",
        point=point,
        data=views.public_of(point),
        labels=labels,
        cards=cards,
        moment=at,
        moment_valid=valid,
        may_edit=page.actor.may_edit(organisation_id=point.organisation_id, point_id=point.id),
        history=views.history(page.session, point.id),
        pending=views.pending_for(page.session, point.id),
        verification=views.last_verification(page.session, point.id),
        freshness_days=get_settings().freshness_days,
        today=date.today(),
        hours_words=lambda text: diff.Differ(page.t, labels).hours_words(text),
    )


def _may_edit(page: Page, point: ContactPoint) -> None:
    if not page.actor.may_edit(organisation_id=point.organisation_id, point_id=point.id):
        raise PageError(403, "error_not_yours")


def _edit_page(
    page: Page,
    point: ContactPoint,
    state: forms.PointForm,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    general: str | None = None,
    conflict: list[diff.Change] | None = None,
) -> Response:
    return page.render(
        "edit.html",
        status=status,
        point=point,
        form=state,
        errors=errors or {},
        general=general,
        conflict=conflict,
        taxonomies=views.taxonomies(page.session, page.lang),
        region_groups=views.regions(page.session),
        channel_types=forms.CHANNEL_TYPES,
        channel_type_options=[(c, page.t(f"type_{c}")) for c in forms.CHANNEL_TYPES],
        cost_options=[(c, page.t(f"cost_{c}")) for c in forms.COSTS],
        anonymity_options=[(c, page.t(f"anonymous_{c}")) for c in forms.ANONYMITY],
        pending=views.pending_for(page.session, point.id),
        hours_words=diff.Differ(page.t, diff.Labels({}, {})).hours_words,
    )


@router.get("/punten/{point_id}/wijzigen")
def edit_page(point_id: str, page: SignedIn) -> Response:
    point = views.point_or_404(page.session, point_id)
    _may_edit(page, point)
    state = forms.from_entry(
        views.entry_of(point), version=point.version, channel_ids=[c.id for c in point.channels]
    )
    return _edit_page(page, point, state)


def _without_ids(entry: dict[str, object]) -> dict[str, object]:
    channels = entry["channels"]
    assert isinstance(channels, list)
    return {**entry, "channels": [{k: v for k, v in c.items() if k != "id"} for c in channels]}


@router.post("/punten/{point_id}/wijzigen")
def edit(point_id: str, page: SignedIn, form: FormDep) -> Response:
    page.check_csrf(form)
    point = views.point_or_404(page.session, point_id)
    _may_edit(page, point)
    state = forms.from_post(form)
    before = views.entry_of(point)
    entry, errors = forms.to_entry(
        state,
        before=before,
        before_ids=[c.id for c in point.channels],
        allowed={
            t: [code for code, _ in terms] for t, terms in views.taxonomies(page.session, "en")
        },
        regions=[r for _, group in views.regions(page.session) for r, _ in group],
        today=date.today(),
    )
    plain = _without_ids(entry)
    if state.version != point.version:
        # Someone changed the point while this form was open: show both, keep the typing.
        state.version = point.version
        labels = diff.Labels.load(page.session, page.lang)
        both = diff.changes(before, plain, t=page.t, labels=labels)
        return _edit_page(page, point, state, status=409, conflict=both)
    if errors:
        return _edit_page(page, point, state, status=422, errors=errors)
    try:
        unchanged = views.same_entry(plain, before)
    except ValidationError as exc:
        return _edit_page(page, point, state, status=422, general=str(exc.errors()[0]["msg"]))
    if unchanged:
        return page.redirect(f"/beheer/punten/{point.id}?klaar=nothing_changed")
    try:
        draft = admin.draft_from_entry(
            session=page.session,
            actor=page.actor,
            point_id=point.id,
            version=state.version,
            after=entry,
            action="update",
        )
    except StaleVersion:
        return page.redirect(f"/beheer/punten/{point.id}/wijzigen")
    except InvalidInput as exc:
        return _edit_page(page, point, state, status=422, general=exc.message)
    proposal = proposals.propose(
        session=page.session, actor=page.actor, draft=draft, note=state.proposal_note
    )
    return page.redirect(f"/beheer/voorstellen/{proposal.id}?klaar=proposed")


def _version(form_value: str) -> int:
    return -1 if (found := number(form_value)) is None else found


def _back(target: str, point_id: str) -> str:
    return "/beheer/controle" if target == "controle" else f"/beheer/punten/{point_id}"


@router.post("/punten/{point_id}/klopt-nog")
def still_correct(point_id: str, page: SignedIn, form: FormDep) -> Response:
    page.check_csrf(form)
    point = views.point_or_404(page.session, point_id)
    _may_edit(page, point)
    try:
        verify.confirm(
            session=page.session,
            actor=page.actor,
            point_id=point.id,
            version=_version(form.get("version")),
            today=date.today(),
        )
    except StaleVersion:
        raise PageError(409, "error_changed_since") from None
    return page.redirect(_back(form.get("terug"), point.id) + "?klaar=confirmed")


@router.get("/punten/{point_id}/archiveren")
def retire_page(point_id: str, page: SignedIn) -> Response:
    point = views.point_or_404(page.session, point_id)
    _may_edit(page, point)
    return page.render("retire.html", point=point, errors={})


@router.post("/punten/{point_id}/archiveren")
def retire(point_id: str, page: SignedIn, form: FormDep) -> Response:
    page.check_csrf(form)
    point = views.point_or_404(page.session, point_id)
    _may_edit(page, point)
    note = form.raw("proposal-note").strip()
    if not note or len(note) > 2000:
        return page.render(
            "retire.html", status=422, point=point, errors={"proposal-note": "retire_why"}
        )
    try:
        draft = admin.retire_draft(
            session=page.session,
            actor=page.actor,
            point_id=point.id,
            version=_version(form.get("version")),
        )
    except StaleVersion:
        raise PageError(409, "error_changed_since") from None
    proposal = proposals.propose(session=page.session, actor=page.actor, draft=draft, note=note)
    return page.redirect(f"/beheer/voorstellen/{proposal.id}?klaar=proposed")


@router.get("/controle")
def due_page(page: SignedIn, alles: str = "") -> Response:
    settings = get_settings()
    actor = page.actor
    items = freshness.due_list(
        page.session, today=date.today(), max_age_days=settings.freshness_days
    )
    names = views.names(page.session, page.lang)
    versions = {
        p.id: p.version
        for p in page.session.scalars(
            select(ContactPoint).where(ContactPoint.id.in_([i.id for i in items]))
        )
    }
    show_all = bool(alles) or actor.role != "editor"
    mine = {i.id for i in items if actor.may_edit(organisation_id=i.organisation, point_id=i.id)}
    return page.render(
        "due.html",
        items=[i for i in items if show_all or i.id in mine],
        mine=mine,
        names=names,
        versions=versions,
        show_all=show_all,
        freshness_days=settings.freshness_days,
    )
