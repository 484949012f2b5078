"""The OpenAPI document (/openapi.json, /docs) as the API really answers.

FastAPI documents its own 422 body and only the statuses a route declares; this API answers
every error in one shape of its own (api/core/errors.py: `{"detail": ..., "errors": [...]}`),
refuses unknown query parameters, bodies that are too large and requests without a token, and
serves CSV, PNG, HTML and CSS too. This module completes FastAPI's document from what each route
depends on, so that it is exact for every route without each router repeating it:

- 422 (the project's `Problem`) wherever there is something to validate: parameters, a body, or
  the unknown-parameter guard (api/core/params.py);
- 413 wherever there is a body (api/core/middleware.py, MAX_BODY_BYTES);
- 404 wherever the path names something, and past the last page;
- 401 (with WWW-Authenticate) behind a token; 403 where the token's role may not be enough;
  409 and 428 where a change needs the version that was read (If-Match);
- term codes as enums, from the reviewed taxonomy (api/landscape/seed/taxonomy.yml), for the
  query parameters that are checked against it.

A contract fuzz run (tests/api/test_openapi_contract.py, schemathesis against the running API
with and without a write token) checks that the document and the answers agree.
"""

from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import yaml
from fastapi import FastAPI, routing
from fastapi.dependencies.models import Dependant

from api.admin import auth
from api.core import params
from api.core.settings import get_settings

PROBLEM = "#/components/schemas/Problem"
COMPONENTS = {
    "Problem": {
        "title": "Problem",
        "type": "object",
        "description": "Every error of this API: a sentence that says what to do, and for an "
        "invalid request the fields at fault.",
        "required": ["detail"],
        "properties": {
            "detail": {"type": "string"},
            "errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldProblem"}},
        },
    },
    "FieldProblem": {
        "title": "FieldProblem",
        "type": "object",
        "required": ["field", "message"],
        "properties": {
            "field": {"type": "string"},
            "message": {"type": "string"},
            "allowed": {"description": "the values or the kind of value that is allowed"},
        },
    },
}
DESCRIPTIONS = {
    "401": "No token, or an unknown, expired or revoked one (see WWW-Authenticate).",
    "403": "The token's role may not do this.",
    "404": "There is nothing with this id (or no such page).",
    "409": "The contact point changed since the version that was sent; nothing was changed.",
    "413": "The request body is larger than MAX_BODY_BYTES.",
    "422": "The request is not valid; `errors` names the fields.",
    "428": "A change needs the version that was read (If-Match or `version`).",
}
TAXONOMY_PARAMETERS = ("role", "violence_type", "phase", "age_group", "need")
TAXONOMY_FILE = "taxonomy.yml"
WRITE_CHECKS = (auth.require_write, auth.require_actor)


@cache
def taxonomy_codes() -> dict[str, list[str]]:
    """The term codes per taxonomy of the reviewed seed."""
    data = yaml.safe_load((get_settings().seed_dir / TAXONOMY_FILE).read_text("utf-8"))
    return {t["id"]: [term["code"] for term in t.get("terms") or []] for t in data["taxonomies"]}


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from _calls(dependency)


def _guards_parameters(call: Callable[..., Any]) -> bool:
    return getattr(call, "__module__", "") == params.__name__


def _problem(status: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "description": DESCRIPTIONS[status],
        "content": {"application/json": {"schema": {"$ref": PROBLEM}}},
    }
    if headers:
        answer["headers"] = headers
    return answer


def _refine(operation: dict[str, Any], dependant: Dependant) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    calls = list(_calls(dependant))
    parameters = operation.get("parameters") or []
    has_body = "requestBody" in operation
    # FastAPI's own 422 body is never what this API sends.
    if parameters or has_body or any(_guards_parameters(c) for c in calls):
        responses["422"] = _problem("422")
    if has_body:
        responses.setdefault("413", _problem("413"))
    paged = any(p.get("in") == "query" and p["name"] == "page" for p in parameters)
    if paged or any(p.get("in") == "path" for p in parameters):
        responses.setdefault("404", _problem("404"))
    if auth.require_token in calls:
        challenge = {"WWW-Authenticate": {"schema": {"type": "string"}}}
        responses.setdefault("401", _problem("401", challenge))
        if any(check in calls for check in WRITE_CHECKS):
            responses.setdefault("403", _problem("403"))
    if any(p.get("in") == "header" and p["name"].lower() == "if-match" for p in parameters):
        responses.setdefault("409", _problem("409"))
        responses.setdefault("428", _problem("428"))
    for status, answer in responses.items():
        # An error a router declares with a description only is still in the one shape.
        if status.isdigit() and int(status) >= 400 and "content" not in answer:
            answer["content"] = _problem(status if status in DESCRIPTIONS else "422")["content"]
    codes = taxonomy_codes()
    for parameter in parameters:
        if parameter.get("in") == "query" and parameter["name"] in TAXONOMY_PARAMETERS:
            _restrict(parameter["schema"], codes.get(parameter["name"], []))


def _restrict(schema: dict[str, Any], codes: list[str]) -> None:
    """A string parameter (or `string | null`) becomes one of the codes."""
    options = schema.get("anyOf")
    if options:
        for option in options:
            if option.get("type") == "string":
                option["enum"] = codes
    elif schema.get("type") == "string":
        schema["enum"] = codes


def install(app: FastAPI) -> None:
    """Make `app.openapi()` return the completed document (built once, then kept)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        document = build()
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        schemas.update(COMPONENTS)
        # Included routers are nested; FastAPI's own document walks them like this.
        for route in routing.iter_route_contexts(app.routes):
            dependant = getattr(route, "dependant", None)
            if not isinstance(dependant, Dependant) or not route.include_in_schema:
                continue
            for method in route.methods or ():
                path = route.path_format or ""
                operation = document["paths"].get(path, {}).get(method.lower())
                if operation is not None:
                    _refine(operation, dependant)
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]
