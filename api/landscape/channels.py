"""How a channel is shown to a person: open now, next opening, hours in words, and a link."""

import re
from dataclasses import dataclass
from datetime import datetime

from api.landscape import hours

DAY_NAMES = {
    "nl": ("ma", "di", "wo", "do", "vr", "za", "zo"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
WORDS = {
    "nl": {
        "always": "dag en nacht (24/7)",
        "unknown": "openingstijden niet bekend, kijk op de website",
        "web": "website, altijd te bekijken",
        "email": "je kunt altijd schrijven; wanneer je antwoord krijgt, weten we niet",
        "holidays": "niet op feestdagen",
        "and": "en",
    },
    "en": {
        "always": "day and night (24/7)",
        "unknown": "opening hours not known, check the website",
        "web": "website, you can read it any time",
        "email": "you can write any time; we do not know when you get an answer",
        "holidays": "closed on public holidays",
        "and": "and",
    },
}


@dataclass(frozen=True)
class ChannelStatus:
    open_now: bool
    next_open: datetime | None
    hours_text: str


def schedule_of(*, hours_text: str) -> hours.Schedule:
    """The parsed schedule of a channel's stored hours text."""
    return hours.parse(hours_text)


def _clock(minute: int) -> str:
    minute = minute or 24 * 60
    return f"{minute // 60:02d}:{minute % 60:02d}"


def describe(schedule: hours.Schedule, language: str, channel_type: str | None = None) -> str:
    """The opening hours in words, e.g. 'ma-vr 09:00-17:00, niet op feestdagen'. A website or
    a written channel without stated hours is described as such, not as 'hours unknown'."""
    words = WORDS[language]
    if not schedule.known:
        return words.get(channel_type or "", words["unknown"])
    if schedule.always_open:
        return words["always"]
    by_times: dict[tuple[int, int], list[int]] = {}
    for slot in schedule.slots:
        by_times.setdefault((slot.opens, slot.closes), []).append(slot.weekday)
    names = DAY_NAMES[language]
    parts = []
    for (opens, closes), days in by_times.items():
        days = sorted(days)
        if days == list(range(days[0], days[-1] + 1)) and len(days) > 2:
            day_text = f"{names[days[0]]}-{names[days[-1]]}"
        else:
            day_text = ", ".join(names[d] for d in days)
        parts.append(f"{day_text} {_clock(opens)}-{_clock(closes)}")
    text = f" {words['and']} ".join(parts)
    return f"{text}, {words['holidays']}" if schedule.closed_on_public_holidays else text


def status(
    *, hours_text: str, now: datetime, language: str, channel_type: str | None = None
) -> ChannelStatus:
    """Open now, next opening and the hours in words for one channel at `now`."""
    schedule = schedule_of(hours_text=hours_text)
    return ChannelStatus(
        open_now=hours.is_open(schedule, now),
        next_open=hours.next_open(schedule, now),
        hours_text=describe(schedule, language, channel_type),
    )


def link(*, channel_type: str, value: str) -> str | None:
    """A `tel:` link for phone numbers, the https:// address for web and chat, else None."""
    if channel_type == "phone":
        digits = re.sub(r"[^\d+]", "", value.split("(")[0])
        return f"tel:{digits}" if len(digits) >= 3 else None
    url = re.search(r"https://\S+", value)
    return url.group(0).rstrip(".,);") if url else None
