"""`make test` runs every test there is: a folder of tests that no suite names would never run
in CI (tests/contracts was such a folder, and its one-source check had gone stale)."""

from __future__ import annotations

from pathlib import Path

from scripts.test_all import SUITES

ROOT = Path(__file__).resolve().parents[2]


def test_every_folder_with_tests_is_in_a_suite_of_make_test() -> None:
    run = {path for _, _, paths, _ in SUITES for path in paths}
    with_tests = {
        f"tests/{folder.name}"
        for folder in (ROOT / "tests").iterdir()
        if folder.is_dir() and any(folder.rglob("test_*.py"))
    }
    assert with_tests - run == set(), "add these folders to scripts/test_all.py"
