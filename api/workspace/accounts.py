"""Accounts of the workspace: invitations and password resets by one-time link (made by the
CLI or a steward), sign-in with lock-out after repeated failures, sign-out everywhere and
blocking. Every step is in the audit log (never a password or a link)."""

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api.admin import audit
from api.admin.roles import ROLES, Actor
from api.admin.tokens import aware
from api.core.errors import Conflict, InvalidInput
from api.core.settings import get_settings
from api.landscape import models as landscape_models
from api.workspace import passwords
from api.workspace.models import Account, Invite, WebSession

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,58}[a-z0-9]$")


class SignInFailed(Exception):
    """Name or password wrong, or the account is locked or blocked; `key` says which."""

    def __init__(self, key: str, until: datetime | None = None) -> None:
        super().__init__(key)
        self.key, self.until = key, until


def actor(account: Account) -> Actor:
    """The account as someone acting on the landscape from the workspace."""
    return Actor.of(
        name=account.name,
        role=account.role,  # type: ignore[arg-type]
        via="workspace",
        organisations=account.organisations,
        contact_points=account.contact_points,
    )


def _summary(account: Account) -> dict[str, object]:
    return {
        "role": account.role,
        "organisations": list(account.organisations),
        "contact_points": list(account.contact_points),
    }


def by_name(session: Session, name: str) -> Account | None:
    return session.scalar(select(Account).where(Account.name == name.strip().lower()))


def _check_scope(
    session: Session, *, role: str, organisations: Sequence[str], contact_points: Sequence[str]
) -> None:
    if role not in ROLES:
        raise InvalidInput(f"Role '{role}' is not a role: choose {', '.join(ROLES)}.")
    if role == "editor" and not (organisations or contact_points):
        raise InvalidInput(
            "An editor needs at least one organisation or contact point to look after."
        )
    for organisation in organisations:
        if session.get(landscape_models.Organisation, organisation) is None:
            raise InvalidInput(f"There is no organisation '{organisation}'.")
    for point in contact_points:
        if session.get(landscape_models.ContactPoint, point) is None:
            raise InvalidInput(f"There is no contact point '{point}'.")


def _new_link(session: Session, account: Account, *, purpose: str, by: str) -> str:
    secret = passwords.new_secret()
    days = get_settings().workspace_invite_days
    session.add(
        Invite(
            token_hash=passwords.digest(secret),
            account=account,
            purpose=purpose,
            created_by=by,
            expires_at=datetime.now(UTC) + timedelta(days=days),
        )
    )
    return secret


def invite(
    session: Session,
    *,
    name: str,
    role: str,
    organisations: Sequence[str] = (),
    contact_points: Sequence[str] = (),
    by: Actor | str,
) -> tuple[Account, str]:
    """A new account without a password and its one-time link secret (commits)."""
    name = name.strip().lower()
    if not NAME.fullmatch(name):
        raise InvalidInput(
            "A name has 3 to 60 characters: lower-case letters, digits, '.', '-' or '_', "
            "e.g. anna.vt-utrecht."
        )
    if by_name(session, name) is not None:
        raise Conflict(f"There is an account '{name}' already; make a new link for it instead.")
    _check_scope(session, role=role, organisations=organisations, contact_points=contact_points)
    by_name_ = by if isinstance(by, str) else by.name
    account = Account(
        name=name,
        role=role,
        organisations=sorted(set(organisations)),
        contact_points=sorted(set(contact_points)),
        created_by=by_name_,
        failed_attempts=0,
    )
    session.add(account)
    secret = _new_link(session, account, purpose="invite", by=by_name_)
    audit.record(
        session,
        actor=by,
        action="invite",
        entity=("account", name),
        before=None,
        after=_summary(account),
    )
    session.commit()
    return account, secret


def reset_link(session: Session, *, account: Account, by: Actor | str) -> str:
    """A one-time link to choose a new password; older unused links stop working (commits)."""
    for old in session.scalars(
        select(Invite).where(Invite.account_id == account.id, Invite.used_at.is_(None))
    ):
        old.used_at = datetime.now(UTC)
    secret = _new_link(session, account, purpose="reset", by=by if isinstance(by, str) else by.name)
    audit.record(
        session,
        actor=by,
        action="reset_link",
        entity=("account", account.name),
        before=None,
        after=None,
    )
    session.commit()
    return secret


