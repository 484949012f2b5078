"""Opening hours: the seed grammar and open-now / next-open in Amsterdam time."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from api.landscape import hours

AMS = ZoneInfo("Europe/Amsterdam")
WEEKDAYS = hours.parse("Mo-Fr 09:00-17:00; PH off")
NIGHTS = hours.parse("Mo-Su 18:00-02:00")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=AMS)


@pytest.mark.parametrize(
    ("schedule", "moment", "expected"),
    [
        (WEEKDAYS, "2026-11-25T03:00", False),  # Wednesday night
        (WEEKDAYS, "2026-11-25T10:30", True),  # Wednesday morning
        (WEEKDAYS, "2026-11-28T14:00", False),  # Saturday afternoon
        (WEEKDAYS, "2026-12-25T10:30", False),  # Christmas Day, a Friday
        (WEEKDAYS, "2026-04-27T10:30", False),  # King's Day, a Monday
        (NIGHTS, "2026-11-25T01:30", True),  # still open from Tuesday evening
        (NIGHTS, "2026-11-25T03:00", False),
        (hours.parse("24/7"), "2026-12-25T03:00", True),
        (hours.UNKNOWN, "2026-11-25T10:30", False),
    ],
)
def test_is_open_at_fixed_times(schedule: hours.Schedule, moment: str, expected: bool) -> None:
    assert hours.is_open(schedule, at(moment)) is expected


def test_next_open_after_a_weekday_night_is_the_same_morning() -> None:
    assert hours.next_open(WEEKDAYS, at("2026-11-25T03:00")) == at("2026-11-25T09:00")


def test_next_open_on_saturday_is_monday_morning() -> None:
    assert hours.next_open(WEEKDAYS, at("2026-11-28T14:00")) == at("2026-11-30T09:00")


def test_next_open_skips_the_christmas_holidays() -> None:
    assert hours.next_open(WEEKDAYS, at("2026-12-24T18:00")) == at("2026-12-28T09:00")


def test_next_open_is_none_for_unknown_hours() -> None:
    assert hours.next_open(hours.UNKNOWN, at("2026-11-25T03:00")) is None


def test_public_holidays_2026_include_easter_monday_and_ascension() -> None:
    days = hours.public_holidays(2026)
    assert datetime(2026, 4, 6).date() in days  # Easter Monday
    assert datetime(2026, 5, 14).date() in days  # Ascension Day


def test_kings_day_moves_to_saturday_when_27_april_is_a_sunday() -> None:
    assert datetime(2025, 4, 26).date() in hours.public_holidays(2025)


@pytest.mark.parametrize("text", ["ma-vr 9-17", "office hours", "Mo-Fr 9:00-17:00", "Mo-Fr", ""])
def test_parse_rejects_text_outside_the_grammar(text: str) -> None:
    with pytest.raises(hours.InvalidSchedule):
        hours.parse(text)


@pytest.mark.parametrize(
    "text",
    ["24/7", "unknown", "Mo-Fr 09:00-17:00; PH off", "Mo,We,Fr 13:00-17:00", "Mo-Su 08:00-24:00"],
)
def test_format_schedule_round_trips(text: str) -> None:
    assert hours.format_schedule(hours.parse(text)) == text
