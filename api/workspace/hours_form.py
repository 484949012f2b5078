"""The weekly opening-hours editor: a schedule becomes seven days of up to two periods (plus
24/7, unknown, closed on public holidays, or the written notation for anything rarer), and the
filled-in form becomes the seed's opening-hours notation again, with a message key per mistake."""

import re
from dataclasses import dataclass, field

from api.landscape import hours

MODES = ("always", "weekly", "unknown", "text")
PERIODS = 2
# People write times in many ways: 9, 09, 9:00, 09.00, 0900, 9u, 21:30; all mean a clock time.
_TIME = re.compile(r"^(?P<hour>[01]?\d|2[0-4])(?:[:.]?(?P<minute>[0-5]\d))?\s*u?$", re.IGNORECASE)


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


def clock_minutes(text: str, *, closing: bool) -> int | None:
    """Minutes after midnight for a typed time, or None; 24:00 only closes (it is midnight)."""
    found = _TIME.match(text.strip())
    if found is None:
        return None
    hour, minute = int(found["hour"]), int(found["minute"] or 0)
    if hour == 24 and (minute or not closing):
        return None
    return (hour * 60 + minute) % (24 * 60)


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
            (_clock(s.opens), _clock(s.closes or 24 * 60))
            for s in sorted(slots, key=lambda s: s.opens)
        ]
        form.days[weekday].periods = periods + [("", "")] * (PERIODS - len(periods))
    return form


def to_text(form: HoursForm) -> tuple[str, dict[str, str]]:
    """The notation for the filled-in editor, and errors as {field suffix: message key}."""
    typed = any(opens or closes for day in form.days for opens, closes in day.periods)
    if typed and form.mode != "weekly":
        # Times in the week, but another choice above it: ask, rather than drop the times.
        return "", {"hours-mode-weekly": "hours_mode_conflict"}
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
            start = clock_minutes(opens, closing=False)
            end = clock_minutes(closes, closing=True)
            if start is None or end is None:
                errors[key] = "hours_time_invalid"
                continue
            if start == end:
                errors[key] = "hours_time_same"
                continue
            slots.append(hours.Slot(weekday, start, end))
    if errors:
        if form.copy_monday:  # Tuesday to Friday were Monday's times: say it once, at Monday
            errors = {k: v for k, v in errors.items() if not k.startswith(("d1", "d2", "d3", "d4"))}
        return "", errors
    if not slots:
        return "", {"hours-mode-weekly": "hours_empty"}
    schedule = hours.Schedule(
        known=True, closed_on_public_holidays=form.holidays_off, slots=tuple(slots)
    )
    return hours.format_schedule(schedule), {}
