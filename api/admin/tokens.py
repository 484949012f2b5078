"""Admin API tokens: created once, stored as a SHA-256 hash, checked on every admin request."""

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.admin import models


class TokenNameTaken(ValueError):
    """A token with this name exists already."""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(session: Session, *, name: str, scope: str) -> str:
    """Create a token and return its secret (the only time it is visible)."""
    if session.scalar(select(models.ApiToken).where(models.ApiToken.name == name)):
        raise TokenNameTaken(f"A token named '{name}' exists already; choose another name.")
    secret = "ww_" + secrets.token_urlsafe(32)
    session.add(models.ApiToken(name=name, token_hash=_hash(secret), scope=scope))
    return secret


def find_token(session: Session, *, secret: str) -> models.ApiToken | None:
    """The active token with this secret, if any."""
    token = session.scalar(
        select(models.ApiToken).where(models.ApiToken.token_hash == _hash(secret))
    )
    if token is None or token.revoked_at is not None:
        return None
    return token
