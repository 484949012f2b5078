"""The action server's one settings object, read from the environment."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field

DEFAULT_API_URL = "http://127.0.0.1:8000"
DEFAULT_TIMEOUT_SECONDS = 3.0


@dataclass(frozen=True)
class Settings:
    """Where the landscape API is and how long a person may wait for it."""

    landscape_api_url: str = DEFAULT_API_URL
    # Short on purpose: when the API is slow the person gets the national lines instead.
    landscape_timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    # The shared secret of the chat (CHANNEL_TOKEN): with it the API counts the answers the
    # chat shows; without it `record_outcome` is ignored.
    channel_token: str = field(default="", repr=False)


def _timeout(raw: str | None) -> float:
    if not raw:
        return DEFAULT_TIMEOUT_SECONDS
    try:
        value = float(raw)
    except ValueError as error:
        raise ValueError(
            f"LANDSCAPE_TIMEOUT_SECONDS must be a number of seconds, not {raw!r}."
        ) from error
    if not 0 < value <= 30:
        raise ValueError("LANDSCAPE_TIMEOUT_SECONDS must be between 0 and 30 seconds.")
    return value


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Read LANDSCAPE_API_URL, LANDSCAPE_TIMEOUT_SECONDS and CHANNEL_TOKEN once per process."""
    url = (os.environ.get("LANDSCAPE_API_URL") or DEFAULT_API_URL).rstrip("/")
    return Settings(
        landscape_api_url=url,
        landscape_timeout_seconds=_timeout(os.environ.get("LANDSCAPE_TIMEOUT_SECONDS")),
        channel_token=os.environ.get("CHANNEL_TOKEN", "").strip(),
    )
