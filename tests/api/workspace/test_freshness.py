"""Freshness: every point shows when it was last confirmed; the due list is the same in the
workspace, in `api.cli freshness --json` and at GET /v1/admin/freshness; "still correct" is one
click and is recorded with the day and who."""

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from api import cli
from api.admin import tokens
from api.admin.models import AuditLog, Verification
from api.core.settings import get_settings
from api.landscape import models
from tests.api.conftest import use_database
from tests.api.workspace.conftest import Workspace

OLD = date.today() - timedelta(days=400)


def _make_stale(workspace: Workspace, point_id: str) -> None:
    with workspace.app.sessions() as session:
        point = session.get(models.ContactPoint, point_id)
        assert point is not None
        point.last_verified_at = OLD
        session.commit()


def test_still_correct_is_one_click_with_day_and_who(workspace: Workspace) -> None:
    _make_stale(workspace, "csg-utrecht")
    editor = workspace.person("carla", contact_points=("csg-utrecht",))
    due = editor.get("/beheer/controle")
    assert "/beheer/punten/csg-utrecht/klopt-nog" in due.text
    done = editor.submit(due, "/beheer/punten/csg-utrecht/klopt-nog")
    assert str(done.url).endswith("/beheer/controle?klaar=confirmed")
    assert "Bedankt" in done.text
    with workspace.app.sessions() as session:
        point = session.get(models.ContactPoint, "csg-utrecht")
        assert point is not None and point.last_verified_at == date.today()
        check = session.scalar(select(Verification))
        assert check is not None and (check.actor, check.day) == ("carla", date.today())
        row = session.scalar(select(AuditLog).where(AuditLog.action == "confirm"))
        assert row is not None and row.token_name == "carla"
    page = editor.get("/beheer/punten/csg-utrecht")
    assert f"Laatst gecontroleerd: {date.today()} door carla" in page.text


def test_a_confirmation_of_a_changed_point_is_refused(workspace: Workspace) -> None:
    editor = workspace.person("carla", contact_points=("csg-utrecht",))
    page = editor.get("/beheer/punten/csg-utrecht")
    _make_stale(workspace, "csg-utrecht")  # someone changed it after the page was opened
    refused = editor.submit(page, "/klopt-nog")
    assert refused.status_code == 409 and "intussen gewijzigd" in refused.text


def test_the_due_list_is_the_same_in_the_cli_and_the_json_endpoint(
    workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    _make_stale(workspace, "csg-utrecht")
    api = workspace.app.client
    with workspace.app.sessions() as session:
        secret = tokens.create_token(session, name="reminder-job", scope="read")
        session.commit()
    answer = api.get("/v1/admin/freshness", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 200
    from_api = answer.json()
    previous = get_settings().database_url
    use_database(str(workspace.app.engine.url.render_as_string(hide_password=False)))
    try:
        assert cli.main(["freshness", "--json"]) == 0
    finally:
        use_database(previous)
    from_cli = json.loads(capsys.readouterr().out)
    assert from_cli == from_api
    ids = [item["id"] for item in from_api["items"]]
    assert "csg-utrecht" in ids
    item = next(i for i in from_api["items"] if i["id"] == "csg-utrecht")
    assert item["due"] is True and "stale" in item["reasons"]
    assert item["organisation"] == "centrum-seksueel-geweld"


def test_the_json_endpoint_needs_a_token_and_filters_by_organisation(
    workspace: Workspace,
) -> None:
    api = workspace.app.client
    assert api.get("/v1/admin/freshness").status_code == 401
    with workspace.app.sessions() as session:
        secret = tokens.create_token(session, name="reminder-job", scope="read")
        session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    only = api.get("/v1/admin/freshness?organisation=veilig-thuis", headers=headers).json()
    assert only["items"] and {i["organisation"] for i in only["items"]} == {"veilig-thuis"}
    assert api.get("/v1/admin/freshness?x=1", headers=headers).status_code == 422


def test_the_start_page_counts_what_is_due_for_the_editor(workspace: Workspace) -> None:
    _make_stale(workspace, "csg-utrecht")
    editor = workspace.person("carla", contact_points=("csg-utrecht",))
    page = editor.get("/beheer/")
    assert "controle nodig" in page.text
    assert "/beheer/controle" in page.text
