"""A guard against unknown query parameters, so a typo is an error instead of a silently
ignored filter; and the one way a moment is written in a request and in an answer."""

import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Path, Request
from pydantic import AfterValidator, BaseModel, BeforeValidator

from api.core.errors import InvalidInput


def only(allowed: type[BaseModel] | Iterable[str]) -> Callable[[Request], None]:
    """A dependency that answers 422 naming the allowed parameters when others are sent."""
    names = list(allowed.model_fields) if isinstance(allowed, type) else list(allowed)

    def check(request: Request) -> None:
        unknown = [name for name in request.query_params if name not in names]
        if unknown:
            raise InvalidInput(
                f"Unknown query parameter(s): {', '.join(sorted(set(unknown)))}. "
                f"Allowed parameters: {', '.join(names) or 'none'}."
            )

    return check


# C0/C1 control characters except tab and newline: never part of what a person types (and
# PostgreSQL refuses a NUL in text).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")


def _iso_moment(value: object) -> object:
    # Pydantic would also read a number (or "0.5") as seconds since 1970: the schema says an
    # ISO 8601 date-time, and that is what is accepted.
    if isinstance(value, str) and not _ISO_MOMENT.match(value.strip()):
        raise ValueError("give a moment as ISO 8601, e.g. 2026-11-25T03:00:00+01:00")
    if not isinstance(value, str | datetime):
        raise ValueError("give a moment as ISO 8601 text, e.g. 2026-11-25T03:00:00+01:00")
    return value


Moment = Annotated[datetime, BeforeValidator(_iso_moment)]


def _with_zone(value: datetime) -> datetime:
    # SQLite gives back the UTC moments it stored without their zone; RFC 3339 needs one.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


StoredMoment = Annotated[datetime, AfterValidator(_with_zone)]


# A row id as the databases hold it (an INTEGER column: 32 bits in PostgreSQL); a larger number
# would fail in the database instead of being "not found".
RowId = Annotated[int, Path(ge=1, le=2**31 - 1, description="a row id")]
