"""How the workspace answers: Jinja templates with the page's language and the signed-in
account, HTML error pages (never JSON, never a stack trace), sign-in redirects, the CSRF check
and forms read without a multipart dependency."""

import logging
import re
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy.orm import Session

from api.admin.roles import Actor
from api.admin.tokens import aware
from api.core.db import SessionDep
from api.core.errors import ServiceError
from api.core.logging import log_event
from api.core.params import CONTROL_CHARACTERS
from api.core.settings import get_settings
from api.landscape import hours
from api.workspace import accounts, i18n, sessions
from api.workspace.models import Account, WebSession

log = logging.getLogger("wegwijzer.workspace")
TEMPLATES = Path(__file__).resolve().parent / "templates"
ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
ANON_CSRF = "beheer_csrf"


def _when(moment: datetime | None) -> str:
    """A stored moment in Amsterdam time, as people read it."""
    if moment is None:
        return ""
    return aware(moment).astimezone(hours.AMSTERDAM).strftime("%Y-%m-%d %H:%M")


ENV.globals["tz"] = hours.AMSTERDAM
ENV.filters["when"] = _when


class NeedSignIn(Exception):
    """The page needs a signed-in account."""


class PageError(Exception):
    """An error page: status, a message key and perhaps the service's own sentence."""

    def __init__(self, status: int, key: str, detail: str | None = None) -> None:
        super().__init__(key)
        self.status, self.key, self.detail = status, key, detail


class Form:
    """The fields of an urlencoded form; `get` gives the first value, `all` every value."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs

    def get(self, name: str, default: str = "") -> str:
        return next((v for k, v in self.pairs if k == name), default).strip()

    def raw(self, name: str) -> str:
        return next((v for k, v in self.pairs if k == name), "")

    def all(self, name: str) -> list[str]:
        return [v.strip() for k, v in self.pairs if k == name and v.strip()]

    def has(self, name: str) -> bool:
        return any(k == name for k, _ in self.pairs)


async def read_form(request: Request) -> Form:
    """The urlencoded body of a POST (the only kind the workspace's forms send)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise PageError(400, "error_form_kind")
    body = await request.body()
    try:
        return Form(parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=2000))
    except (UnicodeDecodeError, ValueError):
        raise PageError(400, "error_form_kind") from None


FormDep = Annotated[Form, Depends(read_form)]


def number(text: str, *, digits: int = 9) -> int | None:
    """A whole number written with 0-9 only (no signs, no other scripts' digits), or None."""
    return int(text) if re.fullmatch(rf"[0-9]{{1,{digits}}}", text) else None


