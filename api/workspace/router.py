"""The workspace under /beheer/ (server-rendered, no script needed), its stylesheet, and an
HTML 404 for any other address under it."""

from pathlib import Path

from fastapi import APIRouter, Response

from api.workspace import routes_admin, routes_auth, routes_points, routes_review
from api.workspace.pages import PageError, WorkspaceRoute

STATIC = Path(__file__).resolve().parent / "static"

router = APIRouter(prefix="/beheer", route_class=WorkspaceRoute, include_in_schema=False)
for part in (routes_auth, routes_points, routes_review, routes_admin):
    router.include_router(part.router)


@router.get("/static/workspace.css")
def stylesheet() -> Response:
    css = (STATIC / "workspace.css").read_text(encoding="utf-8")
    return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


@router.api_route("/{rest:path}", methods=["GET", "POST"])
def not_here(rest: str) -> Response:
    raise PageError(404, "error_not_found")
