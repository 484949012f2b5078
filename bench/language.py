"""Language bench: detector accuracy and speed, and the sticky policy over conversations.

Run: .venv-rasa/bin/python -m bench.language --out bench/out/language.json [--tune]
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from actions.language import Thresholds, next_language, turn_from_message
from bot.language_detection import (
    DEFAULT_DETECTOR,
    Backend,
    Detection,
    describe,
    detect,
    get_backend,
    load_function_words,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "language"
NLU_DIR = ROOT / "data" / "nlu"
BACKENDS = ("lingua", "langdetect")
# The backend the bot runs, with the sentence frame's function words on top (as the bot reads).
FRAMED = f"{DEFAULT_DETECTOR} + frame"
# One- and two-word texts ("ja", "mijn zus") are bound to occur in any Dutch/English
# chat data; sharing them is not copying, so the overlap check fails on 3+ words only.
OVERLAP_MIN_WORDS = 3
_PAYLOAD = re.compile(r"^/(?P<intent>[\w-]+)(?P<entities>\{.*\})?$")
_ANNOTATION = re.compile(r"\[(?P<text>[^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def load(name: str) -> Any:
    """Read one bench data file."""
    return yaml.safe_load((DATA / name).read_text("utf-8"))


def normalise(text: str) -> str:
    """Lower case with single spaces, for comparing texts."""
    return " ".join(text.lower().split())


def nlu_texts() -> set[str]:
    """All training example texts in data/nlu/**/*.yml, annotations removed."""
    texts: set[str] = set()
    for path in sorted(NLU_DIR.rglob("*.yml")):
        for block in (yaml.safe_load(path.read_text("utf-8")) or {}).get("nlu") or []:
            examples = block.get("examples") if isinstance(block, dict) else None
            for line in (examples or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    texts.add(normalise(_ANNOTATION.sub(r"\g<text>", line[2:])))
    return texts


def bench_texts(short: list[dict], long: list[dict], conversations: list[dict]) -> set[str]:
    """Every typed text in the bench (button payloads excluded)."""
    texts = {normalise(m["text"]) for m in short + long}
    for conversation in conversations:
        texts |= {normalise(t["text"]) for t in conversation["turns"]}
    return {t for t in texts if not t.startswith("/")}


def overlap(bench: set[str], nlu: set[str]) -> dict[str, Any]:
    """Bench texts that also occur in the NLU training data."""
    shared = sorted(bench & nlu)
    failing = [t for t in shared if len(t.split()) >= OVERLAP_MIN_WORDS]
    return {
        "nlu_examples": len(nlu),
        "shared_short": len(shared) - len(failing),
        "failing": failing,
    }


# Read once: every scripted turn is detected with the same lists.
_function_words = functools.cache(load_function_words)


class Framed:
    """A backend read as the bot reads it: the sentence frame decides when it is clear."""

    def __init__(self, backend: Backend) -> None:
        self.name = f"{backend.name} + frame"
        self._backend = backend
        self._words = _function_words()

    def detect(self, text: str) -> Detection:
        """The language and confidence `describe` hands to the action."""
        return detect(text, self._backend, self._words)


def detector(name: str) -> Backend:
    """A backend by name, or the bot's backend with the frame (FRAMED)."""
    return Framed(get_backend(DEFAULT_DETECTOR)) if name == FRAMED else get_backend(name)


def detector_scores(backend_name: str, messages: list[dict]) -> dict[str, Any]:
    """Accuracy (all and unambiguous texts) and mean ms per message for one backend."""
    backend = detector(backend_name)
    backend.detect("warm up")
    started = time.perf_counter()
    results = [backend.detect(m["text"])[0] for m in messages]
    elapsed_ms = (time.perf_counter() - started) * 1000
    right = [r == m["lang"] for r, m in zip(results, messages, strict=True)]
    clear = [ok for ok, m in zip(right, messages, strict=True) if not m.get("ambiguous")]
    wrong = [
        m["text"]
        for ok, m in zip(right, messages, strict=True)
        if not ok and not m.get("ambiguous")
    ]
    return {
        "messages": len(messages),
        "accuracy": round(sum(right) / len(right), 4),
        "accuracy_unambiguous": round(sum(clear) / len(clear), 4),
        "ms_per_message": round(elapsed_ms / len(messages), 4),
        "wrong_unambiguous": wrong,
    }


def paste_ms(backend_name: str) -> float:
    """Mean ms to detect a 10 000-character paste."""
    text = ("ik weet echt niet meer wat ik moet doen met alles wat er gebeurd is " * 160)[:10_000]
    backend = detector(backend_name)
    started = time.perf_counter()
    for _ in range(20):
        backend.detect(text)
    return round((time.perf_counter() - started) * 1000 / 20, 3)


