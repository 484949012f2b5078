"""Plain data of the engine: the facts of one request, the landscape it chooses from, the rules
and the result."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml

from api.landscape.hours import Schedule

CONTRACT = Path(__file__).resolve().parents[3] / "contracts" / "facts.yml"
# The engine's name of a fact when it differs from the contract's (the bot's slot name).
_ENGINE_NAMES = {"channel": "prefer_channel"}
_ANSWERS = frozenset({"yes", "no", "unsure", "unknown"})


def _fact_values(path: Path = CONTRACT) -> dict[str, frozenset[str]]:
    """Every fact's values: the codes of contracts/facts.yml, what "not known" is, and
    "unknown" (not given) for a single fact."""
    contract = yaml.safe_load(path.read_text("utf-8"))["facts"]
    values: dict[str, frozenset[str]] = {}
    for name, spec in contract.items():
        if spec["kind"] not in ("one", "many") or name in ("danger", "suicide"):
            continue
        codes = {str(code) for code in spec["codes"]} | {str(spec["not_known"])}
        if spec["kind"] == "one" and name != "channel":
            codes.add("unknown")
        values[_ENGINE_NAMES.get(name, name)] = frozenset(codes)
    return {
        **values,
        # Yes, no, unsure, or not asked: the answers to the safety questions.
        "danger_now": _ANSWERS,
        "suicidal_thoughts": _ANSWERS,
        # derived: whether the person said anything about the situation (a concern or a
        # need), and whether they named a need
        "specific": frozenset({"true", "false"}),
        "needs_given": frozenset({"true", "false"}),
    }


# One contract for the fact codes (tests/contracts/test_fact_codes.py checks the API too).
FACT_VALUES: Mapping[str, frozenset[str]] = _fact_values()
SET_FACTS = frozenset({"concerns", "needs"})


@dataclass(frozen=True)
class Text:
    """A text in Dutch and English."""

    nl: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.nl


@dataclass(frozen=True)
class Facts:
    """The structured answers of one request; "unknown" means not given, "unsure" means the
    person said they do not know. The region is already resolved to region ids."""

    language: str
    now: datetime
    role: str = "unknown"
    concerns: frozenset[str] = frozenset()
    danger_now: str = "unknown"
    suicidal_thoughts: str = "unknown"
    timing: str = "unknown"
    age_group: str = "unknown"
    needs: frozenset[str] = frozenset()
    prefer_channel: str = "any"
    region_ids: frozenset[str] = frozenset()

    @property
    def known_concerns(self) -> frozenset[str]:
        return self.concerns - {"unsure"}

    @property
    def known_needs(self) -> frozenset[str]:
        return self.needs - {"unsure"}

    def value(self, name: str) -> frozenset[str]:
        """The value(s) of a fact as a set, for rule conditions."""
        if name == "specific":
            return frozenset({"true" if self.known_concerns or self.known_needs else "false"})
        if name == "needs_given":
            return frozenset({"true" if self.known_needs else "false"})
        current = getattr(self, name)
        return current if isinstance(current, frozenset) else frozenset({current})


@dataclass(frozen=True)
class ChannelInfo:
    """One way to reach a contact point (a plain copy of the database row)."""

    type: str
    value: str
    hours: str
    schedule: Schedule
    cost: str = "unknown"
    anonymous: str = "unknown"
    label: Text | None = None
    note: Text | None = None
    unverified: bool = False


@dataclass(frozen=True)
class ContactPointInfo:
    """A contact point with what it serves (taxonomy codes per taxonomy) and its channels."""

    id: str
    organisation_id: str
    organisation_name: str
    name: Text
    kind: str
    description: Text
    what_happens: Text
    serves: Mapping[str, frozenset[str]]
    channels: tuple[ChannelInfo, ...]
    area_scope: str = "national"
    region_ids: frozenset[str] = frozenset()
    verified: bool = True
    unverified: bool = False

    def codes(self, taxonomy: str) -> frozenset[str]:
        return self.serves.get(taxonomy, frozenset())


@dataclass(frozen=True)
class Condition:
    """A test on the facts: one fact against allowed values, or all/any/not of others."""

    op: str
    fact: str = ""
    values: frozenset[str] = frozenset()
    children: tuple["Condition", ...] = ()

    def holds(self, facts: Facts) -> bool:
        if self.op == "fact":
            return bool(facts.value(self.fact) & self.values)
        if self.op == "all":
            return all(child.holds(facts) for child in self.children)
        if self.op == "any":
            return any(child.holds(facts) for child in self.children)
        return not self.children[0].holds(facts)


ALWAYS = Condition(op="all")


@dataclass(frozen=True)
class Rule:
    """One named policy rule and what it does to the answer when its condition holds."""

    name: str
    description: str
    source: str
    when: Condition = ALWAYS
    urgent: str | None = None
    urgent_lines: tuple[str, ...] = ()
    pin_first: tuple[str, ...] = ()
    boost: tuple[tuple[str, int], ...] = ()
    boost_serving: tuple[tuple[str, str, int], ...] = ()
    forbid: tuple[str, ...] = ()
    also_possible: tuple[str, ...] = ()
    reasons: tuple[tuple[str, Text], ...] = ()
    general: bool = False

    def named_points(self) -> set[str]:
        """Every contact point id this rule refers to."""
        ids = {*self.urgent_lines, *self.pin_first, *self.forbid, *self.also_possible}
        return ids | {i for i, _ in self.boost} | {i for i, _ in self.reasons}


@dataclass(frozen=True)
class Weights:
    concern: int = 2
    need: int = 3
    role: int = 1
    region: int = 2


@dataclass(frozen=True)
class Settings:
    """How the engine scores and cuts the list; part of the reviewed rule set."""

    max_recommendations: int = 3
    max_also_possible: int = 5
    max_reasons: int = 4
    # A place found by score alone is recommended (not only "also possible") from this score
    # on; below it only when nothing else would be recommended.
    recommend_from: int = 4
    weights: Weights = field(default_factory=Weights)
    only_when_named: frozenset[str] = frozenset()
    reachable_fallback: tuple[str, ...] = ()
    phase_matches: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    """A fact the bot may ask about. It is asked when its answer can change the places shown
    (the engine tries every answer); a safety question (`when`) is asked when its condition
    holds, whatever the places."""

    fact: str
    when: Condition | None = None
    # Never asked when this holds (a question that would not fit the person).
    unless: Condition | None = None
    # "first": asked when an answer changes the urgent banner or the first place;
    # "shown": also when it changes which places are shown at all.
    compare: str = "first"


@dataclass(frozen=True)
class RuleSet:
    version: str
    checksum: str
    settings: Settings
    rules: tuple[Rule, ...]
    questions: tuple[Question, ...] = ()


@dataclass(frozen=True)
class Placement:
    """A contact point in the answer, with the reasons it is there."""

    point: ContactPointInfo
    reasons: tuple[Text, ...]
    score: int
    open_now: bool


@dataclass(frozen=True)
class Result:
    urgent: str | None
    urgent_lines: tuple[tuple[str, ContactPointInfo], ...]  # (danger | suicide, line)
    recommendations: tuple[Placement, ...]
    also_possible: tuple[Placement, ...]
    general: bool
    rules_fired: tuple[str, ...]
