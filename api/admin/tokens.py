"""Admin API tokens: created once, stored as a SHA-256 hash, checked on every admin request;
they expire, can be revoked, and a write token can be limited to organisations or points."""

import hashlib
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.admin import models
from api.admin.roles import Actor, Role


class TokenNameTaken(ValueError):
    """A token with this name exists already."""


class TokenNotFound(ValueError):
    """No token has this name."""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def aware(moment: datetime) -> datetime:
    """A stored timestamp in UTC (SQLite gives them back without a time zone)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def create_token(
    session: Session,
    *,
    name: str,
    scope: str,
    days: float = 90,
    organisations: Sequence[str] = (),
    contact_points: Sequence[str] = (),
) -> str:
    """Create a token and return its secret (the only time it is visible)."""
    if session.scalar(select(models.ApiToken).where(models.ApiToken.name == name)):
        raise TokenNameTaken(f"A token named '{name}' exists already; choose another name.")
    secret = "ww_" + secrets.token_urlsafe(32)
    session.add(
        models.ApiToken(
            name=name,
            token_hash=_hash(secret),
            scope=scope,
            expires_at=datetime.now(UTC) + timedelta(days=days),
            organisations=sorted(organisations) or None,
            contact_points=sorted(contact_points) or None,
        )
    )
    return secret


def find_token(session: Session, *, secret: str) -> models.ApiToken | None:
    """The token with this secret, revoked and expired ones included (the caller says why)."""
    return session.scalar(
        select(models.ApiToken).where(models.ApiToken.token_hash == _hash(secret))
    )


def problem(token: models.ApiToken, *, now: datetime) -> str | None:
    """Why this token may not be used now, or None."""
    if token.revoked_at is not None:
        return f"The token '{token.name}' was revoked on {aware(token.revoked_at):%Y-%m-%d}."
    if token.expires_at is not None and aware(token.expires_at) <= now:
        return f"The token '{token.name}' expired on {aware(token.expires_at):%Y-%m-%d}."
    return None


def revoke_token(session: Session, *, name: str) -> models.ApiToken:
    """Revoke a token by name from now on (revoking twice keeps the first date)."""
    token = session.scalar(select(models.ApiToken).where(models.ApiToken.name == name))
    if token is None:
        raise TokenNotFound(
            f"There is no token named '{name}'. `python -m api.cli list-tokens` lists them."
        )
    if token.revoked_at is None:
        token.revoked_at = datetime.now(UTC)
    return token


def all_tokens(session: Session) -> list[models.ApiToken]:
    return list(session.scalars(select(models.ApiToken).order_by(models.ApiToken.name)))


def role_of(scope: str, *, limited: bool) -> Role:
    """read → reader; write limited to organisations or contact points → their editor
    (changes become proposals); write without a limit → steward (changes publish at once)."""
    if scope != "write":
        return "reader"
    return "editor" if limited else "steward"


def actor_of(token: models.ApiToken) -> Actor:
    """The role a token acts in (see role_of)."""
    role = role_of(token.scope, limited=bool(token.organisations or token.contact_points))
    if role == "reader":
        return Actor.of(name=token.name, role="reader", via="api")
    if role == "editor":
        return Actor.of(
            name=token.name,
            role="editor",
            via="api",
            organisations=token.organisations,
            contact_points=token.contact_points,
        )
    return Actor.of(name=token.name, role="steward", via="api")
