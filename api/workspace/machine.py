"""The JSON list of contact points due for a check, for a reminder job (any admin token):
the same list as `python -m api.cli freshness --json` and the workspace's /beheer/controle."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from api.admin.auth import ReadActor, require_token
from api.admin.schemas import FreshnessItem, FreshnessList
from api.core.db import SessionDep
from api.core.params import only
from api.core.settings import get_settings
from api.workspace import freshness

router = APIRouter(prefix="/v1/admin", tags=["admin"], dependencies=[Depends(require_token)])


@router.get("/freshness", dependencies=[Depends(only(["organisation"]))])
def due_for_a_check(
    session: SessionDep,
    _actor: ReadActor,
    organisation: Annotated[str | None, Query(max_length=80)] = None,
) -> FreshnessList:
    """Active contact points to re-check (not confirmed for FRESHNESS_DAYS, never confirmed,
    not verified, or with unverified facts), oldest check first, with who confirmed them."""
    days = get_settings().freshness_days
    today = date.today()
    items = freshness.due_list(session, today=today, max_age_days=days, organisation=organisation)
    return FreshnessList(
        max_age_days=days,
        today=today,
        items=[FreshnessItem.model_validate(i.as_json()) for i in items],
    )
