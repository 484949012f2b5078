"""Training data, domain and responses: both languages mirrored, nothing Rasa warns about."""

from __future__ import annotations

import copy
import functools
import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
NLU = ROOT / "data" / "nlu"
LANGUAGES = ("nl", "en")
EN_CONDITION = [{"type": "slot", "name": "language", "value": "en"}]
# Rasa's validator wants every response in a story or rule. Responses that only actions
# send (by name) or that the form asks (utter_ask_<slot>) cannot be: they are checked here
# instead, against the action code and the form's slots.
UNUSED_WARNING = re.compile(
    r"The utterance '(utter_[a-z0-9_]+)' is not used in any story or rule\."
)


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _intents(language: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((NLU / language).glob("*.yml")):
        found[path.name] = {
            item["intent"] for item in _yaml(path).get("nlu", []) if "intent" in item
        }
    return found


def _domain() -> dict:
    # Read once per test run (the YAML parse is the slow part); each caller gets its own copy.
    return copy.deepcopy(_read_domain())


@functools.cache
def _read_domain() -> dict:
    merged: dict = {"responses": {}, "intents": [], "slots": {}, "forms": {}}
    for path in sorted((ROOT / "domain").rglob("*.yml")):
        data = _yaml(path)
        merged["responses"].update(data.get("responses") or {})
        merged["intents"] += data.get("intents") or []
        merged["slots"].update(data.get("slots") or {})
        merged["forms"].update(data.get("forms") or {})
    return merged


def _names_in_actions() -> set[str]:
    code = "\n".join(p.read_text() for p in (ROOT / "actions").glob("*.py"))
    # "utter_action" is the key Rasa uses in bot-message metadata, not a response.
    return set(re.findall(r"\"(utter_[a-z0-9_]+)\"", code)) - {"utter_action"}


def test_languages_have_mirrored_nlu_files_with_the_same_intents():
    nl, en = _intents("nl"), _intents("en")
    assert sorted(nl) == sorted(en)
    for name in nl:
        assert nl[name] == en[name], name


def test_domain_lists_exactly_the_intents_of_the_training_data():
    trained = set().union(*_intents("nl").values())
    assert set(_domain()["intents"]) == trained


def _is_english(variant: dict) -> bool:
    return EN_CONDITION[0] in (variant.get("condition") or [])


def _chosen(variants: list[dict], slots: dict[str, str]) -> list[dict]:
    """The variants Rasa picks from for these slot values: the conditional ones whose every
    condition holds, else the ones without a condition."""
    conditional = [
        v
        for v in variants
        if v.get("condition") and all(slots.get(c["name"]) == c["value"] for c in v["condition"])
    ]
    return conditional or [v for v in variants if not v.get("condition")]


def _pairs(name: str, variants: list[dict]) -> list[tuple[dict, dict]]:
    """(Dutch, English) variant for every value of the other slots a response's conditions
    name (utter_suicide's suicide_about), each checked to be the one Rasa would pick."""
    slots = _domain()["slots"]
    others = sorted({c["name"] for v in variants for c in v.get("condition") or []} - {"language"})
    pairs = []
    for values in itertools.product(*[slots[other]["values"] for other in others]):
        given = dict(zip(others, values, strict=True))
        picked = []
        for language in LANGUAGES:
            chosen = _chosen(variants, {"language": language, **given})
            assert len(chosen) == 1, f"{name} {language} {given}: {len(chosen)} variants"
            assert _is_english(chosen[0]) == (language == "en"), f"{name} {language} {given}"
            picked.append(chosen[0])
        pairs.append((picked[0], picked[1]))
    return pairs


def test_every_response_has_a_dutch_default_and_an_english_variant():
    # Also a response with more words than one per language (the 113 line for someone who
    # worries about another): whatever the slots hold, Rasa picks exactly one variant, in the
    # person's language, and no variant is left that no one can ever get.
    for name, variants in _domain()["responses"].items():
        defaults = [v for v in variants if not v.get("condition")]
        assert len(defaults) == 1 and not _is_english(defaults[0]), name
        pairs = _pairs(name, variants)
        reachable = [id(v) for pair in pairs for v in pair]
        assert all(id(v) in reachable for v in variants), name


def test_the_113_line_for_someone_else_speaks_to_the_person_who_worries():
    variants = _domain()["responses"]["utter_suicide"]
    values = _domain()["slots"]["suicide_about"]["values"]
    by_whom = dict(zip(values, _pairs("", variants), strict=True))
    assert set(by_whom) == {"self", "other"}
    for whom, words in (("other", ("zorgen", "worry")), ("self", ("niet alleen", "not alone"))):
        for variant, word in zip(by_whom[whom], words, strict=True):
            assert word in variant["text"], (whom, variant["text"])


def test_no_response_slot_or_intent_is_defined_in_two_domain_files():
    # Rasa merges the domain files silently: a second `utter_understood` replaced the first
    # one's words without a warning.
    seen: dict[str, str] = {}
    for path in sorted((ROOT / "domain").rglob("*.yml")):
        data = _yaml(path)
        for section in ("responses", "slots", "forms", "actions"):
            block = data.get(section) or {}
            for name in block:
                key = f"{section}:{name}"
                assert key not in seen, f"{key} in {seen.get(key)} and {path.name}"
                seen[key] = path.name


def test_english_and_dutch_variants_offer_the_same_buttons_and_links():
    for name, variants in _domain()["responses"].items():
        for dutch, english in _pairs(name, variants):
            pair = (dutch, english)
            payloads = [[b["payload"] for b in v.get("buttons", [])] for v in pair]
            assert payloads[0] == payloads[1], name
            urls = [
                [link["url"] for link in (v.get("custom") or {}).get("links", [])] for v in pair
            ]
            assert urls[0] == urls[1], name


def test_every_question_can_be_skipped():
    responses = _domain()["responses"]
    questions = [n for n in responses if n.startswith("utter_ask_")]
    assert questions
    for name in questions:
        for variant in responses[name]:
            assert "/skip" in [b["payload"] for b in variant.get("buttons", [])], name


def test_dutch_uses_je_and_nothing_says_too_late():
    for name, variants in _domain()["responses"].items():
        for variant in variants:
            text = variant["text"]
            if _is_english(variant):
                assert "too late" not in text.lower(), name
            else:
                assert not re.search(r"\b(u|uw)\b", text, re.IGNORECASE), name
                assert "te laat" not in text.lower(), name


def test_every_response_the_actions_send_exists():
    assert _names_in_actions() <= set(_domain()["responses"])


def test_rasa_data_validate_has_no_errors_or_warnings():
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "data", "validate",
         "--domain", "domain", "--data", "data", "--config", "config.yml"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    form_questions = {
        f"utter_ask_{slot}" for slot in _domain()["forms"]["triage_form"]["required_slots"]
    }
    allowed = _names_in_actions() | form_questions
    problems = []
    for line in output.splitlines():
        unused = UNUSED_WARNING.search(line)
        if unused:
            if unused.group(1) not in allowed:
                problems.append(line)
        elif re.search(r"UserWarning|\bWARNING\b|\bERROR\b", line):
            problems.append(line)
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_conversation_tests_are_mirrored_and_at_least_twenty(language):
    here = ROOT / "tests" / "conversations" / language
    other = ROOT / "tests" / "conversations" / ("en" if language == "nl" else "nl")
    assert sorted(p.name for p in here.glob("*.yml")) == sorted(p.name for p in other.glob("*.yml"))
    stories = [s for p in here.glob("*.yml") for s in _yaml(p).get("stories", [])]
    assert len(stories) >= 20


def test_the_calm_dialogue_acts_the_crisis_heads_learn_from_are_plain_and_calm():
    from bot.understanding import corpus

    acts = corpus.load_calm_acts()
    assert len(acts) > 500 and all(a.crisis_only and not a.facts for a in acts)
    # Entity annotations such as [utrecht](region) are removed, the words kept.
    assert not [a.text for a in acts if "](" in a.text or "]{" in a.text]
    assert {a.source.removeprefix("nlu:") for a in acts} <= set(corpus.CALM_ACTS)
    assert not {"express_danger", "express_suicidal_thoughts"} & set(corpus.CALM_ACTS)
    # Only the crisis heads see them, and the held-out split is never trained on.
    assert all(not e.held_out for e in corpus.training_set())
