"""Where the API tests get their databases: SQLite files (the default) or a real PostgreSQL
that the harness starts itself (`TEST_DATABASE=postgresql`, as `make test` runs the suite a
second time). Every test database is new or an exact copy of a template; none is shared with
the developer's own."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from sqlalchemy.engine import make_url

BACKEND_VARIABLE = "TEST_DATABASE"
BACKENDS = ("sqlite", "postgresql")


def backend() -> str:
    """The database engine these tests run on."""
    name = os.environ.get(BACKEND_VARIABLE, "sqlite").strip().lower() or "sqlite"
    if name not in BACKENDS:
        raise ValueError(f"{BACKEND_VARIABLE} must be one of {BACKENDS}, not {name!r}.")
    return name


class Databases(Protocol):
    def new(self, name: str) -> str:
        """The URL of a new, empty database."""
        ...

    def copy(self, template: str, name: str) -> str:
        """The URL of a new database with everything `template` holds (no one connected)."""
        ...


class SQLiteDatabases:
    """Database files in a folder of their own."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._numbers = itertools.count(1)

    def _path(self, name: str) -> Path:
        return self.folder / f"{name}-{next(self._numbers)}.db"

    def new(self, name: str) -> str:
        return f"sqlite:///{self._path(name)}"

    def copy(self, template: str, name: str) -> str:
        target = self._path(name)
        shutil.copy(make_url(template).database or "", target)
        return f"sqlite:///{target}"


class PostgresDatabases:
    """Databases in one PostgreSQL cluster, copied with CREATE DATABASE … TEMPLATE."""

    def __init__(self, server: object) -> None:
        from scripts.servers.postgres import Postgres

        assert isinstance(server, Postgres)
        self.server = server
        self._numbers = itertools.count(1)

    def _name(self, name: str) -> str:
        return f"test_{name.replace('-', '_')}_{next(self._numbers)}"

    def new(self, name: str) -> str:
        return self.server.ensure_database(self._name(name))

    def copy(self, template: str, name: str) -> str:
        target = self._name(name)
        source = make_url(template).database
        self.server.psql(f"CREATE DATABASE {target} TEMPLATE {source} OWNER wegwijzer")
        return self.server.url(target)


@contextmanager
def databases(folder: Path) -> Iterator[Databases]:
    """The backend chosen by TEST_DATABASE, for the whole test session."""
    if backend() == "sqlite":
        yield SQLiteDatabases(folder)
        return
    from tests.support.servers import postgres_server

    with postgres_server() as server:
        yield PostgresDatabases(server)
