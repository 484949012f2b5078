"""Take some parts of another bench run into bench/results.json and render report.md again.

.venv/bin/python -m bench.merge OTHER_RESULTS.json --parts load,scale

For when only some parts were measured again (`bench.run --parts load,scale`, e.g. in a clean
worktree of a commit): their figures replace those of the same parts here, each marked with
the date, model and commit of the run it comes from, which the report shows; every other part
keeps the run named at the top of the report.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench import report

BENCH = Path(__file__).resolve().parent


def merge(
    ours: dict[str, Any], other: dict[str, Any], parts: list[str], commit: str | None
) -> None:
    """Copy `parts` (figures and status) from `other` into `ours`, with their provenance."""
    run = {
        "date": other["machine"]["date"],
        "model": other.get("model"),
        "commit": commit,
        "duration_s": other.get("duration_s"),
    }
    for name in parts:
        if name not in other["parts"]:
            raise SystemExit(f"{name} is not in the other run (it has {sorted(other['parts'])}).")
        ours["parts"][name] = {**other["parts"][name], "run": run}
        status = dict(other["status"].get(name) or {})
        status["error"] = f"measured on {run['date'][:16]} with {run['model']}" + (
            f" at {commit[:7]}" if commit else ""
        )
        ours["status"][name] = status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="results.json of the other run")
    parser.add_argument("--parts", default="load,scale")
    parser.add_argument("--commit", help="the commit the other run measured")
    args = parser.parse_args(argv)
    commit = args.commit
    if commit is None:
        done = subprocess.run(
            ["git", "-C", str(args.other.parent), "rev-parse", "HEAD"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        commit = done.stdout.strip() or None
    ours = json.loads((BENCH / "results.json").read_text("utf-8"))
    other = json.loads(args.other.read_text("utf-8"))
    merge(ours, other, [p.strip() for p in args.parts.split(",") if p.strip()], commit)
    (BENCH / "results.json").write_text(json.dumps(ours, indent=2, ensure_ascii=False) + "\n")
    (BENCH / "report.md").write_text(report.render(ours), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
