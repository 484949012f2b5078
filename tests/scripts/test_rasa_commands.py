"""Every Rasa command the project runs has Rasa's telemetry off, and the bot's processes listen
on loopback: checked over the source, so a new command cannot forget it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("bot", "scripts", "tests", "bench", "actions", "api")
# Ways this project starts Rasa: `python -m rasa ...` or the `rasa` script of .venv-rasa.
STARTS_RASA = re.compile(r'"-m",\s*"rasa"|\bRASA\b\)?,\s*"(?:train|run|test|data)"|bin/rasa"')
TELEMETRY_OFF = '"RASA_TELEMETRY_ENABLED": "false"'


def _python_files() -> list[Path]:
    return sorted(p for name in SOURCES for p in (ROOT / name).rglob("*.py"))


def test_every_rasa_command_runs_without_telemetry() -> None:
    starting = [p for p in _python_files() if STARTS_RASA.search(p.read_text("utf-8"))]
    assert starting, "no Rasa command found: the pattern no longer matches the source"
    forgetting = [
        str(p.relative_to(ROOT))
        for p in starting
        if TELEMETRY_OFF not in p.read_text("utf-8") and "rasa_env" not in p.read_text("utf-8")
    ]
    assert forgetting == []


def test_the_shared_rasa_environment_turns_telemetry_off() -> None:
    assert '"RASA_TELEMETRY_ENABLED"] = "false"' in (ROOT / "tests/bot/conftest.py").read_text()
    assert TELEMETRY_OFF in (ROOT / "scripts/stack.py").read_text()


def test_readme_deploys_rasa_on_loopback_without_telemetry() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    deploy = readme[readme.index("## Deploying") :]
    rasa_lines = [line for line in deploy.splitlines() if re.search(r"\brasa run\b", line)]
    assert rasa_lines
    for line in rasa_lines:
        assert "RASA_TELEMETRY_ENABLED=false" in line, line
        # On one machine Rasa listens on loopback; in a container it must listen on the
        # container's interface, and then the README must say the port stays private.
        assert "127.0.0.1" in line or "private network" in line, line
