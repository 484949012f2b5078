"""The steward's pages: accounts (invite someone, a new-password link, block, sign out
everywhere) and, for everyone signed in, the audit log with its filters and one entry's diff."""

from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Response
from sqlalchemy import select

from api.admin import audit, seed_sync
from api.admin.models import AuditLog
from api.admin.roles import ROLES
from api.core.errors import ServiceError
from api.core.settings import get_settings
from api.landscape import models
from api.workspace import accounts, diff, views
from api.workspace.pages import FormDep, Page, PageError, SignedIn, WorkspaceRoute, number

router = APIRouter(route_class=WorkspaceRoute, include_in_schema=False)
PER_PAGE = 50


def _steward(page: Page) -> None:
    if not page.actor.may_review:
        raise PageError(403, "error_steward_only")


def link_of(page: Page, secret: str) -> str:
    """The full address of a one-time link (PUBLIC_URL when set, else this server)."""
    base = get_settings().public_url.rstrip("/") or str(page.request.base_url).rstrip("/")
    return f"{base}/beheer/uitnodiging/{secret}"


def _accounts_page(
    page: Page,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    made: tuple[str, str] | None = None,
    values: dict[str, object] | None = None,
    general: str | None = None,
) -> Response:
    points = page.session.execute(
        select(
            models.ContactPoint.id, models.ContactPoint.name_nl, models.ContactPoint.organisation_id
        ).order_by(models.ContactPoint.organisation_id, models.ContactPoint.id)
    ).all()
    return page.render(
        "accounts.html",
        status=status,
        people=accounts.all_accounts(page.session),
        roles=ROLES,
        organisations=views.organisations(page.session),
        points=points,
        errors=errors or {},
        made=made,
        values=values or {"name": "", "role": "editor", "organisations": [], "points": []},
        general=general,
    )


@router.get("/accounts")
def accounts_page(page: SignedIn) -> Response:
    _steward(page)
    return _accounts_page(page)


@router.post("/accounts")
def invite(page: SignedIn, form: FormDep) -> Response:
    page.check_csrf(form)
    _steward(page)
    values: dict[str, object] = {
        "name": form.get("name")[:100],
        "role": form.get("role"),
        "organisations": form.all("organisation"),
        "points": form.all("point"),
    }
    errors: dict[str, str] = {}
    if not accounts.NAME.fullmatch(str(values["name"]).lower()):
        errors["name"] = "account_name"
    elif accounts.by_name(page.session, str(values["name"])) is not None:
        errors["name"] = "account_taken"
    if values["role"] not in ROLES:
        errors["role"] = "choose"
    elif values["role"] == "editor" and not (values["organisations"] or values["points"]):
        errors["scope"] = "account_scope"
    if errors:
        return _accounts_page(page, status=422, errors=errors, values=values)
    try:
        account, secret = accounts.invite(
            page.session,
            name=str(values["name"]),
            role=str(values["role"]),
            organisations=form.all("organisation") if values["role"] == "editor" else [],
            contact_points=form.all("point") if values["role"] == "editor" else [],
            by=page.actor,
        )
    except ServiceError as exc:
        return _accounts_page(page, status=422, values=values, general=exc.message)
    return _accounts_page(page, status=201, made=(account.name, link_of(page, secret)))


def _account_or_404(page: Page, name: str) -> accounts.Account:
    found = accounts.by_name(page.session, name[:60])
    if found is None:
        raise PageError(404, "error_not_found")
    return found


@router.post("/accounts/{name}/link")
def new_link(name: str, page: SignedIn, form: FormDep) -> Response:
    page.check_csrf(form)
    _steward(page)
    account = _account_or_404(page, name)
    secret = accounts.reset_link(page.session, account=account, by=page.actor)
    return _accounts_page(page, made=(account.name, link_of(page, secret)))


@router.post("/accounts/{name}/blokkeren")
def block(name: str, page: SignedIn, form: FormDep) -> Response:
    page.check_csrf(form)
    _steward(page)
    account = _account_or_404(page, name)
    if account.id == (page.account.id if page.account else None):
        raise PageError(409, "error_block_self")
    accounts.block(page.session, account, by=page.actor)
    return page.redirect("/beheer/accounts?klaar=blocked")


@router.post("/accounts/{name}/deblokkeren")
def unblock(name: str, page: SignedIn, form: FormDep) -> Response:
    page.check_csrf(form)
    _steward(page)
    accounts.unblock(page.session, _account_or_404(page, name), by=page.actor)
    return page.redirect("/beheer/accounts?klaar=unblocked")


@router.post("/accounts/{name}/uitloggen")
def sign_out_account(name: str, page: SignedIn, form: FormDep) -> Response:
    page.check_csrf(form)
    _steward(page)
    accounts.sign_out_everywhere(page.session, _account_or_404(page, name), by=page.actor)
    return page.redirect("/beheer/accounts?klaar=signed_out_all")


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@router.get("/logboek")
def log_page(
    page: SignedIn,
    punt: str = "",
    organisatie: str = "",
    wie: str = "",
    actie: str = "",
    van: str = "",
    tot: str = "",
    pagina: str = "1",
) -> Response:
    values = {
        "punt": punt[:80],
        "organisatie": organisatie[:80],
        "wie": wie[:100],
        "actie": actie[:40],
        "van": van[:10],
        "tot": tot[:10],
    }
    errors = {
        key: "date_invalid" for key in ("van", "tot") if values[key] and _day(values[key]) is None
    }
    wanted = audit.AuditFilter(
        entity_id=values["punt"] or None,
        organisation=values["organisatie"] or None,
        actor=values["wie"] or None,
        action=values["actie"] or None,
        since=_day(values["van"]),
        until=_day(values["tot"]),
    )
    shown = number(pagina, digits=5) or 1
    try:
        total, rows = audit.entries(
            session=page.session, page=shown, per_page=PER_PAGE, wanted=wanted
        )
    except ServiceError:
        shown = 1
        total, rows = audit.entries(session=page.session, page=1, per_page=PER_PAGE, wanted=wanted)
    query = urlencode([(k, v) for k, v in values.items() if v])
    return page.render(
        "log.html",
        rows=rows,
        total=total,
        number=shown,
        pages=max(1, -(-total // PER_PAGE)),
        values=values,
        errors=errors,
        actions=audit.actions(page.session),
        actors=audit.actors(page.session),
        organisations=views.organisations(page.session),
        names=views.names(page.session, page.lang),
        query=query,
        import_notes=seed_sync.NOTES,
    )


@router.get("/logboek/{entry_id}")
def log_entry(entry_id: str, page: SignedIn) -> Response:
    found = number(entry_id)
    row = page.session.get(AuditLog, found) if found is not None else None
    if row is None:
        raise PageError(404, "error_not_found")
    is_point = row.entity_type in ("contact_point", "channel") and (row.before or row.after)
    changes = (
        diff.changes(
            row.before, row.after, t=page.t, labels=diff.Labels.load(page.session, page.lang)
        )
        if is_point
        else []
    )
    return page.render(
        "log_entry.html",
        row=row,
        changes=changes,
        names=views.names(page.session, page.lang),
        import_notes=seed_sync.NOTES,
    )
