"""Alembic environment: migrates the database named by the settings (or the caller's URL)."""

from alembic import context

# Every feature's tables are on the one Base; importing the modules registers them.
from api.admin import models as admin_models  # noqa: F401
from api.core.db import Base, make_engine
from api.core.settings import get_settings
from api.insight import models as insight_models  # noqa: F401
from api.landscape import models as landscape_models  # noqa: F401
from api.rules import models as rules_models  # noqa: F401
from api.workspace import models as workspace_models  # noqa: F401

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            _run(conn)
    finally:
        engine.dispose()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
