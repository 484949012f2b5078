"""Typed errors of the service and their one mapping to HTTP answers a person can act on."""

import logging

from fastapi import FastAPI, Request, routing
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from api.core.logging import log_event

log = logging.getLogger("wegwijzer.errors")
GENERIC_HTTP = {
    404: "There is nothing at this address. The API and its addresses are described at /docs.",
    405: "This address does not take this method (GET, POST, ...). See /docs for what it takes.",
}


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


# FastAPI's words for a body it could not decode.
BODY_NOT_PARSED = "There was an error parsing the body"
NOT_JSON = "the body is not valid JSON text; send one JSON object in UTF-8"


def allowed_methods(request: Request) -> list[str]:
    """Every method some route takes at this path (Starlette names only the first route's)."""
    scope = {**request.scope, "method": ""}
    methods: set[str] = set()
    for route in routing.iter_route_contexts(request.app.routes):
        matches = getattr(route, "matches", None)
        if matches is None:
            continue
        match, _ = matches(scope)
        if match != Match.NONE:
            methods |= set(route.methods or ())
    return sorted(methods)


def _friendly_validation(exc: RequestValidationError) -> list[dict[str, object]]:
    details: list[dict[str, object]] = []
    for error in exc.errors():
        if error.get("type") == "json_invalid":
            # FastAPI puts the character position where the field name would be.
            position = error.get("loc", ("body", "?"))[-1]
            details.append(
                {
                    "field": "body",
                    "message": f"the body is not valid JSON (the error is near character "
                    f"{position}); send one JSON object",
                }
            )
            continue
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
        message = str(error.get("msg")).removeprefix("Value error, ")
        item: dict[str, object] = {"field": ".".join(loc) or "body", "message": message}
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
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == BODY_NOT_PARSED:
            # A body that is not even text (invalid UTF-8) is invalid JSON like any other.
            return JSONResponse(
                {
                    "detail": f"The request is not valid: body: {NOT_JSON}",
                    "errors": [{"field": "body", "message": NOT_JSON}],
                },
                status_code=422,
            )
        # Starlette's own answers ("Not Found") become sentences that say where to look.
        generic = exc.detail in ("Not Found", "Method Not Allowed")
        detail = GENERIC_HTTP.get(exc.status_code, exc.detail) if generic else exc.detail
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=headers)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log_event(log, "http.error", logging.ERROR, error=type(exc).__name__)
        return JSONResponse(
            {"detail": "Something went wrong on our side. Please try again in a moment."},
            status_code=500,
        )
