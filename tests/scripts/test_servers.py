"""The project's own servers (scripts/servers) end with the process that started them, however
it ends: a test run or `make run-scaled` that is killed leaves no server on a port."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.servers import server_folder

ROOT = Path(__file__).resolve().parents[2]
STARTER = """
import sys, time
from pathlib import Path
from scripts.servers.common import free_port
from scripts.servers.{module} import {cls}
server = {cls}(Path(sys.argv[1]), free_port())
running = server.start()
print(running.process.pid, flush=True)
time.sleep(120)
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie waiting for its parent to collect it has ended too.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(")")[-1].split()[0] != "Z"


@pytest.mark.parametrize(("module", "cls"), [("redis", "Redis"), ("postgres", "Postgres")])
def test_server_ends_when_its_starter_is_killed(module: str, cls: str) -> None:
    with server_folder(f"wegwijzer-orphan-{module}-") as folder:
        starter = subprocess.Popen(
            [sys.executable, "-c", STARTER.format(module=module, cls=cls), str(folder)],
            cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            assert starter.stdout is not None
            server_pid = int(starter.stdout.readline())
            assert alive(server_pid)
            starter.send_signal(signal.SIGKILL)  # no cleanup code of the starter runs
            starter.wait()
            deadline = time.monotonic() + 15
            while alive(server_pid):
                assert time.monotonic() < deadline, f"{module} outlived its starter"
                time.sleep(0.2)
        finally:
            if starter.poll() is None:
                starter.kill()


def test_rasa_replicas_share_the_cores_for_the_encoder() -> None:
    from scripts.stack_scaled import encoder_share

    cores = len(os.sched_getaffinity(0))
    assert encoder_share(1) == cores
    assert encoder_share(2) == max(1, cores // 2)
    # More replicas than cores: each still gets one.
    assert encoder_share(cores * 4) == 1
