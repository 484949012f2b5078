"""Accounts: one-time invitation links, passwords stored hashed, sessions in the database with
idle and absolute expiry, lock-out, sign-out (here and everywhere), blocking, CSRF, cookies."""

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.admin.models import AuditLog
from api.core.settings import get_settings
from api.workspace.models import Account, Invite, WebSession
from tests.api.workspace.browser import Person, form
from tests.api.workspace.conftest import PASSWORD, Workspace, csrf_of


def _sign_in(person, name: str, password: str):  # type: ignore[no-untyped-def]
    page = person.get("/beheer/inloggen")
    return person.submit(page, "/beheer/inloggen", name=name, password=password)


def test_signed_out_visitors_go_to_sign_in_and_come_back(workspace: Workspace) -> None:
    workspace.person("vera", organisations=("veilig-thuis",))
    visitor = workspace.browser()
    page = visitor.get("/beheer/punten/veilig-thuis")
    assert str(page.url).endswith("/beheer/inloggen?volgende=%2Fbeheer%2Fpunten%2Fveilig-thuis")
    done = visitor.submit(page, "/beheer/inloggen", name="vera", password=PASSWORD)
    assert done.status_code == 200 and str(done.url).endswith("/beheer/punten/veilig-thuis")


def test_sign_in_never_sends_you_to_another_site(workspace: Workspace) -> None:
    workspace.person("vera", organisations=("veilig-thuis",))
    visitor = workspace.browser()
    page = visitor.get("/beheer/inloggen?volgende=https://evil.example/")
    done = visitor.submit(page, "/beheer/inloggen", name="vera", password=PASSWORD)
    assert str(done.url).endswith("/beheer/")


def test_an_invitation_link_works_once(workspace: Workspace) -> None:
    secret = workspace.invite("vera", organisations=("veilig-thuis",))
    person = workspace.browser()
    page = person.get(f"/beheer/uitnodiging/{secret}")
    assert "Je account heet vera" in page.text
    assert "Je kunt wijzigingen voorstellen voor: Veilig Thuis." in page.text
    done = person.submit(page, "", password=PASSWORD, password_again=PASSWORD)
    assert "Welkom" in done.text
    again = workspace.browser().get(f"/beheer/uitnodiging/{secret}")
    assert again.status_code == 404 and "werkt niet" in again.text


def test_an_expired_invitation_link_does_not_work(workspace: Workspace) -> None:
    secret = workspace.invite("vera", organisations=("veilig-thuis",))
    with workspace.app.sessions() as session:
        link = session.scalar(select(Invite))
        assert link is not None
        link.expires_at = datetime.now(UTC) - timedelta(minutes=1)
        session.commit()
    assert workspace.browser().get(f"/beheer/uitnodiging/{secret}").status_code == 404


def test_a_weak_or_mistyped_password_is_refused_next_to_the_field(workspace: Workspace) -> None:
    secret = workspace.invite("vera", organisations=("veilig-thuis",))
    person = workspace.browser()
    page = person.get(f"/beheer/uitnodiging/{secret}")
    short = person.submit(page, "", password="kort", password_again="kort")
    assert short.status_code == 422 and 'id="password-error"' in short.text
    named = person.submit(page, "", password="vera-vera-vera-1", password_again="vera-vera-vera-1")
    assert "te makkelijk te raden" in named.text
    different = person.submit(page, "", password=PASSWORD, password_again=PASSWORD + "!")
    assert 'id="password-again-error"' in different.text


def test_passwords_links_and_cookies_are_stored_only_as_hashes(workspace: Workspace) -> None:
    secret = workspace.invite("vera", organisations=("veilig-thuis",))
    person = workspace.browser()
    person.submit(
        person.get(f"/beheer/uitnodiging/{secret}"), "", password=PASSWORD, password_again=PASSWORD
    )
    cookie = person.client.cookies.get("beheer")
    assert cookie
    with workspace.app.sessions() as session:
        account = session.scalar(select(Account))
        assert account is not None and account.password_hash is not None
        assert account.password_hash.startswith("scrypt$") and PASSWORD not in account.password_hash
        assert session.scalar(select(Invite.token_hash)) != secret
        stored = session.scalar(select(WebSession.id))
        assert stored is not None and stored != cookie and len(stored) == 64


