"""The triage facts kept in slots, what "skipped" means for each, and the API request."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from actions import parsing

# Slots that hold facts. Each holds a code (or a list of codes), never words as typed;
# `region` holds only postcode digits or a place name (see parsing.parse_region).
FACT_SLOTS = (
    "safe_to_chat",
    "role",
    "concern",
    "danger_now",
    "suicidal_thoughts",
    "timing",
    "age_group",
    "need",
    "prefer_channel",
    "region",
)
LIST_SLOTS = ("concern", "need")

# The value a slot gets when the person skips its question or does not know: the form then
# moves on and the engine gets "unknown / unsure" (or nothing).
NOT_KNOWN: dict[str, Any] = {
    "safe_to_chat": "unsure",
    "role": "unknown",
    "concern": ["unsure"],
    "danger_now": "unsure",
    "suicidal_thoughts": "unsure",
    "timing": "unsure",
    "age_group": "unknown",
    "need": ["unsure"],
    "prefer_channel": "any",
    "region": "unknown",
}

ALLOWED: dict[str, tuple[str, ...]] = {
    "safe_to_chat": parsing.ANSWERS,
    "role": parsing.ROLES,
    "concern": parsing.CONCERNS,
    "danger_now": parsing.ANSWERS,
    "suicidal_thoughts": parsing.ANSWERS,
    "timing": parsing.TIMINGS,
    "age_group": parsing.AGE_GROUPS,
    "need": parsing.NEEDS,
    "prefer_channel": parsing.CHANNELS,
}
# Codes the bot understands but the engine's contract does not list: a need for shelter is
# served by Veilig Thuis, which the engine already offers for domestic violence.
_NOT_IN_CONTRACT = {"need": ("shelter",)}
LANGUAGES = ("nl", "en")


def clean(slot: str, value: Any) -> Any:
    """The value if it is a valid code for `slot` (lists: only the valid codes), else None."""
    if value is None:
        return None
    if slot in LIST_SLOTS:
        items = value if isinstance(value, list) else [value]
        codes = [item for item in ALLOWED[slot] if item in items]
        if len(codes) > 1 and "unsure" in codes:
            codes.remove("unsure")
        return codes or None
    if slot == "region":
        return value if isinstance(value, str) and value.strip() else None
    return value if value in ALLOWED.get(slot, ()) else None


def request_body(slots: Mapping[str, Any], language: str | None) -> dict[str, Any]:
    """Build the `POST /v1/recommendations` body from the slots: structured facts only."""
    body: dict[str, Any] = {"language": language if language in LANGUAGES else "nl"}
    for slot, field in (
        ("role", "role"),
        ("danger_now", "danger_now"),
        ("suicidal_thoughts", "suicidal_thoughts"),
        ("timing", "timing"),
        ("age_group", "age_group"),
        ("prefer_channel", "prefer_channel"),
    ):
        value = clean(slot, slots.get(slot))
        if value is not None:
            body[field] = value
    for slot, field in (("concern", "concerns"), ("need", "needs")):
        values = clean(slot, slots.get(slot)) or []
        values = [v for v in values if v not in _NOT_IN_CONTRACT.get(slot, ())]
        if values:
            body[field] = values
    region = clean("region", slots.get("region"))
    if region and region != NOT_KNOWN["region"]:
        body["region"] = region
    return body
