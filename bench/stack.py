"""Start the project's own stack (scripts/stack.py) for the bench: free loopback ports, a
temporary database, its own channel token, and the time each step took."""

from __future__ import annotations

import re
import secrets
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.memory import snapshot
from scripts import stack as project_stack
from scripts import stack_scaled

ROOT = Path(__file__).resolve().parent.parent
READY = re.compile(r"✓ (\w+) is ready")
# The rate limiter protects the public service; in the bench it would only measure itself.
BENCH_LIMITS = {
    "RATE_LIMIT_GLOBAL_PER_MINUTE": "1000000",
    "RATE_LIMIT_SESSION_PER_MINUTE": "10000",
    "RATE_LIMIT_SESSIONS_PER_MINUTE": "100000",
}


@dataclass
class BenchStack:
    """A running stack and what the bench needs to know about it."""

    stack: project_stack.Stack
    gateway_url: str
    rasa_url: str
    action_url: str
    token: str
    workdir: Path
    timings: dict[str, float] = field(default_factory=dict)
    memory_at_start_mib: dict[str, float | None] = field(default_factory=dict)
    model: Path | None = None  # the archive Rasa loaded (the newest in models/ at start)

    def pids(self) -> dict[str, int]:
        """Process id of each running service (api, actions, rasa)."""
        return {
            name: service.process.pid
            for name, service in self.stack.services.items()
            if service.process is not None
        }

    def stop(self) -> None:
        """Stop every service and remove the temporary database, servers and logs."""
        self.stack.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    @property
    def scaled(self) -> stack_scaled.ScaledStack | None:
        """The scaled stack's handles (haproxy, Redis, …), when this is one."""
        return self.stack if isinstance(self.stack, stack_scaled.ScaledStack) else None

    def describe(self) -> dict[str, Any]:
        """The timings, JSON-ready."""
        return {"timings_s": {k: round(v, 2) for k, v in self.timings.items()}}


def start(echo: Any = print) -> BenchStack:
    """Migrate and seed a temporary database, then start API, action server and Rasa."""
    workdir = Path(tempfile.mkdtemp(prefix="wegwijzer-bench-"))
    ports = {name: project_stack.free_port() for name in ("API_PORT", "RASA_PORT", "ACTION_PORT")}
    token = secrets.token_urlsafe(32)
    overrides = {
        **{name: str(port) for name, port in ports.items()},
        "API_HOST": "127.0.0.1",
        "RASA_HOST": "127.0.0.1",
        "ACTION_HOST": "127.0.0.1",
        "PUBLIC_URL": "",
        "CHANNEL_TOKEN": token,
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}",
        "LOG_LEVEL": "WARNING",
        **BENCH_LIMITS,
    }
    timings: dict[str, float] = {}
    env = project_stack.base_environment(overrides)
    started = time.monotonic()
    subprocess.run(
        [str(project_stack.PYTHON), "-m", "api.cli", "import"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    timings["database_import"] = time.monotonic() - started

    archives = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    launched = time.monotonic()

    def on_echo(line: str) -> None:
        if match := READY.search(line):
            timings[f"ready_{match.group(1)}"] = time.monotonic() - launched
        echo(f"  [stack] {line.strip()}")

    running = project_stack.start_stack(
        overrides=overrides, log_dir=workdir / "logs", echo=on_echo, timeout=600
    )
    timings["stack_start"] = time.monotonic() - launched
    bench_stack = BenchStack(
        stack=running,
        gateway_url=f"http://127.0.0.1:{ports['API_PORT']}",
        rasa_url=f"http://127.0.0.1:{ports['RASA_PORT']}",
        action_url=f"http://127.0.0.1:{ports['ACTION_PORT']}",
        token=token,
        workdir=workdir,
        timings=timings,
    )
    bench_stack.memory_at_start_mib = snapshot(bench_stack.pids())
    bench_stack.model = archives[-1] if archives else None
    return bench_stack


def start_scaled(echo: Any = print, rasa_replicas: int = 2, gateway_workers: int = 2) -> BenchStack:
    """The scaled stack (scripts/stack_scaled.py) on free ports in a temporary folder: Redis,
    PostgreSQL, the action server, Rasa replicas and gateway workers behind haproxy."""
    workdir = Path(tempfile.mkdtemp(prefix="wegwijzer-bench-scaled-"))
    workdir.chmod(0o755)  # PostgreSQL runs as its own user when we are root
    ports = {name: project_stack.free_port() for name in ("API_PORT", "RASA_PORT", "ACTION_PORT")}
    token = secrets.token_urlsafe(32)
    overrides = {
        **{name: str(port) for name, port in ports.items()},
        "PUBLIC_URL": "",
        "CHANNEL_TOKEN": token,
        "LOG_LEVEL": "WARNING",
        **BENCH_LIMITS,
    }
    timings: dict[str, float] = {}
    launched = time.monotonic()

    def on_echo(line: str) -> None:
        if match := READY.search(line):
            timings[f"ready_{match.group(1)}"] = time.monotonic() - launched
        echo(f"  [scaled] {line.strip()}")

    archives = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    topology = stack_scaled.Topology.on_free_ports(rasa_replicas, gateway_workers)
    running = stack_scaled.start_scaled_stack(
        folder=workdir, topology=topology, overrides=overrides, log_dir=workdir / "logs",
        durable=False, echo=on_echo, timeout=600,
    )  # fmt: skip
    timings["stack_start"] = time.monotonic() - launched
    bench_stack = BenchStack(
        stack=running,
        gateway_url=running.url,
        rasa_url=running.rasa_url,
        action_url=f"http://127.0.0.1:{ports['ACTION_PORT']}",
        token=token,
        workdir=workdir,
        timings=timings,
    )
    bench_stack.memory_at_start_mib = snapshot(bench_stack.pids())
    bench_stack.model = archives[-1] if archives else None
    return bench_stack


def run_alone(
    run: Any, default_out: Path, argv: list[str] | None, description: str
) -> dict[str, Any]:
    """The command line of a part that plays against the gateway: `--gateway` (a running one
    on 127.0.0.1, else the project's stack is started here), `--out`, `--budget`. Runs
    `run(gateway_url, deadline)`, writes its JSON and returns it."""
    import argparse
    import asyncio
    import json

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--gateway", help="a running gateway on 127.0.0.1 (default: start one)")
    parser.add_argument("--out", type=Path, default=default_out)
    parser.add_argument("--budget", type=float, default=600, help="seconds")
    args = parser.parse_args(argv)
    deadline = time.monotonic() + args.budget
    running = None if args.gateway else start()
    try:
        url = args.gateway or running.gateway_url  # type: ignore[union-attr]
        report: dict[str, Any] = asyncio.run(run(url, deadline))
    finally:
        if running is not None:
            running.stop()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return report
