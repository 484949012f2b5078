"""Checks on admin changes: the version the editor read (optimistic concurrency) and the
seed rules, including the organisations, terms and regions in the database."""

import re
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.errors import Conflict, InvalidInput, ServiceError
from api.landscape import models
from api.landscape import service as landscape
from api.landscape.seed_schema import TAXONOMIES, ChannelSeed, ContactPointSeed

Entry = dict[str, Any]


class VersionRequired(ServiceError):
    status_code = 428


class StaleVersion(Conflict):
    def __init__(self, point_id: str, sent: int, current: int) -> None:
        super().__init__(
            f"Contact point '{point_id}' was changed by someone else (you sent version {sent}, "
            f"it is now at version {current}); nothing was overwritten. Read it again with "
            f"GET /v1/contact-points/{point_id} and apply your change to the new version."
        )


def expected_version(*, body_version: int | None, if_match: str | None) -> int:
    """The version the editor read, from the body or an If-Match header (`"3"`, `W/"3"`, `3`)."""
    header_version = None
    if if_match is not None:
        match = re.fullmatch(r'\s*(?:W/)?"?(\d+)"?\s*', if_match)
        if match is None:
            raise InvalidInput(
                f"If-Match '{if_match}' is not a version: send the number from the contact "
                'point\'s `version` (or its ETag), e.g. If-Match: "3".'
            )
        header_version = int(match.group(1))
    if body_version is not None and header_version is not None and body_version != header_version:
        raise InvalidInput(
            f"The body says version {body_version} but If-Match says {header_version}: send one."
        )
    version = body_version if body_version is not None else header_version
    if version is None:
        raise VersionRequired(
            "Send the version you read, as `version` in the body or as an If-Match header, so "
            "that a change made by someone else in between is not overwritten."
        )
    return version


def _field(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "contact point"


def _messages(exc: ValidationError) -> list[str]:
    return [
        f"{_field(tuple(e['loc']))}: {str(e['msg']).removeprefix('Value error, ')}"
        for e in exc.errors()
    ]


def _invalid(errors: list[str]) -> InvalidInput:
    return InvalidInput("The contact point is not valid: " + "; ".join(errors) + ".")


def _known(session: Session, model: Any) -> list[str]:
    return list(session.scalars(select(model.id).order_by(model.id)))


def validate_entry(*, session: Session, data: Entry) -> ContactPointSeed:
    """The entry checked with the seed rules and against the organisations, terms and regions
    in the database; 422 naming every field that is wrong."""
    try:
        seed = ContactPointSeed.model_validate(data)
    except ValidationError as exc:
        raise _invalid(_messages(exc)) from None
    errors = []
    organisations = _known(session, models.Organisation)
    if seed.organisation not in organisations:
        errors.append(
            f"organisation: '{seed.organisation}' is not an organisation "
            f"(known: {', '.join(organisations)})"
        )
    for taxonomy in TAXONOMIES:
        allowed = landscape.allowed_codes(session=session, taxonomy=taxonomy)
        for code in getattr(seed.serves, taxonomy):
            if code not in allowed:
                errors.append(
                    f"serves.{taxonomy}: '{code}' is not a term (allowed: {', '.join(allowed)})"
                )
    regions = _known(session, models.Region)
    for region in seed.area.regions:
        if region not in regions:
            errors.append(f"area.regions: '{region}' is not a region (known: {', '.join(regions)})")
    if errors:
        raise _invalid(errors)
    return seed


def valid_channel(data: Entry) -> Entry:
    try:
        return ChannelSeed.model_validate(data).model_dump(mode="json")
    except ValidationError as exc:
        raise InvalidInput("The channel is not valid: " + "; ".join(_messages(exc)) + ".") from None
