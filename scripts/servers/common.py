"""Shared helpers of the server scripts: binaries, generated secrets, ports, running as a user."""

from __future__ import annotations

import ctypes
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

INSTALL_HINT = "Install with `scripts/install-servers` (Debian: redis-server, postgresql, haproxy)."


class ServerError(RuntimeError):
    """A server cannot be set up or started; the message says what to do."""


def find_binary(name: str, *extra_dirs: str) -> str:
    """The path of a server binary on PATH or in one of `extra_dirs` (globs allowed)."""
    found = shutil.which(name)
    if found:
        return found
    for pattern in extra_dirs:
        for candidate in sorted(Path("/").glob(pattern.lstrip("/")), reverse=True):
            if (candidate / name).is_file() and os.access(candidate / name, os.X_OK):
                return str(candidate / name)
    raise ServerError(f"`{name}` was not found. {INSTALL_HINT}")


def secret(folder: Path, name: str) -> str:
    """The password `name` kept in `folder/secrets/`, generated on first use (mode 0600)."""
    path = folder / "secrets" / name
    if path.exists():
        return path.read_text("utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    value = secrets.token_hex(24)  # hex: safe in config files, URLs and YAML without quoting
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(value + "\n")
    return value


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    """Something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll `check` every 0.1 s until it is true, or raise after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise ServerError(f"{what} did not become ready in {timeout:.0f} s")
        time.sleep(0.1)


def service_user(name: str) -> str | None:
    """The system user to run a server as when we are root (PostgreSQL refuses to run as
    root); None when we are not root and the server runs as ourselves."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(name)
    except KeyError:
        raise ServerError(
            f"Running as root, but there is no `{name}` system user to run the server as. "
            f"{INSTALL_HINT}"
        ) from None
    return name


def give(path: Path, user: str | None) -> None:
    """Make one file `user`'s (when root)."""
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)


def reachable_by(path: Path, user: str | None) -> None:
    """Raise unless `user` (when we run a server as someone else) can enter every folder
    above `path`; PostgreSQL must reach its data folder as the `postgres` user."""
    if user is None:
        return
    entry = pwd.getpwnam(user)
    for folder in [path.resolve(), *path.resolve().parents]:
        if not folder.exists():
            continue
        info = folder.stat()
        if info.st_uid == entry.pw_uid or info.st_mode & 0o001:
            continue
        if info.st_gid == entry.pw_gid and info.st_mode & 0o010:
            continue
        raise ServerError(
            f"The `{user}` user cannot enter {folder} (mode {oct(info.st_mode & 0o777)}), so "
            f"it cannot reach {path}. Use a folder it can reach, e.g. one made with mode 0755."
        )


def hand_over(path: Path, user: str | None) -> None:
    """Give `path` and everything in it to `user` (when root), mode 0700 on the top folder."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    if user is None:
        return
    entry = pwd.getpwnam(user)
    for root, dirs, files in os.walk(path):
        os.chown(root, entry.pw_uid, entry.pw_gid)
        for name in dirs + files:
            os.chown(os.path.join(root, name), entry.pw_uid, entry.pw_gid)


PR_SET_PDEATHSIG = 1


def dies_with_parent(stop_signal: int) -> Callable[[], None] | None:
    """A `preexec_fn` that has the kernel send `stop_signal` to the child when the process that
    started it ends, however it ends (a killed test run leaves no server behind); Linux only.
    Python calls it after switching to the server's user, so the setting survives."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)

    def arrange() -> None:
        libc.prctl(PR_SET_PDEATHSIG, stop_signal)

    return arrange


class Running:
    """A server process started by `start`; `stop()` ends it (its whole process group)."""

    def __init__(self, name: str, process: subprocess.Popen[bytes], stop_signal: int) -> None:
        self.name = name
        self.process = process
        self.stop_signal = stop_signal

    def stop(self, timeout: float = 15) -> None:
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, self.stop_signal)
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass


def start(
    name: str,
    command: list[str],
    ready: Callable[[], bool],
    *,
    log_path: Path,
    user: str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
    stop_signal: int = signal.SIGTERM,
) -> Running:
    """Start a server in its own process group, logging to `log_path`, and wait until
    `ready()`; stops it again and raises if it does not get there within `timeout` s."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log_file:
        process = subprocess.Popen(
            command, stdout=log_file, stderr=subprocess.STDOUT, user=user, env=env,
            start_new_session=True, preexec_fn=dies_with_parent(stop_signal),
        )  # fmt: skip
    running = Running(name, process, stop_signal)
    deadline = time.monotonic() + timeout
    try:
        while not ready():
            if process.poll() is not None:
                tail = log_path.read_text("utf-8", errors="replace")[-1500:]
                raise ServerError(f"{name} stopped while starting:\n{tail}")
            if time.monotonic() > deadline:
                raise ServerError(f"{name} did not become ready in {timeout:.0f} s")
            time.sleep(0.1)
    except BaseException:
        running.stop()
        raise
    return running
