"""PostgreSQL for the scaled stack and the API tests: its own cluster in a folder, loopback only.

`prepare()` runs initdb once (password authentication with SCRAM for every connection, a
generated admin password); `ensure_database()` makes the application's role and database. When
we are root the server runs as Debian's `postgres` user, because PostgreSQL refuses root.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from scripts.servers.common import (
    Running,
    ServerError,
    find_binary,
    give,
    hand_over,
    port_open,
    reachable_by,
    secret,
    service_user,
    start,
)

BIN_DIRS = ("/usr/lib/postgresql/*/bin",)
ADMIN = "postgres"
APP_ROLE = "wegwijzer"


@dataclass
class Postgres:
    """One PostgreSQL cluster in `folder/data`, listening on 127.0.0.1:`port`."""

    folder: Path
    port: int
    # For throw-away test clusters: no fsync (a crash loses the data, which tests never keep).
    durable: bool = True
    user: str | None = field(default_factory=lambda: service_user("postgres"))

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def admin_password(self) -> str:
        return secret(self.folder, "postgres-admin")

    @property
    def app_password(self) -> str:
        return secret(self.folder, "postgres-app")

    def url(self, database: str = APP_ROLE, driver: str = "postgresql+psycopg") -> str:
        """The SQLAlchemy URL of `database` for the application role."""
        return f"{driver}://{APP_ROLE}:{self.app_password}@127.0.0.1:{self.port}/{database}"

    def prepare(self) -> None:
        """initdb on first use (idempotent)."""
        # Generate both passwords now, as ourselves, before the folder changes owner.
        admin_password, _ = self.admin_password, self.app_password
        reachable_by(self.folder, self.user)
        if (self.data / "PG_VERSION").exists():
            hand_over(self.data, self.user)
            return
        hand_over(self.data, self.user)
        with tempfile.NamedTemporaryFile("w", dir=self.folder, delete=False) as pwfile:
            pwfile.write(admin_password + "\n")
        try:
            give(Path(pwfile.name), self.user)
            done = subprocess.run(
                [find_binary("initdb", *BIN_DIRS), "-D", str(self.data), "-U", ADMIN,
                 "--auth=scram-sha-256", f"--pwfile={pwfile.name}", "-E", "UTF8",
                 "--locale=C", "--no-instructions"],
                user=self.user, capture_output=True, text=True, check=False,
            )  # fmt: skip
        finally:
            os.unlink(pwfile.name)
        if done.returncode != 0:
            raise ServerError(f"initdb failed: {done.stderr.strip()[-500:]}")

    def command(self) -> list[str]:
        run_dir = self.folder / "run"
        run_dir.mkdir(parents=True, exist_ok=True)
        hand_over(run_dir, self.user)
        settings = {
            "listen_addresses": "127.0.0.1",
            "port": str(self.port),
            "unix_socket_directories": str(run_dir),
            "logging_collector": "off",
            "log_min_messages": "warning",
            "max_connections": "100",
        }
        if not self.durable:
            settings.update(fsync="off", synchronous_commit="off", full_page_writes="off")
        options = [arg for key, value in settings.items() for arg in ("-c", f"{key}={value}")]
        return [find_binary("postgres", *BIN_DIRS), "-D", str(self.data), *options]

    def start(self, timeout: float = 60) -> Running:
        """initdb if needed, start the server and wait until it accepts connections."""
        self.prepare()
        # SIGINT is PostgreSQL's fast shutdown (SIGTERM would wait for every client).
        return start(
            "postgres", self.command(), self.ready, log_path=self.folder / "postgres.log",
            user=self.user, timeout=timeout, stop_signal=signal.SIGINT,
        )  # fmt: skip

    def ready(self) -> bool:
        """The server accepts connections (pg_isready)."""
        if not port_open(self.port):
            return False
        done = subprocess.run(
            [find_binary("pg_isready", *BIN_DIRS), "-q", "-h", "127.0.0.1", "-p", str(self.port)],
            check=False,
        )
        return done.returncode == 0

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL as the admin over TCP; returns the unaligned output."""
        env = {**os.environ, "PGPASSWORD": self.admin_password, "PGCONNECT_TIMEOUT": "5"}
        done = subprocess.run(
            [find_binary("psql", *BIN_DIRS), "-h", "127.0.0.1", "-p", str(self.port),
             "-U", ADMIN, "-d", database, "-v", "ON_ERROR_STOP=1", "-XAtq", "-c", sql],
            env=env, capture_output=True, text=True, check=False, timeout=60,
        )  # fmt: skip
        if done.returncode != 0:
            raise ServerError(f"psql failed: {done.stderr.strip()[-500:]}")
        return done.stdout.strip()

    def ensure_database(self, name: str = APP_ROLE) -> str:
        """The application role and a database `name` it owns (idempotent); returns its URL."""
        if not _is_identifier(name):
            raise ServerError(f"not a plain database name: {name!r}")
        # Names are checked identifiers and the password is hex: nothing here can inject SQL.
        exists = self.psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}'")  # noqa: S608
        verb = "ALTER" if exists == "1" else "CREATE"
        self.psql(f"{verb} ROLE {APP_ROLE} LOGIN CREATEDB PASSWORD '{self.app_password}'")
        if self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") != "1":  # noqa: S608
            self.psql(f"CREATE DATABASE {name} OWNER {APP_ROLE}")
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database (tests clean up after themselves)."""
        if not _is_identifier(name):
            raise ServerError(f"not a plain database name: {name!r}")
        self.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _is_identifier(name: str) -> bool:
    return name.isidentifier() and name.isascii() and name.lower() == name
