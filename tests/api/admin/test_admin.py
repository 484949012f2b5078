"""The admin API: bearer tokens (401/403), create/update/retire contact points and channels,
an audit row for every change, and optimistic concurrency (a stale version gets 409)."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.admin import models, tokens
from api.admin import service as admin
from api.admin.roles import Actor
from api.landscape import service as landscape
from tests.api.conftest import LandscapeApp

NEW_POINT: dict[str, Any] = {
    "id": "new-line",
    "organisation": "test-help",
    "name": {"nl": "Nieuwe lijn", "en": "New line"},
    "kind": "helpline",
    "description": {"nl": "Een nieuwe lijn.", "en": "A new line."},
    "what_happens": {"nl": "Iemand luistert.", "en": "Someone listens."},
    "serves": {"role": ["victim"], "violence_type": ["sexual_violence"], "phase": ["longer_ago"]},
    "verified": True,
    "channels": [{"type": "phone", "value": "0800-2222", "hours": "Mo-Fr 09:00-17:00"}],
    "sources": [{"url": "https://help.example.org/new", "seen": "2026-11"}],
}


SOURCE = {"url": "https://help.example.org/contact", "seen": "2026-11-30"}


def _token(app: LandscapeApp, name: str, scope: str) -> dict[str, str]:
    with app.sessions() as session:
        secret = tokens.create_token(session, name=name, scope=scope)
        session.commit()
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def writer(writable_app: LandscapeApp) -> dict[str, str]:
    return _token(writable_app, "editor-anna", "write")


@pytest.fixture
def api(writable_app: LandscapeApp) -> TestClient:
    return writable_app.client


def _audit(app: LandscapeApp) -> list[models.AuditLog]:
    with app.sessions() as session:
        return list(session.scalars(select(models.AuditLog).order_by(models.AuditLog.id)))


def _version(api: TestClient, point_id: str) -> int:
    return int(api.get(f"/v1/contact-points/{point_id}").json()["version"])


def test_no_token_is_401_with_bearer_challenge(api: TestClient) -> None:
    response = api.post("/v1/admin/contact-points", json=NEW_POINT)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "create-token" in response.json()["detail"]


def test_unknown_token_is_401(api: TestClient) -> None:
    response = api.get("/v1/admin/audit", headers={"Authorization": "Bearer ww_not-a-token"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_read_token_may_read_the_audit_but_not_write(
    api: TestClient, writable_app: LandscapeApp
) -> None:
    reader = _token(writable_app, "viewer", "read")
    assert api.get("/v1/admin/audit", headers=reader).status_code == 200
    response = api.post("/v1/admin/contact-points", json=NEW_POINT, headers=reader)
    assert response.status_code == 403
    assert "--scope write" in response.json()["detail"]
    assert _audit(writable_app) == []


def test_revoked_token_is_401(api: TestClient, writable_app: LandscapeApp) -> None:
    headers = _token(writable_app, "old", "write")
    with writable_app.sessions() as session:
        session.scalar(select(models.ApiToken)).revoked_at = models.utcnow()  # type: ignore[union-attr]
        session.commit()
    assert api.get("/v1/admin/audit", headers=headers).status_code == 401


def test_create_adds_a_point_and_an_audit_row(
    api: TestClient, writer: dict[str, str], writable_app: LandscapeApp
) -> None:
    response = api.post("/v1/admin/contact-points", json=NEW_POINT, headers=writer)
    assert response.status_code == 201, response.text
    assert (response.json()["version"], response.headers["etag"]) == (1, '"1"')
    assert api.get("/v1/contact-points/new-line").json()["channels"][0]["link"] == "tel:08002222"
    (row,) = _audit(writable_app)
    assert (row.token_name, row.action, row.entity_type, row.entity_id) == (
        "editor-anna",
        "create",
        "contact_point",
        "new-line",
    )
    assert row.before is None
    assert row.after is not None and row.after["channels"][0]["value"] == "0800-2222"


def test_create_with_a_taken_id_is_409(api: TestClient, writer: dict[str, str]) -> None:
    response = api.post(
        "/v1/admin/contact-points", json={**NEW_POINT, "id": "office-line"}, headers=writer
    )
    assert response.status_code == 409
    assert "PATCH /v1/admin/contact-points/office-line" in response.json()["detail"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"serves": {"role": ["neighbour"]}}, "serves.role: 'neighbour' is not a term"),
        ({"area": {"scope": "regional", "regions": ["atlantis"]}}, "area.regions: 'atlantis'"),
        ({"organisation": "nobody"}, "organisation: 'nobody'"),
        ({"confidential_location": True, "address": "Straat 1"}, "never has a public address"),
    ],
)
def test_create_checks_the_seed_rules_and_names_the_field(
    api: TestClient, writer: dict[str, str], change: dict[str, Any], field: str
) -> None:
    response = api.post("/v1/admin/contact-points", json={**NEW_POINT, **change}, headers=writer)
    assert response.status_code == 422
    assert field in response.json()["detail"]


def test_create_with_bad_opening_hours_names_the_channel_field(
    api: TestClient, writer: dict[str, str]
) -> None:
    body = {
        **NEW_POINT,
        "channels": [{"type": "phone", "value": "0800-2222", "hours": "ma-vr 9-17"}],
    }
    response = api.post("/v1/admin/contact-points", json=body, headers=writer)
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "channels.0.hours"
    assert "'ma-vr 9-17' is not a valid schedule" in error["message"]


def test_update_with_current_version_changes_and_audits(
    api: TestClient, writer: dict[str, str], writable_app: LandscapeApp
) -> None:
    version = _version(api, "office-line")
    response = api.patch(
        "/v1/admin/contact-points/office-line",
        json={"version": version, "name": {"nl": "Advieslijn", "en": "Advice line"}},
        headers=writer,
    )
    assert response.status_code == 200, response.text
    assert response.json()["version"] == version + 1
    assert response.json()["name"]["en"] == "Advice line"
    (row,) = _audit(writable_app)
    assert row.action == "update"
    assert row.before is not None and row.before["name"]["en"] == "Office line"
    assert row.after is not None and row.after["name"]["en"] == "Advice line"


def test_update_accepts_if_match(api: TestClient, writer: dict[str, str]) -> None:
    version = _version(api, "office-line")
    response = api.patch(
        "/v1/admin/contact-points/office-line",
        json={"kind": "advice_line"},
        headers={**writer, "If-Match": f'"{version}"'},
    )
    assert response.status_code == 200, response.text
    assert response.json()["kind"] == "advice_line"


def test_stale_version_is_409_and_overwrites_nothing(
    api: TestClient, writer: dict[str, str], writable_app: LandscapeApp
) -> None:
    version = _version(api, "office-line")
    first = {"version": version, "kind": "first_edit"}
    assert api.patch("/v1/admin/contact-points/office-line", json=first, headers=writer).is_success
    stale = {"version": version, "kind": "second_edit"}
    response = api.patch("/v1/admin/contact-points/office-line", json=stale, headers=writer)
    assert response.status_code == 409
    assert "nothing was overwritten" in response.json()["detail"]
    assert api.get("/v1/contact-points/office-line").json()["kind"] == "first_edit"
    assert len(_audit(writable_app)) == 1


def test_update_without_a_version_is_refused(api: TestClient, writer: dict[str, str]) -> None:
    response = api.patch("/v1/admin/contact-points/office-line", json={"kind": "x"}, headers=writer)
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]


def test_concurrent_write_between_read_and_flush_is_409(writable_app: LandscapeApp) -> None:
    """Two editors read version 1; the second write fails at the database even though the
    version it holds in memory still looked current."""
    a, b = (Actor.of(name=name, role="steward", via="api") for name in "ab")
    with writable_app.sessions() as first, writable_app.sessions() as second:
        landscape.get_contact_point(session=second, point_id="office-line")
        draft_b = admin.update_draft(
            session=second, actor=b, point_id="office-line", version=1, changes={"kind": "b"}
        )
        draft_a = admin.update_draft(
            session=first, actor=a, point_id="office-line", version=1, changes={"kind": "a"}
        )
        admin.publish(session=first, actor=a, draft=draft_a)
        with pytest.raises(admin.StaleVersion):
            admin.publish(session=second, actor=b, draft=draft_b)
    assert writable_app.client.get("/v1/contact-points/office-line").json()["kind"] == "a"
    assert [row.token_name for row in _audit(writable_app)] == ["a"]


def test_update_serves_replaces_only_the_taxonomies_sent(
    api: TestClient, writer: dict[str, str]
) -> None:
    version = _version(api, "office-line")
    response = api.patch(
        "/v1/admin/contact-points/office-line",
        json={"version": version, "serves": {"role": ["bystander"]}},
        headers=writer,
    )
    serves = response.json()["serves"]
    assert serves["role"] == ["bystander"]
    assert serves["violence_type"] == ["child_abuse"]


def test_retire_hides_the_point_from_the_default_list(
    api: TestClient, writer: dict[str, str], writable_app: LandscapeApp
) -> None:
    version = _version(api, "second-line")
    response = api.post(
        "/v1/admin/contact-points/second-line/retire", json={"version": version}, headers=writer
    )
    assert response.status_code == 200 and response.json()["status"] == "retired"
    active = [p["id"] for p in api.get("/v1/contact-points").json()["items"]]
    retired = [p["id"] for p in api.get("/v1/contact-points?status=retired").json()["items"]]
    assert "second-line" not in active and retired == ["second-line"]
    assert _audit(writable_app)[-1].action == "retire"


def test_channels_can_be_added_changed_and_removed_keeping_other_ids(
    api: TestClient, writer: dict[str, str], writable_app: LandscapeApp
) -> None:
    point = api.get("/v1/contact-points/office-line").json()
    phone_id, chat_id = (c["id"] for c in point["channels"])
    added = api.post(
        "/v1/admin/contact-points/office-line/channels",
        json={
            "version": point["version"],
            "type": "whatsapp",
            "value": "06-12345678",
            "source": SOURCE,
        },
        headers=writer,
    )
    assert added.status_code == 201, added.text
    channels = added.json()["channels"]
    assert [c["id"] for c in channels[:2]] == [phone_id, chat_id]
    assert channels[2]["type"] == "whatsapp"
    changed = api.patch(
        f"/v1/admin/contact-points/office-line/channels/{chat_id}",
        json={"hours": "24/7", "source": {**SOURCE, "url": "https://help.example.org/hours"}},
        headers={**writer, "If-Match": str(added.json()["version"])},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["channels"][1]["hours"] == "24/7"
    assert changed.json()["channels"][1]["id"] == chat_id
    removed = api.delete(
        f"/v1/admin/contact-points/office-line/channels/{phone_id}",
        params={"version": changed.json()["version"]},
        headers=writer,
    )
    assert removed.status_code == 200, removed.text
    assert [c["id"] for c in removed.json()["channels"]] == [chat_id, channels[2]["id"]]
    actions = [(r.action, r.entity_type) for r in _audit(writable_app)]
    assert actions == [
        ("add_channel", "channel"),
        ("update_channel", "channel"),
        ("remove_channel", "channel"),
    ]
    assert _audit(writable_app)[1].entity_id == f"office-line/{chat_id}"


def test_channel_update_is_validated(api: TestClient, writer: dict[str, str]) -> None:
    point = api.get("/v1/contact-points/office-line").json()
    response = api.patch(
        f"/v1/admin/contact-points/office-line/channels/{point['channels'][0]['id']}",
        json={"version": point["version"], "hours": "office hours"},
        headers=writer,
    )
    assert response.status_code == 422
    assert "hours" in response.json()["detail"]


def test_the_last_channel_cannot_be_removed(api: TestClient, writer: dict[str, str]) -> None:
    point = api.get("/v1/contact-points/always-line").json()
    response = api.delete(
        f"/v1/admin/contact-points/always-line/channels/{point['channels'][0]['id']}",
        headers={**writer, "If-Match": str(point["version"])},
    )
    assert response.status_code == 422
    assert "retire" in response.json()["detail"]


def test_unknown_channel_is_404(api: TestClient, writer: dict[str, str]) -> None:
    response = api.delete(
        "/v1/admin/contact-points/always-line/channels/9999",
        headers={**writer, "If-Match": str(_version(api, "always-line"))},
    )
    assert response.status_code == 404
    assert "lists its channels" in response.json()["detail"]


def test_audit_lists_changes_newest_first(api: TestClient, writer: dict[str, str]) -> None:
    api.post("/v1/admin/contact-points", json=NEW_POINT, headers=writer)
    version = _version(api, "office-line")
    api.patch(
        "/v1/admin/contact-points/office-line",
        json={"version": version, "kind": "x"},
        headers=writer,
    )
    audit = api.get("/v1/admin/audit", headers=writer).json()
    assert audit["total"] == 2
    assert [i["action"] for i in audit["items"]] == ["update", "create"]
    only_new = api.get("/v1/admin/audit", params={"entity_id": "new-line"}, headers=writer).json()
    assert [i["entity_id"] for i in only_new["items"]] == ["new-line"]
