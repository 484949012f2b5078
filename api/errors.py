"""Typed errors of the service and their one mapping to HTTP answers a person can act on."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("wegwijzer.errors")


class ServiceError(Exception):
    """Base of the errors that map to an HTTP status with a full-sentence message."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ServiceError):
    status_code = 404


class ContactPointNotFound(NotFound):
    def __init__(self, point_id: str) -> None:
        super().__init__(
            f"There is no contact point '{point_id}'. GET /v1/contact-points lists them all."
        )


class Conflict(ServiceError):
    status_code = 409


class InvalidInput(ServiceError):
    status_code = 422


class LandscapeUnavailable(ServiceError):
    status_code = 503


def _friendly_validation(exc: RequestValidationError) -> list[dict[str, object]]:
    details = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
        item: dict[str, object] = {"field": ".".join(loc) or "body", "message": error.get("msg")}
        expected = (error.get("ctx") or {}).get("expected")
        if expected:
            item["allowed"] = expected
        details.append(item)
    return details


def install(app: FastAPI) -> None:
    """Map every error to JSON with a readable `detail`; never a stack trace."""

    @app.exception_handler(ServiceError)
    async def _service_error(_request: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse({"detail": exc.message}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _friendly_validation(exc)
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return JSONResponse(
            {"detail": f"The request is not valid: {summary}", "errors": errors}, status_code=422
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error: %s", type(exc).__name__)
        return JSONResponse(
            {"detail": "Something went wrong on our side. Please try again in a moment."},
            status_code=500,
        )
