"""The FastAPI application: landscape API, triage engine, chat gateway, widget and insight."""

import importlib
import logging
import pkgutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import routers
from api.core import errors, migrate
from api.core.middleware import BodyLimit, SecurityHeaders
from api.core.settings import get_settings


def _router_modules() -> list[str]:
    # Every module in api/routers/ that defines `router` is mounted; one module per resource.
    return sorted(m.name for m in pkgutil.iter_modules(routers.__path__) if not m.ispkg)


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
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    app = FastAPI(
        title="Wegwijzer",
        version="0.1.0",
        summary="The map of Dutch help, reporting and support points, the triage engine "
        "and the anonymous chat gateway.",
        lifespan=lifespan,
    )
    errors.install(app)
    for name in _router_modules():
        module = importlib.import_module(f"api.routers.{name}")
        if hasattr(module, "router"):
            app.include_router(module.router)
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