def open_invite(session: Session, secret: str, *, now: datetime) -> Invite | None:
    """The unused, unexpired link with this secret for an account that is not blocked."""
    found = session.scalar(select(Invite).where(Invite.token_hash == passwords.digest(secret)))
    if found is None or found.used_at is not None or aware(found.expires_at) <= now:
        return None
    return None if found.account.disabled_at is not None else found


def accept(session: Session, link: Invite, *, password: str, now: datetime) -> Account:
    """Set the account's password from a link; the link is used up and other sessions end."""
    account = link.account
    account.password_hash = passwords.hash_password(password)
    account.failed_attempts, account.locked_until, account.last_sign_in_at = 0, None, now
    link.used_at = now
    session.execute(delete(WebSession).where(WebSession.account_id == account.id))
    action = "activate" if link.purpose == "invite" else "reset_password"
    audit.record(
        session,
        actor=actor(account),
        action=action,
        entity=("account", account.name),
        before=None,
        after=None,
    )
    session.commit()
    return account


def sign_in(session: Session, *, name: str, password: str, now: datetime) -> Account:
    """The account for this name and password; SignInFailed otherwise. After
    WORKSPACE_LOCKOUT_ATTEMPTS failures in a row the account is locked for a while."""
    settings = get_settings()
    account = by_name(session, name) if len(name) <= 60 else None
    if account is None:
        passwords.check_password(password, None)
        raise SignInFailed("signin_wrong")
    if account.disabled_at is not None:
        raise SignInFailed("signin_blocked")
    if account.locked_until is not None and aware(account.locked_until) > now:
        raise SignInFailed("signin_locked", aware(account.locked_until))
    if not passwords.check_password(password, account.password_hash):
        account.failed_attempts += 1
        if account.failed_attempts >= settings.workspace_lockout_attempts:
            account.failed_attempts = 0
            account.locked_until = now + timedelta(minutes=settings.workspace_lockout_minutes)
            audit.record(
                session,
                actor=account.name,
                action="lock",
                entity=("account", account.name),
                before=None,
                after=None,
                note=f"{settings.workspace_lockout_attempts} failed sign-ins in a row",
            )
            session.commit()
            raise SignInFailed("signin_locked", aware(account.locked_until))
        session.commit()
        raise SignInFailed("signin_wrong")
    account.failed_attempts, account.locked_until, account.last_sign_in_at = 0, None, now
    session.commit()
    return account


def change_password(session: Session, account: Account, *, new: str, keep: str) -> None:
    """A new password; every other session of the account ends (commits)."""
    account.password_hash = passwords.hash_password(new)
    session.execute(
        delete(WebSession).where(WebSession.account_id == account.id, WebSession.id != keep)
    )
    audit.record(
        session,
        actor=actor(account),
        action="change_password",
        entity=("account", account.name),
        before=None,
        after=None,
    )
    session.commit()


def sign_out_everywhere(session: Session, account: Account, *, by: Actor | str) -> int:
    """End every session of the account; returns how many there were (commits)."""
    ended = session.execute(delete(WebSession).where(WebSession.account_id == account.id))
    audit.record(
        session,
        actor=by,
        action="sign_out_everywhere",
        entity=("account", account.name),
        before=None,
        after=None,
    )
    session.commit()
    return int(getattr(ended, "rowcount", 0) or 0)


def block(session: Session, account: Account, *, by: Actor) -> None:
    """Block an account: its sessions end and it can no longer sign in (commits)."""
    account.disabled_at = datetime.now(UTC)
    session.execute(delete(WebSession).where(WebSession.account_id == account.id))
    audit.record(
        session, actor=by, action="block", entity=("account", account.name), before=None, after=None
    )
    session.commit()


def unblock(session: Session, account: Account, *, by: Actor) -> None:
    account.disabled_at = None
    account.failed_attempts, account.locked_until = 0, None
    audit.record(
        session,
        actor=by,
        action="unblock",
        entity=("account", account.name),
        before=None,
        after=None,
    )
    session.commit()


def all_accounts(session: Session) -> list[Account]:
    return list(session.scalars(select(Account).order_by(Account.name)))


def stewards_exist(session: Session) -> bool:
    return session.scalar(select(Account.id).where(Account.role == "steward").limit(1)) is not None
