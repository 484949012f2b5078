"""Seed and database agree: after the first import the database is the source of truth for
contact points. An import never overwrites a point changed in the workspace since the last
import (or export) without --force, and writes an audit row for everything it writes; `export`
writes the approved state back into the seed, keeping the comments people wrote."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from api import cli
from api.admin import audit
from api.admin import service as admin
from api.admin.models import AuditLog
from api.admin.roles import Actor
from api.core import db, migrate, settings
from api.core.db import get_sessionmaker
from api.landscape import models, seed_import, seed_io
from tests.api.conftest import use_database
from tests.api.databases import Databases

STEWARD = Actor.of(name="stella", role="steward", via="workspace")
POINTS = "contact_points/test-help.yml"


@pytest.fixture
def seed_db(
    databases: Databases, fixture_seed_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """An empty database of this test, with the fixture seed as the configured seed."""
    previous = settings.get_settings().database_url
    monkeypatch.setenv("SEED_DIR", str(fixture_seed_dir))
    use_database(databases.new("sync"))
    yield fixture_seed_dir
    db.get_engine().dispose()
    monkeypatch.delenv("SEED_DIR")
    use_database(previous)


def _import(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[str, str]:
    assert cli.main(["import", *extra]) == 0
    out, err = capsys.readouterr()
    return out, err


def _edit_in_workspace(point_id: str, **changes: object) -> None:
    with get_sessionmaker()() as session:
        point = session.get(models.ContactPoint, point_id)
        assert point is not None
        draft = admin.update_draft(
            session=session,
            actor=STEWARD,
            point_id=point_id,
            version=point.version,
            changes=changes,
        )
        admin.publish(session=session, actor=STEWARD, draft=draft)


def _point(point_id: str) -> models.ContactPoint:
    with get_sessionmaker()() as session:
        point = session.get(models.ContactPoint, point_id)
        assert point is not None
        return point


def _audit(action: str) -> list[AuditLog]:
    with get_sessionmaker()() as session:
        return list(session.scalars(select(AuditLog).where(AuditLog.action == action)))


def test_the_first_import_writes_audit_rows(
    seed_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = _import(capsys)
    assert "4 created" in out
    rows = _audit("import")
    assert len(rows) == 4 and {r.token_name for r in rows} == {"seed import"}
    assert all(r.via == "import" and r.before is None and r.after for r in rows)


def test_import_keeps_a_point_changed_in_the_workspace(
    seed_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(capsys)
    _edit_in_workspace("office-line", kind="advice_line")
    out, _ = _import(capsys)
    assert "0 created, 0 updated" in out and "Kept 1 contact point(s)" in out
    assert _point("office-line").kind == "advice_line"


def test_a_seed_change_to_an_untouched_point_is_imported_and_audited(
    seed_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(capsys)
    path = seed_db / POINTS
    path.write_text(path.read_text().replace("Altijd-lijn", "Altijd bereikbaar"))
    out, _ = _import(capsys)
    assert "1 updated" in out
    assert _point("always-line").name_nl == "Altijd bereikbaar"
    (row,) = [r for r in _audit("import") if r.note == "changed in the seed"]
    assert row.before is not None and row.before["name"]["nl"] == "Altijd-lijn"


def test_a_point_changed_on_both_sides_is_a_conflict_left_alone_without_force(
    seed_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(capsys)
    _edit_in_workspace("office-line", kind="advice_line")
    path = seed_db / POINTS
    path.write_text(path.read_text().replace("Kantoorlijn", "Kantoor-lijn"))
    out, err = _import(capsys)
    assert "0 updated" in out
    assert "changed both in the seed and in the workspace: office-line" in err
    assert (_point("office-line").kind, _point("office-line").name_nl) == (
        "advice_line",
        "Kantoorlijn",
    )
    out, err = _import(capsys, "--force")
    assert "--force: the seed replaced workspace changes of office-line" in out
    assert (_point("office-line").kind, _point("office-line").name_nl) == (
        "helpline",
        "Kantoor-lijn",
    )
    (forced,) = _audit("import_forced")
    assert forced.before is not None and forced.before["kind"] == "advice_line"
    out, err = _import(capsys)
    assert "0 updated" in out and not err


def test_a_database_from_before_baselines_treats_audited_points_as_changed(
    seed_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    migrate.upgrade(settings.get_settings().database_url)
    with get_sessionmaker()() as session:
        seed_import.import_seed(session, seed_io.load_seed(seed_db))
        session.commit()
    _edit_in_workspace("office-line", kind="advice_line")
    path = seed_db / POINTS
    path.write_text(
        path.read_text().replace("Kantoorlijn", "Kantoor-lijn").replace("Altijd-lijn", "Altijd")
    )
    _out, err = _import(capsys)
    assert "office-line" in err and _point("office-line").kind == "advice_line"
    assert _point("always-line").name_nl == "Altijd"


def test_export_writes_the_approved_state_into_the_seed_keeping_comments(
    seed_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = seed_db / POINTS
    path.write_text(
        path.read_text().replace(
            "  - id: office-line", "  # hand-written note\n  - id: office-line"
        )
    )
    _import(capsys)
    _edit_in_workspace("office-line", kind="advice_line")
    assert cli.main(["export"]) == 0
    out, _ = capsys.readouterr()
    assert "1 file(s) changed" in out
    text = path.read_text()
    assert "# hand-written note" in text and "kind: advice_line" in text
    exported = {p.id: p for p in seed_io.load_seed(seed_db).contact_points}
    with get_sessionmaker()() as session:
        point = session.get(models.ContactPoint, "office-line")
        assert point is not None
        assert audit.entry(point) == exported["office-line"].model_dump(mode="json")
    out, err = _import(capsys)
    assert "0 created, 0 updated, 4 unchanged" in out and "Kept" not in out and not err
    assert cli.main(["export"]) == 0
    assert "0 file(s) changed" in capsys.readouterr().out


def test_export_to_another_folder_does_not_count_as_synced(
    seed_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(capsys)
    _edit_in_workspace("office-line", kind="advice_line")
    assert cli.main(["export", str(tmp_path / "elsewhere")]) == 0
    capsys.readouterr()
    out, _ = _import(capsys)
    assert "Kept 1" in out and _point("office-line").kind == "advice_line"
