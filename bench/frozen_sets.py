"""The later frozen sets of first messages, each written before a round of tuning and reported
apart (bench/data/<name>/first_messages/{nl,en}.yml): one list for the bench parts and report."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
NAMES = (
    "unseen3",
    "unseen4",
    "unseen5",
    "unseen6",
    "unseen7",
    "unseen8",
    "unseen9",
    "unseen10",
    "unseen14",
    "unseen15",
    "unseen16",
    "unseen17",
)
FROZEN_SETS = {name: DATA / name / "first_messages" for name in NAMES}
