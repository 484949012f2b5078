"""Opening hours: parse the seed grammar, and tell whether a channel is open now and when it
opens next, in Europe/Amsterdam time, including Dutch public holidays."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MINUTES_PER_DAY = 24 * 60

_DAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_DAYSPEC = rf"{_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*"
_TIME = r"(?:[01]\d|2[0-4]):[0-5]\d"
_RULE = re.compile(rf"^(?P<days>{_DAYSPEC}) (?P<times>{_TIME}-{_TIME}(?:,{_TIME}-{_TIME})*)$")


class InvalidSchedule(ValueError):
    """The opening-hours text does not follow the grammar in api/landscape/seed/README.md."""


@dataclass(frozen=True)
class Slot:
    """One opening period; `closes` <= `opens` means it runs past midnight."""

    weekday: int
    opens: int
    closes: int

    @property
    def length(self) -> int:
        return (self.closes - self.opens) % MINUTES_PER_DAY or MINUTES_PER_DAY


@dataclass(frozen=True)
class Schedule:
    """A weekly schedule. `known` is False when the hours were not stated."""

    known: bool
    always_open: bool = False
    closed_on_public_holidays: bool = False
    slots: tuple[Slot, ...] = field(default_factory=tuple)


UNKNOWN = Schedule(known=False)


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    value = int(hours) * 60 + int(minutes)
    if value > MINUTES_PER_DAY:
        raise InvalidSchedule(f"'{text}' is not a time of day")
    return value


def _days(spec: str) -> list[int]:
    days: list[int] = []
    for part in spec.split(","):
        first, _, last = part.partition("-")
        start, end = DAYS.index(first), DAYS.index(last or first)
        span = range(start, end + 1) if start <= end else [*range(start, 7), *range(0, end + 1)]
        days.extend(d for d in span if d not in days)
    return days


def parse(text: str) -> Schedule:
    """Parse an opening-hours text such as `Mo-Fr 09:00-17:00; PH off`, `24/7` or `unknown`."""
    value = (text or "").strip()
    if value == "unknown":
        return UNKNOWN
    if value == "24/7":
        return Schedule(known=True, always_open=True)
    rules = [r.strip() for r in value.split(";")]
    holidays_off = False
    slots: list[Slot] = []
    for rule in rules:
        if rule == "PH off":
            holidays_off = True
            continue
        match = _RULE.match(rule)
        if not match:
            raise InvalidSchedule(
                f"opening hours '{text}' is not a valid schedule: write e.g. "
                "'Mo-Fr 09:00-17:00', '24/7' or 'unknown'"
            )
        for period in match["times"].split(","):
            opens_text, closes_text = period.split("-")
            opens, closes = _minutes(opens_text), _minutes(closes_text)
            if opens == MINUTES_PER_DAY:
                raise InvalidSchedule(f"opening hours '{text}': a period cannot open at 24:00")
            slots.extend(Slot(day, opens, closes % MINUTES_PER_DAY) for day in _days(match["days"]))
    if not slots:
        raise InvalidSchedule(f"opening hours '{text}' names no opening period")
    return Schedule(known=True, closed_on_public_holidays=holidays_off, slots=tuple(slots))


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[date]:
    """Dutch public holidays (Algemene termijnenwet), with Easter and Whit Sunday."""
    easter = _easter(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = date(year, 4, 26)
    return frozenset(
        {
            date(year, 1, 1),
            easter,
            easter + timedelta(days=1),
            kings_day,
            date(year, 5, 5),
            easter + timedelta(days=39),
            easter + timedelta(days=49),
            easter + timedelta(days=50),
            date(year, 12, 25),
            date(year, 12, 26),
        }
    )


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=AMSTERDAM)
    return moment.astimezone(AMSTERDAM)


def _slot_start(slot: Slot, day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=AMSTERDAM) + timedelta(minutes=slot.opens)


def _runs_on(schedule: Schedule, day: date) -> bool:
    return not (schedule.closed_on_public_holidays and day in public_holidays(day.year))


def is_open(schedule: Schedule, moment: datetime) -> bool:
    """Whether the schedule is open at `moment`; unknown hours are never open."""
    if not schedule.known:
        return False
    if schedule.always_open:
        return True
    now = _local(moment)
    for offset in (0, -1):  # a period that started yesterday may run past midnight
        day = now.date() + timedelta(days=offset)
        if not _runs_on(schedule, day):
            continue
        for slot in schedule.slots:
            if slot.weekday != day.weekday():
                continue
            start = _slot_start(slot, day)
            if start <= now < start + timedelta(minutes=slot.length):
                return True
    return False


def next_open(schedule: Schedule, moment: datetime) -> datetime | None:
    """When the schedule opens next after `moment` (None if open, always open, or unknown)."""
    if not schedule.known or schedule.always_open or is_open(schedule, moment):
        return None
    now = _local(moment)
    for offset in range(0, 15):
        day = now.date() + timedelta(days=offset)
        if not _runs_on(schedule, day):
            continue
        starts = sorted(
            _slot_start(slot, day) for slot in schedule.slots if slot.weekday == day.weekday()
        )
        for start in starts:
            if start > now:
                return start
    return None


def format_schedule(schedule: Schedule) -> str:
    """The schedule back in the seed grammar (the inverse of `parse`)."""
    if not schedule.known:
        return "unknown"
    if schedule.always_open:
        return "24/7"
    by_times: dict[tuple[int, int], list[int]] = {}
    for slot in schedule.slots:
        by_times.setdefault((slot.opens, slot.closes), []).append(slot.weekday)
    rules = []
    for (opens, closes), days in by_times.items():
        closes_text = "24:00" if closes == 0 else f"{closes // 60:02d}:{closes % 60:02d}"
        rules.append(
            f"{_format_days(sorted(days))} {opens // 60:02d}:{opens % 60:02d}-{closes_text}"
        )
    if schedule.closed_on_public_holidays:
        rules.append("PH off")
    return "; ".join(rules)


def _format_days(days: list[int]) -> str:
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(DAYS[r[0]] if len(r) == 1 else f"{DAYS[r[0]]}-{DAYS[r[-1]]}" for r in runs)
