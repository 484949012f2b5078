"""The one-command stack: the API/gateway, the action server and Rasa, all on loopback.

`make run` → `python -m scripts.stack`; `make api` → `python -m scripts.stack --only api`;
`make run-scaled` → `python -m scripts.stack --scaled` (see scripts/stack_scaled.py).
Tests call `start_stack(...)` on free ports with their own database and logs.

Rasa runs without `--enable-api` (its HTTP API would hand out conversations) and at INFO at
most (at DEBUG it logs message text); uvicorn runs without an access log (client addresses).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from dotenv import dotenv_values
from pydantic_settings import BaseSettings, SettingsConfigDict

from scripts import health
from scripts.servers.common import dies_with_parent

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
STOP_SECONDS = 15.0


class StackError(RuntimeError):
    """The stack cannot start; the message says what to do."""


class StackSettings(BaseSettings):
    """Hosts and ports of the three services (from .env; the environment wins)."""

    model_config = SettingsConfigDict(env_file=ROOT / ".env", extra="ignore")

    api_host: str = "127.0.0.1"
    api_port: int = 8000
    rasa_host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_host: str = "127.0.0.1"
    action_port: int = 5055
    log_level: str = "INFO"
    public_url: str = ""


@dataclass
class Service:
    name: str
    command: list[str]
    env: dict[str, str]
    ready: Callable[[], bool]
    waiting_for: str
    process: subprocess.Popen[bytes] | None = None
    user: str | None = None  # run as this system user (PostgreSQL refuses root)
    stop_signal: int = signal.SIGTERM


@dataclass
class Stack:
    """Running services; `stop()` ends them all."""

    settings: StackSettings
    services: dict[str, Service]
    log_dir: Path | None = None
    echo: Callable[[str], None] = print
    _log_files: list[IO[bytes]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.settings.public_url.rstrip("/") or (
            f"http://{self.settings.api_host}:{self.settings.api_port}"
        )

    @property
    def rasa_url(self) -> str:
        return f"http://{self.settings.rasa_host}:{self.settings.rasa_port}"

    def start(self, name: str, timeout: float = 300) -> None:
        """Start one service and wait until it is healthy."""
        self._launch(self.services[name])
        self.wait([name], timeout)

    def stop(self, name: str | None = None) -> None:
        """Stop one service, or all of them (the last started first)."""
        names = [name] if name else list(reversed(self.services))
        for service in (self.services[n] for n in names):
            _terminate(service.process, service.stop_signal)
            service.process = None
        if name is None:
            for log_file in self._log_files:
                log_file.close()

    def exited(self) -> Service | None:
        """A service that stopped by itself, if any."""
        for service in self.services.values():
            if service.process is not None and service.process.poll() is not None:
                return service
        return None

    def wait(self, names: list[str], timeout: float, cancel: threading.Event | None = None) -> None:
        """Wait until the services answer their health checks, with progress every 10 s."""
        started = time.monotonic()
        pending = list(names)
        last_report = 0.0
        while pending:
            if cancel is not None and cancel.is_set():
                raise StackError("interrupted while starting")
            for name in list(pending):
                service = self.services[name]
                if service.process is not None and service.process.poll() is not None:
                    raise StackError(
                        f"{name} stopped while starting (exit code {service.process.returncode})"
                        + (f"; see {self.log_dir / (name + '.log')}" if self.log_dir else "")
                    )
                if service.ready():
                    self.echo(f"  ✓ {name} is ready ({time.monotonic() - started:.0f}s)")
                    pending.remove(name)
            elapsed = time.monotonic() - started
            if pending and elapsed > timeout:
                raise StackError(f"{', '.join(pending)} did not become healthy in {timeout:.0f}s")
            if pending and elapsed - last_report >= 10:
                waiting = ", ".join(f"{n} ({self.services[n].waiting_for})" for n in pending)
                self.echo(f"  … waiting for {waiting}: {elapsed:.0f}s")
                last_report = elapsed
            time.sleep(0.5)

    def _launch(self, service: Service) -> None:
        output: int | IO[bytes] = subprocess.PIPE
        if self.log_dir is not None:
            log_file = (self.log_dir / f"{service.name}.log").open("ab")
            self._log_files.append(log_file)
            output = log_file
        service.process = subprocess.Popen(
            service.command,
            cwd=ROOT,
            env=service.env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches only this script, which stops them in order
            user=service.user,
            # If this script is killed, its services end too (no stray servers on the ports).
            preexec_fn=dies_with_parent(service.stop_signal),
        )
        if self.log_dir is None:
            _prefix_output(service.name, service.process)


def _prefix_output(name: str, process: subprocess.Popen[bytes]) -> None:
    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            sys.stdout.write(f"[{name}] {line.decode(errors='replace')}")
            sys.stdout.flush()

    threading.Thread(target=pump, daemon=True).start()


def _terminate(process: subprocess.Popen[bytes] | None, stop_signal: int = signal.SIGTERM) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, stop_signal)
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def base_environment(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """.env, then the environment, then `overrides` (the later wins)."""
    env_file = ROOT / ".env"
    values = {k: v for k, v in dotenv_values(env_file).items() if v is not None}
    return {**values, **os.environ, **(overrides or {})}


def check_loopback(settings: StackSettings, env: dict[str, str]) -> None:
    """Refuse a bot or action server off loopback, and a missing channel token."""
    for name, host in (("RASA_HOST", settings.rasa_host), ("ACTION_HOST", settings.action_host)):
        if host not in LOOPBACK:
            raise StackError(
                f"{name} is {host}: Rasa and the action server listen on loopback only."
            )
    if not env.get("CHANNEL_TOKEN"):
        raise StackError(
            "CHANNEL_TOKEN is not set: run `make env` to write .env with a random one."
        )


def bot_environment(settings: StackSettings, env: dict[str, str], api_url: str) -> dict[str, str]:
    """The environment of Rasa and the action server."""
    # Rasa logs message text at DEBUG: never lower than INFO for the bot's processes.
    bot_level = "INFO" if settings.log_level.upper() in ("DEBUG", "NOTSET") else settings.log_level
    return {
        **env,
        "ACTION_HOST": settings.action_host,
        "ACTION_PORT": str(settings.action_port),
        "LANDSCAPE_API_URL": api_url,
        "LOG_LEVEL": bot_level.upper(),
        "LOG_LEVEL_LIBRARIES": "ERROR",
        "RASA_TELEMETRY_ENABLED": "false",
        "SANIC_HOST": settings.action_host,
        "SANIC_ACCESS_LOG": "False",
        "PYTHONWARNINGS": "ignore",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    }


def api_service(name: str, host: str, port: int, env: dict[str, str], rasa_url: str) -> Service:
    """One API/gateway process (uvicorn, no access log: it would hold client addresses)."""
    url = f"http://{host}:{port}"
    return Service(
        name,
        [str(PYTHON), "-m", "uvicorn", "api.main:create_app", "--factory",
         "--host", host, "--port", str(port), "--no-access-log", "--log-level", "warning"],
        {**env, "API_HOST": host, "API_PORT": str(port), "RASA_URL": rasa_url},
        ready=lambda: health.ok(f"{url}/health"),
        waiting_for="database and routes",
    )  # fmt: skip


def actions_service(settings: StackSettings, bot_env: dict[str, str]) -> Service:
    """The action server."""
    url = f"http://{settings.action_host}:{settings.action_port}"
    return Service(
        "actions",
        [str(RASA), "run", "actions", "--actions", "actions", "-p", str(settings.action_port)],
        bot_env,
        ready=lambda: health.ok(f"{url}/health"),
        waiting_for="loading the actions",
    )


def rasa_service(
    name: str, host: str, port: int, bot_env: dict[str, str], models: Path, endpoints: str
) -> Service:
    """One Rasa server with the gateway channel and no HTTP API."""
    url = f"http://{host}:{port}"
    return Service(
        name,
        [str(RASA), "run", "--model", str(models), "--credentials", "credentials.yml",
         "--endpoints", endpoints, "-i", host, "-p", str(port)],
        bot_env,
        ready=lambda: health.rasa_ok(url, bot_env["CHANNEL_TOKEN"]),
        waiting_for="loading the model",
    )  # fmt: skip


def build_services(
    settings: StackSettings, env: dict[str, str], only: str | None, models: Path
) -> dict[str, Service]:
    """The commands and environments of the three services."""
    check_loopback(settings, env)
    api_url = f"http://{settings.api_host}:{settings.api_port}"
    rasa_url = f"http://{settings.rasa_host}:{settings.rasa_port}"
    api = api_service("api", settings.api_host, settings.api_port, env, rasa_url)
    if only == "api":
        return {"api": api}
    bot_env = bot_environment(settings, env, api_url)
    rasa = rasa_service(
        "rasa", settings.rasa_host, settings.rasa_port, bot_env, models, "endpoints.yml"
    )
    return {"api": api, "actions": actions_service(settings, bot_env), "rasa": rasa}


def prepare_database(env: dict[str, str]) -> None:
    """Migrate the database and load the landscape seed (idempotent)."""
    subprocess.run([str(PYTHON), "-m", "api.cli", "import"], cwd=ROOT, env=env, check=True)


def start_stack(
    *,
    only: str | None = None,
    overrides: Mapping[str, str] | None = None,
    log_dir: Path | None = None,
    load_database: bool = False,
    timeout: float = 300,
    echo: Callable[[str], None] = print,
    cancel: threading.Event | None = None,
    models: Path = ROOT / "models",
) -> Stack:
    """Start the services and wait until all are healthy; stops them again on failure."""
    env = base_environment(overrides)
    # `env` already holds .env and the environment, so validate it directly.
    settings = StackSettings.model_validate(
        {name: env[name.upper()] for name in StackSettings.model_fields if name.upper() in env}
    )
    if only != "api" and not any(models.glob("*.tar.gz")):
        raise StackError(f"There is no trained model in {models}: run `make train` first.")
    if load_database:
        prepare_database(env)
    stack = Stack(settings, build_services(settings, env, only, models), log_dir, echo)
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
    echo(f"==> Starting {', '.join(stack.services)} on loopback")
    try:
        for service in stack.services.values():
            stack._launch(service)
        stack.wait(list(stack.services), timeout, cancel)
    except BaseException:
        stack.stop()
        raise
    return stack


def workspace_hint(url: str) -> str:
    """Where the maintainers' workspace is, and how its first steward gets in."""
    return (
        f"==> Maintainers' workspace: {url}/beheer/\n"
        "    First steward: .venv/bin/python -m api.cli invite NAME --role steward\n"
        "    (prints a one-time link to choose a password; README: 'Keeping the map')\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.stack", description=__doc__)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--only", choices=["api"], help="start only the API/gateway")
    group.add_argument(
        "--scaled",
        action="store_true",
        default=os.environ.get("STACK") == "scaled",
        help="PostgreSQL, Redis, 2 Rasa replicas and 2 gateway workers behind haproxy "
        "(also STACK=scaled)",
    )
    args = parser.parse_args(argv)
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    try:
        if args.scaled:
            from scripts.servers.common import ServerError
            from scripts.stack_scaled import VAR, start_scaled_stack

            try:
                stack: Stack = start_scaled_stack(log_dir=VAR / "logs", cancel=stopping)
            except ServerError as exc:
                raise StackError(str(exc)) from exc
            print(f"Logs of every process: {VAR / 'logs'}")
        else:
            stack = start_stack(only=args.only, cancel=stopping)
    except (StackError, health.UnsafeBot, subprocess.CalledProcessError) as exc:
        print(f"Could not start: {exc}", file=sys.stderr)
        return 1
    print(f"\n==> Wegwijzer is running: {stack.url}/   (Ctrl-C stops everything)", flush=True)
    print(workspace_hint(stack.url), flush=True)
    code = 0
    while not stopping.wait(0.5):
        if (gone := stack.exited()) is not None:
            print(f"{gone.name} stopped unexpectedly; stopping the rest.", file=sys.stderr)
            code = 1
            break
    print("==> Stopping…", flush=True)
    stack.stop()
    print("==> Stopped.")
    return code


if __name__ == "__main__":
    # Run main() of the importable module, so that scripts.stack_scaled shares its classes.
    from scripts.stack import main as module_main

    sys.exit(module_main())
