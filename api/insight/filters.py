"""The filters of the coverage views (JSON, CSV, PNG and the page): checked against the
database, unknown ones refused with 422."""

from typing import Annotated, Literal

from fastapi import Depends, Query, Request

from api.core.db import SessionDep
from api.core.errors import InvalidInput
from api.insight import coverage, load
from api.landscape import service as landscape

COVERAGE_PARAMS = {"age_group", "region", "open_at_night", "overlap_min", "lang"}


def _reject_unknown(request: Request, allowed: set[str]) -> None:
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise InvalidInput(
            f"Unknown filter(s): {', '.join(unknown)}. Allowed: {', '.join(sorted(allowed))}."
        )


Lang = Annotated[Literal["nl", "en"], Query()]


def coverage_cells(
    session: SessionDep,
    request: Request,
    age_group: Annotated[str | None, Query(max_length=30)] = None,
    region: Annotated[str | None, Query(max_length=100)] = None,
    open_at_night: bool = False,
    overlap_min: Annotated[int, Query(ge=2, le=20)] = 3,
) -> list[coverage.Cell]:
    """The coverage matrix for the filters of the request; unknown filters or values → 422."""
    _reject_unknown(request, COVERAGE_PARAMS)
    if age_group is not None:
        landscape.check_term(session=session, taxonomy="age_group", code=age_group)
    region_ids = landscape.region_ids(session=session, place=region) if region else None
    filters = coverage.Filters(
        age_group=age_group, region_ids=region_ids, open_at_night=open_at_night
    )
    return coverage.matrix(load.coverage_points(session), filters=filters, overlap_min=overlap_min)


Cells = Annotated[list[coverage.Cell], Depends(coverage_cells)]
