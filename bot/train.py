"""Train the Rasa model into models/, skipping when data, domain and config are unchanged.

`python -m bot.train` (what `make train` runs). Rasa 3.6 itself does not skip: `rasa train`
always writes a new model archive. Its fingerprinting only lets the graph trainer reuse
component outputs from the local training cache (.rasa/cache), and `rasa train --dry-run`
answers from that cache, not from what is in models/. So the check here is explicit: the
model file is named after a hash of everything that shapes it, and an existing file with
that name means there is nothing to train.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
PREFIX = "wegwijzer-"
KEEP_MODELS = 3
# Everything that shapes the model: configuration, domain, training data and the code of
# our own NLU components (their behaviour is part of the trained pipeline).
INPUTS = (
    "config.yml",
    "domain",
    "contracts/facts.yml",
    "data/nlu",
    "data/facts",
    "data/rules",
    "data/stories",
    "data/language",
    "bot/__init__.py",
    "bot/language_detection.py",
    "bot/understanding",
)
INPUT_SUFFIXES = (".yml", ".yaml", ".py")
# What Rasa itself reads; the fact corpus in data/facts is read by the FactExtractor.
TRAINING_DATA = ("data/nlu", "data/rules", "data/stories")


def input_files(root: Path = ROOT) -> list[Path]:
    """The files the fingerprint covers, in a stable order."""
    files: list[Path] = []
    for name in INPUTS:
        path = root / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files += [
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix in INPUT_SUFFIXES and "__pycache__" not in p.parts
            ]
    return sorted(files)


def fingerprint(root: Path = ROOT) -> str:
    """A hash of the Rasa version and the path and content of every input file."""
    digest = hashlib.sha256(metadata.version("rasa").encode())
    for path in input_files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def model_path(root: Path = ROOT) -> Path:
    """Where the model for the current inputs is (or will be) stored."""
    return root / "models" / f"{PREFIX}{fingerprint(root)}.tar.gz"


def _prune(keep: Path) -> None:
    models = sorted(MODELS.glob(f"{PREFIX}*.tar.gz"), key=lambda p: p.stat().st_mtime)
    for old in [m for m in models if m != keep][: max(0, len(models) - KEEP_MODELS)]:
        old.unlink()


def train(force: bool = False) -> int:
    """Train unless the model for the current inputs exists; return the exit code."""
    target = model_path()
    if target.exists() and not force:
        # Rasa serves the newest file in models/: make sure that is this one.
        os.utime(target)
        print(f"Model is up to date: {target.relative_to(ROOT)} (nothing changed).")
        return 0
    MODELS.mkdir(exist_ok=True)
    command = [
        sys.executable, "-m", "rasa", "train",
        "--domain", "domain", "--data", *TRAINING_DATA, "--config", "config.yml",
        "--out", "models", "--fixed-model-name", target.name.removesuffix(".tar.gz"),
    ]  # fmt: skip
    print(f"Training {target.relative_to(ROOT)} ...", flush=True)
    started = time.monotonic()
    # No usage data leaves this machine (Rasa's telemetry is on by default).
    code = subprocess.call(command, cwd=ROOT, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
    seconds = time.monotonic() - started
    if code != 0:
        print(f"Training failed after {seconds:.0f} s (exit code {code}).", file=sys.stderr)
        return code
    _prune(keep=target)
    print(f"Trained {target.relative_to(ROOT)} in {seconds:.0f} s.")
    return 0


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="train even if nothing changed")
    parser.add_argument(
        "--print-path", action="store_true", help="print the current model path and exit"
    )
    args = parser.parse_args()
    if args.print_path:
        print(model_path())
        return
    sys.exit(train(force=args.force))


if __name__ == "__main__":
    main()