def lang_of(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in i18n.LANGUAGES:
        return str(asked)
    remembered = request.cookies.get(i18n.LANG_COOKIE)
    return remembered if remembered in i18n.LANGUAGES else "nl"


def secure_cookies(request: Request) -> bool:
    settings = get_settings()
    if settings.workspace_cookie_secure is not None:
        return settings.workspace_cookie_secure
    return settings.public_url.startswith("https://") or request.url.scheme == "https"


def switch_url(request: Request, lang: str) -> str:
    """This page in the other language."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return f"{request.url.path}?{urlencode([*query, ('lang', lang)])}"


@dataclass
class Page:
    """One request of the workspace: who, in which language, and how to answer."""

    request: Request
    session: Session
    lang: str
    now: datetime
    web_session: WebSession | None = None
    account: Account | None = None
    cookies: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    @property
    def t(self) -> i18n.Translator:
        return i18n.Translator(self.lang)

    @property
    def actor(self) -> Actor:
        assert self.account is not None
        return accounts.actor(self.account)

    @property
    def csrf(self) -> str:
        if self.web_session is not None:
            return self.web_session.csrf_token
        return self.request.cookies.get(ANON_CSRF) or self._new_anon_csrf()

    def _new_anon_csrf(self) -> str:
        from api.workspace.passwords import new_secret

        value = new_secret()
        self.set_cookie(ANON_CSRF, value, max_age=3600)
        self.request.cookies[ANON_CSRF] = value  # the same value for the rest of this page
        return value

    def check_csrf(self, form: Form) -> None:
        """403 page when the form's token is not this session's (or this browser's)."""
        import hmac

        expected = (
            self.web_session.csrf_token
            if self.web_session is not None
            else self.request.cookies.get(ANON_CSRF, "")
        )
        sent = form.get("csrf")
        if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
            raise PageError(403, "error_csrf")

    def set_cookie(self, name: str, value: str, **options: Any) -> None:
        self.cookies.append((name, value, options))

    def _finish(self, response: Response) -> Response:
        secure = secure_cookies(self.request)
        for name, value, options in self.cookies:
            response.set_cookie(
                name, value, path="/", httponly=True, samesite="lax", secure=secure, **options
            )
        if self.request.query_params.get("lang") in i18n.LANGUAGES:
            response.set_cookie(
                i18n.LANG_COOKIE, self.lang, max_age=365 * 86400, samesite="lax", path="/"
            )
        response.headers["Cache-Control"] = "no-store"
        return response

    def render(self, template: str, *, status: int = 200, **context: Any) -> Response:
        html = ENV.get_template(template).render(
            t=self.t,
            lang=self.lang,
            other_lang="en" if self.lang == "nl" else "nl",
            switch_url=switch_url(self.request, "en" if self.lang == "nl" else "nl"),
            path=self.request.url.path,
            account=self.account,
            csrf=self.csrf,
            flash=_flash(self.request),
            **context,
        )
        return self._finish(HTMLResponse(html, status_code=status))

    def redirect(self, url: str) -> Response:
        return self._finish(RedirectResponse(url, status_code=303))


FLASHES = (
    "proposed", "approved", "rejected", "withdrawn", "confirmed", "signed_out", "signed_out_all",
    "password_changed", "blocked", "unblocked", "nothing_changed", "welcome",
)  # fmt: skip


def _flash(request: Request) -> str | None:
    """A short confirmation after a redirect, from a fixed list (never text from the URL)."""
    shown = request.query_params.get("klaar")
    return f"flash_{shown}" if shown in FLASHES else None


def get_page(request: Request, session: SessionDep) -> Page:
    """The page of any workspace request, with the account if someone is signed in."""
    now = datetime.now(UTC)
    page = Page(request=request, session=session, lang=lang_of(request), now=now)
    cookie = request.cookies.get(sessions.cookie_name(secure_cookies(request)))
    web_session = sessions.load(session, cookie, now=now)
    if web_session is not None:
        page.web_session, page.account = web_session, web_session.account
    # An error page later in this request still shows the menu of the signed-in account.
    request.state.workspace_page = page
    return page


def signed_in(page: Annotated[Page, Depends(get_page)]) -> Page:
    """The page, for a signed-in account only (others go to the sign-in page)."""
    if page.account is None:
        raise NeedSignIn
    return page


AnyPage = Annotated[Page, Depends(get_page)]
SignedIn = Annotated[Page, Depends(signed_in)]


def _error_page(request: Request, status: int, key: str, detail: str | None) -> Response:
    page: Page | None = getattr(request.state, "workspace_page", None)
    if page is not None and page.account is not None:
        try:
            return page.render("error.html", status=status, key=key, detail=detail)
        except Exception:  # noqa: S110  (the plain error page below needs nothing)
            pass
    lang = lang_of(request)
    html = ENV.get_template("error.html").render(
        t=i18n.Translator(lang),
        lang=lang,
        other_lang="en" if lang == "nl" else "nl",
        switch_url=switch_url(request, "en" if lang == "nl" else "nl"),
        path=request.url.path,
        account=None,
        csrf="",
        flash=None,
        status=status,
        key=key,
        detail=detail,
    )
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def safe_next(target: str | None) -> str:
    """A place inside the workspace to go back to after signing in (never another site)."""
    if target and target.startswith("/beheer/") and "//" not in target and "\\" not in target:
        return target
    return "/beheer/"


SERVICE_KEYS = {403: "error_forbidden", 404: "error_not_found", 409: "error_conflict"}


def _drop_control_characters_from_query(request: Request) -> None:
    raw = request.scope.get("query_string", b"").decode("latin-1")
    pairs = parse_qsl(raw, keep_blank_values=True)
    cleaned = [(CONTROL_CHARACTERS.sub("", k), CONTROL_CHARACTERS.sub("", v)) for k, v in pairs]
    if cleaned != pairs:
        request.scope["query_string"] = urlencode(cleaned).encode("latin-1")
        request.__dict__.pop("_query_params", None)


class WorkspaceRoute(APIRoute):
    """Routes whose every failure is an HTML page in the page's language."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            # Nobody types a control character; PostgreSQL refuses a NUL in text. Such a path
            # is no page; such characters in the query are dropped.
            if CONTROL_CHARACTERS.search(request.scope.get("path", "")):
                return _error_page(request, 404, "error_not_found", None)
            _drop_control_characters_from_query(request)
            try:
                return await original(request)
            except NeedSignIn:
                target = safe_next(str(request.url.path))
                return RedirectResponse(
                    "/beheer/inloggen?" + urlencode({"volgende": target}), status_code=303
                )
            except PageError as exc:
                return _error_page(request, exc.status, exc.key, exc.detail)
            except RequestValidationError:
                return _error_page(request, 404, "error_not_found", None)
            except ServiceError as exc:
                key = SERVICE_KEYS.get(exc.status_code, "error_invalid")
                return _error_page(request, exc.status_code, key, exc.message)
            except Exception as exc:
                log_event(log, "workspace.error", logging.ERROR, error=type(exc).__name__)
                return _error_page(request, 500, "error_unexpected", None)

        return handler
