"""The /hsds/ view validates against the vendored Open Referral HSDS 3.0 schemas, on the real
seed, for every endpoint and every service and organisation."""

import json
import uuid
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path(__file__).resolve().parents[3] / "api" / "hsds" / "vendored"
FILES = (
    "service_with_definitions.json",
    "service_list.json",
    "organization_list.json",
    "organization_with_definitions.json",
    "openapi.json",
)
FORMATS = FormatChecker()


@FORMATS.checks("uri", raises=ValueError)
def _is_uri(value: object) -> bool:
    # jsonschema checks "uri" only with an optional package; this keeps the check on.
    if not isinstance(value, str):
        return True
    parsed = urlparse(value)
    return bool(parsed.scheme) and bool(parsed.netloc or parsed.path) and " " not in value


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None


@cache
def _registry() -> Registry:
    resources = [
        (f"urn:hsds:{name}", Resource(json.loads((SCHEMAS / name).read_text()), DRAFT202012))
        for name in FILES
    ]
    return Registry().with_resources(resources)


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, registry=_registry(), format_checker=FORMATS)


def _page_of(item_ref: str) -> dict[str, Any]:
    """The openapi.json answer of a list endpoint: the Page wrapper with `contents`."""
    return {
        "allOf": [{"$ref": "urn:hsds:openapi.json#/components/schemas/Page"}],
        "properties": {"contents": {"type": "array", "items": {"$ref": item_ref}}},
        "required": ["total_items", "total_pages", "page_number", "size", "contents"],
    }


SERVICE = {"$ref": "urn:hsds:service_with_definitions.json"}
ORGANIZATION = {"$ref": "urn:hsds:organization_with_definitions.json"}
ROOT = {
    "$ref": "urn:hsds:openapi.json#/paths/~1/get/responses/200/content/application~1json/schema"
}
LISTS = {
    "/hsds/services": _page_of("urn:hsds:service_list.json"),
    "/hsds/organizations": _page_of("urn:hsds:organization_list.json"),
    "/hsds/taxonomies": _page_of("urn:hsds:service_with_definitions.json#/definitions/taxonomy"),
    "/hsds/taxonomy_terms": _page_of(
        "urn:hsds:service_with_definitions.json#/definitions/taxonomy_term"
    ),
}


def assert_valid(schema: dict[str, Any], answer: Any) -> None:
    errors = [
        f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in _validator(schema).iter_errors(answer)
    ]
    assert not errors, "\n".join(errors[:20])


