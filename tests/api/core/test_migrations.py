"""The database the API tests run on is the one chosen (SQLite or a real PostgreSQL), and the
Alembic migrations go up and down on it."""

from alembic import command
from sqlalchemy import inspect

from api.core import migrate
from api.core.db import get_engine, make_engine
from tests.api.conftest import LandscapeApp
from tests.api.databases import Databases, backend

# A table of every migration.
TABLES = {"contact_point", "rule_set", "outcome"}


def test_migrations_suite_runs_on_the_chosen_database(
    loaded_db: str, fixture_app: LandscapeApp
) -> None:
    assert get_engine().dialect.name == backend()
    assert fixture_app.engine.dialect.name == backend()


def test_migrations_go_up_down_and_up_again(databases: Databases) -> None:
    url = databases.new("migrations")
    config = migrate.alembic_config(url)
    engine = make_engine(url)
    try:
        migrate.upgrade(url)
        assert set(inspect(engine).get_table_names()) >= TABLES
        command.downgrade(config, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(url)
        assert set(inspect(engine).get_table_names()) >= TABLES
    finally:
        engine.dispose()


def test_migrations_from_workers_starting_together_all_succeed(databases: Databases) -> None:
    # Gateway workers start together and each migrates the new database at start.
    import subprocess
    import sys

    import pytest

    if backend() != "postgresql":
        pytest.skip("several workers share a database only on PostgreSQL (the scaled stack)")
    url = databases.new("concurrent")
    code = "import sys; from api.core import migrate; migrate.upgrade(sys.argv[1])"
    workers = [
        subprocess.Popen([sys.executable, "-c", code, url], stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    errors = [worker.communicate(timeout=120)[1] for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0, 0], errors
    engine = make_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) >= TABLES
    finally:
        engine.dispose()
