"""Small statistics helpers shared by the bench parts (no numpy in .venv)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], share: float) -> float | None:
    """The `share` (0-1) percentile by linear interpolation, or None without values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * share
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary_ms(seconds: Sequence[float]) -> dict[str, float | int | None]:
    """Count, mean, p50, p95 and p99 of durations given in seconds, in milliseconds."""
    values = [s * 1000 for s in seconds]

    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 2)

    return {
        "count": len(values),
        "mean_ms": rounded(sum(values) / len(values)) if values else None,
        "p50_ms": rounded(percentile(values, 0.50)),
        "p95_ms": rounded(percentile(values, 0.95)),
        "p99_ms": rounded(percentile(values, 0.99)),
    }


def share(part: int, whole: int) -> float | None:
    """part / whole rounded to 4 places, None when there is nothing to divide by."""
    return round(part / whole, 4) if whole else None


def ratio(top: float | None, bottom: float | None) -> float | None:
    """top / bottom rounded to 1 place, None when either is missing or bottom is 0."""
    if top is None or not bottom:
        return None
    return round(top / bottom, 1)
