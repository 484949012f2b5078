"""GET /v1/contact-points and /v1/contact-points/{id}: filters, open now at fixed clock times,
pagination, the item shape, and the round trip from the seed through the API."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from api.core.db import get_engine

WEDNESDAY_03 = "2026-11-25T03:00:00+01:00"
WEDNESDAY_10 = "2026-11-25T10:00:00+01:00"
SATURDAY_14 = "2026-11-28T14:00:00+01:00"
CHRISTMAS_10 = "2026-12-25T10:00:00+01:00"  # a Friday and a public holiday
CHRISTMAS_20 = "2026-12-25T20:00:00+01:00"


def _ids(client: TestClient, **params: Any) -> list[str]:
    response = client.get("/v1/contact-points", params={"per_page": 100, **params})
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_list_returns_veilig_thuis_for_a_bystander_worried_about_a_child(
    client: TestClient,
) -> None:
    ids = _ids(client, role="bystander", violence_type="child_abuse")
    assert "veilig-thuis" in ids
    assert len(ids) > 1


def test_list_filters_by_role(fixture_client: TestClient) -> None:
    assert _ids(fixture_client, role="bystander") == ["office-line"]


def test_list_combines_filters(fixture_client: TestClient) -> None:
    assert _ids(fixture_client, role="victim", phase="acute") == ["always-line", "second-line"]
    assert _ids(fixture_client, role="victim", need="medical") == ["always-line"]
    assert _ids(fixture_client, age_group="under_12", violence_type="sexual_violence") == []


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (WEDNESDAY_03, ["always-line"]),
        (WEDNESDAY_10, ["always-line", "office-line", "second-line"]),
        (SATURDAY_14, ["always-line"]),
        (CHRISTMAS_10, ["always-line", "second-line"]),  # office phone is closed on holidays
        (CHRISTMAS_20, ["always-line", "office-line"]),  # its chat is not
    ],
)
def test_open_now_at_fixed_times(fixture_client: TestClient, at: str, expected: list[str]) -> None:
    assert _ids(fixture_client, open_now="true", at=at) == expected


def test_open_now_false_lists_the_closed_ones(fixture_client: TestClient) -> None:
    assert _ids(fixture_client, open_now="false", at=WEDNESDAY_03) == [
        "office-line",
        "second-line",
        "utrecht-walk-in",
    ]


def test_unknown_hours_are_never_open(fixture_client: TestClient) -> None:
    walk_in = fixture_client.get("/v1/contact-points/utrecht-walk-in", params={"at": WEDNESDAY_10})
    channel = walk_in.json()["channels"][0]
    assert (channel["open_now"], channel["next_open"]) == (False, None)
    assert channel["hours_text"]["en"] == "opening hours not known, check the website"


def test_next_open_on_saturday_afternoon_is_the_evening_chat(fixture_client: TestClient) -> None:
    office = fixture_client.get("/v1/contact-points/office-line", params={"at": SATURDAY_14})
    phone, chat = office.json()["channels"]
    assert phone["next_open"] == "2026-11-30T09:00:00+01:00"
    assert chat["next_open"] == "2026-11-28T18:00:00+01:00"


def test_channel_filters_hold_on_one_channel(fixture_client: TestClient) -> None:
    assert _ids(fixture_client, anonymous="partly") == ["office-line"]
    assert _ids(fixture_client, anonymous="yes", channel_type="chat") == [
        "office-line",
        "second-line",
    ]
    # the office line has a partly anonymous phone and an anonymous chat, not a partly one
    assert _ids(fixture_client, anonymous="partly", channel_type="chat") == []


def test_language_filter_uses_channel_languages(fixture_client: TestClient) -> None:
    assert _ids(fixture_client, language="en") == ["always-line"]


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ("3511", ["always-line", "office-line", "second-line", "utrecht-walk-in"]),
        ("Utrecht", ["always-line", "office-line", "second-line", "utrecht-walk-in"]),
        ("friesland", ["always-line", "office-line", "second-line"]),
        ("8911 AB", ["always-line", "office-line", "second-line"]),
    ],
)
def test_region_keeps_national_points_and_matching_regional_ones(
    fixture_client: TestClient, place: str, expected: list[str]
) -> None:
    assert _ids(fixture_client, region=place) == expected


def test_unrecognised_region_is_422_with_examples(fixture_client: TestClient) -> None:
    response = fixture_client.get("/v1/contact-points", params={"region": "Atlantis"})
    assert response.status_code == 422
    assert "postcode" in response.json()["detail"]


def test_status_filter(fixture_client: TestClient) -> None:
    assert _ids(fixture_client, status="retired") == []
    assert len(_ids(fixture_client, status="all")) == len(_ids(fixture_client))


def test_pagination(fixture_client: TestClient) -> None:
    first = fixture_client.get("/v1/contact-points", params={"per_page": 3}).json()
    second = fixture_client.get("/v1/contact-points", params={"per_page": 3, "page": 2}).json()
    assert (first["total"], first["page"], first["per_page"]) == (4, 1, 3)
    assert len(first["items"]) == 3 and len(second["items"]) == 1
    assert {i["id"] for i in first["items"]}.isdisjoint(i["id"] for i in second["items"])


def test_page_past_the_end_is_422_naming_the_last_page(fixture_client: TestClient) -> None:
    response = fixture_client.get("/v1/contact-points", params={"per_page": 3, "page": 3})
    assert response.status_code == 422
    assert "from 1 to 2" in response.json()["detail"]


def test_item_carries_everything_a_person_needs(fixture_client: TestClient) -> None:
    office = fixture_client.get("/v1/contact-points/office-line", params={"at": WEDNESDAY_10})
    item = office.json()
    assert item["organisation"] == {
        "id": "test-help",
        "name": "Test Help",
        "url": "https://help.example.org",
    }
    assert item["name"] == {"nl": "Kantoorlijn", "en": "Office line"}
    assert item["serves"]["role"] == ["bystander", "professional"]
    assert item["area"] == {"scope": "national", "regions": []}
    assert (item["verified"], item["unverified_facts"]) == (
        False,
        ["opening hours from an old page"],
    )
    assert item["sources"][0]["url"] == "https://help.example.org/office"
    phone, chat = item["channels"]
    assert (phone["link"], phone["open_now"], phone["hours"]) == (
        "tel:08001111",
        True,
        "Mo-Fr 09:00-17:00; PH off",
    )
    assert phone["hours_text"]["nl"] == "ma-vr 09:00-17:00, niet op feestdagen"
    assert chat["unverified_facts"] == ["chat hours"]
    assert office.headers["etag"] == f'"{item["version"]}"'


def test_regional_point_names_its_regions(fixture_client: TestClient) -> None:
    walk_in = fixture_client.get("/v1/contact-points/utrecht-walk-in").json()
    assert walk_in["area"] == {"scope": "regional", "regions": ["csg-region-utrecht"]}


def test_unknown_id_is_404_with_a_way_forward(fixture_client: TestClient) -> None:
    response = fixture_client.get("/v1/contact-points/no-such-place")
    assert response.status_code == 404
    assert "GET /v1/contact-points" in response.json()["detail"]


def test_seed_round_trips_through_the_api(client: TestClient) -> None:
    from api.core.settings import get_settings
    from api.landscape import seed_io

    seed = {p.id: p for p in seed_io.load_seed(get_settings().seed_dir).contact_points}
    listed = client.get("/v1/contact-points", params={"status": "all", "per_page": 100}).json()
    assert listed["total"] == len(seed)
    for item in listed["items"]:
        entry = seed[item["id"]]
        assert item["name"] == entry.name.model_dump()
        assert {k: sorted(v) for k, v in item["serves"].items()} == {
            k: sorted(v) for k, v in entry.serves.model_dump().items()
        }
        assert [c["value"] for c in item["channels"]] == [c.value for c in entry.channels]
        assert [c["hours"] for c in item["channels"]] == [c.hours for c in entry.channels]
        assert [s["url"] for s in item["sources"]] == [s.url for s in entry.sources]


def test_list_loads_relationships_in_a_fixed_number_of_queries(client: TestClient) -> None:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(get_engine(), "before_cursor_execute", count)
    try:
        answer = client.get("/v1/contact-points", params={"per_page": 100, "status": "all"})
    finally:
        event.remove(get_engine(), "before_cursor_execute", count)
    assert answer.json()["total"] >= 30
    assert len(statements) <= 12, statements


def test_openapi_documents_the_filters(fixture_client: TestClient) -> None:
    paths = fixture_client.get("/openapi.json").json()["paths"]
    names = [p["name"] for p in paths["/v1/contact-points"]["get"]["parameters"]]
    assert {"role", "violence_type", "region", "open_now", "page", "per_page"} <= set(names)
    assert "/v1/admin/contact-points/{point_id}/channels/{channel_id}" in paths