def latest_message(turn: dict, page_language: str | None, backend_name: str) -> dict:
    """The latest_message dict the action would get for one scripted turn."""
    text = turn["text"]
    message: dict[str, Any] = {"text": text, "intent": {"name": None}, "entities": []}
    if page_language:
        message["metadata"] = {"language": page_language}
    payload = _PAYLOAD.match(text)
    if payload:
        message["intent"]["name"] = payload["intent"]
        entities = json.loads(payload["entities"] or "{}")
        message["entities"] = [{"entity": k, "value": v} for k, v in entities.items()]
    elif turn.get("switch"):
        message["intent"]["name"] = "switch_language"
        message["entities"] = [{"entity": "language", "value": turn["switch"]}]
    backend = get_backend(DEFAULT_DETECTOR if backend_name == FRAMED else backend_name)
    words = _function_words() if backend_name == FRAMED else None
    detection = describe(text, backend, None, words)
    if detection is not None:
        message["detected_language"] = detection
    return message


def prepare(conversations: list[dict], backend_name: str) -> list[list[tuple[Any, str]]]:
    """Detect every turn once, so a threshold sweep does not run the detector again."""
    return [
        [
            (
                turn_from_message(latest_message(t, c.get("page_language"), backend_name)),
                t["expect"],
            )
            for t in c["turns"]
        ]
        for c in conversations
    ]


def sticky_scores(prepared: list[list[tuple[Any, str]]], thresholds: Thresholds) -> dict[str, Any]:
    """Per-turn and whole-conversation accuracy of the sticky policy."""
    turns_right = turns = conversations_right = 0
    failed: list[int] = []
    for index, conversation in enumerate(prepared):
        language = source = None
        all_right = True
        for turn, expected in conversation:
            language, source = next_language(
                language=language, source=source, turn=turn, thresholds=thresholds
            )
            turns += 1
            turns_right += language == expected
            all_right &= language == expected
        conversations_right += all_right
        if not all_right:
            failed.append(index)
    return {
        "turn_accuracy": round(turns_right / turns, 4),
        "conversation_accuracy": round(conversations_right / len(prepared), 4),
        "turns": turns,
        "conversations": len(prepared),
        "failed": failed,
    }


def tune(prepared: list[list[tuple[Any, str]]]) -> list[dict[str, Any]]:
    """Score a grid of thresholds; best first."""
    grid = itertools.product(
        (1, 2, 3), (0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9), (3, 4, 5, 6, 7, 8), (0.7, 0.8, 0.9, 0.95)
    )
    rows = []
    for first_words, first_conf, flip_words, flip_conf in grid:
        thresholds = Thresholds(first_words, first_conf, flip_words, flip_conf)
        score = sticky_scores(prepared, thresholds)
        rows.append({"thresholds": thresholds.__dict__, **score})
    return sorted(rows, key=lambda r: (-r["conversation_accuracy"], -r["turn_accuracy"]))


def main(argv: list[str] | None = None) -> int:
    """Run the bench, write JSON, print a table; exit 1 when bench texts leak into NLU data."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "language.json")
    parser.add_argument("--tune", action="store_true", help="also sweep the sticky thresholds")
    args = parser.parse_args(argv)

    short, long = load("short.yml")["messages"], load("long.yml")["messages"]
    conversations = load("conversations.yml")["conversations"]
    leak = overlap(bench_texts(short, long, conversations), nlu_texts())

    report: dict[str, Any] = {"overlap_with_nlu": leak, "detectors": {}, "sticky": {}}
    for name in (*BACKENDS, FRAMED):
        started = time.perf_counter()
        detector(name)
        report["detectors"][name] = {
            "load_ms": round((time.perf_counter() - started) * 1000, 1),
            "short": detector_scores(name, short),
            "long": detector_scores(name, long),
            "paste_10k_ms": paste_ms(name),
        }
        prepared = prepare(conversations, name)
        score = sticky_scores(prepared, Thresholds())
        score["failed"] = [conversations[i]["name"] for i in score["failed"]]
        report["sticky"][name] = {"thresholds": Thresholds().__dict__, **score}
        if args.tune:
            report["sticky"][name]["tuning_top"] = tune(prepared)[:10]
    report["default_detector"] = DEFAULT_DETECTOR

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print_table(report)
    if leak["failing"]:
        print(f"FAIL: {len(leak['failing'])} bench texts also occur in data/nlu/", file=sys.stderr)
        return 1
    return 0


def print_table(report: dict[str, Any]) -> None:
    """Print the headline numbers."""
    print(f"{'detector':<16}{'set':<7}{'acc':>7}{'acc_clear':>11}{'ms/msg':>9}")
    for name, scores in report["detectors"].items():
        for part in ("short", "long"):
            s = scores[part]
            print(
                f"{name:<16}{part:<7}{s['accuracy']:>7.3f}{s['accuracy_unambiguous']:>11.3f}"
                f"{s['ms_per_message']:>9.3f}"
            )
        print(f"{name:<16}{'10k':<7}{'':>18}{scores['paste_10k_ms']:>9.3f}")
    for name, s in report["sticky"].items():
        print(
            f"sticky[{name}] turns {s['turn_accuracy']:.3f} "
            f"conversations {s['conversation_accuracy']:.3f} ({s['conversations']})"
        )
    leak = report["overlap_with_nlu"]
    print(
        f"overlap with data/nlu: {len(leak['failing'])} failing, "
        f"{leak['shared_short']} shared 1-2 word texts ({leak['nlu_examples']} examples)"
    )


if __name__ == "__main__":
    sys.exit(main())
