"""The scaled stack: PostgreSQL, Redis, the action server, several Rasa replicas and several
gateway workers behind haproxy, all on loopback.

`make run-scaled` → `python -m scripts.stack --scaled`. Tests and the bench call
`start_scaled_stack(...)` with their own folder and free ports.

    browser ──► haproxy :API_PORT ──► gateway 1..n (uvicorn) ──► haproxy :RASA_PORT ──► Rasa 1..m
                                          │  PostgreSQL                 Redis ◄──────────┘  │
                                          └──────────────◄── action server ◄─────────────────┘

The servers (Redis, PostgreSQL, haproxy) come from Debian's packages (`scripts/install-servers`)
and keep their config, data and generated passwords in `folder` (`var/scaled` for
`make run-scaled`). Redis keeps nothing on disk; PostgreSQL keeps the landscape database.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from scripts import stack as base
from scripts.servers.common import free_port
from scripts.servers.haproxy import Haproxy
from scripts.servers.postgres import Postgres
from scripts.servers.redis import Redis

VAR = base.ROOT / "var" / "scaled"
ENDPOINTS = "endpoints.scaled.yml"
DEFAULT_PORTS = {"REDIS_PORT": 6380, "POSTGRES_PORT": 5433}


@dataclass
class Topology:
    """How many of each replicated process, and the ports they listen on."""

    rasa_ports: list[int]
    gateway_ports: list[int]
    redis_port: int
    postgres_port: int

    @classmethod
    def on_free_ports(cls, rasa_replicas: int = 2, gateway_workers: int = 2) -> Topology:
        return cls(
            rasa_ports=[free_port() for _ in range(rasa_replicas)],
            gateway_ports=[free_port() for _ in range(gateway_workers)],
            redis_port=free_port(),
            postgres_port=free_port(),
        )

    @classmethod
    def next_to(
        cls, settings: base.StackSettings, env: Mapping[str, str], rasa_replicas: int = 2,
        gateway_workers: int = 2,
    ) -> Topology:  # fmt: skip
        """Replicas on the ports after RASA_PORT and API_PORT (those two are haproxy's)."""
        return cls(
            rasa_ports=[settings.rasa_port + n for n in range(1, rasa_replicas + 1)],
            gateway_ports=[settings.api_port + n for n in range(1, gateway_workers + 1)],
            redis_port=int(env.get("REDIS_PORT") or DEFAULT_PORTS["REDIS_PORT"]),
            postgres_port=int(env.get("POSTGRES_PORT") or DEFAULT_PORTS["POSTGRES_PORT"]),
        )


@dataclass
class ScaledStack(base.Stack):
    """A running scaled stack; the servers are reachable for checks and tests."""

    redis: Redis | None = None
    postgres: Postgres | None = None
    haproxy: Haproxy | None = None
    topology: Topology | None = None

    @property
    def gateway_urls(self) -> list[str]:
        """Each gateway worker directly (the public origin is `url`)."""
        ports = self.topology.gateway_ports if self.topology else []
        return [f"http://127.0.0.1:{port}" for port in ports]

    @property
    def rasa_urls(self) -> list[str]:
        """Each Rasa replica directly (the gateways use `rasa_url`, haproxy's bot frontend)."""
        ports = self.topology.rasa_ports if self.topology else []
        return [f"http://127.0.0.1:{port}" for port in ports]


def _server_services(
    folder: Path, topology: Topology, durable: bool
) -> tuple[Redis, Postgres, list[base.Service]]:
    redis = Redis(folder / "redis", topology.redis_port)
    postgres = Postgres(folder / "postgres", topology.postgres_port, durable=durable)
    redis.prepare()
    postgres.prepare()
    services = [
        base.Service("redis", redis.command(), {}, redis.ready, "Redis"),
        base.Service(
            "postgres", postgres.command(), {}, postgres.ready, "PostgreSQL",
            user=postgres.user, stop_signal=signal.SIGINT,  # PostgreSQL's fast shutdown
        ),
    ]  # fmt: skip
    return redis, postgres, services


def encoder_share(replicas: int) -> int:
    """The sentence encoder's threads per Rasa replica: the cores divided among them."""
    return max(1, len(os.sched_getaffinity(0)) // max(1, replicas))


def start_scaled_stack(
    *,
    folder: Path = VAR,
    topology: Topology | None = None,
    overrides: Mapping[str, str] | None = None,
    log_dir: Path | None = None,
    durable: bool = True,
    timeout: float = 600,
    echo: Callable[[str], None] = print,
    cancel: threading.Event | None = None,
    models: Path = base.ROOT / "models",
) -> ScaledStack:
    """Start servers, prepare the database, then the bot and gateway processes and haproxy;
    wait until every one is healthy. Stops everything again on failure."""
    env = base.base_environment(overrides)
    settings = base.StackSettings.model_validate(
        {n: env[n.upper()] for n in base.StackSettings.model_fields if n.upper() in env}
    )
    base.check_loopback(settings, env)
    if not any(models.glob("*.tar.gz")):
        raise base.StackError(f"There is no trained model in {models}: run `make train` first.")
    topology = topology or Topology.next_to(settings, env)
    redis, postgres, servers = _server_services(folder, topology, durable)
    haproxy = Haproxy(
        folder / "haproxy", settings.api_port, topology.gateway_ports, settings.rasa_port,
        topology.rasa_ports,
    )  # fmt: skip
    haproxy.prepare()
    stack = ScaledStack(
        settings, {s.name: s for s in servers}, log_dir, echo,
        redis=redis, postgres=postgres, haproxy=haproxy, topology=topology,
    )  # fmt: skip
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
    public_url = f"http://127.0.0.1:{settings.api_port}"
    bot_lb_url = f"http://127.0.0.1:{settings.rasa_port}"
    try:
        echo("==> Starting Redis and PostgreSQL on loopback")
        for service in servers:
            stack._launch(service)
        stack.wait([s.name for s in servers], 120, cancel)
        database_url = postgres.ensure_database()
        shared = {**env, **redis.environment(), "DATABASE_URL": database_url}
        started = time.monotonic()
        base.prepare_database(shared)
        echo(f"  ✓ database migrated and seeded ({time.monotonic() - started:.0f}s)")
        bot_env = base.bot_environment(settings, shared, public_url)
        services = [base.actions_service(settings, bot_env)]
        # The replicas share the cores: each encodes on its share (bot/understanding/encoder.py).
        rasa_env = {**bot_env, "ENCODER_THREADS": str(encoder_share(len(topology.rasa_ports)))}
        services += [
            base.rasa_service(f"rasa{n}", "127.0.0.1", port, rasa_env, models, ENDPOINTS)
            for n, port in enumerate(topology.rasa_ports, start=1)
        ]
        services += [
            base.api_service(f"gateway{n}", "127.0.0.1", port, shared, bot_lb_url)
            for n, port in enumerate(topology.gateway_ports, start=1)
        ]
        services.append(
            base.Service(
                "haproxy", haproxy.command(), {"CHANNEL_TOKEN": env["CHANNEL_TOKEN"]},
                haproxy.ready, "the public origin",
            )
        )  # fmt: skip
        names = [s.name for s in services]
        echo(f"==> Starting {', '.join(names)} on loopback")
        for service in services:
            stack.services[service.name] = service
            stack._launch(service)
        stack.wait(names, timeout, cancel)
        _wait_backends_up(haproxy, timeout=60)
    except BaseException:
        stack.stop()
        raise
    return stack


def _wait_backends_up(haproxy: Haproxy, timeout: float) -> None:
    """haproxy sends traffic only to servers its own health checks found UP."""
    deadline = time.monotonic() + timeout
    while True:
        states = {**haproxy.status("gateways"), **haproxy.status("rasa")}
        if states and all(state == "UP" for state in states.values()):
            return
        if time.monotonic() > deadline:
            raise base.StackError(f"haproxy does not see every process healthy: {states}")
        time.sleep(0.5)
