"""Landscape insight API: coverage matrix (JSON, CSV, PNG), anonymous outcomes, feedback and
freshness (the page is in page.py)."""

import csv
import io
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from api.admin.auth import require_token
from api.core.db import SessionDep
from api.core.errors import NotFound
from api.core.settings import get_settings
from api.insight import coverage, freshness, heatmap, load, outcomes
from api.insight.filters import Cells, Lang
from api.insight.schemas import Feedback
from api.landscape import hours

router = APIRouter(tags=["insight"])


class CsvResponse(Response):
    media_type = "text/csv"


class PngResponse(Response):
    media_type = "image/png"


def _bytes(media_type: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"content": {media_type: {"schema": {"type": "string", "format": "binary"}}}}}


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


@router.get("/v1/insight/coverage.csv", response_class=CsvResponse)
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


@router.get("/v1/insight/coverage.png", response_class=PngResponse, responses=_bytes("image/png"))
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


def _today() -> date:
    return datetime.now(hours.AMSTERDAM).date()


@router.get("/v1/insight/outcomes", dependencies=[Depends(require_token)])
def get_outcomes(session: SessionDep) -> dict[str, object]:
    """Counts of the anonymous triage outcomes per ISO week, for weeks that ended at least a
    day ago and have at least K_ANONYMITY rows; in every dimension the counts below
    K_ANONYMITY and one more count are left out, so that no count can be derived."""
    settings = get_settings()
    return outcomes.aggregate(
        session, k=settings.k_anonymity, today=_today(), secret=settings.secret.encode()
    )


@router.post(
    "/v1/insight/feedback",
    status_code=204,
    responses={404: {"description": "The reference is not known, or was already used."}},
)
def post_feedback(session: SessionDep, feedback: Feedback) -> Response:
    """Count one "did this help?" answer on the outcome row the reference points at."""
    secret = get_settings().secret.encode()
    if not outcomes.add_feedback(
        session, ref=feedback.ref, answer=feedback.answer, secret=secret, today=_today()
    ):
        raise NotFound("This feedback reference is not known or was already used.")
    session.commit()
    return Response(status_code=204)


@router.get("/v1/insight/freshness")
def get_freshness(session: SessionDep) -> list[dict[str, object]]:
    """Contact points to re-check: not verified for FRESHNESS_DAYS, or with unverified facts."""
    days = get_settings().freshness_days
    return [vars(r) for r in freshness.to_recheck(session, today=date.today(), max_age_days=days)]
