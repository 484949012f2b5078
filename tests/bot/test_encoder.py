"""How many cores the sentence encoder uses: all of this process's cores (at most two) for a
Rasa process on its own, or what ENCODER_THREADS says; a wrong value is named, not guessed."""

from __future__ import annotations

import os

import pytest

from bot.understanding import encoder


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
