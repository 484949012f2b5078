"""Conversation test stories in both languages, with --fail-on-prediction-errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_conversation_stories_pass(language, model_path, rasa_env, tmp_path):
    # `rasa test core` replays the stories against the policies; it does not run the
    # actions, so neither the action server nor the landscape API is needed here.
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "test", "core", "--model", str(model_path),
         "--stories", f"tests/conversations/{language}", "--fail-on-prediction-errors",
         "--out", str(tmp_path / language)],
        cwd=ROOT, env=rasa_env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    failed = tmp_path / language / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, details + result.stdout[-3000:] + result.stderr[-3000:]
