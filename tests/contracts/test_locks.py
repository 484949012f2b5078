"""Both environments install from lock files with hashes (`make lock`): every dependency that
pyproject.toml names is in its lock, at the version pyproject pins, and every locked file has
a hash."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tomllib

ROOT = Path(__file__).resolve().parents[2]
LOCKS = {"api": "api.lock", "dev": "api.lock", "rasa": "rasa.lock"}
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;]+)")


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def _lock(name: str) -> dict[str, str]:
    found = {}
    for line in (ROOT / "requirements" / name).read_text("utf-8").splitlines():
        match = PIN.match(line)
        if match:
            found[_name(match.group(1))] = match.group(2)
    return found


@pytest.mark.parametrize("extra", sorted(LOCKS))
def test_every_dependency_is_locked_at_its_pinned_version(extra: str) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    locked = _lock(LOCKS[extra])
    for requirement in project["project"]["optional-dependencies"][extra]:
        match = PIN.match(requirement)
        assert match, f"{requirement}: pin it with == (the lock then holds its hashes)"
        assert locked.get(_name(match.group(1))) == match.group(2), requirement


@pytest.mark.parametrize("lock", sorted(set(LOCKS.values())))
def test_every_locked_package_has_a_hash(lock: str) -> None:
    text = (ROOT / "requirements" / lock).read_text("utf-8")
    blocks = re.split(r"\n(?=\S)", text)
    pinned = [b for b in blocks if PIN.match(b)]
    assert pinned
    assert all("--hash=sha256:" in block for block in pinned)
