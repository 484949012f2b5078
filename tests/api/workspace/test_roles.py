"""Roles, the same in the page and in the API: an editor changes only the points of their
organisations (or the points named), by proposal; a reader only reads; a steward reviews.
An editor of CSG Utrecht cannot change Veilig Thuis: 403 in the page and in the API."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.admin import tokens
from api.admin.models import Proposal
from api.landscape import models
from tests.api.workspace.browser import form
from tests.api.workspace.conftest import SOURCE_FIELDS, Workspace


def _token(workspace: Workspace, name: str, scope: str, **limits: Any) -> dict[str, str]:
    with workspace.app.sessions() as session:
        secret = tokens.create_token(session, name=name, scope=scope, **limits)
        session.commit()
    return {"Authorization": f"Bearer {secret}"}


def _version(api: TestClient, point_id: str) -> int:
    return int(api.get(f"/v1/contact-points/{point_id}").json()["version"])


@pytest.mark.parametrize(
    "url", ["/beheer/punten/veilig-thuis/wijzigen", "/beheer/punten/veilig-thuis/archiveren"]
)
def test_an_editor_of_csg_utrecht_gets_403_pages_for_veilig_thuis(
    workspace: Workspace, url: str
) -> None:
    editor = workspace.person("carla", contact_points=("csg-utrecht",))
    page = editor.get(url)
    assert page.status_code == 403
    assert "Dit is niet jouw contactpunt" in page.text


def test_an_editor_of_csg_utrecht_cannot_post_to_veilig_thuis(workspace: Workspace) -> None:
    editor = workspace.person("carla", contact_points=("csg-utrecht",))
    # a form taken from their own point, sent to another point's address
    own = editor.get("/beheer/punten/csg-utrecht/wijzigen")
    found = form(own.text, "/wijzigen")
    found.action = "/beheer/punten/veilig-thuis/wijzigen"
    assert editor.send(found).status_code == 403
    found = form(editor.get("/beheer/punten/csg-utrecht").text, "/klopt-nog")
    found.action = "/beheer/punten/veilig-thuis/klopt-nog"
    assert editor.send(found).status_code == 403
    with workspace.app.sessions() as session:
        assert list(session.scalars(select(Proposal))) == []


def test_the_point_page_shows_an_editor_what_is_theirs(workspace: Workspace) -> None:
    editor = workspace.person("carla", contact_points=("csg-utrecht",))
    theirs = editor.get("/beheer/punten/csg-utrecht")
    other = editor.get("/beheer/punten/veilig-thuis")
    assert "/beheer/punten/csg-utrecht/wijzigen" in theirs.text
    assert "/wijzigen" not in other.text and "niet wijzigen" in other.text
    start = editor.get("/beheer/")
    assert "/beheer/punten/csg-utrecht" in start.text
    assert '/beheer/punten/veilig-thuis"' not in start.text


def test_an_editor_of_an_organisation_may_change_all_its_points(workspace: Workspace) -> None:
    editor = workspace.person("chris", organisations=("centrum-seksueel-geweld",))
    for point in ("csg-utrecht", "centrum-seksueel-geweld", "csg-limburg"):
        assert editor.get(f"/beheer/punten/{point}/wijzigen").status_code == 200
    assert editor.get("/beheer/punten/veilig-thuis/wijzigen").status_code == 403


def test_a_reader_sees_everything_and_changes_nothing(workspace: Workspace) -> None:
    reader = workspace.person("rik", "reader")
    assert reader.get("/beheer/punten/veilig-thuis").status_code == 200
    assert reader.get("/beheer/logboek").status_code == 200
    assert reader.get("/beheer/punten/veilig-thuis/wijzigen").status_code == 403
    assert reader.get("/beheer/accounts").status_code == 403


def test_an_editor_cannot_review(workspace: Workspace) -> None:
    editor = workspace.person("vera", organisations=("veilig-thuis",))
    page = editor.submit(
        editor.get("/beheer/punten/veilig-thuis/wijzigen"), "/wijzigen", name_nl="VT"
    )
    assert "Beoordelen" in page.text and "Goedkeuren" not in page.text
    url = str(page.url.path)
    csrf = form(page.text, "/intrekken").get("csrf")
    answer = editor.client.post(f"{url}/goedkeuren", data={"csrf": csrf or ""})
    assert answer.status_code == 403 and "Alleen voor beheerders" in answer.text


def test_api_editor_token_of_csg_utrecht_gets_403_on_veilig_thuis(workspace: Workspace) -> None:
    api = workspace.app.client
    editor = _token(workspace, "csg-utrecht-cms", "write", contact_points=["csg-utrecht"])
    response = api.patch(
        "/v1/admin/contact-points/veilig-thuis",
        json={"version": _version(api, "veilig-thuis"), "kind": "x"},
        headers=editor,
    )
    assert response.status_code == 403
    assert "'csg-utrecht'" in response.json()["detail"]
    assert "veilig-thuis" in response.json()["detail"]


def test_api_editor_token_makes_a_proposal_not_a_change(workspace: Workspace) -> None:
    api = workspace.app.client
    editor = _token(workspace, "csg-utrecht-cms", "write", contact_points=["csg-utrecht"])
    before = api.get("/v1/contact-points/csg-utrecht").json()
    response = api.patch(
        "/v1/admin/contact-points/csg-utrecht",
        json={"version": before["version"], "notes": "checked by the CMS"},
        headers=editor,
    )
    assert response.status_code == 202, response.text
    proposal = response.json()
    assert proposal["status"] == "pending" and proposal["author"] == "csg-utrecht-cms"
    assert response.headers["location"] == f"/v1/admin/proposals/{proposal['id']}"
    assert api.get("/v1/contact-points/csg-utrecht").json()["version"] == before["version"]
    steward = _token(workspace, "programme", "write")
    assert (
        api.post(f"/v1/admin/proposals/{proposal['id']}/approve", headers=editor).status_code == 403
    )
    approved = api.post(f"/v1/admin/proposals/{proposal['id']}/approve", headers=steward)
    assert approved.status_code == 200, approved.text
    with workspace.app.sessions() as session:
        point = session.get(models.ContactPoint, "csg-utrecht")
        assert point is not None and point.notes == "checked by the CMS"


def test_api_steward_token_publishes_at_once_and_read_token_may_not_write(
    workspace: Workspace,
) -> None:
    api = workspace.app.client
    steward = _token(workspace, "programme", "write")
    reader = _token(workspace, "dashboard", "read")
    body = {"version": _version(api, "veilig-thuis"), "notes": "x"}
    assert (
        api.patch("/v1/admin/contact-points/veilig-thuis", json=body, headers=reader).status_code
        == 403
    )
    done = api.patch("/v1/admin/contact-points/veilig-thuis", json=body, headers=steward)
    assert done.status_code == 200 and done.json()["version"] == body["version"] + 1


def test_api_hours_change_needs_a_source(workspace: Workspace) -> None:
    api = workspace.app.client
    steward = _token(workspace, "programme", "write")
    point = api.get("/v1/contact-points/veilig-thuis").json()
    chat = next(c for c in point["channels"] if c["type"] == "chat")
    url = f"/v1/admin/contact-points/veilig-thuis/channels/{chat['id']}"
    body = {"version": point["version"], "hours": "Mo-Fr 09:00-21:00"}
    refused = api.patch(url, json=body, headers=steward)
    assert refused.status_code == 422 and "source" in refused.json()["detail"]
    source = {"url": SOURCE_FIELDS["change-url"], "seen": SOURCE_FIELDS["change-seen"]}
    done = api.patch(url, json={**body, "source": source}, headers=steward)
    assert done.status_code == 200, done.text
    assert SOURCE_FIELDS["change-url"] in {s["url"] for s in done.json()["sources"]}


def test_api_bad_dutch_number_is_refused(workspace: Workspace) -> None:
    api = workspace.app.client
    steward = _token(workspace, "programme", "write")
    point = api.get("/v1/contact-points/veilig-thuis").json()
    source = {"url": SOURCE_FIELDS["change-url"], "seen": SOURCE_FIELDS["change-seen"]}
    response = api.post(
        "/v1/admin/contact-points/veilig-thuis/channels",
        json={"version": point["version"], "type": "phone", "value": "12345", "source": source},
        headers=steward,
    )
    assert response.status_code == 422
    assert "not a Dutch phone number" in response.json()["detail"]


def test_api_editor_token_proposes_a_new_point_for_its_organisation(
    workspace: Workspace,
) -> None:
    api = workspace.app.client
    editor = _token(workspace, "vt-cms", "write", organisations=["veilig-thuis"])
    base = api.get("/v1/contact-points/veilig-thuis-utrecht").json()
    new = {
        "id": "veilig-thuis-utrecht-chat",
        "organisation": "veilig-thuis",
        "name": {"nl": "Chat Veilig Thuis Utrecht", "en": "Chat Veilig Thuis Utrecht"},
        "kind": "chat_service",
        "description": {"nl": "Chatten met Veilig Thuis.", "en": "Chat with Veilig Thuis."},
        "what_happens": {"nl": "Je chat met iemand.", "en": "You chat with someone."},
        "serves": base["serves"],
        "channels": [{"type": "chat", "value": "https://www.veiligthuisutrecht.nl/chat"}],
        "sources": [{"url": "https://www.veiligthuisutrecht.nl/chat", "seen": "2026-11-30"}],
    }
    other = {**new, "id": "csg-extra", "organisation": "centrum-seksueel-geweld"}
    assert api.post("/v1/admin/contact-points", json=other, headers=editor).status_code == 403
    proposed = api.post("/v1/admin/contact-points", json=new, headers=editor)
    assert proposed.status_code == 202, proposed.text
    assert api.get("/v1/contact-points/veilig-thuis-utrecht-chat").status_code == 404
    steward = _token(workspace, "programme", "write")
    done = api.post(f"/v1/admin/proposals/{proposed.json()['id']}/approve", headers=steward)
    assert done.status_code == 200, done.text
    assert api.get("/v1/contact-points/veilig-thuis-utrecht-chat").status_code == 200
