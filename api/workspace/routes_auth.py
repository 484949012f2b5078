"""Signing in and out, accepting an invitation (or a new-password link), and one's own
account: change the password, sign out on every device."""

from fastapi import APIRouter, Response

from api.workspace import accounts, passwords, sessions, views
from api.workspace.pages import AnyPage, FormDep, Page, SignedIn, WorkspaceRoute, safe_next

router = APIRouter(route_class=WorkspaceRoute, include_in_schema=False)


def _signed_in_response(page: Page, account: accounts.Account, target: str) -> Response:
    secret = sessions.start(page.session, account, now=page.now)
    response = page.redirect(target)
    response.set_cookie(
        sessions.cookie_name(_secure(page)),
        secret,
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(page),
    )
    return response


def _secure(page: Page) -> bool:
    from api.workspace.pages import secure_cookies

    return secure_cookies(page.request)


def _scope_names(page: Page, link: accounts.Invite) -> list[str]:
    """What an invited editor will look after, by name."""
    organisations = dict(views.organisations(page.session))
    points = views.names(page.session, page.lang)
    account = link.account
    return [organisations.get(o, o) for o in account.organisations] + [
        points.get(p, p) for p in account.contact_points
    ]


@router.get("/inloggen")
def sign_in_page(page: AnyPage, volgende: str = "/beheer/") -> Response:
    if page.account is not None:
        return page.redirect(safe_next(volgende))
    return page.render("sign_in.html", name="", error=None, until=None, next=safe_next(volgende))


@router.post("/inloggen")
def sign_in(page: AnyPage, form: FormDep) -> Response:
    target = safe_next(form.get("volgende"))
    name = form.get("name")[:200]
    if form.get("csrf") != page.request.cookies.get("beheer_csrf", "") or not form.get("csrf"):
        return page.render(
            "sign_in.html", status=400, name=name, error="form_expired", until=None, next=target
        )
    try:
        account = accounts.sign_in(
            page.session, name=name, password=form.raw("password")[:400], now=page.now
        )
    except accounts.SignInFailed as failed:
        return page.render(
            "sign_in.html",
            status=401,
            name=name,
            error=failed.key,
            until=failed.until,
            next=target,
        )
    return _signed_in_response(page, account, target)


@router.post("/uitloggen")
def sign_out(page: SignedIn, form: FormDep) -> Response:
    page.check_csrf(form)
    cookie = sessions.cookie_name(_secure(page))
    sessions.end(page.session, page.request.cookies.get(cookie))
    response = page.redirect("/beheer/inloggen?klaar=signed_out")
    response.delete_cookie(cookie, path="/")
    return response


@router.post("/uitloggen-overal")
def sign_out_everywhere(page: SignedIn, form: FormDep) -> Response:
    page.check_csrf(form)
    assert page.account is not None
    accounts.sign_out_everywhere(page.session, page.account, by=page.actor)
    response = page.redirect("/beheer/inloggen?klaar=signed_out_all")
    response.delete_cookie(sessions.cookie_name(_secure(page)), path="/")
    return response


@router.get("/uitnodiging/{secret}")
def invitation_page(secret: str, page: AnyPage) -> Response:
    link = accounts.open_invite(page.session, secret[:100], now=page.now)
    if link is None:
        return page.render("link_gone.html", status=404)
    return page.render("invitation.html", link=link, errors={}, scope=_scope_names(page, link))


@router.post("/uitnodiging/{secret}")
def accept_invitation(secret: str, page: AnyPage, form: FormDep) -> Response:
    link = accounts.open_invite(page.session, secret[:100], now=page.now)
    if link is None:
        return page.render("link_gone.html", status=404)
    errors: dict[str, str] = {}
    if not form.get("csrf") or form.get("csrf") != page.request.cookies.get("beheer_csrf", ""):
        errors["password"] = "form_expired"  # noqa: S105  (a message key)
    password = form.raw("password")
    problem = passwords.password_problem(password, name=link.account.name)
    if problem and not errors:
        errors["password"] = problem
    if not errors and password != form.raw("password-again"):
        errors["password-again"] = "password_different"
    if errors:
        return page.render(
            "invitation.html", status=422, link=link, errors=errors, scope=_scope_names(page, link)
        )
    account = accounts.accept(page.session, link, password=password, now=page.now)
    return _signed_in_response(page, account, "/beheer/?klaar=welcome")


@router.get("/account")
def my_account(page: SignedIn) -> Response:
    return page.render("my_account.html", errors={})


@router.post("/account/wachtwoord")
def change_password(page: SignedIn, form: FormDep) -> Response:
    page.check_csrf(form)
    account = page.account
    assert account is not None and page.web_session is not None
    errors: dict[str, str] = {}
    if not passwords.check_password(form.raw("current")[:400], account.password_hash):
        errors["current"] = "password_wrong"
    new = form.raw("password")
    problem = passwords.password_problem(new, name=account.name)
    if problem:
        errors["password"] = problem
    elif new != form.raw("password-again"):
        errors["password-again"] = "password_different"
    if errors:
        return page.render("my_account.html", status=422, errors=errors)
    accounts.change_password(page.session, account, new=new, keep=page.web_session.id)
    return page.redirect("/beheer/account?klaar=password_changed")
