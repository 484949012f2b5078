"""GET /health: is the service up and can it read the landscape?"""

from fastapi import APIRouter
from sqlalchemy import func, select

from api.core.db import SessionDep
from api.landscape import models

router = APIRouter(tags=["health"])


@router.get("/health")
def health(session: SessionDep) -> dict[str, object]:
    """Up, with the number of active contact points."""
    count = session.scalar(
        select(func.count())
        .select_from(models.ContactPoint)
        .where(models.ContactPoint.status == "active")
    )
    return {"status": "ok", "contact_points": count}