def _session_cookie(person: Person) -> str:
    page = person.get("/beheer/inloggen")
    answer = person.client.post(
        "/beheer/inloggen",
        data={"name": "vera", "password": PASSWORD, "csrf": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return next(c for c in answer.headers.get_list("set-cookie") if "beheer=" in c.split(";")[0])


def test_the_session_cookie_is_httponly_samesite_and_secure_over_https(
    workspace: Workspace,
) -> None:
    workspace.person("vera", organisations=("veilig-thuis",))
    plain = _session_cookie(workspace.browser())
    assert plain.startswith("beheer=")
    assert "HttpOnly" in plain and "SameSite=lax" in plain and "Secure" not in plain
    https = Person(TestClient(workspace.app.client.app, base_url="https://testserver"))
    secure = _session_cookie(https)
    assert secure.startswith("__Host-beheer=") and "Secure" in secure and "Path=/" in secure
    assert "HttpOnly" in secure and "Domain" not in secure


def test_wrong_passwords_lock_the_account_for_a_while(workspace: Workspace) -> None:
    workspace.person("vera", organisations=("veilig-thuis",))
    visitor = workspace.browser()
    for _ in range(get_settings().workspace_lockout_attempts - 1):
        wrong = _sign_in(visitor, "vera", "niet het wachtwoord")
        assert wrong.status_code == 401 and "klopt niet" in wrong.text
    locked = _sign_in(visitor, "vera", "niet het wachtwoord")
    assert locked.status_code == 401 and "op slot tot" in locked.text
    still = _sign_in(visitor, "vera", PASSWORD)
    assert still.status_code == 401 and "op slot" in still.text
    with workspace.app.sessions() as session:
        assert session.scalar(select(AuditLog.action).where(AuditLog.action == "lock")) == "lock"
        account = session.scalar(select(Account))
        assert account is not None
        account.locked_until = datetime.now(UTC) - timedelta(seconds=1)
        session.commit()
    assert _sign_in(visitor, "vera", PASSWORD).status_code == 200


def test_an_unknown_name_gets_the_same_answer_as_a_wrong_password(workspace: Workspace) -> None:
    workspace.person("vera", organisations=("veilig-thuis",))
    unknown = _sign_in(workspace.browser(), "nobody", PASSWORD)
    wrong = _sign_in(workspace.browser(), "vera", "niet het wachtwoord")
    assert unknown.status_code == wrong.status_code == 401
    assert "De naam of het wachtwoord klopt niet" in unknown.text
    assert "De naam of het wachtwoord klopt niet" in wrong.text


def test_an_idle_session_expires(workspace: Workspace) -> None:
    person = workspace.person("vera", organisations=("veilig-thuis",))
    assert person.get("/beheer/").status_code == 200
    idle = get_settings().workspace_session_idle_minutes
    with workspace.app.sessions() as session:
        for row in session.scalars(select(WebSession)):
            row.last_seen_at = datetime.now(UTC) - timedelta(minutes=idle + 1)
        session.commit()
    page = person.get("/beheer/")
    assert "/beheer/inloggen" in str(page.url)
    with workspace.app.sessions() as session:
        assert list(session.scalars(select(WebSession))) == []


def test_a_session_ends_after_its_maximum_even_when_used(workspace: Workspace) -> None:
    person = workspace.person("vera", organisations=("veilig-thuis",))
    with workspace.app.sessions() as session:
        for row in session.scalars(select(WebSession)):
            row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        session.commit()
    assert "/beheer/inloggen" in str(person.get("/beheer/").url)


def test_sign_out_ends_this_session(workspace: Workspace) -> None:
    person = workspace.person("vera", organisations=("veilig-thuis",))
    cookie = person.client.cookies.get("beheer")
    page = person.get("/beheer/")
    done = person.submit(page, "/beheer/uitloggen")
    assert "Je bent uitgelogd" in done.text
    # the old cookie no longer opens anything, even if someone kept it
    thief = workspace.browser()
    thief.client.cookies.set("beheer", cookie or "")
    assert "/beheer/inloggen" in str(thief.get("/beheer/").url)


def test_sign_out_everywhere_ends_every_session_of_the_account(workspace: Workspace) -> None:
    laptop = workspace.person("vera", organisations=("veilig-thuis",))
    phone = workspace.browser()
    assert _sign_in(phone, "vera", PASSWORD).status_code == 200
    page = laptop.get("/beheer/account")
    laptop.submit(page, "/beheer/uitloggen-overal")
    assert "/beheer/inloggen" in str(phone.get("/beheer/").url)
    assert "/beheer/inloggen" in str(laptop.get("/beheer/").url)


def test_changing_the_password_ends_the_other_sessions(workspace: Workspace) -> None:
    laptop = workspace.person("vera", organisations=("veilig-thuis",))
    phone = workspace.browser()
    _sign_in(phone, "vera", PASSWORD)
    page = laptop.get("/beheer/account")
    new = "een ander lang wachtwoord"
    wrong = laptop.submit(page, "/wachtwoord", current="fout", password=new, password_again=new)
    assert wrong.status_code == 422 and 'id="current-error"' in wrong.text
    done = laptop.submit(page, "/wachtwoord", current=PASSWORD, password=new, password_again=new)
    assert "Je wachtwoord is gewijzigd" in done.text
    assert "/beheer/inloggen" in str(phone.get("/beheer/").url)
    assert laptop.get("/beheer/").status_code == 200
    assert _sign_in(workspace.browser(), "vera", new).status_code == 200


def test_a_form_without_the_session_token_is_refused(workspace: Workspace) -> None:
    person = workspace.person("vera", organisations=("veilig-thuis",))
    page = person.get("/beheer/punten/veilig-thuis")
    found = form(page.text, "/klopt-nog")
    found.set("csrf", "forged")
    refused = person.send(found)
    assert refused.status_code == 403 and "Dit formulier is verlopen" in refused.text
    found.fields = [(k, v) for k, v in found.fields if k != "csrf"]
    assert person.send(found).status_code == 403
    with workspace.app.sessions() as session:
        assert session.scalar(select(AuditLog).where(AuditLog.action == "confirm")) is None


def test_a_token_from_another_session_is_refused(workspace: Workspace) -> None:
    vera = workspace.person("vera", organisations=("veilig-thuis",))
    victor = workspace.person("victor", organisations=("veilig-thuis",))
    token_of_victor = csrf_of(victor.get("/beheer/").text)
    found = form(vera.get("/beheer/punten/veilig-thuis").text, "/klopt-nog")
    found.set("csrf", token_of_victor)
    assert vera.send(found).status_code == 403


def test_sign_in_without_the_form_cookie_asks_to_try_again(workspace: Workspace) -> None:
    workspace.person("vera", organisations=("veilig-thuis",))
    answer = workspace.browser().client.post(
        "/beheer/inloggen", data={"name": "vera", "password": PASSWORD, "csrf": "x"}
    )
    assert answer.status_code == 400 and "verlopen" in answer.text
    assert "set-cookie" not in answer.headers or "beheer=" not in answer.headers["set-cookie"]


def test_a_steward_invites_through_the_page_and_the_link_is_shown_once(
    workspace: Workspace,
) -> None:
    steward = workspace.person("stella", "steward")
    page = steward.get("/beheer/accounts")
    found = form(page.text, "/beheer/accounts")
    found.set("name", "carla.csg-utrecht")
    found.set("role", "editor")
    found.check("point", "csg-utrecht")
    made = steward.send(found)
    assert made.status_code == 201
    link = made.text.split('<p class="secret">')[1].split("</p>")[0]
    assert "/beheer/uitnodiging/" in link
    assert link not in steward.get("/beheer/accounts").text
    carla = workspace.browser()
    invitation = carla.get(link.replace("http://testserver", ""))
    assert invitation.status_code == 200 and "CSG Utrecht" in invitation.text
    empty = steward.submit(steward.get("/beheer/accounts"), "/beheer/accounts", name="x y")
    assert empty.status_code == 422 and 'id="name-error"' in empty.text


def test_an_editor_cannot_open_the_accounts_page(workspace: Workspace) -> None:
    editor = workspace.person("vera", organisations=("veilig-thuis",))
    page = editor.get("/beheer/accounts")
    assert page.status_code == 403 and "Alleen voor beheerders" in page.text


def test_a_blocked_account_is_signed_out_and_cannot_sign_in(workspace: Workspace) -> None:
    editor = workspace.person("vera", organisations=("veilig-thuis",))
    steward = workspace.person("stella", "steward")
    page = steward.get("/beheer/accounts")
    steward.submit(page, "/beheer/accounts/vera/blokkeren")
    assert "/beheer/inloggen" in str(editor.get("/beheer/").url)
    refused = _sign_in(workspace.browser(), "vera", PASSWORD)
    assert refused.status_code == 401 and "geblokkeerd" in refused.text


def test_a_new_password_link_replaces_the_old_password(workspace: Workspace) -> None:
    workspace.person("vera", organisations=("veilig-thuis",))
    steward = workspace.person("stella", "steward")
    made = steward.submit(steward.get("/beheer/accounts"), "/beheer/accounts/vera/link")
    link = (
        made.text.split('<p class="secret">')[1].split("</p>")[0].replace("http://testserver", "")
    )
    person = workspace.browser()
    new = "nieuw en lang genoeg"
    person.submit(person.get(link), "", password=new, password_again=new)
    assert _sign_in(workspace.browser(), "vera", PASSWORD).status_code == 401
    assert _sign_in(workspace.browser(), "vera", new).status_code == 200
