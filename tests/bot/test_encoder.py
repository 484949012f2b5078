"""How many cores the sentence encoder uses: all of this process's cores (at most two) for a
Rasa process on its own, or what ENCODER_THREADS says; a wrong value is named, not guessed. Its
threads wait passively, unless the operator says otherwise."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.understanding import encoder

ROOT = Path(__file__).resolve().parents[2]


def test_a_process_on_its_own_uses_its_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(encoder.THREADS_ENV, raising=False)
    cores = len(os.sched_getaffinity(0))
    assert encoder.encoder_threads() == max(1, min(encoder.MAX_THREADS, cores))


def test_the_setting_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(encoder.THREADS_ENV, "1")
    assert encoder.encoder_threads() == 1


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_a_wrong_setting_is_named(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(encoder.THREADS_ENV, value)
    with pytest.raises(ValueError, match="ENCODER_THREADS"):
        encoder.encoder_threads()


def _engine_waiting(env: dict[str, str]) -> tuple[str, str]:
    """(wait policy, spin count) as the engine's OpenMP runtime itself reports them at start.
    Unset, libgomp also says "PASSIVE" but spins 300 000 times first: the spin count tells."""
    script = "from bot.understanding.encoder import E5Encoder; E5Encoder().encode(['hoi'])"
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**env, "OMP_DISPLAY_ENV": "verbose"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    policy = re.search(r"OMP_WAIT_POLICY = '(\w+)'", done.stderr)
    spins = re.search(r"GOMP_SPINCOUNT = '(\d+)'", done.stderr)
    assert policy and spins, done.stderr[-2000:]
    return policy.group(1), spins.group(1)


@pytest.mark.skipif(not encoder.ENGINE.exists(), reason="the E5 engine is built by make venv-rasa")
def test_the_encoder_threads_wait_passively_so_a_busy_core_does_not_stall_a_parse() -> None:
    # Spinning threads stalled a parse 24-fold while another process held a core.
    env = {k: v for k, v in os.environ.items() if k != encoder.WAIT_POLICY_ENV}
    assert _engine_waiting(env) == ("PASSIVE", "0")


@pytest.mark.skipif(not encoder.ENGINE.exists(), reason="the E5 engine is built by make venv-rasa")
def test_an_operator_s_wait_policy_is_kept() -> None:
    policy, _ = _engine_waiting({**os.environ, encoder.WAIT_POLICY_ENV: "ACTIVE"})
    assert policy == "ACTIVE"
