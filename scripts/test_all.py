"""`make test`: every test suite, each in its own environment, in a fixed order.

1. API, engine and gateway unit tests (.venv, no Rasa), on SQLite and again on a real
   PostgreSQL that the tests start themselves (TEST_DATABASE=postgresql); with them the
   contracts (one source for the national numbers, the fact codes, the pinned packages)
2. bot and action tests (.venv-rasa: language detection, parsing, forms, data validation,
   held-out NLU F1, conversation stories, actions against a real landscape API)
3. end-to-end tests (.venv: the real stack with the trained model, and the widget in chromium)
4. the scaled stack (.venv: PostgreSQL, Redis, two Rasa replicas and two gateway workers
   behind haproxy, all real servers from Debian's packages)
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITES: list[tuple[str, Path, list[str], dict[str, str]]] = [
    (
        "API, engine and gateway (SQLite)",
        ROOT / ".venv/bin/python",
        ["tests/api", "tests/scripts", "tests/bench", "tests/contracts"],
        {},
    ),
    (
        "API, engine and gateway (PostgreSQL)",
        ROOT / ".venv/bin/python",
        ["tests/api"],
        {"TEST_DATABASE": "postgresql"},
    ),
    ("bot and actions", ROOT / ".venv-rasa/bin/python", ["tests/bot", "tests/actions"], {}),
    ("end to end (stack and browser)", ROOT / ".venv/bin/python", ["tests/e2e"], {}),
    (
        "scaled stack (PostgreSQL, Redis, haproxy)",
        ROOT / ".venv/bin/python",
        ["tests/scaled"],
        {},
    ),
]


def main() -> int:
    results = []
    for name, python, paths, env in SUITES:
        present = [p for p in paths if (ROOT / p).exists()]
        if not present:
            continue
        print(f"\n==> {name}: {' '.join(present)}", flush=True)
        started = time.monotonic()
        code = subprocess.call(
            [str(python), "-m", "pytest", "-q", *present], cwd=ROOT, env={**os.environ, **env}
        )
        results.append((name, code, time.monotonic() - started))
    print("\n==> Summary")
    for name, code, seconds in results:
        print(f"  {'passed' if code == 0 else 'FAILED'}  {name} ({seconds:.0f}s)")
    return 0 if results and all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
