"""The FastAPI application: landscape API, triage engine, chat gateway, widget and insight."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import openapi
from api.admin import router as admin
from api.chat import router as chat
from api.core import errors, logging, migrate
from api.core.middleware import BodyLimit, SecurityHeaders
from api.core.settings import get_settings
from api.hsds import router as hsds
from api.insight import page as insight_page
from api.insight import router as insight
from api.landscape import health
from api.landscape import router as landscape
from api.rules import router as rules
from api.widget import router as widget
from api.workspace import machine as workspace_api
from api.workspace import router as workspace

# One router per resource, mounted in this order (it is the order of /docs).
ROUTERS = (
    admin.router,
    chat.router,
    landscape.contact_points,
    health.router,
    hsds.router,
    insight.router,
    insight_page.router,
    rules.router,
    landscape.taxonomy,
    widget.router,
    workspace_api.router,
    workspace.router,
)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    migrate.upgrade(get_settings().database_url)
    # One HTTP client to the bot for the app's life: connections stay open between turns.
    app.state.bot_http = httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=20))
    try:
        yield
    finally:
        await app.state.bot_http.aclose()


def create_app() -> FastAPI:
    """Build the app from the settings."""
    settings = get_settings()
    _ = settings.secret  # refuse to start without the channel token
    logging.configure(settings.log_level)
    app = FastAPI(
        title="Wegwijzer",
        version="0.1.0",
        summary="The map of Dutch help, reporting and support points, the triage engine "
        "and the anonymous chat gateway.",
        lifespan=lifespan,
    )
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router)
    openapi.install(app)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "DELETE"],
        allow_headers=["content-type"],
        max_age=600,
    )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    return app
