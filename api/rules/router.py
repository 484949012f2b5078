"""POST /v1/recommendations: anonymous triage facts in, ranked places with reasons out."""

import hmac
from typing import Annotated

from fastapi import APIRouter, Header, Response

from api.core.db import SessionDep
from api.core.settings import get_settings
from api.rules import service as recommend
from api.rules.schemas import RecommendationRequest, RecommendationsPublic

router = APIRouter(prefix="/v1", tags=["triage"])


def from_the_chat(token: str | None) -> bool:
    """Whether the caller is the chat's own action server (it sends the channel token)."""
    if not token:
        return False
    return hmac.compare_digest(token.encode(), get_settings().secret.encode())


@router.post("/recommendations")
def recommendations(
    body: RecommendationRequest,
    session: SessionDep,
    response: Response,
    x_channel_token: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> RecommendationsPublic:
    """The places to contact for these facts, best first, each with the reasons, the channels
    to use now, cost and anonymity; an urgent banner for danger or thoughts of suicide; and a
    handover summary. Nothing of the request is stored or logged. `record_outcome` is honoured
    only for the chat's own calls (its action server proves itself with the channel token):
    for anyone else it is ignored, so the statistics count only answers shown to people."""
    facts, answer = recommend.recommend(session=session, request=body)
    settings = get_settings()
    if body.record_outcome and settings.record_outcomes and from_the_chat(x_channel_token):
        answer.feedback_ref = recommend.record_outcome(
            session=session, facts=facts, answer=answer, secret=settings.secret.encode()
        )
    # The answer is personal and depends on the moment: no cache may keep it.
    response.headers["Cache-Control"] = "no-store"
    return answer
