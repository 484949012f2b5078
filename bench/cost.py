"""Cost: training time, model size, start-up times and resident memory of each process.

Run alone: .venv/bin/python -m bench.cost [--budget SECONDS]
Training runs `rasa train` exactly as bot/train.py does, but into a temporary models directory
with an empty Rasa cache (a cold start, as on a fresh clone), so models/ stays untouched.
Memory and the stack's start-up come from the stack the bench starts (bench/stack.py, with
the model in models/) and from the load part (bench/load.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RASA_PY = ROOT / ".venv-rasa" / "bin" / "python"


def _mib(path: Path) -> float:
    return round(path.stat().st_size / 1024 / 1024, 1)


def model_size(model: Path | None = None) -> dict[str, Any]:
    """The model the bench's stack served (default: the newest archive in models/)."""
    if model is None:
        archives = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
        model = archives[-1] if archives else None
    if model is None or not model.exists():
        return {"error": "no model in models/"}
    return {"model": model.name, "size_mib": _mib(model)}


def train_noop_seconds() -> dict[str, Any]:
    """`python -m bot.train` when the model is up to date (what `make run` does each time)."""
    path = subprocess.run(
        [str(RASA_PY), "-m", "bot.train", "--print-path"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    ).stdout.strip()  # fmt: skip
    if not path or not Path(path).exists():
        # Training data changed since the last `make train`: running it would train for real.
        return {"error": "models/ is older than the training data (bot.train would train now)"}
    started = time.monotonic()
    code = subprocess.run(
        [str(RASA_PY), "-m", "bot.train"], cwd=ROOT, capture_output=True, check=False
    ).returncode
    return {"seconds": round(time.monotonic() - started, 2), "exit_code": code}


def train_cold(timeout: float) -> dict[str, Any]:
    """Train the full model into a temporary directory with an empty cache; seconds and size."""
    workdir = Path(tempfile.mkdtemp(prefix="wegwijzer-bench-train-"))
    env = {
        **os.environ,
        "RASA_CACHE_DIRECTORY": str(workdir / "cache"),
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }
    command = [
        str(RASA_PY), "-m", "rasa", "train",
        "--domain", "domain", "--data", "data", "--config", "config.yml",
        "--out", str(workdir / "models"), "--fixed-model-name", "bench",
    ]  # fmt: skip
    started = time.monotonic()
    try:
        result = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, timeout=timeout, check=False
        )
        seconds = time.monotonic() - started
        model = workdir / "models" / "bench.tar.gz"
        if result.returncode != 0 or not model.exists():
            return {"error": f"training failed (exit code {result.returncode})"}
        return {"seconds": round(seconds, 1), "size_mib": _mib(model), "cache": "cold"}
    except subprocess.TimeoutExpired:
        return {"error": f"training did not finish within the bench's {timeout:.0f} s budget"}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def summarise(
    stack_timings: dict[str, float], training: dict[str, Any], noop: dict[str, Any]
) -> dict[str, Any]:
    """`make run` set-up + start, with an existing model and without one (train + start)."""
    database = stack_timings.get("database_import")
    start = stack_timings.get("stack_start")
    result: dict[str, Any] = {"error": "a part of the sum was not measured"}
    if database is not None and start is not None:
        if noop.get("seconds") is not None:
            result["with_model_s"] = round(database + noop["seconds"] + start, 1)
        if training.get("seconds") is not None:
            result["without_model_s"] = round(database + training["seconds"] + start, 1)
    return result


def run(
    stack_timings: dict[str, float], train_timeout: float, model: Path | None = None
) -> dict[str, Any]:
    """Every cost figure that does not need the stack running."""
    noop = train_noop_seconds()
    training = train_cold(train_timeout) if train_timeout > 30 else {
        "error": "no time left in the bench budget"}  # fmt: skip
    return {
        "model": model_size(model),
        "training": training,
        "train_noop": noop,
        "stack_timings_s": {k: round(v, 2) for k, v in stack_timings.items()},
        "make_run": summarise(stack_timings, training, noop),
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: start the stack once for its start-up time, then train; write JSON."""
    from bench import stack

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "cost.json")
    parser.add_argument("--budget", type=float, default=900, help="seconds for training")
    args = parser.parse_args(argv)
    running = stack.start()
    timings, model = dict(running.timings), running.model
    running.stop()
    report = run(timings, args.budget, model)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
