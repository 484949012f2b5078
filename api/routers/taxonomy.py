"""GET /v1/taxonomy: the classification terms with their Dutch and English labels."""

from fastapi import APIRouter, Depends

from api.core.db import SessionDep
from api.core.params import only
from api.schemas.landscape import TaxonomyList, TaxonomyPublic, TermPublic, TextPublic
from api.services import landscape

router = APIRouter(prefix="/v1", tags=["landscape"])


@router.get("/taxonomy", dependencies=[Depends(only([]))])
def get_taxonomy(session: SessionDep) -> TaxonomyList:
    """Every taxonomy (role, violence_type, phase, age_group, need, ...) and its terms; the
    codes are the values the filters of GET /v1/contact-points accept."""
    return TaxonomyList(
        taxonomies=[
            TaxonomyPublic(
                id=t.id,
                name=TextPublic(nl=t.name_nl, en=t.name_en),
                terms=[
                    TermPublic(code=term.code, label=TextPublic(nl=term.label_nl, en=term.label_en))
                    for term in t.terms
                ],
            )
            for t in landscape.taxonomies(session=session)
        ]
    )
