"""The weekly opening-hours editor: a schedule becomes seven days of up to two periods (plus
24/7, unknown, closed on public holidays, or the written notation for anything rarer), and the
filled-in form becomes the seed's opening-hours notation again, with a message key per mistake."""

import re
from dataclasses import dataclass, field

from api.landscape import hours

MODES = ("always", "weekly", "unknown", "text")
PERIODS = 2
_TIME = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")


@dataclass
class Day:
    periods: list[tuple[str, str]] = field(default_factory=lambda: [("", "")] * PERIODS)


@dataclass
class HoursForm:
    mode: str = "weekly"
    days: list[Day] = field(default_factory=lambda: [Day() for _ in range(7)])
    holidays_off: bool = False
    text: str = ""
    copy_monday: bool = False


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def from_text(text: str) -> HoursForm:
    """The editor filled in from a stored schedule."""
    try:
        schedule = hours.parse(text)
    except hours.InvalidSchedule:
        return HoursForm(mode="text", text=text)
    if not schedule.known:
        return HoursForm(mode="unknown", text=text)
    if schedule.always_open:
        return HoursForm(mode="always", text=text)
    form = HoursForm(mode="weekly", holidays_off=schedule.closed_on_public_holidays, text=text)
    per_day: dict[int, list[hours.Slot]] = {}
    for slot in schedule.slots:
        per_day.setdefault(slot.weekday, []).append(slot)
    for weekday, slots in per_day.items():
        if len(slots) > PERIODS:
            return HoursForm(mode="text", text=text)
        periods = [
            (_clock(s.opens), _clock(s.closes)) for s in sorted(slots, key=lambda s: s.opens)
        ]
        form.days[weekday].periods = periods + [("", "")] * (PERIODS - len(periods))
    return form


def to_text(form: HoursForm) -> tuple[str, dict[str, str]]:
    """The notation for the filled-in editor, and errors as {field suffix: message key}."""
    if form.mode == "always":
        return "24/7", {}
    if form.mode == "unknown":
        return "unknown", {}
    if form.mode == "text":
        try:
            hours.parse(form.text)
        except hours.InvalidSchedule:
            return form.text, {"hours-text": "hours_text_invalid"}
        return form.text.strip(), {}
    days = form.days
    if form.copy_monday:
        days = [days[0], *[Day(list(days[0].periods)) for _ in range(1, 5)], days[5], days[6]]
    errors: dict[str, str] = {}
    slots: list[hours.Slot] = []
    for weekday, day in enumerate(days):
        for number, (opens, closes) in enumerate(day.periods, start=1):
            if not opens and not closes:
                continue
            key = f"d{weekday}-o{number}"
            if not (_TIME.match(opens) and _TIME.match(closes)):
                errors[key] = "hours_time_invalid"
                continue
            start, end = _minutes(opens), _minutes(closes)
            if start == end:
                errors[key] = "hours_time_same"
                continue
            slots.append(hours.Slot(weekday, start, end))
    if errors:
        return "", errors
    if not slots:
        return "", {"hours-mode-weekly": "hours_empty"}
    schedule = hours.Schedule(
        known=True, closed_on_public_holidays=form.holidays_off, slots=tuple(slots)
    )
    return hours.format_schedule(schedule), {}


def _minutes(text: str) -> int:
    hour, minute = text.split(":")
    return int(hour) * 60 + int(minute)
