"""The pipeline before the understanding layer, measured on the same frozen unseen set.

Run: .venv/bin/python -m bench.baseline [--rev 9cf1d2a] [--refresh]

Checks out the revision in a git worktree under var/bench/ (the project's code of that day,
with the environments of today, which are a superset of its dependencies), trains its model
there, starts its stack on free loopback ports with its own bench helper, and plays today's
first messages and conversations through its gateway with today's drivers. The figures go to
bench/baseline.json (committed): the baseline never changes, so the bench reuses them unless
the unseen set changed or --refresh is given.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULT = ROOT / "bench" / "baseline.json"
UNSEEN = ROOT / "bench" / "data" / "unseen"
# The last commit before the understanding layer (issue 12 measured it).
DEFAULT_REV = "9cf1d2a"
TRAIN_TIMEOUT_S = 1800
START_TIMEOUT_S = 600
# Started inside the worktree with today's .venv: the old bench helper starts the old stack and
# prints its gateway URL, then waits until stdin closes.
STARTER = """
import sys
from bench import stack
running = stack.start(echo=lambda line: None)
print(running.gateway_url, flush=True)
sys.stdin.read()
running.stop()
"""


def data_digest() -> str:
    """A hash of the frozen unseen set: the baseline is measured again when it changes."""
    digest = hashlib.sha256()
    for path in sorted(UNSEEN.rglob("*.yml")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached(rev: str) -> dict[str, Any] | None:
    """The stored baseline for this revision and unseen set, if there is one."""
    if not RESULT.exists():
        return None
    stored = json.loads(RESULT.read_text("utf-8"))
    if stored.get("rev") == rev and stored.get("unseen_digest") == data_digest():
        return stored
    return None


def worktree(rev: str) -> Path:
    """A checkout of `rev` under var/bench/, with today's environments linked in."""
    path = ROOT / "var" / "bench" / f"baseline-{rev}"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "worktree", "add", "--detach", str(path), rev], cwd=ROOT, check=True)
    for env in (".venv", ".venv-rasa"):
        link = path / env
        if not link.exists():
            link.symlink_to(ROOT / env)
    return path


def measure(rev: str) -> dict[str, Any]:
    """Train the old model, start the old stack, play today's unseen sets through it."""
    from bench import first_messages, triage_quality

    tree = worktree(rev)
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    started = time.monotonic()
    subprocess.run([str(tree / ".venv-rasa/bin/python"), "-m", "bot.train"], cwd=tree, env=env,
                   check=True, timeout=TRAIN_TIMEOUT_S)  # fmt: skip
    train_s = time.monotonic() - started
    starter = subprocess.Popen(
        [str(tree / ".venv/bin/python"), "-c", STARTER], cwd=tree, env=env,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert starter.stdout is not None
        url = starter.stdout.readline().strip()
        if not url.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"The baseline stack of {rev} did not start.")
        deadline = time.monotonic() + 1800
        first = asyncio.run(first_messages.run(url, deadline))
        conversations = asyncio.run(
            triage_quality.run(url, deadline, sets={"frozen": triage_quality.FROZEN})
        )
    finally:
        if starter.stdin is not None:
            starter.stdin.close()
        starter.wait(timeout=60)
    return {
        "rev": rev,
        "unseen_digest": data_digest(),
        "measured": time.strftime("%Y-%m-%d"),
        "train_s": round(train_s),
        "first_messages": {k: v for k, v in first.items() if k != "messages"},
        "conversations": {k: v for k, v in conversations.items() if k != "conversations"},
    }


def run(rev: str = DEFAULT_REV, refresh: bool = False) -> dict[str, Any]:
    """The baseline's figures: stored ones when still valid, else measured now."""
    stored = None if refresh else cached(rev)
    if stored is not None:
        return stored
    result = measure(rev)
    RESULT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return result


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", default=DEFAULT_REV)
    parser.add_argument("--refresh", action="store_true", help="measure even when stored")
    args = parser.parse_args(argv)
    result = run(args.rev, args.refresh)
    print(json.dumps(result["first_messages"]["overall"], indent=2))
    print(json.dumps(result["conversations"]["frozen"]["overall"], indent=2, default=str)[:2000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
