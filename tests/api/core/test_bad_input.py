"""Bad input anywhere gets a 4xx with a sentence a person can act on: never a 500 and never
a stack trace."""

import pytest
from fastapi.testclient import TestClient

from api.admin import tokens
from tests.api.conftest import LandscapeApp


@pytest.fixture
def writer(writable_app: LandscapeApp) -> dict[str, str]:
    with writable_app.sessions() as session:
        secret = tokens.create_token(session, name="editor", scope="write")
        session.commit()
    return {"Authorization": f"Bearer {secret}"}


def _assert_readable(response_json: dict[str, object]) -> None:
    detail = str(response_json["detail"])
    assert "Traceback" not in detail and 'File "' not in detail
    assert len(detail) > 15


def test_bad_json_is_422_and_readable(writable_app: LandscapeApp, writer: dict[str, str]) -> None:
    response = writable_app.client.post(
        "/v1/admin/contact-points",
        content=b'{"id": "x", "name": ',
        headers={**writer, "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["detail"]


def test_wrong_types_name_the_field(writable_app: LandscapeApp, writer: dict[str, str]) -> None:
    response = writable_app.client.patch(
        "/v1/admin/contact-points/office-line",
        json={"version": "three", "verified": "maybe"},
        headers=writer,
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"version", "verified"}


def test_unknown_body_field_is_named(writable_app: LandscapeApp, writer: dict[str, str]) -> None:
    response = writable_app.client.patch(
        "/v1/admin/contact-points/office-line",
        json={"version": 1, "colour": "blue"},
        headers=writer,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "colour"


def test_body_over_64_kb_is_413(fixture_client: TestClient) -> None:
    response = fixture_client.post(
        "/v1/admin/contact-points",
        content=b"{" + b" " * (65 * 1024) + b"}",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert "at most 64 KB" in response.json()["detail"]


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"per_page": "abc"}, "per_page"),
        ({"per_page": "101"}, "per_page"),
        ({"page": "0"}, "page"),
        ({"page": "99"}, "Ask for a page from 1 to"),
        ({"open_now": "perhaps"}, "open_now"),
        ({"at": "yesterday"}, "at"),
        ({"anonymous": "sometimes"}, "'yes', 'no' or 'partly'"),
        ({"channel_type": "pigeon"}, "channel_type"),
        ({"language": "dutch"}, "language"),
        ({"status": "deleted"}, "'active', 'retired' or 'all'"),
        ({"violence_type": "robbery"}, "Allowed values"),
        ({"region": "x" * 101}, "region"),
        ({"rol": "victim"}, "Allowed parameters: role"),
    ],
)
def test_bad_list_parameters_are_422_with_the_fix(
    fixture_client: TestClient, params: dict[str, str], words: str
) -> None:
    response = fixture_client.get("/v1/contact-points", params=params)
    assert response.status_code == 422
    assert words in response.json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/v1/contact-points/does-not-exist",
        "/v1/contact-points/" + "x" * 500,
        "/hsds/services/not-a-service",
        "/hsds/organizations/not-an-organisation",
        "/v1/nothing-here",
    ],
)
def test_unknown_ids_are_404(fixture_client: TestClient, path: str) -> None:
    response = fixture_client.get(path)
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/v1/contact-points?region=%00%FF",
        "/v1/contact-points?region=' OR 1=1 --",
        "/v1/contact-points?role=%F0%9F%92%A9",
        "/v1/contact-points/%2e%2e%2f%2e%2e",
        "/hsds/services?search=%25%25%25&per_page=100",
        "/hsds/taxonomy_terms?taxonomy_id=nope",
        "/hsds/services?page=-1",
        "/v1/taxonomy?x=1",
    ],
)
def test_odd_input_never_causes_a_server_error(fixture_client: TestClient, path: str) -> None:
    response = fixture_client.get(path)
    assert 200 <= response.status_code < 500, response.text
    if response.status_code >= 400:
        _assert_readable(response.json())


def test_wrong_method_is_405(fixture_client: TestClient) -> None:
    response = fixture_client.delete("/v1/contact-points/office-line")
    assert response.status_code == 405


def test_admin_path_id_of_wrong_type_is_422(
    writable_app: LandscapeApp, writer: dict[str, str]
) -> None:
    response = writable_app.client.delete(
        "/v1/admin/contact-points/office-line/channels/first?version=1", headers=writer
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "channel_id"


def test_bad_if_match_is_422(writable_app: LandscapeApp, writer: dict[str, str]) -> None:
    response = writable_app.client.patch(
        "/v1/admin/contact-points/office-line",
        json={"kind": "x"},
        headers={**writer, "If-Match": "yesterday"},
    )
    assert response.status_code == 422
    assert "If-Match" in response.json()["detail"]
