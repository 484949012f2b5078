"""Understanding: the triage facts read from a message, measured per fact, with and without the
pretrained sentence encoder, on the corpus's held-out split and on the frozen unseen set.

Runs in .venv-rasa:
    .venv-rasa/bin/python -m bench.understanding [--out bench/out/understanding.json]

- `pipeline`: the trained model in models/ (the whole NLU pipeline, as the bot runs it) on the
  frozen unseen first messages (bench/data/unseen/first_messages): crisis recall and false
  alarms, precision/recall/F1 per fact, parse time per message, and every miss by id.
- `encoders`: the fact model alone, trained here on the corpus's training split once per
  encoder (E5 and none: character and word n-grams only), with the same curated phrases,
  numbers and places; scored on the held-out split and on the unseen first messages. This is
  the evidence for keeping the encoder (issue 12: keep it only if it wins on the unseen set).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from bench.frozen_sets import FROZEN_SETS
from bench.nlu_eval import f1
from bench.stats import percentile

ROOT = Path(__file__).resolve().parent.parent
UNSEEN = ROOT / "bench" / "data" / "unseen" / "first_messages"
LANGUAGES = ("nl", "en")
FACTS = ("role", "concerns", "timing", "age_group", "needs", "channel", "region")
CRISIS = ("danger", "suicide")


def load_first_messages(root: Path = UNSEEN) -> list[dict[str, Any]]:
    """The frozen unseen first messages of both languages, each with its language."""
    messages = []
    for language in LANGUAGES:
        path = root / f"{language}.yml"
        raw = yaml.safe_load(path.read_text("utf-8")) or {}
        for item in raw.get("messages") or []:
            messages.append({**item, "language": language, "facts": item.get("facts") or {}})
    return messages


def _gold(facts: Mapping[str, Any], name: str) -> set[str]:
    value = facts.get(name)
    if value is None:
        return set()
    values = value if isinstance(value, list) else [value]
    return {str(v).lower() if name == "region" else str(v) for v in values}


def _crisis_gold(item: Mapping[str, Any]) -> set[str]:
    kind = str(item.get("crisis") or "none")
    return {"danger", "suicide"} if kind == "both" else ({kind} & set(CRISIS))


def score(
    items: list[dict[str, Any]], read: Callable[[str], dict[str, set[str]]]
) -> dict[str, Any]:
    """Crisis recall and false alarms, per-fact F1 and the misses, for `read(text) → facts`."""
    counts = {name: [0, 0, 0] for name in FACTS}  # tp, fp, fn
    crisis_hits = crisis_total = false_alarms = calm = 0
    misses: list[dict[str, Any]] = []
    for item in items:
        found = read(item["text"])
        gold_crisis = _crisis_gold(item)
        got_crisis = {name for name in CRISIS if found.get(name)}
        if gold_crisis:
            crisis_total += 1
            # A crisis counts as reached when the message gets a crisis line at all: danger
            # and suicide both lead to an urgent answer first.
            if got_crisis:
                crisis_hits += 1
            else:
                misses.append({"id": item["id"], "kind": "crisis missed", "gold": item["crisis"]})
        else:
            calm += 1
            if got_crisis:
                false_alarms += 1
                misses.append({"id": item["id"], "kind": "false alarm", "got": sorted(got_crisis)})
        for name in FACTS:
            gold = _gold(item["facts"], name)
            got = (
                {v.lower() for v in found.get(name, set())}
                if name == "region"
                else found.get(name, set())
            )
            tp, fp, fn = len(gold & got), len(got - gold), len(gold - got)
            counts[name][0] += tp
            counts[name][1] += fp
            counts[name][2] += fn
            if fp or fn:
                misses.append(
                    {"id": item["id"], "kind": name, "gold": sorted(gold), "got": sorted(got)}
                )
    return {
        "messages": len(items),
        "crisis_messages": crisis_total,
        "crisis_recall": round(crisis_hits / crisis_total, 4) if crisis_total else None,
        "crisis_missed": crisis_total - crisis_hits,
        "calm_messages": calm,
        "false_alarms": false_alarms,
        "false_alarm_share": round(false_alarms / calm, 4) if calm else None,
        "facts": {name: f1(*counts[name]) for name in FACTS},
        "misses": misses,
    }


def _as_facts(entities: Iterable[Mapping[str, Any]], extractor: str) -> dict[str, set[str]]:
    facts: dict[str, set[str]] = {}
    for entity in entities:
        if entity.get("extractor") == extractor:
            facts.setdefault(str(entity["entity"]), set()).add(str(entity["value"]))
    return facts


def pipeline(
    items: list[dict[str, Any]], later: Mapping[str, Sequence[dict[str, Any]]] = {}
) -> dict[str, Any]:
    """The trained model as the bot runs it, on the unseen first messages."""
    from bench.rasa_model import load, newest_model
    from bot.understanding.component import EXTRACTOR_NAME

    model = newest_model()
    agent, load_s = load(model)
    loop = asyncio.new_event_loop()
    times: list[float] = []
    crisis_intents = {"express_danger": "danger", "express_suicidal_thoughts": "suicide"}

    def read(text: str) -> dict[str, set[str]]:
        started = time.perf_counter()
        parsed = loop.run_until_complete(agent.parse_message(text))
        times.append((time.perf_counter() - started) * 1000)
        facts = _as_facts(parsed["entities"], EXTRACTOR_NAME)
        # The crisis decision of the message sets the intent (bot/understanding/component.py).
        kind = crisis_intents.get(parsed["intent"]["name"])
        if kind:
            facts.setdefault(kind, set()).add("yes")
        return facts

    for warm_up in ("hallo", "hello", "ik weet het niet"):
        read(warm_up)
    times.clear()
    result = {
        "model": model.name,
        "model_mb": round(model.stat().st_size / 2**20, 1),
        "load_s": round(load_s, 1),
        **score(items, read),
    }
    for name, set_items in later.items():
        result[name] = score(list(set_items), read)
    result["parse_ms"] = {
        "p50": percentile(times, 0.5),
        "p95": percentile(times, 0.95),
        "max": round(max(times), 1) if times else None,
    }
    loop.close()
    return result


def encoders(
    items: list[dict[str, Any]],
    names: Iterable[str] = ("e5", "none"),
    later: Mapping[str, Sequence[dict[str, Any]]] = {},
) -> dict[str, Any]:
    """The fact model trained per encoder; scored on the held-out split and the unseen set."""
    from bot.understanding import corpus, encoder, numbers, places
    from bot.understanding.decide import decide, message_probs
    from bot.understanding.phrases import PhraseBook

    contract = corpus.load_contract()
    train = corpus.training_set()
    test = [e for e in corpus.load() if e.held_out]
    held_out = [
        {"id": f"held_out_{i}", "text": e.text, "facts": dict(e.facts), "crisis": _kind(e.facts)}
        for i, e in enumerate(test)
    ]
    book = PhraseBook.load(codes={k: v.get("codes", []) for k, v in contract.items()})
    reader, finder = numbers.load(), places.load()
    results: dict[str, Any] = {"train_examples": len(train), "held_out_examples": len(test)}
    for name in names:
        model_encoder = encoder.get_encoder(name)
        fact_model, train_s, cached = _fitted(name, model_encoder, contract, train)

        def read(text: str, fm: Any = fact_model, enc: Any = model_encoder) -> dict:
            vector = enc.encode([encoder.encoder_text(text)])
            probs = message_probs(
                fm, text, vector, lambda parts: enc.encode([encoder.encoder_text(p) for p in parts])
            )
            facts = decide(text=text, heads=fm.heads, probs=probs, thresholds=fm.thresholds,
                           phrases=book.match(text), numbers=reader, places=finder)  # fmt: skip
            found: dict[str, set[str]] = {}
            for fact in facts:
                found.setdefault(fact.name, set()).add(fact.value)
            return found

        results[name] = {
            "train_s": round(train_s, 1),
            "model_from_cache": cached,
            "held_out": _summary(score(held_out, read)),
            "unseen": score(items, read),
        }
        for set_name, set_items in later.items():
            results[name][set_name] = _summary(score(list(set_items), read))
    return results


def _fitted(
    name: str, model_encoder: Any, contract: Mapping[str, Any], train: Sequence[Any]
) -> tuple[Any, float, bool]:
    """The fact model of one encoder on the training split: (model, training seconds, cached).

    Fitting both comparison models takes most of this part's time, and they change only when
    the corpus, the phrases, the contract, the understanding code or the encoder's engine
    change. So a fitted model is kept on disk under the digest of all of those (the model's own
    fingerprint, bot/understanding/component.py) and reused while it holds. Training data
    only: no chat text ever reaches this cache.
    """
    import pickle

    from bot.understanding import encoder
    from bot.understanding.component import data_digest
    from bot.understanding.model import FactModel

    key = f"{name}-{data_digest()}-{encoder.engine_digest()}-{len(train)}"
    path = encoder.CORPUS_CACHE / f"bench-facts-{key}.pkl"
    if path.exists():
        stored = pickle.loads(path.read_bytes())  # noqa: S301 (written below, by this function)
        return stored["model"], stored["train_s"], True
    started = time.perf_counter()
    dense = encoder.encode_corpus(model_encoder, [e.text for e in train])
    fact_model = FactModel(contract)
    fact_model.fit(
        [e.text for e in train], [e.facts for e in train], dense, [e.crisis_only for e in train]
    )
    train_s = time.perf_counter() - started
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob(f"bench-facts-{name}-*.pkl"):
        old.unlink()  # one model per encoder: an older corpus's model is never read again
    path.write_bytes(pickle.dumps({"model": fact_model, "train_s": train_s}))
    return fact_model, train_s, False


def _kind(facts: Mapping[str, Any]) -> str:
    danger, suicide = "danger" in facts, "suicide" in facts
    return (
        "both" if danger and suicide else "danger" if danger else "suicide" if suicide else "none"
    )


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in result.items() if k != "misses"}


def main(argv: list[str] | None = None) -> int:
    """Command line: both measurements, written as one JSON file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "understanding.json")
    parser.add_argument("--skip-encoders", action="store_true", help="only the trained pipeline")
    args = parser.parse_args(argv)
    items = load_first_messages()
    later = {n: load_first_messages(p) for n, p in FROZEN_SETS.items() if p.is_dir()}
    report: dict[str, Any] = {
        "unseen_messages": len(items),
        **{f"{name}_messages": len(set_items) for name, set_items in later.items()},
        "pipeline": pipeline(items, later),
    }
    if not args.skip_encoders:
        report["encoders"] = encoders(items, later=later)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(json.dumps(_summary(report["pipeline"]), indent=2))
    for name in later:
        print(name, json.dumps(_summary(report["pipeline"][name]), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
