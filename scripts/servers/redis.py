"""Redis for the scaled stack: loopback only, a generated password, nothing written to disk.

Conversations are anonymous and short-lived, so Redis keeps them in memory only (no RDB
snapshots, no append-only file): a restart forgets every conversation, as the embedded stack
does. Databases: 0 the bot's conversations, 1 the bot's conversation locks, 2 the gateway's
shared limits.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

from scripts.servers.common import Running, find_binary, port_open, secret, start

TRACKER_DB = 0
LOCK_DB = 1
LIMITS_DB = 2


@dataclass
class Redis:
    """One redis-server with its config in `folder`."""

    folder: Path
    port: int
    maxmemory_mb: int = 512

    @property
    def password(self) -> str:
        return secret(self.folder, "redis")

    @property
    def config_path(self) -> Path:
        return self.folder / "redis.conf"

    def url(self, db: int = LIMITS_DB) -> str:
        """A redis:// URL with the password, for clients that take one."""
        return f"redis://:{self.password}@127.0.0.1:{self.port}/{db}"

    def environment(self) -> dict[str, str]:
        """The variables endpoints.scaled.yml and the gateway read."""
        return {
            "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": str(self.port),
            "REDIS_PASSWORD": self.password,
            "REDIS_URL": self.url(LIMITS_DB),
        }

    def prepare(self) -> None:
        """Write the config (mode 0600: it holds the password)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        config = "\n".join(
            [
                "# Written by scripts/servers/redis.py; rewritten on every start.",
                "bind 127.0.0.1",
                "protected-mode yes",
                f"port {self.port}",
                f"requirepass {self.password}",
                f"dir {self.folder}",
                "daemonize no",
                'logfile ""',
                "loglevel warning",
                # nothing on disk: conversations live in memory only
                'save ""',
                "appendonly no",
                # Full memory refuses writes instead of silently evicting someone's conversation.
                f"maxmemory {self.maxmemory_mb}mb",
                "maxmemory-policy noeviction",
                "",
            ]
        )
        self.config_path.write_text(config, "utf-8")
        self.config_path.chmod(0o600)

    def command(self) -> list[str]:
        return [find_binary("redis-server", "/usr/bin", "/usr/local/bin"), str(self.config_path)]

    def start(self, timeout: float = 20) -> Running:
        """Write the config, start redis-server and wait until it answers."""
        self.prepare()
        return start(
            "redis", self.command(), self.ready, log_path=self.folder / "redis.log",
            timeout=timeout,
        )  # fmt: skip

    def call(self, *command: str, db: int = 0) -> object:
        """One command to this server (for checks and tests)."""
        return call(self.port, self.password, *command, db=db)

    def ready(self) -> bool:
        """Redis answers PING after AUTH with the generated password."""
        if not port_open(self.port):
            return False
        try:
            return call(self.port, self.password, "PING") == "PONG"
        except (OSError, RedisReplyError):
            return False


class RedisReplyError(RuntimeError):
    """Redis answered a command with an error."""


def call(port: int, password: str, *command: str, db: int = 0, timeout: float = 2.0) -> object:
    """Send one command after AUTH (and SELECT) and return its reply; for health checks and
    tests (the services themselves use redis-py)."""
    commands = [("AUTH", password), *([("SELECT", str(db))] if db else []), command]
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(b"".join(_encode(c) for c in commands))
        reader = sock.makefile("rb")
        replies = [_read(reader) for _ in commands]
    return replies[-1]


def _encode(command: tuple[str, ...]) -> bytes:
    parts = [f"*{len(command)}\r\n".encode()]
    for arg in command:
        data = arg.encode()
        parts.append(f"${len(data)}\r\n".encode() + data + b"\r\n")
    return b"".join(parts)


def _read(reader: object) -> object:
    line = reader.readline()  # type: ignore[attr-defined]
    if not line:
        raise OSError("Redis closed the connection")
    kind, rest = line[:1], line[1:-2].decode()
    if kind == b"+":
        return rest
    if kind == b"-":
        raise RedisReplyError(rest)
    if kind == b":":
        return int(rest)
    if kind == b"$":
        size = int(rest)
        return None if size < 0 else reader.read(size + 2)[:-2].decode()  # type: ignore[attr-defined]
    if kind == b"*":
        size = int(rest)
        return None if size < 0 else [_read(reader) for _ in range(size)]
    raise OSError(f"unexpected Redis reply {line[:20]!r}")
