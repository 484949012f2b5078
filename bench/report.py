"""Render bench/results.json as bench/report.md: every figure comes from the run's JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.report_format import fmt, get, table
from bench.report_quality import language, triage, understanding
from bench.report_scale import capacity_summary, scale
from bench.report_speed import cost, speed
from bench.report_unseen import later_conversations, later_sets, unseen

BENCH = Path(__file__).resolve().parent


def header(results: dict[str, Any]) -> list[str]:
    """The title, the machine and the one-machine caveat."""
    m = results["machine"]
    return [
        "# Wegwijzer bench report",
        "",
        f"Run on {m['date']} by `make bench` (`bench/run.py`) in {fmt(results['duration_s'])} s, "
        f"with the model `{fmt(results.get('model'))}`.",
        "",
        f"Machine: {m['cpu_model']}, {m['cores']} cores, {fmt(m['memory_gib'])} GiB memory, "
        f"{m['os']}, Python {m['python']} (read from /proc at run time). The 1-minute load "
        f"average was {fmt(m.get('load_average_at_start'))} at the start; the table at the end "
        "gives it before each part (other work on the machine skews the timings).",
        "",
        f"**These numbers come from one run on one {m['cores']}-core machine**, with the API, the "
        "action server, Rasa and the load generator on the same machine. They show the order of "
        "magnitude and whether a change makes things better or worse; they are not a capacity "
        "promise. Nothing here is typed by hand: every figure comes from `bench/results.json`.",
        "",
    ]


def key_numbers(results: dict[str, Any]) -> list[str]:
    """The headline numbers."""
    parts = results["parts"]
    triage = get(parts, "triage", "overall") or {}
    unseen = get(parts, "triage", "unseen", "overall") or {}
    one = get(parts, "load", "levels", "1") or {}
    capacity = capacity_summary(results)
    nlu = get(parts, "nlu", "languages") or {}
    rows = [
        (
            "Crisis recall (the crisis line in the first reply after a crisis message)",
            fmt(triage.get("crisis_recall"), "%"),
        ),
        (
            "Acceptable place in the top 3 (both languages): main set / unseen set",
            f"{fmt(triage.get('top3_share'), '%')} / {fmt(unseen.get('top3_share'), '%')}",
        ),
        ("Forbidden place shown", fmt(triage.get("forbidden_share"), "%")),
        (
            "Intent macro-F1 nl / en",
            " / ".join(fmt(get(nlu, lang, "intents", "macro_f1"), "3") for lang in ("nl", "en")),
        ),
        (
            "Gateway p50 with 1 conversation; p95 with 50 people chatting at human pace, "
            "embedded / scaled stack",
            f"{fmt(get(one, 'all', 'p50_ms'))} ms; {fmt(capacity['embedded_p95_50'])} ms / "
            f"{fmt(capacity['scaled_p95_50'])} ms",
        ),
        (
            "Messages per second at saturation: embedded / scaled with 1 / 2 Rasa replicas",
            " / ".join(
                fmt(capacity[k])
                for k in ("embedded_saturation", "scaled_saturation_1", "scaled_saturation_2")
            ),
        ),
    ]
    return ["## The numbers that matter most", "", *table(("measure", "value"), rows)]


def status(results: dict[str, Any]) -> list[str]:
    """How each part of the bench went."""
    rows = [
        (
            name,
            s["status"],
            fmt(s.get("seconds")),
            fmt(s.get("budget_s")),
            fmt(s.get("load_average_before")),
            fmt(s.get("error")),
        )
        for name, s in results["status"].items()
    ]
    headers = ("part", "status", "seconds", "budget s", "load average before", "note")
    return [
        "## Bench run",
        "",
        f"The whole bench took {fmt(results['duration_s'])} s "
        f"(budget {fmt(results['budget_s'])} s).",
        "",
        *table(headers, rows),
    ]


def render(results: dict[str, Any]) -> str:
    """The whole report."""
    sections = (
        header, key_numbers, unseen, later_sets, later_conversations, language, understanding,
        triage, speed, scale, cost, status,
    )  # fmt: skip
    lines: list[str] = []
    for section in sections:
        lines += section(results)
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    """Render bench/report.md again from bench/results.json (no measuring)."""
    results = json.loads((BENCH / "results.json").read_text("utf-8"))
    (BENCH / "report.md").write_text(render(results), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
