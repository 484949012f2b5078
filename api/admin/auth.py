"""Bearer-token access to the admin API, with the roles of the workspace: a read token reads,
a write token limited to organisations acts as their editor, an unlimited one as a steward.
401 names how to authenticate (and why a token no longer works), 403 what is missing."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.admin import models, tokens
from api.admin.roles import Actor
from api.core.db import SessionDep

_bearer = HTTPBearer(auto_error=False, description="A token from `python -m api.cli create-token`")


class NotAuthenticated(HTTPException):
    def __init__(self, message: str) -> None:
        super().__init__(401, message, headers={"WWW-Authenticate": "Bearer"})


def require_token(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> models.ApiToken:
    """The token of the request; 401 when it is missing, unknown, revoked or expired."""
    if credentials is None:
        raise NotAuthenticated(
            "This needs an admin token: send the header 'Authorization: Bearer <token>'. "
            "Create one with: python -m api.cli create-token NAME --scope read|write"
        )
    token = tokens.find_token(session, secret=credentials.credentials)
    if token is None:
        raise NotAuthenticated(
            "This token is not known. Check that you copied it whole, "
            "or create a new one with: python -m api.cli create-token NAME"
        )
    problem = tokens.problem(token, now=datetime.now(UTC))
    if problem is not None:
        raise NotAuthenticated(f"{problem} Create a new one with: python -m api.cli create-token")
    return token


def require_actor(token: Annotated[models.ApiToken, Depends(require_token)]) -> Actor:
    """The role the request's token acts in."""
    return tokens.actor_of(token)


def require_write(token: Annotated[models.ApiToken, Depends(require_token)]) -> Actor:
    """The actor of a token that may change something (editor or steward); 403 otherwise."""
    actor = tokens.actor_of(token)
    if not actor.may_change_anything:
        raise HTTPException(
            403,
            f"The token '{token.name}' may only read. Changes need a token with the write "
            "scope: python -m api.cli create-token NAME --scope write",
        )
    return actor


ReadToken = Annotated[models.ApiToken, Depends(require_token)]
ReadActor = Annotated[Actor, Depends(require_actor)]
WriteToken = Annotated[Actor, Depends(require_write)]
