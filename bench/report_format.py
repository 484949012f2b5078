"""Formatting helpers for bench/report.md: numbers, tables and missing figures."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def fmt(value: Any, kind: str = "") -> str:
    """A number for a table: shares as percentages, ms with one decimal; '–' when missing."""
    if value is None or value == "":
        return "–"
    if kind == "%" and isinstance(value, int | float):
        return f"{100 * value:.1f} %"
    if isinstance(value, float):
        return f"{value:.1f}" if kind != "3" else f"{value:.3f}"
    return str(value)


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    """A Markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def missing(results: dict[str, Any], name: str) -> str:
    """Why a part has no figures: left out of this run, or the error it ended with."""
    if name not in results["parts"]:
        return "Not run in this bench run (left out with `--parts`)."
    return f"Not measured: {fmt((results['parts'][name] or {}).get('error'))}"


def seconds(entry: dict[str, Any] | None, key: str = "seconds") -> str:
    """'12.3 s', or the error the measurement ended with."""
    entry = entry or {}
    if entry.get(key) is not None:
        return f"{fmt(entry[key])} s"
    return f"not measured: {fmt(entry.get('error'))}"


def get(data: Any, *path: str) -> Any:
    """data[path[0]][path[1]]..., None where a key is missing."""
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data
