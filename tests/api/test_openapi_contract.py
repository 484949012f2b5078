"""The OpenAPI document says exactly what the API does.

Schemathesis generates requests from /openapi.json (valid and invalid ones) and runs every check
it has against the running API: uvicorn with the real seed in its own database (SQLite, or
PostgreSQL with TEST_DATABASE=postgresql), the bot unreachable (the gateway's fallback is part
of the contract). Once without a token and once with a write token: no server error, and no
status, content type, header or body the document does not describe. What a JSON schema cannot
say is in tests/api/schemathesis.toml, with the reason.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.databases import Databases

ROOT = Path(__file__).resolve().parents[2]
PYTHON = Path(sys.executable)
SCHEMATHESIS = PYTHON.with_name("schemathesis")
CONFIG = Path(__file__).with_name("schemathesis.toml")
# Test cases per operation and phase: enough to find every mismatch seen so far, a few minutes.
EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "25"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def api(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The API on a free port with its own database; yields its URL and a write token."""
    if not SCHEMATHESIS.exists():
        pytest.fail(f"{SCHEMATHESIS} is missing: `make venv` installs the dev extra.")
    work = tmp_path_factory.mktemp("contract")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": databases.new("contract"),
        "CHANNEL_TOKEN": "contract-" + secrets.token_hex(16),
        "LOG_LEVEL": "WARNING",
        "RASA_URL": f"http://127.0.0.1:{_free_port()}",  # no bot: the gateway's fallback
        "RATE_LIMIT_GLOBAL_PER_MINUTE": "1000000",
        "RATE_LIMIT_SESSION_PER_MINUTE": "1000000",
    }
    env.pop("REDIS_URL", None)
    cli = [str(PYTHON), "-m", "api.cli"]
    subprocess.run([*cli, "import"], cwd=ROOT, env=env, check=True, capture_output=True)
    made = subprocess.run(
        [*cli, "create-token", "contract-fuzz", "--scope", "write"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    token = made.stdout.strip().splitlines()[-1].strip()
    assert token.startswith("ww_"), made.stdout
    log = work / "api.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(PYTHON), "-m", "uvicorn", "api.main:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--no-access-log", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, log.read_text()
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "the API did not start"
                time.sleep(0.3)
        yield {"url": url, "token": token, "work": str(work), "log": str(log)}
    finally:
        process.terminate()
        process.wait(timeout=30)


def _fuzz(api: dict[str, str], *headers: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(SCHEMATHESIS), "--no-color", "--config-file", str(CONFIG),
        "run", f"{api['url']}/openapi.json",
        "--checks", "all", "--phases", "examples,coverage,fuzzing",
        "--max-examples", str(EXAMPLES), "--seed", "20261204",
        "--request-timeout", "30", "--suppress-health-check", "all",
    ]  # fmt: skip
    for header in headers:
        command += ["--header", header]
    return subprocess.run(
        command, cwd=api["work"], capture_output=True, text=True, timeout=900, check=False
    )


def _report(run: subprocess.CompletedProcess[str], api: dict[str, str]) -> str:
    server_log = Path(api["log"]).read_text(errors="replace")[-3000:]
    return f"{run.stdout[-12000:]}\n{run.stderr[-2000:]}\n--- API log ---\n{server_log}"


def test_contract_holds_without_a_token(api: dict[str, str]) -> None:
    run = _fuzz(api)
    assert run.returncode == 0, _report(run, api)
    assert " passed" in run.stdout and "failure" not in run.stdout.split("SUMMARY")[-1]


def test_contract_holds_with_a_write_token(api: dict[str, str]) -> None:
    run = _fuzz(api, f"Authorization: Bearer {api['token']}")
    assert run.returncode == 0, _report(run, api)
    assert " passed" in run.stdout and "failure" not in run.stdout.split("SUMMARY")[-1]
