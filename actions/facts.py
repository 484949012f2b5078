"""The triage facts kept in slots, their codes (from contracts/facts.yml), what "skipped"
means for each, and the body of the API request."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

CONTRACT = Path(__file__).resolve().parent.parent / "contracts" / "facts.yml"
_FACTS: dict[str, dict[str, Any]] = yaml.safe_load(CONTRACT.read_text("utf-8"))["facts"]

# Slot name → the contract's fact name (the slots keep the names the stories were written in).
SLOT_FACTS = {
    "role": "role",
    "concern": "concerns",
    "timing": "timing",
    "age_group": "age_group",
    "need": "needs",
    "prefer_channel": "channel",
}
ANSWERS = ("yes", "no", "unsure")

# Slots that hold facts. Each holds a code (or a list of codes), never words as typed;
# `region` holds only postcode digits or a place name (see `place`).
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
    "danger_now": "unsure",
    "suicidal_thoughts": "unsure",
    "region": "unknown",
    **{
        slot: (
            [_FACTS[fact]["not_known"]]
            if _FACTS[fact]["kind"] == "many"
            else _FACTS[fact]["not_known"]
        )
        for slot, fact in SLOT_FACTS.items()
    },
}

ALLOWED: dict[str, tuple[str, ...]] = {
    "safe_to_chat": ANSWERS,
    "danger_now": ANSWERS,
    "suicidal_thoughts": ANSWERS,
    **{
        slot: (*map(str, _FACTS[fact]["codes"]), str(_FACTS[fact]["not_known"]))
        for slot, fact in SLOT_FACTS.items()
    },
}
LANGUAGES = ("nl", "en")

_POSTCODE = re.compile(r"\b([1-9]\d{3})\s?(?:[a-zA-Z]{2})?\b")
_ADDRESS = re.compile(
    r"(straat|laan|weg|plein|gracht|kade|singel|dijk|steeg|dreef|street|road|avenue|lane|"
    r"square|drive)\b",
    re.IGNORECASE,
)
_NOT_A_PLACE = re.compile(r"[^\w' -]")
_FILLER = re.compile(
    r"\b(ik woon in|ik woon|i live in|i live|in|de|het|bij|rond|near|around|the|gemeente|regio|"
    r"provincie|province|municipality|uit|from)\b",
    re.IGNORECASE,
)


def age_group_for(age: int) -> str | None:
    """The contract's age group for an age in years; None for impossible ages."""
    if age < 0 or age > 120:
        return None
    if age < 12:
        return "under_12"
    if age < 18:
        return "12_17"
    return "18_plus"


def place(text: str | None) -> str | None:
    """The 4 postcode digits or a plain place name; never a street or a house number.

    The letters of a full postcode and anything that looks like an address are dropped, so
    nothing more precise than a postcode area ever reaches a slot.
    """
    if not text:
        return None
    postcode = _POSTCODE.search(text)
    if postcode:
        return postcode.group(1)
    if any(char.isdigit() for char in text) or _ADDRESS.search(text):
        return None
    name = " ".join(_NOT_A_PLACE.sub(" ", _FILLER.sub(" ", text)).split()).strip(" -'")
    if not name or len(name) > 40 or len(name.split()) > 4:
        return None
    return name


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
        if values:
            body[field] = values
    region = clean("region", slots.get("region"))
    if region and region != NOT_KNOWN["region"]:
        body["region"] = region
    return body
