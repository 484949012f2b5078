"""haproxy for the scaled stack: the one public origin in front of the gateway workers, and
the balancer in front of the Rasa replicas (loopback only).

The public frontend forwards to the gateway workers; nothing about the client is passed on
(no X-Forwarded-For) and nothing is logged, so no address is kept anywhere. The bot frontend
balances the gateway's calls over the Rasa replicas, least busy first, and checks each
replica's channel health (which fails when the replica's tracker store is unsafe): an unsafe
or stopped replica gets no conversations. The channel token reaches haproxy through the
environment, never the config file.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

from scripts.servers.common import find_binary, port_open

BOT_HEALTH = "/webhooks/gateway/health"
# haproxy reads the token from its environment ("${CHANNEL_TOKEN}" in the config).
BOT_CHECK = (
    f"meth GET uri {BOT_HEALTH} ver HTTP/1.1 hdr Host localhost "
    'hdr X-Channel-Token "${CHANNEL_TOKEN}"'
)


@dataclass
class Haproxy:
    """One haproxy process with its config and admin socket in `folder`."""

    folder: Path
    public_port: int
    gateway_ports: list[int]
    bot_port: int
    rasa_ports: list[int]
    # Rasa handles one turn at a time per replica (one core): queue in haproxy instead.
    rasa_maxconn: int = 4

    @property
    def config_path(self) -> Path:
        return self.folder / "haproxy.cfg"

    @property
    def socket_path(self) -> Path:
        return self.folder / "admin.sock"

    def prepare(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        gateways = "\n".join(
            f"    server gateway{n} 127.0.0.1:{port} check inter 2s fall 2 rise 1"
            for n, port in enumerate(self.gateway_ports, start=1)
        )
        replicas = "\n".join(
            f"    server rasa{n} 127.0.0.1:{port} check inter 2s fall 3 rise 1 "
            f"maxconn {self.rasa_maxconn}"
            for n, port in enumerate(self.rasa_ports, start=1)
        )
        config = f"""# Written by scripts/servers/haproxy.py; rewritten on every start.
global
    maxconn 4096
    stats socket {self.socket_path} mode 600 level admin
    # no `log` line: haproxy keeps no record of who asked what

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout queue 30s
    timeout http-request 10s
    timeout http-keep-alive 10s
    timeout check 5s
    option http-keep-alive
    # Connection failures are retried on another server; a request that reached a server is
    # never sent twice.
    retries 2
    option redispatch
    retry-on conn-failure

frontend public
    bind 127.0.0.1:{self.public_port}
    http-request del-header X-Forwarded-For
    default_backend gateways

backend gateways
    balance roundrobin
    option httpchk
    http-check send meth GET uri /health ver HTTP/1.1 hdr Host localhost
    http-check expect status 200
{gateways}

frontend bot
    bind 127.0.0.1:{self.bot_port}
    default_backend rasa

backend rasa
    balance leastconn
    option httpchk
    http-check send {BOT_CHECK}
    http-check expect status 200
{replicas}
"""
        self.config_path.write_text(config, "utf-8")

    def command(self) -> list[str]:
        # -db: stay in the foreground, so the stack's process handling stops it like the rest
        return [find_binary("haproxy", "/usr/sbin"), "-db", "-f", str(self.config_path)]

    def ready(self) -> bool:
        return port_open(self.public_port) and port_open(self.bot_port)

    def admin(self, line: str) -> str:
        """One command on the admin socket (e.g. `disable server rasa/rasa2`); its answer."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(2)
            sock.connect(str(self.socket_path))
            sock.sendall(line.encode() + b"\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        return data.decode()

    def stat(self) -> list[dict[str, str]]:
        """`show stat` from the admin socket: one row per frontend, backend and server."""
        lines = self.admin("show stat").strip().splitlines()
        header = lines[0].lstrip("# ").split(",")
        return [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]

    def served(self, backend: str) -> dict[str, int]:
        """Requests each server of `backend` has been sent (haproxy's `stot`)."""
        return {
            row["svname"]: int(row["stot"] or 0)
            for row in self.stat()
            if row["pxname"] == backend and row["svname"] not in ("FRONTEND", "BACKEND")
        }

    def status(self, backend: str) -> dict[str, str]:
        """UP / DOWN per server of `backend` as haproxy's health checks see it."""
        return {
            row["svname"]: row["status"]
            for row in self.stat()
            if row["pxname"] == backend and row["svname"] not in ("FRONTEND", "BACKEND")
        }
