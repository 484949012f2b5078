"""The labelled fact corpus (data/facts/corpus/{nl,en}/*.yml): load, check, split (pure)."""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT / "contracts" / "facts.yml"
CORPUS = ROOT / "data" / "facts" / "corpus"
NLU = ROOT / "data" / "nlu"
# Dialogue acts whose training examples (data/nlu) never tell of violence or crisis: a goodbye,
# "start over", "other places?", "calling is fine". They teach the crisis heads what the calm
# short turns of a conversation look like (without them "bye for now" read as suicide). The
# acts about the violence itself (inform_concern, inform_timing, inform_role, inform_need) and
# the crisis acts stay out: they are labelled for other things than crisis.
CALM_ACTS = (
    "greet", "goodbye", "thank", "affirm", "deny", "skip", "dont_know", "restart",
    "request_summary", "request_more_options", "ask_bot", "ask_privacy", "ask_quick_exit",
    "ask_help", "out_of_scope", "switch_language", "inform_channel", "inform_region", "inform_age",
)  # fmt: skip
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")
LANGUAGES = ("nl", "en")
# One example in seven is held out for testing, chosen by a stable hash of its text.
TEST_SHARE = 7


@dataclass(frozen=True)
class Example:
    """One labelled message."""

    text: str
    language: str
    facts: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""
    # True for a calm dialogue act (CALM_ACTS): it counts for the crisis heads only, since
    # nobody labelled its other facts.
    crisis_only: bool = False

    @property
    def held_out(self) -> bool:
        """True for the examples of the test split."""
        digest = hashlib.sha256(" ".join(self.text.lower().split()).encode()).digest()
        return digest[0] % TEST_SHARE == 0


def load_contract(path: Path = CONTRACT) -> dict[str, dict[str, Any]]:
    """The fact codes, by fact name."""
    return dict(yaml.safe_load(path.read_text("utf-8"))["facts"])


def code(value: Any) -> Any:
    """A code as written in YAML: an unquoted 12_17 is read as the number 1217."""
    if isinstance(value, list):
        return [code(v) for v in value]
    if value == 1217 and not isinstance(value, bool):
        return "12_17"
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def check_facts(facts: Any, contract: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """What is wrong with one example's facts, in words (empty when they are sound)."""
    if not isinstance(facts, dict):
        return ["facts must be a mapping"]
    problems = []
    for name, value in facts.items():
        value = code(value)
        spec = contract.get(name)
        if spec is None:
            problems.append(f"unknown fact {name!r}")
            continue
        kind = spec["kind"]
        if kind == "text":
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{name} must be the place as typed")
        elif kind == "many":
            values = value if isinstance(value, list) else None
            if not values:
                problems.append(f"{name} must be a non-empty list")
            else:
                wrong = [v for v in values if v not in spec["codes"]]
                if wrong or len(set(values)) != len(values):
                    problems.append(
                        f"{name}: {wrong or 'repeated codes'} (allowed {spec['codes']})"
                    )
        elif str(value) not in spec["codes"]:
            problems.append(f"{name}: {value!r} (allowed {spec['codes']})")
    return problems


def load_file(path: Path, contract: Mapping[str, Mapping[str, Any]]) -> list[Example]:
    """The examples of one corpus file; raises ValueError naming every problem."""
    raw = yaml.safe_load(path.read_text("utf-8")) or {}
    language = raw.get("language")
    if language not in LANGUAGES or path.parent.name != language:
        raise ValueError(f"{path}: language must be {path.parent.name!r}")
    examples, problems = [], []
    for index, item in enumerate(raw.get("examples") or []):
        text = item.get("text") if isinstance(item, dict) else None
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{path.name} #{index}: text missing")
            continue
        facts = item.get("facts", {}) or {}
        problems += [
            f"{path.name} #{index} {text[:40]!r}: {p}" for p in check_facts(facts, contract)
        ]
        facts = {
            k: (str(code(v)) if not isinstance(v, list) else [str(x) for x in code(v)])
            for k, v in facts.items()
        }
        examples.append(Example(text=text, language=language, facts=facts, source=path.stem))
    if problems:
        raise ValueError("\n".join(problems))
    return examples


def load(languages: Iterable[str] = LANGUAGES, root: Path = CORPUS) -> list[Example]:
    """Every example of the corpus, in file order."""
    contract = load_contract()
    examples: list[Example] = []
    for language in languages:
        for path in sorted((root / language).glob("*.yml")):
            examples += load_file(path, contract)
    return examples


def load_calm_acts(languages: Iterable[str] = LANGUAGES, root: Path = NLU) -> list[Example]:
    """The examples of the calm dialogue acts in Rasa's NLU data, as calm crisis-only examples
    (entity annotations removed)."""
    return load_nlu_examples(languages, root, CALM_ACTS)


def load_nlu_examples(
    languages: Iterable[str] = LANGUAGES, root: Path = NLU, acts: Iterable[str] | None = None
) -> list[Example]:
    """The examples of Rasa's NLU data (of the given dialogue acts, or all), entity
    annotations removed, as crisis-only examples with their language."""
    wanted = None if acts is None else set(acts)
    examples: list[Example] = []
    for language in languages:
        for path in sorted((root / language).glob("*.yml")):
            for item in (yaml.safe_load(path.read_text("utf-8")) or {}).get("nlu") or []:
                if "intent" not in item or (wanted is not None and item["intent"] not in wanted):
                    continue
                for line in str(item.get("examples") or "").splitlines():
                    text = ANNOTATION.sub(r"\1", line.strip().removeprefix("- ")).strip()
                    source = f"nlu:{item['intent']}"
                    if text:
                        examples.append(Example(text, language, source=source, crisis_only=True))
    return examples


def training_set() -> list[Example]:
    """What the fact model learns from: the corpus and the calm dialogue acts, without the
    held-out split."""
    return [e for e in load() + load_calm_acts() if not e.held_out]


def main(paths: list[str]) -> int:
    """Check corpus files (all when none given) and print counts per file and fact."""
    contract = load_contract()
    files = [Path(p) for p in paths] or sorted(CORPUS.glob("*/*.yml"))
    status = 0
    for path in files:
        try:
            examples = load_file(path.resolve(), contract)
        except (ValueError, yaml.YAMLError) as exc:
            print(f"FAIL {path}\n{exc}")
            status = 1
            continue
        counts: dict[str, int] = {}
        for example in examples:
            for name, value in example.facts.items():
                for code in value if isinstance(value, list) else [value]:
                    key = f"{name}={code}" if name != "region" else name
                    counts[key] = counts.get(key, 0) + 1
        empty = sum(1 for e in examples if not e.facts)
        texts = [" ".join(e.text.lower().split()) for e in examples]
        repeated = len(texts) - len(set(texts))
        print(f"ok   {path}: {len(examples)} examples, {empty} without facts, {repeated} repeated")
        print("     " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
