"""Real servers for tests: a Redis or a PostgreSQL of its own on a free loopback port, started
from Debian's binaries in a temporary folder and stopped afterwards (never a fake)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from scripts.servers.common import Running, ServerError, free_port
from scripts.servers.postgres import Postgres
from scripts.servers.redis import Redis


class RedisProcess:
    """The process of a test Redis, which a test may stop and start again (same port)."""

    def __init__(self, server: Redis) -> None:
        self.server = server
        self.running: Running | None = None

    def start(self) -> None:
        try:
            self.running = self.server.start()
        except ServerError as exc:
            pytest.fail(f"Redis could not start: {exc}", pytrace=False)

    def stop(self) -> None:
        if self.running is not None:
            self.running.stop()
            self.running = None


@contextmanager
def redis_process(folder: Path) -> Iterator[RedisProcess]:
    """A running Redis for the block; fails the test clearly when redis-server is missing."""
    process = RedisProcess(Redis(folder, free_port(), maxmemory_mb=64))
    process.start()
    try:
        yield process
    finally:
        process.stop()


@contextmanager
def redis_server(folder: Path) -> Iterator[Redis]:
    """A running Redis for the block."""
    with redis_process(folder) as process:
        yield process.server


@contextmanager
def server_folder(prefix: str) -> Iterator[Path]:
    """A temporary folder that a server running as its own system user can reach (pytest's
    own temporary folders are private to us), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def postgres_server() -> Iterator[Postgres]:
    """A running PostgreSQL (no fsync: test data is thrown away) for the block."""
    with server_folder("wegwijzer-postgres-") as folder:
        server = Postgres(folder, free_port(), durable=False)
        try:
            running = server.start()
        except ServerError as exc:
            pytest.fail(f"PostgreSQL could not start: {exc}", pytrace=False)
        try:
            yield server
        finally:
            running.stop()
