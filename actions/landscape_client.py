"""HTTP client for the landscape API's triage engine (`POST /v1/recommendations`)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp

from actions.settings import Settings, get_settings

logger = logging.getLogger(__name__)

RECOMMENDATIONS_PATH = "/v1/recommendations"
FEEDBACK_PATH = "/v1/insight/feedback"
CHANNEL_TOKEN_HEADER = "X-Channel-Token"  # noqa: S105 (a header name, not a secret)
# The person is saying goodbye: a statistic may never keep them waiting.
FEEDBACK_TIMEOUT_SECONDS = 2.0


class LandscapeError(Exception):
    """Base class: the landscape API gave no usable answer."""


class LandscapeUnavailable(LandscapeError):
    """The API is down, slow or broken; the bot falls back to the national 24/7 lines."""


class LandscapeRejected(LandscapeError):
    """The API refused the request (4xx): the facts sent do not match the contract."""


def _chat_headers(settings: Settings) -> dict[str, str]:
    """The channel token, so that the API counts this answer (only the chat's answers count)."""
    return {CHANNEL_TOKEN_HEADER: settings.channel_token} if settings.channel_token else {}


async def recommend(facts: dict[str, Any], settings: Settings | None = None) -> dict[str, Any]:
    """Send structured triage facts and return the engine's answer as a dict.

    Raises LandscapeUnavailable on connection errors, timeouts, 5xx and bad JSON, and
    LandscapeRejected on 4xx. Only the facts travel; never any text the person typed.
    """
    settings = settings or get_settings()
    url = settings.landscape_api_url + RECOMMENDATIONS_PATH
    timeout = aiohttp.ClientTimeout(total=settings.landscape_timeout_seconds)
    try:
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.post(url, json=facts, headers=_chat_headers(settings)) as response,
        ):
            if response.status >= 500:
                raise LandscapeUnavailable(
                    f"The landscape API answered {response.status}; "
                    "check the API log and whether the database is reachable."
                )
            if response.status >= 400:
                raise LandscapeRejected(
                    f"The landscape API refused the facts with {response.status}; "
                    "check that actions/facts.py follows docs/contracts.md."
                )
            answer = await response.json()
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
        raise LandscapeUnavailable(
            f"The landscape API at {settings.landscape_api_url} could not be reached in "
            f"{settings.landscape_timeout_seconds} s ({type(error).__name__}); "
            "start it with `make api` or check LANDSCAPE_API_URL."
        ) from error
    if not isinstance(answer, dict) or "recommendations" not in answer:
        raise LandscapeUnavailable(
            "The landscape API answered without recommendations; check its version."
        )
    return answer


async def send_feedback(ref: str, answer: str, settings: Settings | None = None) -> None:
    """Count one "did this help?" answer (yes | partly | no) on the anonymous outcome row.

    Raises LandscapeUnavailable when the API cannot be reached in time and LandscapeRejected
    when it does not know the reference or it was already used (404).
    """
    settings = settings or get_settings()
    url = settings.landscape_api_url + FEEDBACK_PATH
    seconds = min(settings.landscape_timeout_seconds, FEEDBACK_TIMEOUT_SECONDS)
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=seconds)) as session,
            session.post(url, json={"ref": ref, "answer": answer}) as response,
        ):
            status = response.status
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        raise LandscapeUnavailable(
            f"The landscape API at {settings.landscape_api_url} took the feedback not in "
            f"{seconds} s ({type(error).__name__}); the answer is left uncounted."
        ) from error
    if status >= 500:
        raise LandscapeUnavailable(
            f"The landscape API answered {status} to the feedback; check the API log."
        )
    if status >= 400:
        raise LandscapeRejected(
            f"The landscape API refused the feedback with {status}: the reference is unknown "
            "or was already used."
        )
