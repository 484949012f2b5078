"""The public /insight/ page for the landscape team: heatmap, gaps, overlaps and freshness of
the map, rendered on the server (no script, so the strict Content-Security-Policy holds).

The anonymous outcome counts are not on this page: they are behind a token at
GET /v1/insight/outcomes, per closed week and with small counts hidden."""

from datetime import date
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.core.db import SessionDep
from api.core.settings import get_settings
from api.insight import coverage, freshness, load
from api.insight.filters import Cells, Lang

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATES = Environment(
    loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape(["html"])
)

router = APIRouter(tags=["insight"])


@router.get("/insight/", response_class=HTMLResponse)
def insight_page(
    session: SessionDep,
    request: Request,
    cells: Cells,
    lang: Lang = "nl",
) -> HTMLResponse:
    """The page for the landscape team: heatmap, gaps, overlaps and freshness of the map."""
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
        recheck=freshness.to_recheck(
            session, today=date.today(), max_age_days=settings.freshness_days
        ),
        freshness_days=settings.freshness_days,
    )
    return HTMLResponse(html)


class CssResponse(Response):
    media_type = "text/css"


@router.get("/insight/insight.css", response_class=CssResponse)
def insight_css() -> Response:
    """The page's style sheet."""
    css = (TEMPLATE_DIR / "insight.css").read_text()
    return CssResponse(css)
