"""How a channel is shown: tel:/https: links, the opening hours in words in both languages,
and open now / next opening at fixed clock times in Amsterdam."""

from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from api.landscape import hours
from api.landscape.channels import describe, link, status
from tests.lines import number, tel


@pytest.mark.parametrize(
    ("channel_type", "value", "expected"),
    [
        ("phone", number("danger"), tel("danger")),
        ("phone", number("sexual"), tel("sexual")),
        ("phone", "030 123 4567", "tel:0301234567"),
        ("phone", "+31 20 123 4567", "tel:+31201234567"),
        ("phone", "088-1234567 (lokaal tarief)", "tel:0881234567"),
        ("chat", "https://www.example.nl/chat", "https://www.example.nl/chat"),
        ("web", "see https://www.example.nl.", "https://www.example.nl"),
        ("web", "http://insecure.example.nl", None),
        ("walk_in", "local police station", None),
        ("email", "info@example.nl", None),
    ],
)
def test_link(channel_type: str, value: str, expected: str | None) -> None:
    assert link(channel_type=channel_type, value=value) == expected


@pytest.mark.parametrize(
    ("text", "nl", "en"),
    [
        ("24/7", "dag en nacht (24/7)", "day and night (24/7)"),
        ("unknown", "openingstijden niet bekend, kijk op de website",
         "opening hours not known, check the website"),
        ("Mo-Fr 09:00-17:00", "ma-vr 09:00-17:00", "Mon-Fri 09:00-17:00"),
        ("Mo-Fr 09:00-17:00; PH off", "ma-vr 09:00-17:00, niet op feestdagen",
         "Mon-Fri 09:00-17:00, closed on public holidays"),
        ("Sa,Su 10:00-14:00", "za, zo 10:00-14:00", "Sat, Sun 10:00-14:00"),
        ("Mo-Su 08:00-24:00", "ma-zo 08:00-24:00", "Mon-Sun 08:00-24:00"),
        ("Mo-Fr 09:00-17:00; Sa 10:00-12:00", "ma-vr 09:00-17:00 en za 10:00-12:00",
         "Mon-Fri 09:00-17:00 and Sat 10:00-12:00"),
    ],
)  # fmt: skip
def test_hours_in_words(text: str, nl: str, en: str) -> None:
    schedule = hours.parse(text)
    assert (describe(schedule, "nl"), describe(schedule, "en")) == (nl, en)


AMS = hours.AMSTERDAM


@pytest.mark.parametrize(
    ("text", "moment", "open_now", "next_open"),
    [
        ("24/7", datetime(2026, 11, 25, 3, 0, tzinfo=AMS), True, None),
        ("unknown", datetime(2026, 11, 25, 10, 0, tzinfo=AMS), False, None),
        ("Mo-Fr 09:00-17:00", datetime(2026, 11, 25, 3, 0, tzinfo=AMS), False,
         datetime(2026, 11, 25, 9, 0, tzinfo=AMS)),
        ("Mo-Fr 09:00-17:00", datetime(2026, 11, 28, 14, 0, tzinfo=AMS), False,
         datetime(2026, 11, 30, 9, 0, tzinfo=AMS)),
        ("Mo-Fr 09:00-17:00; PH off", datetime(2026, 12, 25, 10, 0, tzinfo=AMS), False,
         datetime(2026, 12, 28, 9, 0, tzinfo=AMS)),
        ("Mo-Fr 09:00-17:00", datetime(2026, 12, 25, 10, 0, tzinfo=AMS), True, None),
        ("Mo-Su 18:00-02:00", datetime(2026, 11, 28, 1, 30, tzinfo=AMS), True, None),
    ],
)  # fmt: skip
def test_status_at_fixed_times(
    text: str, moment: datetime, open_now: bool, next_open: datetime | None
) -> None:
    shown = status(hours_text=text, now=moment, language="en")
    assert (shown.open_now, shown.next_open) == (open_now, next_open)


def test_status_of_naive_time_is_amsterdam_time() -> None:
    shown = status(hours_text="Mo-Fr 09:00-17:00", now=datetime(2026, 11, 25, 9, 30), language="nl")
    assert shown.open_now


def test_real_phone_channels_have_tel_links(client: TestClient) -> None:
    items = client.get("/v1/contact-points", params={"per_page": 100}).json()["items"]
    phones = [c for p in items for c in p["channels"] if c["type"] == "phone"]
    assert phones
    for channel in phones:
        assert channel["link"] and channel["link"].startswith("tel:"), channel["value"]
    numbers = {c["value"]: c["link"] for c in phones}
    assert numbers.get(number("danger")) == tel("danger")


def test_real_channels_say_their_hours_in_both_languages(client: TestClient) -> None:
    items = client.get("/v1/contact-points", params={"per_page": 100}).json()["items"]
    for channel in (c for p in items for c in p["channels"]):
        assert channel["hours_text"]["nl"] and channel["hours_text"]["en"]
        if channel["hours"] == "unknown":
            assert channel["open_now"] is False


def test_describe_a_website_without_hours_as_readable_any_time() -> None:
    from api.landscape import channels, hours

    assert channels.describe(hours.UNKNOWN, "nl", "web") == "website, altijd te bekijken"
    assert channels.describe(hours.UNKNOWN, "en", "phone").startswith("opening hours not known")
