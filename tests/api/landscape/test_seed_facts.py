"""Facts of the real seed: nothing invented (every phone number is in the research), every
contact point has a source, the programme's organisations and key numbers are there, shelters
have no address, and what the research could not confirm stays marked."""

from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.landscape import models
from api.landscape import service as landscape
from tests.lines import number

RESEARCH = (
    Path(__file__).resolve().parents[4] / "shared" / "landscape" / "contact_points.research.yml"
)
PROGRAMME = [
    "Openbaar Ministerie",
    "Politie",
    "Veilig Thuis",
    "Centrum Seksueel Geweld",
    "Slachtofferhulp Nederland",
    "Perspectief Herstelbemiddeling",
]


@pytest.fixture(scope="module")
def research_text() -> str:
    if not RESEARCH.exists():
        pytest.skip(
            f"The research file {RESEARCH} is not on this machine (it lives next to the "
            "repository only on the project's own machines); the seed was checked against it."
        )
    return RESEARCH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def research(research_text: str) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(research_text)
    return {entry["id"]: entry for entry in data["contact_points"]}


def _points(session: Session) -> list[models.ContactPoint]:
    statement = select(models.ContactPoint).options(*landscape.load_options())
    return list(session.scalars(statement))


def test_every_phone_number_is_in_the_research(session: Session, research_text: str) -> None:
    numbers = [
        (point.id, channel.value)
        for point in _points(session)
        for channel in point.channels
        if channel.type in ("phone", "whatsapp")
    ]
    assert numbers
    invented = [(pid, value) for pid, value in numbers if value not in research_text]
    assert not invented, f"phone numbers not found in the research: {invented}"


def test_every_contact_point_has_a_source(session: Session) -> None:
    assert [p.id for p in _points(session) if not p.sources] == []


def test_at_least_thirty_active_contact_points(session: Session) -> None:
    active = session.scalar(select(func.count()).where(models.ContactPoint.status == "active"))
    assert active is not None and active >= 30


@pytest.mark.parametrize("name", PROGRAMME)
def test_programme_organisation_is_present_with_a_contact_point(
    session: Session, name: str
) -> None:
    organisations = session.scalars(
        select(models.Organisation).where(models.Organisation.name.contains(name))
    ).all()
    assert organisations, f"no organisation named like '{name}'"
    assert any(o.contact_points for o in organisations)


@pytest.mark.parametrize("number", [number("danger"), number("police")])
def test_key_police_numbers_are_present(session: Session, number: str) -> None:
    values = {c.value for p in _points(session) for c in p.channels}
    assert number in values


def test_zedenpolitie_is_present(session: Session) -> None:
    assert any("zeden" in p.id or "zeden" in p.name_nl.lower() for p in _points(session))


def test_confidential_locations_have_no_address(session: Session) -> None:
    points = _points(session)
    assert [p.id for p in points if p.confidential_location and p.address] == []


def test_confidential_address_is_never_shown(client: Any) -> None:
    items = client.get("/v1/contact-points", params={"status": "all", "per_page": 100}).json()
    assert all(i["address"] is None for i in items["items"] if i["confidential_location"])


def test_unverified_facts_are_carried(
    session: Session, research: dict[str, dict[str, Any]]
) -> None:
    in_research = sum(len(e.get("unverified_facts") or []) for e in research.values())
    in_database = session.scalar(select(func.count()).select_from(models.UnverifiedFact))
    assert in_research > 0 and in_database is not None and in_database > 0
    points = {p.id: p for p in _points(session)}
    missing = [
        point_id
        for point_id, entry in research.items()
        if entry.get("unverified_facts")
        and point_id in points
        and not points[point_id].unverified_facts
        and not any(c.unverified_facts for c in points[point_id].channels)
    ]
    assert missing == [], f"research facts marked unverified but not carried: {missing}"


def test_unverified_entries_stay_unverified(
    session: Session, research: dict[str, dict[str, Any]]
) -> None:
    points = {p.id: p for p in _points(session)}
    wrongly_verified = [
        point_id
        for point_id, entry in research.items()
        if entry.get("verified") is False and point_id in points and points[point_id].verified
    ]
    assert wrongly_verified == []
