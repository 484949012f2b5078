"""POST /v1/recommendations: anonymous triage facts in, ranked places with reasons out."""

from fastapi import APIRouter, Response

from api.core.db import SessionDep
from api.core.settings import get_settings
from api.rules import service as recommend
from api.rules.schemas import RecommendationRequest, RecommendationsPublic

router = APIRouter(prefix="/v1", tags=["triage"])


@router.post("/recommendations")
def recommendations(
    body: RecommendationRequest, session: SessionDep, response: Response
) -> RecommendationsPublic:
    """The places to contact for these facts, best first, each with the reasons, the channels
    to use now, cost and anonymity; an urgent banner for danger or thoughts of suicide; and a
    handover summary. Nothing of the request is stored or logged; with `record_outcome` the
    structured categories are counted anonymously."""
    facts, answer = recommend.recommend(session=session, request=body)
    settings = get_settings()
    if body.record_outcome and settings.record_outcomes:
        answer.feedback_ref = recommend.record_outcome(
            session=session, facts=facts, answer=answer, secret=settings.secret.encode()
        )
    # The answer is personal and depends on the moment: no cache may keep it.
    response.headers["Cache-Control"] = "no-store"
    return answer
