"""The national lines as the tests know them: read from the one source (the seed, through
scripts/lines.py), never typed in a test."""

from __future__ import annotations

from functools import cache
from typing import Any

from scripts.lines import load_lines


@cache
def lines() -> dict[str, dict[str, Any]]:
    """Every national line: danger, suicide, domestic, sexual, police."""
    return load_lines()


def tel(kind: str, index: int = 0) -> str:
    """The tel: link of a line's phone number (the first, or the `index`th)."""
    return str(lines()[kind]["phones"][index]["tel"])


def number(kind: str, index: int = 0) -> str:
    """A line's phone number as written ("0800-2000")."""
    return str(lines()[kind]["phones"][index]["value"])


def tels(kind: str) -> set[str]:
    """Every tel: link of a line."""
    return {str(phone["tel"]) for phone in lines()[kind]["phones"]}
