"""Landscape insight: coverage matrix (JSON, CSV, PNG), anonymous outcomes, feedback,
freshness, and the /insight/ page for the landscape team."""

import csv
import io
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, Field

from api.admin.auth import require_token
from api.core.db import SessionDep
from api.core.errors import InvalidInput, NotFound
from api.core.settings import get_settings
from api.insight import coverage, freshness, heatmap, load, outcomes
from api.landscape import service as landscape

router = APIRouter(tags=["insight"])
TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=select_autoescape(["html"]),
)
COVERAGE_PARAMS = {"age_group", "region", "open_at_night", "overlap_min", "lang"}


class Feedback(BaseModel):
    ref: str = Field(max_length=60)
    answer: Literal["yes", "partly", "no"]


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


def _cell_json(cell: coverage.Cell) -> dict[str, object]:
    return {
        "role": cell.role,
        "phase": cell.phase,
        "violence_type": cell.violence_type,
        "count": cell.count,
        "contact_points": cell.points,
        "overlap_kinds": cell.overlap_kinds,
    }


@router.get("/v1/insight/coverage")
def get_coverage(cells: Cells) -> dict[str, object]:
    """Role x phase x form of violence: the active contact points per cell, gaps and overlaps."""
    return {
        "roles": list(coverage.ROLES),
        "phases": list(coverage.PHASES),
        "violence_types": list(coverage.VIOLENCE_TYPES),
        "cells": [_cell_json(c) for c in cells],
        "gaps": [_cell_json(c) for c in coverage.gaps(cells)],
        "overlaps": [_cell_json(c) for c in coverage.overlaps(cells)],
    }


@router.get("/v1/insight/coverage.csv")
def get_coverage_csv(cells: Cells) -> Response:
    """The coverage matrix as CSV, one row per cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["violence_type", "role", "phase", "count", "gap", "overlap", "contact_points"])
    for c in cells:
        writer.writerow(
            [
                c.violence_type,
                c.role,
                c.phase,
                c.count,
                c.count == 0,
                bool(c.overlap_kinds),
                " ".join(c.points),
            ]
        )
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="coverage.csv"'},
    )


@router.get("/v1/insight/coverage.png")
def get_coverage_png(
    session: SessionDep,
    cells: Cells,
    lang: Lang = "nl",
) -> Response:
    """The coverage heatmap as a PNG image."""
    title = {"nl": "Dekking van het landschap", "en": "Coverage of the landscape"}[lang]
    png = heatmap.render_png(
        cells,
        roles=list(coverage.ROLES),
        phases=list(coverage.PHASES),
        violence_types=list(coverage.VIOLENCE_TYPES),
        labels=load.labels(session, lang),
        title=title,
    )
    return Response(png, media_type="image/png")


@router.get("/v1/insight/outcomes", dependencies=[Depends(require_token)])
def get_outcomes(session: SessionDep) -> dict[str, object]:
    """Counts of the anonymous triage outcomes; counts below K_ANONYMITY are left out."""
    return outcomes.aggregate(session, k=get_settings().k_anonymity)


@router.post("/v1/insight/feedback", status_code=204)
def post_feedback(session: SessionDep, feedback: Feedback) -> Response:
    """Count one "did this help?" answer on the outcome row the reference points at."""
    secret = get_settings().secret.encode()
    if not outcomes.add_feedback(session, ref=feedback.ref, answer=feedback.answer, secret=secret):
        raise NotFound("This feedback reference is not known or was already used.")
    session.commit()
    return Response(status_code=204)


@router.get("/v1/insight/freshness")
def get_freshness(session: SessionDep) -> list[dict[str, object]]:
    """Contact points to re-check: not verified for FRESHNESS_DAYS, or with unverified facts."""
    days = get_settings().freshness_days
    return [vars(r) for r in freshness.to_recheck(session, today=date.today(), max_age_days=days)]


@router.get("/insight/", response_class=HTMLResponse)
def insight_page(
    session: SessionDep,
    request: Request,
    cells: Cells,
    lang: Lang = "nl",
) -> HTMLResponse:
    """The page for the landscape team: heatmap, gaps, overlaps, outcomes and freshness."""
    settings = get_settings()
    names = {p.id: p.name for p in load.coverage_points(session)}
    html = TEMPLATES.get_template("insight.html").render(
        lang=lang,
        labels=load.labels(session, lang),
        roles=coverage.ROLES,
        phases=coverage.PHASES,
        violence_types=coverage.VIOLENCE_TYPES,
        cells={(c.violence_type, c.role, c.phase): c for c in cells},
        gaps=coverage.gaps(cells),
        overlaps=coverage.overlaps(cells),
        names=names,
        query=request.url.query,
        outcomes=outcomes.aggregate(session, k=settings.k_anonymity),
        recheck=freshness.to_recheck(
            session, today=date.today(), max_age_days=settings.freshness_days
        ),
        freshness_days=settings.freshness_days,
    )
    return HTMLResponse(html)


@router.get("/insight/insight.css")
def insight_css() -> Response:
    css = (Path(__file__).resolve().parent / "templates" / "insight.css").read_text()
    return Response(css, media_type="text/css")