def _all_pages(client: TestClient, path: str, **params: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    number = 1
    while True:
        response = client.get(path, params={**params, "page": number, "per_page": 10})
        assert response.status_code == 200, response.text
        assert_valid(LISTS[path], response.json())
        items += response.json()["contents"]
        if response.json()["last_page"]:
            return items
        number += 1


def test_hsds_schemas_catch_a_broken_service() -> None:
    with pytest.raises(AssertionError):
        assert_valid(SERVICE, {"id": "not-a-uuid", "name": "x", "status": "open"})


def test_hsds_root_names_version_and_profile(client: TestClient) -> None:
    answer = client.get("/hsds/").json()
    assert_valid(ROOT, answer)
    assert answer["version"] == "3.0"
    assert answer["profile"].startswith("https://")
    assert answer["links"]["services"].endswith("/hsds/services")


@pytest.mark.parametrize("path", sorted(LISTS))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_hsds_every_list_page_validates(client: TestClient, path: str, lang: str) -> None:
    assert _all_pages(client, path, lang=lang)


def test_hsds_every_service_validates_in_both_languages(client: TestClient) -> None:
    for item in _all_pages(client, "/hsds/services"):
        for lang in ("nl", "en"):
            answer = client.get(f"/hsds/services/{item['id']}", params={"lang": lang})
            assert answer.status_code == 200, answer.text
            assert_valid(SERVICE, answer.json())


def test_hsds_every_organization_validates(client: TestClient) -> None:
    for item in _all_pages(client, "/hsds/organizations"):
        for full in ("false", "true"):
            answer = client.get(f"/hsds/organizations/{item['id']}", params={"full_service": full})
            assert answer.status_code == 200, answer.text
            assert_valid(ORGANIZATION, answer.json())


def test_hsds_ids_are_stable_uuids(client: TestClient) -> None:
    first = client.get("/hsds/services", params={"per_page": 100}).json()["contents"]
    again = client.get("/hsds/services", params={"per_page": 100}).json()["contents"]
    assert [s["id"] for s in first] == [s["id"] for s in again]
    assert all(uuid.UUID(s["id"]).version == 5 for s in first)


def test_hsds_service_found_by_uuid_and_by_our_id(client: TestClient) -> None:
    by_slug = client.get("/hsds/services/veilig-thuis").json()
    assert client.get(f"/hsds/services/{by_slug['id']}").json() == by_slug
    assert by_slug["alternate_name"] == "veilig-thuis"


def test_hsds_classification_is_in_attributes(client: TestClient) -> None:
    service = client.get("/hsds/services/veilig-thuis").json()
    terms = {
        (a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"]) for a in service["attributes"]
    }
    assert ("role", "bystander") in terms
    assert ("violence_type", "child_abuse") in terms


def test_hsds_schedules_describe_24_7_and_unknown_hours(fixture_client: TestClient) -> None:
    always = fixture_client.get("/hsds/services/always-line", params={"lang": "en"}).json()
    assert always["schedules"][0]["byday"] == "MO,TU,WE,TH,FR,SA,SU"
    assert "24/7" in always["schedules"][0]["description"]
    walk_in = fixture_client.get("/hsds/services/utrecht-walk-in", params={"lang": "en"}).json()
    assert "not known" in walk_in["schedules"][0]["description"]
    assert "opens_at" not in walk_in["schedules"][0]


def test_hsds_holiday_closing_is_noted(fixture_client: TestClient) -> None:
    office = fixture_client.get("/hsds/services/office-line", params={"lang": "en"}).json()
    phone = next(s for s in office["schedules"] if "0800-1111" in s["description"])
    assert (phone["byday"], phone["opens_at"], phone["closes_at"]) == (
        "MO,TU,WE,TH,FR",
        "09:00:00",
        "17:00:00",
    )
    assert "public holidays" in phone["notes"]


def test_hsds_unverified_facts_are_an_alert(fixture_client: TestClient) -> None:
    office = fixture_client.get("/hsds/services/office-line", params={"lang": "en"}).json()
    assert "opening hours from an old page" in office["alert"]
    assert "chat hours" in office["alert"]


def test_hsds_confidential_location_has_no_location(client: TestClient) -> None:
    points = client.get("/v1/contact-points", params={"per_page": 100, "status": "all"}).json()
    confidential = [p["id"] for p in points["items"] if p["confidential_location"]]
    for point_id in confidential:
        assert "service_at_locations" not in client.get(f"/hsds/services/{point_id}").json()


def test_hsds_filters_by_taxonomy_term(fixture_client: TestClient) -> None:
    answer = fixture_client.get("/hsds/services", params={"taxonomy_term_id": "role.bystander"})
    assert [s["alternate_name"] for s in answer.json()["contents"]] == ["office-line"]


def test_hsds_page_wrapper_counts(fixture_client: TestClient) -> None:
    answer = fixture_client.get("/hsds/services", params={"per_page": 3, "page": 2}).json()
    total = answer["total_items"]
    assert answer["total_pages"] == -(-total // 3)
    assert (answer["page_number"], answer["first_page"], answer["size"]) == (2, False, total - 3)


def test_hsds_unknown_service_is_404(client: TestClient) -> None:
    answer = client.get("/hsds/services/00000000-0000-0000-0000-000000000000")
    assert answer.status_code == 404
    assert "GET /hsds/services" in answer.json()["detail"]


def test_hsds_unknown_parameter_is_422(client: TestClient) -> None:
    answer = client.get("/hsds/services", params={"format": "ndjson"})
    assert answer.status_code == 422
    assert "Allowed parameters" in answer.json()["detail"]
