"""A guard against unknown query parameters, so a typo is an error instead of a silently
ignored filter."""

from collections.abc import Callable, Iterable

from fastapi import Request
from pydantic import BaseModel

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
