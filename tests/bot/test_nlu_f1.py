"""Held-out NLU test sets (tests/nlu/{nl,en}, never trained on): intent macro-F1 per language."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Set a little below what the model reached on the held-out sets, fallback predictions
# counted as errors; a drop below means it got worse. 2026-11-28 (DIET alone): nl 0.867,
# en 0.918. 2026-12-04 (E5 features, and crisis decided by the FactExtractor whatever the
# dialogue act): nl 0.845, en 0.919. Crisis is set for recall first, so a calm Dutch sentence
# the crisis heads flag ("opbellen vind ik prima", "ik wil alles terugzetten") now counts as an
# intent error here; the false alarms themselves are measured in bench/report.md.
# 2026-12-05: nl 0.829, en 0.919. A message read as suicide with danger plausible too gets both
# lines, 112 first, through the danger act ("ik heb pillen en wil ze allemaal nemen", "hij
# maakt zich vannacht van kant"): by design (bot/understanding/decide.py, SECOND_LINE_SHARE),
# and an intent error here.
MIN_MACRO_F1 = {"nl": 0.82, "en": 0.9}


@pytest.mark.parametrize("language", sorted(MIN_MACRO_F1))
def test_held_out_intent_macro_f1(language, model_path, rasa_env, tmp_path):
    out = tmp_path / language
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "test", "nlu", "--model", str(model_path),
         "--nlu", f"tests/nlu/{language}/test.yml", "--out", str(out)],
        cwd=ROOT, env=rasa_env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads((out / "intent_report.json").read_text())
    macro_f1 = report["macro avg"]["f1-score"]
    print(f"{language}: intent macro-F1 {macro_f1:.3f}")
    assert macro_f1 >= MIN_MACRO_F1[language]
