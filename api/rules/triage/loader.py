"""Read the rule set (rules.yml, or its stored JSON) into Rules, naming the rule and the field
of every error, and checking every contact point id against the landscape."""

import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from api.rules.triage.conditions import parse_condition
from api.rules.triage.document import RulesInvalid, checksum, read
from api.rules.triage.model import (
    FACT_VALUES,
    Condition,
    Question,
    Rule,
    RuleSet,
    Settings,
    Text,
    Weights,
)

TAXONOMIES = ("role", "violence_type", "phase", "age_group", "need")
PHASES = frozenset({"acute", "within_7_days", "longer_ago", "ongoing"})
EFFECTS = frozenset(
    {
        "urgent",
        "urgent_lines",
        "pin_first",
        "boost",
        "penalise",
        "boost_serving",
        "forbid",
        "also_possible",
        "reasons",
        "general",
    }
)
RULE_KEYS = EFFECTS | {"name", "description", "source", "when"}
# Numbers and addresses come from the contact point data, never from a rule's prose.
NUMBER_OR_URL = re.compile(r"\b(?:0\d{2,3}[-\s]?\d{2,}|11[23])\b|https?://|www\.")


__all__ = ["RulesInvalid", "load_file", "parse"]


def load_file(path: Path, known_ids: Collection[str] | None = None) -> RuleSet:
    """Read and validate a rules.yml file."""
    return parse(read(path), known_ids)


def parse(document: Mapping[str, Any], known_ids: Collection[str] | None = None) -> RuleSet:
    """Validate a rule set document; raise RulesInvalid listing every error."""
    errors: list[str] = []
    version = document.get("version")
    if not isinstance(version, str) or not version.strip():
        errors.append("version: give the rule set a version text, e.g. '2026-11-29.1'")
    unknown = set(document) - {"version", "settings", "rules"}
    if unknown:
        errors.append(f"unknown top-level key(s): {', '.join(sorted(unknown))}")
    settings = _settings(document.get("settings") or {}, errors)
    raw_rules = document.get("rules")
    rules: list[Rule] = []
    if not isinstance(raw_rules, list) or not raw_rules:
        errors.append("rules: expected a non-empty list of rules")
        raw_rules = []
    names: set[str] = set()
    for position, raw in enumerate(raw_rules, start=1):
        rule = _rule(raw, position, errors)
        if rule is None:
            continue
        if rule.name in names:
            errors.append(f"rule '{rule.name}': name: used twice")
        names.add(rule.name)
        rules.append(rule)
    _cross_check(settings, rules, known_ids, errors)
    raw_settings = document.get("settings")
    questions = _questions(
        raw_settings.get("questions") if isinstance(raw_settings, dict) else None, errors
    )
    if errors:
        raise RulesInvalid(errors)
    return RuleSet(str(version), checksum(document), settings, tuple(rules), questions)


# The facts the bot can ask about (the rest are derived or said without being asked).
ASKABLE = ("role", "concerns", "danger_now", "timing", "age_group", "needs", "prefer_channel",
           "region")  # fmt: skip


