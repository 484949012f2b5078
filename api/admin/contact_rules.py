"""The rules for contact details people change: a Dutch phone number, an https address, a
source with a date, and a source for every change to a number, an address or opening hours.
Pure functions that return a problem code; `MESSAGES` says each in Dutch and English, so the
admin API (English) and the workspace (the page's language) say the same thing."""

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

Entry = dict[str, Any]

MESSAGES: dict[str, dict[str, str]] = {
    "phone": {
        "nl": "Dit is geen Nederlands telefoonnummer. Schrijf het zoals 0800-1234, "
        "030 123 45 67, 06 12345678, +31 20 123 4567 of een kort nummer van 3 cijfers.",
        "en": "This is not a Dutch phone number. Write it like 0800-1234, 030 123 45 67, "
        "06 12345678, +31 20 123 4567 or a short number of 3 digits.",
    },
    "url": {
        "nl": "Dit is geen volledig https-adres. Begin met https:// en laat geen spaties staan, "
        "bijvoorbeeld https://www.veiligthuis.nl.",
        "en": "This is not a complete https address. Start with https:// and leave out spaces, "
        "for example https://www.veiligthuis.nl.",
    },
    "email_or_url": {
        "nl": "Vul een e-mailadres in (naam@organisatie.nl) of het https-adres van een "
        "contactformulier.",
        "en": "Enter an e-mail address (name@organisation.nl) or the https address of a "
        "contact form.",
    },
    "seen": {
        "nl": "Vul de datum in waarop je de bron bekeek, niet in de toekomst "
        "(bijvoorbeeld 2026-11-28).",
        "en": "Enter the date you looked at the source, not in the future (for example "
        "2026-11-28).",
    },
    "source_needed": {
        "nl": "Je wijzigt een telefoonnummer, een webadres of openingstijden. Geef de bron "
        "waar dit staat (https-adres en de datum waarop je keek).",
        "en": "You are changing a phone number, a web address or opening hours. Give the "
        "source that says so (https address and the date you looked).",
    },
}

_PHONE_TYPES = ("phone", "whatsapp")
_URL_TYPES = ("web", "chat")
_DETAIL_TYPES = ("phone", "whatsapp", "web", "chat", "email")


def phone_problem(value: str) -> str | None:
    """None when `value` looks like a Dutch phone number (or a Dutch short number)."""
    compact = re.sub(r"[\s\-().]", "", value)
    if not re.fullmatch(r"\+?\d{3,15}", compact):
        return "phone"
    if compact.startswith("+31"):
        compact = "0" + compact[3:]
    elif compact.startswith("0031"):
        compact = "0" + compact[4:]
    elif compact.startswith("+"):
        return "phone"
    patterns = (
        r"11[0-9]",  # the short numbers of the 11x range (emergency, suicide prevention, …)
        r"116\d{3}",  # European helplines (116 111, 116 000)
        r"14\d{3,4}",  # municipalities: 14 + area code
        r"0(?:800|900|906|909)\d{4,7}",  # free and paid service numbers
        r"0[1-9]\d{8}",  # geographic, mobile (06), 085/088/091
    )
    return None if any(re.fullmatch(p, compact) for p in patterns) else "phone"


def url_problem(value: str) -> str | None:
    """None when `value` is a complete https address without spaces or credentials."""
    if len(value) > 500 or re.search(r"\s", value) or not value.startswith("https://"):
        return "url"
    parts = urlsplit(value)
    host = parts.hostname or ""
    if "@" in parts.netloc or "." not in host or host.startswith(".") or host.endswith("."):
        return "url"
    return None


def email_problem(value: str) -> str | None:
    if re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", value, flags=re.IGNORECASE):
        return None
    return None if url_problem(value) is None else "email_or_url"


def channel_value_problem(channel_type: str, value: str) -> str | None:
    """The problem with a channel's value for its type (walk-in places are free text)."""
    if channel_type in _PHONE_TYPES:
        return phone_problem(value)
    if channel_type in _URL_TYPES:
        return url_problem(value)
    if channel_type == "email":
        return email_problem(value)
    return None


def seen_problem(value: str | None, *, today: date) -> str | None:
    """None for a date like 2026-11 or 2026-11-28 that is not in the future."""
    if not value:
        return "seen"
    try:
        if re.fullmatch(r"\d{4}-\d{2}", value):
            seen = date.fromisoformat(value + "-01")
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            seen = date.fromisoformat(value)
        else:
            return "seen"
    except ValueError:
        return "seen"
    return "seen" if seen > today else None


def changed_channels(
    before: list[Entry], after: list[Entry], rows: list[int | None], before_ids: list[int]
) -> list[tuple[int, Entry, Entry | None]]:
    """(index in `after`, channel after, channel before or None) for every channel of `after`
    that is new or whose type, value or hours differ from the row it updates."""
    old = dict(zip(before_ids, before, strict=True))
    found = []
    for index, (channel, row) in enumerate(zip(after, rows, strict=True)):
        previous = old.get(row) if row is not None else None
        if previous is None or any(
            channel.get(k) != previous.get(k) for k in ("type", "value", "hours")
        ):
            found.append((index, channel, previous))
    return found


def touches_contact_details(changes: list[tuple[int, Entry, Entry | None]]) -> bool:
    """Whether any of these channel changes is to a number, an address or opening hours."""
    for _index, channel, previous in changes:
        if previous is None and channel.get("type") in _DETAIL_TYPES:
            return True
        if previous is not None and (
            channel.get("hours") != previous.get("hours")
            or (
                channel.get("type") in _DETAIL_TYPES
                and (
                    channel.get("value") != previous.get("value")
                    or channel.get("type") != previous.get("type")
                )
            )
        ):
            return True
    return False


def has_new_source(before: Entry, after: Entry) -> bool:
    """Whether `after` cites a page (or a fresh look at one) that `before` did not."""
    seen = {(s.get("url"), s.get("seen")) for s in before.get("sources") or []}
    return any((s.get("url"), s.get("seen")) not in seen for s in after.get("sources") or [])


def add_source(entry: Entry, *, url: str, seen: str, note: str | None = None) -> None:
    """Cite `url` seen on `seen`: a new source, or a fresh date on the one with this URL."""
    for source in entry.setdefault("sources", []):
        if source.get("url") == url:
            source["seen"], source["verified"] = seen, True
            if note:
                source["note"] = note
            return
    entry["sources"].append({"url": url, "seen": seen, "verified": True, "note": note})
