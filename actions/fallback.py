"""The national 24/7 lines for when the landscape API is down or slow.

The lines themselves (numbers, links, words) live in the responses utter_line_* in
domain/responses/fallback.yml, so they are reviewed with the other texts and exist in both
languages. This module only decides their order for the facts known so far.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LINE_112 = "utter_line_112"
LINE_VEILIG_THUIS = "utter_line_veilig_thuis"
LINE_CSG = "utter_line_csg"
LINE_113 = "utter_line_113"
NATIONAL_LINES = (LINE_112, LINE_VEILIG_THUIS, LINE_CSG, LINE_113)


def national_lines(slots: Mapping[str, Any]) -> list[str]:
    """All four lines, the most fitting first: 112 for danger, 113 for suicidal thoughts,
    the CSG for sexual violence, Veilig Thuis for the rest."""
    concerns = set(slots.get("concern") or [])
    order = [LINE_112]
    if "sexual_violence" in concerns and not concerns & {"domestic_violence", "child_abuse"}:
        order += [LINE_CSG, LINE_VEILIG_THUIS]
    else:
        order += [LINE_VEILIG_THUIS, LINE_CSG]
    order.append(LINE_113)
    if slots.get("suicidal_thoughts") == "yes" and slots.get("danger_now") != "yes":
        order.remove(LINE_113)
        order.insert(0, LINE_113)
    return order
