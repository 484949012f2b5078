"""Run the Alembic migrations programmatically (on start, in the CLI and in tests).

Every gateway worker migrates at start; on PostgreSQL they take turns under an advisory lock,
so that two workers starting together never both create the same tables.
"""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def alembic_config(database_url: str) -> Config:
    """An Alembic config for `database_url` without an alembic.ini file."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


# Any fixed number: the key of the advisory lock all migrating processes share.
MIGRATION_LOCK = 74_221_014


def upgrade(database_url: str) -> None:
    """Bring the database at `database_url` to the newest schema."""
    if not database_url.startswith("postgresql"):
        command.upgrade(alembic_config(database_url), "head")
        return
    from api.core.db import make_engine

    engine = make_engine(database_url)
    try:
        with engine.connect() as lock:
            lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            try:
                command.upgrade(alembic_config(database_url), "head")
            finally:
                lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
    finally:
        engine.dispose()


if __name__ == "__main__":
    from api.core.settings import get_settings

    upgrade(get_settings().database_url)