def _questions(raw: Any, errors: list[str]) -> tuple[Question, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        errors.append("questions: expected a list of {fact, when?}")
        return ()
    questions: list[Question] = []
    for position, item in enumerate(raw, start=1):
        where = f"questions: {position}"
        if not isinstance(item, dict) or item.get("fact") not in ASKABLE:
            errors.append(f"{where}: fact: one of {', '.join(ASKABLE)}")
            continue
        for key in sorted(set(item) - {"fact", "when", "unless", "compare"}):
            errors.append(f"{where}: '{key}' is not a question field (fact, when, unless, compare)")
        when = parse_condition(item["when"], f"{where}: when", errors) if "when" in item else None
        unless = (
            parse_condition(item["unless"], f"{where}: unless", errors)
            if "unless" in item
            else None
        )
        compare = str(item.get("compare", "first"))
        if compare not in ("first", "shown"):
            errors.append(f"{where}: compare: 'first' or 'shown'")
        if any(q.fact == item["fact"] for q in questions):
            errors.append(f"{where}: fact: '{item['fact']}' is asked twice")
        questions.append(
            Question(fact=str(item["fact"]), when=when, unless=unless, compare=compare)
        )
    return tuple(questions)


def _ids(value: Any, where: str, errors: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.append(f"{where}: expected a list of contact point ids")
        return ()
    return tuple(value)


def _settings(raw: Any, errors: list[str]) -> Settings:
    if not isinstance(raw, dict):
        errors.append("settings: expected a mapping")
        return Settings()
    try:
        weights = Weights(**(raw.get("weights") or {}))
        phases = {
            timing: frozenset(codes) for timing, codes in (raw.get("phase_matches") or {}).items()
        }
        named = _ids(raw.get("only_when_named"), "settings: only_when_named", errors)
        fallback = _ids(raw.get("reachable_fallback"), "settings: reachable_fallback", errors)
        settings = Settings(
            max_recommendations=int(raw.get("max_recommendations", 3)),
            max_also_possible=int(raw.get("max_also_possible", 5)),
            max_reasons=int(raw.get("max_reasons", 4)),
            recommend_from=int(raw.get("recommend_from", 4)),
            weights=weights,
            only_when_named=frozenset(named),
            reachable_fallback=fallback,
            phase_matches=phases,
        )
    except (TypeError, ValueError) as exc:
        errors.append(f"settings: {exc}")
        return Settings()
    for timing, codes in settings.phase_matches.items():
        if timing not in FACT_VALUES["timing"] or not codes <= PHASES:
            errors.append(f"settings: phase_matches: '{timing}': use timings and phase codes")
    if not settings.reachable_fallback:
        errors.append("settings: reachable_fallback: name at least one line that is open 24/7")
    return settings


def _text(raw: Any, where: str, errors: list[str]) -> Text | None:
    if not isinstance(raw, dict) or not all(
        isinstance(raw.get(k), str) and raw[k].strip() for k in ("nl", "en")
    ):
        errors.append(f"{where}: expected a text with 'nl' and 'en'")
        return None
    for language in ("nl", "en"):
        if NUMBER_OR_URL.search(raw[language]):
            errors.append(
                f"{where}: {language}: no phone numbers or web addresses in reasons "
                "(the contact point data gives them)"
            )
    return Text(nl=raw["nl"].strip(), en=raw["en"].strip())


def _weights(raw: Any, where: str, errors: list[str], sign: int) -> tuple[tuple[str, int], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict) or not all(isinstance(w, int) and w > 0 for w in raw.values()):
        errors.append(f"{where}: expected contact point ids with a positive whole number")
        return ()
    return tuple((point_id, sign * weight) for point_id, weight in raw.items())


def _serving(raw: Any, where: str, errors: list[str]) -> tuple[tuple[str, str, int], ...]:
    items: list[tuple[str, str, int]] = []
    for entry in raw or []:
        if (
            not isinstance(entry, dict)
            or entry.get("taxonomy") not in TAXONOMIES
            or not isinstance(entry.get("code"), str)
            or not isinstance(entry.get("weight"), int)
        ):
            errors.append(
                f"{where}: expected entries {{taxonomy, code, weight}} "
                f"with a taxonomy of {', '.join(TAXONOMIES)}"
            )
            continue
        items.append((entry["taxonomy"], entry["code"], entry["weight"]))
    return tuple(items)


def _rule(raw: Any, position: int, errors: list[str]) -> Rule | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        errors.append(f"rule {position}: name: every rule needs a name")
        return None
    name = raw["name"]
    where = f"rule '{name}'"
    if not re.fullmatch(r"[a-z0-9_]+", name):
        errors.append(f"{where}: name: use lower case snake_case")
    for key in sorted(set(raw) - RULE_KEYS):
        errors.append(
            f"{where}: '{key}' is not a rule field (fields: {', '.join(sorted(RULE_KEYS))})"
        )
    for key in ("description", "source"):
        if not isinstance(raw.get(key), str) or not raw[key].strip() or "\n" in raw[key].strip():
            errors.append(f"{where}: {key}: write one line")
    if not EFFECTS & set(raw):
        errors.append(f"{where}: the rule has no effect ({', '.join(sorted(EFFECTS))})")
    urgent = raw.get("urgent")
    if urgent not in (None, "danger", "suicide"):
        errors.append(f"{where}: urgent: '{urgent}' is not danger or suicide")
    lines = _ids(raw.get("urgent_lines"), f"{where}: urgent_lines", errors)
    if bool(urgent) != bool(lines):
        errors.append(f"{where}: urgent and urgent_lines go together")
    reasons = []
    for point_id, text in (raw.get("reasons") or {}).items():
        parsed = _text(text, f"{where}: reasons: {point_id}", errors)
        if parsed:
            reasons.append((str(point_id), parsed))
    return Rule(
        name=name,
        description=str(raw.get("description", "")).strip(),
        source=str(raw.get("source", "")).strip(),
        when=parse_condition(raw["when"], f"{where}: when", errors)
        if "when" in raw
        else Condition(op="all"),
        urgent=urgent if isinstance(urgent, str) else None,
        urgent_lines=lines,
        pin_first=_ids(raw.get("pin_first"), f"{where}: pin_first", errors),
        boost=_weights(raw.get("boost"), f"{where}: boost", errors, 1)
        + _weights(raw.get("penalise"), f"{where}: penalise", errors, -1),
        boost_serving=_serving(raw.get("boost_serving"), f"{where}: boost_serving", errors),
        forbid=_ids(raw.get("forbid"), f"{where}: forbid", errors),
        also_possible=_ids(raw.get("also_possible"), f"{where}: also_possible", errors),
        reasons=tuple(reasons),
        general=raw.get("general") is True,
    )


def _cross_check(
    settings: Settings, rules: list[Rule], known: Collection[str] | None, errors: list[str]
) -> None:
    crisis = {line for rule in rules for line in rule.urgent_lines}
    for rule in rules:
        for point_id in sorted(set(rule.forbid) & crisis):
            errors.append(
                f"rule '{rule.name}': forbid: '{point_id}' is a crisis line and is never forbidden"
            )
        if known is not None:
            for point_id in sorted(rule.named_points() - set(known)):
                errors.append(f"rule '{rule.name}': '{point_id}' is not an active contact point")
    if known is not None:
        named = set(settings.only_when_named) | set(settings.reachable_fallback)
        for point_id in sorted(named - set(known)):
            errors.append(f"settings: '{point_id}' is not an active contact point")
