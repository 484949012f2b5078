"""Understanding: intent accuracy, macro-F1 and entity F1 on the held-out NLU test set.

Runs in .venv-rasa: .venv-rasa/bin/python -m bench.nlu_eval [--out bench/out/nlu.json]
The test set (tests/nlu/{nl,en}/test.yml) is never trained on.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from bench.rasa_model import load, newest_model, quiet

ROOT = Path(__file__).resolve().parent.parent
TEST_SETS = {"nl": ROOT / "tests/nlu/nl/test.yml", "en": ROOT / "tests/nlu/en/test.yml"}
TRIAGE_ENTITIES = ("role", "concern", "timing", "age", "need", "region", "channel")
WORST = 5


def f1(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    """Precision, recall and F1 from counts (0 when undefined)."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(score, 4),
        "support": tp + fn,
    }


def intent_scores(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Accuracy, macro-F1 over the gold intents, per-intent F1 and the worst intents."""
    labels = sorted({gold for gold, _ in pairs})
    per_intent = {}
    for label in labels:
        tp = sum(g == label and p == label for g, p in pairs)
        fp = sum(g != label and p == label for g, p in pairs)
        fn = sum(g == label and p != label for g, p in pairs)
        per_intent[label] = f1(tp, fp, fn)
    confusions: dict[str, Counter[str]] = defaultdict(Counter)
    for gold, predicted in pairs:
        if gold != predicted:
            confusions[gold][predicted] += 1
    worst = sorted(labels, key=lambda label: (per_intent[label]["f1"], label))[:WORST]
    return {
        "examples": len(pairs),
        "accuracy": round(sum(g == p for g, p in pairs) / len(pairs), 4) if pairs else None,
        "macro_f1": round(sum(s["f1"] for s in per_intent.values()) / len(labels), 4)
        if labels
        else None,
        "fallback_share": round(sum(p == "nlu_fallback" for _, p in pairs) / len(pairs), 4)
        if pairs
        else None,
        "per_intent": per_intent,
        "worst": [
            {
                "intent": label,
                **per_intent[label],
                "confused_with": dict(confusions[label].most_common(3)),
            }
            for label in worst
        ],
    }


def _spans(entities: list[dict[str, Any]]) -> Counter[tuple[str, int, int]]:
    return Counter(
        (e["entity"], int(e["start"]), int(e["end"]))
        for e in entities
        if e.get("entity") in TRIAGE_ENTITIES
    )


def _values(entities: list[dict[str, Any]], synonyms: dict[str, str]) -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    for e in entities:
        if e.get("entity") in TRIAGE_ENTITIES:
            value = str(e.get("value", "")).lower()
            found[(e["entity"], synonyms.get(value, value).lower())] += 1
    return found


def entity_scores(
    gold_pred: list[tuple[list[dict[str, Any]], list[dict[str, Any]]]], synonyms: dict[str, str]
) -> dict[str, Any]:
    """Per triage entity: exact-span P/R/F1, and value P/R/F1 (after the synonym mapping)."""
    counts: dict[str, dict[str, list[int]]] = {
        kind: {e: [0, 0, 0] for e in TRIAGE_ENTITIES} for kind in ("span", "value")
    }
    for gold, predicted in gold_pred:
        for kind, (g, p) in (
            ("span", (_spans(gold), _spans(predicted))),
            ("value", (_values(gold, synonyms), _values(predicted, synonyms))),
        ):
            for key in set(g) | set(p):
                entity = key[0]
                matched = min(g[key], p[key])
                counts[kind][entity][0] += matched
                counts[kind][entity][1] += p[key] - matched
                counts[kind][entity][2] += g[key] - matched
    result: dict[str, Any] = {}
    for kind, per_entity in counts.items():
        totals = [sum(c[i] for c in per_entity.values()) for i in range(3)]
        result[kind] = {
            "micro": f1(*totals),
            "per_entity": {e: f1(*c) for e, c in per_entity.items() if c[0] + c[1] + c[2]},
        }
    return result


async def evaluate(agent: Any, path: Path, synonyms: dict[str, str]) -> dict[str, Any]:
    """Parse every test example of one language and score intents and entities."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    pairs, entity_pairs, seconds = [], [], []
    for example in data.intent_examples:
        text = example.get("text")
        started = time.perf_counter()
        parsed = await agent.parse_message(text)
        seconds.append(time.perf_counter() - started)
        pairs.append((example.get("intent"), (parsed.get("intent") or {}).get("name")))
        entity_pairs.append((example.get("entities") or [], parsed.get("entities") or []))
    return {
        "intents": intent_scores(pairs),
        "entities": entity_scores(entity_pairs, synonyms),
        "parse_ms_mean": round(1000 * sum(seconds) / len(seconds), 2) if seconds else None,
    }


def training_synonyms() -> dict[str, str]:
    """The entity synonyms of the training data (lower-cased text -> value)."""
    from rasa.shared.nlu.training_data.loading import load_data

    synonyms: dict[str, str] = {}
    for path in sorted((ROOT / "data" / "nlu").rglob("*.yml")):
        synonyms.update(load_data(str(path)).entity_synonyms)
    return {k.lower(): v for k, v in synonyms.items()}


async def evaluate_all(agent: Any, model: Path, load_seconds: float) -> dict[str, Any]:
    """Both languages with an agent that is already loaded."""
    synonyms = training_synonyms()
    languages = {lang: await evaluate(agent, path, synonyms) for lang, path in TEST_SETS.items()}
    return {"model": model.name, "load_s": round(load_seconds, 1), "languages": languages}


async def run() -> dict[str, Any]:
    """Load the newest model and evaluate both languages."""
    model = newest_model()
    agent, load_seconds = load(model)
    return await evaluate_all(agent, model, load_seconds)


def main(argv: list[str] | None = None) -> int:
    """Command line: evaluate and write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "nlu.json")
    args = parser.parse_args(argv)
    quiet()
    report = asyncio.run(run())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    for lang, scores in report["languages"].items():
        intents, entities = scores["intents"], scores["entities"]["span"]["micro"]
        print(
            f"{lang}: intent accuracy {intents['accuracy']}, macro-F1 {intents['macro_f1']}, "
            f"entity F1 {entities['f1']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
