"""The command line: import is idempotent, export → import gives the same data, validate names
every error, and a token made by create-token opens the admin API."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import cli
from api.core import db, settings
from tests.api.databases import Databases


@pytest.fixture
def own_database(databases: Databases, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the settings (and so the CLI) at an empty database of this test only."""
    url = databases.new("cli")
    monkeypatch.setenv("DATABASE_URL", url)
    caches = (settings.get_settings, db.get_engine, db.get_sessionmaker)
    for cached in caches:
        cached.cache_clear()
    yield url
    db.get_engine().dispose()
    monkeypatch.undo()
    for cached in caches:
        cached.cache_clear()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_twice_changes_nothing_the_second_time(
    own_database: str, fixture_seed_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "import", "--seed-dir", str(fixture_seed_dir))
    points = len(list((fixture_seed_dir / "contact_points").glob("*.yml")))
    assert code == 0 and "0 created" not in out and points
    code, out, _ = _run(capsys, "import", "--seed-dir", str(fixture_seed_dir))
    assert code == 0
    assert "0 created, 0 updated" in out


def test_export_then_import_is_identical(
    own_database: str, fixture_seed_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "import", "--seed-dir", str(fixture_seed_dir))
    exported = tmp_path / "exported"
    code, out, _ = _run(capsys, "export", str(exported))
    assert code == 0 and "Exported" in out
    code, out, _ = _run(capsys, "import", "--seed-dir", str(exported))
    assert code == 0
    assert "0 created, 0 updated" in out
    again = tmp_path / "again"
    _run(capsys, "export", str(again))
    for path in exported.rglob("*.yml"):
        assert (again / path.relative_to(exported)).read_text() == path.read_text()


def test_real_seed_export_then_import_is_identical(
    client: TestClient, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "exported"
    assert _run(capsys, "export", str(exported))[0] == 0
    code, out, _ = _run(capsys, "import", "--seed-dir", str(exported))
    assert code == 0
    assert "0 created, 0 updated" in out


def test_validate_reports_every_error_and_imports_nothing(
    own_database: str, fixture_seed_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    points = fixture_seed_dir / "contact_points" / "test-help.yml"
    text = points.read_text()
    text = text.replace("hours: 24/7", "hours: always", 1).replace("role: [victim]", "role: [x]", 1)
    points.write_text(text)
    code, _, err = _run(capsys, "validate", "--seed-dir", str(fixture_seed_dir))
    assert code == 1
    assert "test-help.yml: contact point 'always-line': channel 1: hours:" in err
    assert "'x' is not a term" in err
    assert "2 error(s); nothing was imported." in err
    code, _, err = _run(capsys, "import", "--seed-dir", str(fixture_seed_dir))
    assert code == 1


def test_create_token_opens_the_admin_api_with_its_scope(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "create-token", "cli-reader", "--scope", "read")
    assert code == 0
    secret = out.strip().splitlines()[-1]
    assert secret.startswith("ww_")
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/v1/admin/audit", headers=headers).status_code == 200
    assert client.post("/v1/admin/contact-points", json={}, headers=headers).status_code == 403
    code, _, err = _run(capsys, "create-token", "cli-reader", "--scope", "read")
    assert code == 1 and "exists already" in err


def test_tokens_are_stored_hashed(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy import select

    from api.admin import models

    _, out, _ = _run(capsys, "create-token", "cli-hash-check", "--scope", "write")
    secret = out.strip().splitlines()[-1]
    with db.get_sessionmaker()() as session:
        stored = session.scalar(
            select(models.ApiToken).where(models.ApiToken.name == "cli-hash-check")
        )
    assert stored is not None and secret not in stored.token_hash
