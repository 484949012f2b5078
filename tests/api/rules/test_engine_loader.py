"""The rule set file: every error names the rule and the field; ids are checked against the
landscape; the database keeps versions and imports idempotently."""

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.core.settings import get_settings
from api.rules import store as rule_store
from api.rules.models import RuleSetRow
from api.rules.triage import document, loader

RULES = get_settings().seed_dir / "rules.yml"


def _doc(*rules: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": "test-1",
        "settings": {"reachable_fallback": ["line"]},
        "rules": list(rules),
    }


def _rule(**fields: Any) -> dict[str, Any]:
    return {"name": "a_rule", "description": "One line.", "source": "domain A1", **fields}


def _errors(raw: dict[str, Any], known: set[str] | None = None) -> list[str]:
    with pytest.raises(loader.RulesInvalid) as caught:
        loader.parse(raw, known)
    return caught.value.errors


def test_engine_loader_reads_the_seed_rule_set() -> None:
    rule_set = loader.load_file(RULES)
    names = [rule.name for rule in rule_set.rules]
    assert len(names) == len(set(names)) >= 30
    assert names[0] == "danger_now_112"
    assert all(rule.description and rule.source for rule in rule_set.rules)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            _rule(when={"danger_now": "maybe"}, pin_first=["line"]),
            "rule 'a_rule': when: danger_now: 'maybe'",
        ),
        (
            _rule(when={"mood": "sad"}, pin_first=["line"]),
            "rule 'a_rule': when: 'mood' is not a fact",
        ),
        (_rule(pin_firts=["line"], forbid=["x"]), "rule 'a_rule': 'pin_firts' is not a rule field"),
        (_rule(), "rule 'a_rule': the rule has no effect"),
        (_rule(urgent="danger"), "rule 'a_rule': urgent and urgent_lines go together"),
        (_rule(boost={"line": "lots"}), "rule 'a_rule': boost: expected contact point ids"),
        (_rule(reasons={"line": {"nl": "Bel 030-1234567."}}), "rule 'a_rule': reasons: line"),
        (
            _rule(reasons={"line": {"nl": "Bel 030-1234567.", "en": "Call 030-1234567."}}),
            "no phone numbers or web addresses",
        ),
        (_rule(description="two\nlines", pin_first=["line"]), "rule 'a_rule': description"),
        ({"description": "x", "source": "y"}, "rule 1: name"),
    ],
)
def test_engine_loader_names_rule_and_field(rule: dict[str, Any], expected: str) -> None:
    assert any(expected in error for error in _errors(_doc(rule))), _errors(_doc(rule))


def test_engine_loader_checks_contact_point_ids() -> None:
    errors = _errors(_doc(_rule(pin_first=["nowhere"])), known={"line"})
    assert "rule 'a_rule': 'nowhere' is not an active contact point" in errors


def test_engine_loader_never_lets_a_crisis_line_be_forbidden() -> None:
    raw = _doc(
        _rule(name="danger", urgent="danger", urgent_lines=["line"]),
        _rule(name="hide", forbid=["line"]),
    )
    assert any("crisis line" in error for error in _errors(raw))


def test_engine_loader_refuses_duplicate_names_and_keys(tmp_path: Path) -> None:
    raw = _doc(_rule(pin_first=["line"]), _rule(forbid=["line"]))
    assert "rule 'a_rule': name: used twice" in _errors(raw)
    path = tmp_path / "rules.yml"
    path.write_text("version: x\nrules:\n  - name: a\n    when: {role: victim}\n    when: {}\n")
    with pytest.raises(loader.RulesInvalid, match="rule set"):
        loader.load_file(path)


def test_engine_loader_keeps_yes_and_codes_as_words(tmp_path: Path) -> None:
    path = tmp_path / "rules.yml"
    path.write_text(
        "version: v\nsettings: {reachable_fallback: [line]}\nrules:\n"
        "  - {name: a, description: d, source: s, when: {danger_now: yes, age_group: 12_17},"
        " pin_first: [line]}\n"
    )
    rule = loader.load_file(path).rules[0]
    assert {c.fact: c.values for c in rule.when.children} == {
        "danger_now": frozenset({"yes"}),
        "age_group": frozenset({"12_17"}),
    }


def test_engine_rule_store_imports_once_per_version(fresh_session: Session) -> None:
    raw, rule_set = rule_store.read_file(RULES, None)
    assert rule_store.import_rules(fresh_session, raw, rule_set) is True
    assert rule_store.import_rules(fresh_session, raw, rule_set) is False
    stored = rule_store.load_active(fresh_session)
    assert stored is not None
    assert [r.name for r in stored.rules] == [r.name for r in rule_set.rules]
    assert stored.settings == rule_set.settings
    changed = {**raw, "rules": raw["rules"][:-1]}
    with pytest.raises(document.RulesInvalid) as caught:
        rule_store.import_rules(fresh_session, changed, loader.parse(changed))
    assert "new version" in caught.value.errors[0]
    bumped = {**changed, "version": "test-next"}
    assert rule_store.import_rules(fresh_session, bumped, loader.parse(bumped)) is True
    assert fresh_session.scalar(select(func.count()).select_from(RuleSetRow)) == 2
    active = rule_store.load_active(fresh_session)
    assert active is not None and active.version == "test-next"
