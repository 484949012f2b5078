"""Bearer-token access to the admin API: any valid token may read, only a `write` token may
change the landscape. 401 names how to authenticate, 403 names the scope that is missing."""

from typing import Annotated

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.admin import models, tokens
from api.core.db import SessionDep

_bearer = HTTPBearer(auto_error=False, description="A token from `python -m api.cli create-token`")


class NotAuthenticated(HTTPException):
    def __init__(self, message: str) -> None:
        super().__init__(401, message, headers={"WWW-Authenticate": "Bearer"})


def require_token(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> models.ApiToken:
    """The token of the request; 401 when it is missing, unknown or revoked."""
    if credentials is None:
        raise NotAuthenticated(
            "This needs an admin token: send the header 'Authorization: Bearer <token>'. "
            "Create one with: python -m api.cli create-token NAME --scope read|write"
        )
    token = tokens.find_token(session, secret=credentials.credentials)
    if token is None:
        raise NotAuthenticated(
            "This token is not known or was revoked. Check that you copied it whole, "
            "or create a new one with: python -m api.cli create-token NAME"
        )
    return token


def require_write(token: Annotated[models.ApiToken, Depends(require_token)]) -> models.ApiToken:
    """The token of the request, which must have the `write` scope (403 otherwise)."""
    if token.scope != "write":
        raise HTTPException(
            403,
            f"The token '{token.name}' may only read. Changes need a token with the write "
            "scope: python -m api.cli create-token NAME --scope write",
        )
    return token


ReadToken = Annotated[models.ApiToken, Depends(require_token)]
WriteToken = Annotated[models.ApiToken, Depends(require_write)]
