"""One contract for the fact codes (contracts/facts.yml): the API's request schema, the engine,
the landscape taxonomy, the insight matrix, the bot's slots and the buttons all use exactly
its codes. A code added in one place and not in the others fails here."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from api.insight import coverage
from api.rules import schemas
from api.rules.triage.model import FACT_VALUES

ROOT = Path(__file__).resolve().parents[2]
CONTRACT: dict[str, dict[str, Any]] = yaml.safe_load(
    (ROOT / "contracts" / "facts.yml").read_text("utf-8")
)["facts"]


def codes(fact: str) -> set[str]:
    return {str(code) for code in CONTRACT[fact]["codes"]}


def not_known(fact: str) -> str:
    return str(CONTRACT[fact]["not_known"])


# The API names some facts as the bot's slots do (prefer_channel), the contract as people do.
API_FIELDS = {
    "role": ("role", schemas.Role),
    "concerns": ("concerns", schemas.Concern),
    "timing": ("timing", schemas.Timing),
    "age_group": ("age_group", schemas.AgeGroup),
    "needs": ("needs", schemas.Need),
    "channel": ("prefer_channel", schemas.PreferChannel),
}


@pytest.mark.parametrize("fact", sorted(API_FIELDS))
def test_the_api_accepts_exactly_the_contracts_codes(fact: str) -> None:
    _, literal = API_FIELDS[fact]
    assert set(get_args(literal)) == codes(fact) | {not_known(fact)}


@pytest.mark.parametrize("fact", sorted(API_FIELDS))
def test_the_engine_knows_exactly_the_contracts_codes(fact: str) -> None:
    field, _ = API_FIELDS[fact]
    engine_codes = set(FACT_VALUES[field])
    # The engine also knows "not given" for every single fact ("unknown").
    assert engine_codes - {"unknown", "unsure", "any"} == codes(fact)


TAXONOMIES = {"role": "role", "concerns": "violence_type", "age_group": "age_group",
              "needs": "need"}  # fmt: skip


@pytest.mark.parametrize("fact", sorted(TAXONOMIES))
def test_the_landscape_taxonomy_classifies_every_code(fact: str) -> None:
    taxonomy = yaml.safe_load(
        (ROOT / "api" / "landscape" / "seed" / "taxonomy.yml").read_text("utf-8")
    )
    terms = next(t for t in taxonomy["taxonomies"] if t["id"] == TAXONOMIES[fact])["terms"]
    # The landscape may classify more (elder abuse, emergency); it must know every fact code.
    assert codes(fact) <= {str(term["code"]) for term in terms}


def test_the_timings_map_to_phases_of_the_taxonomy() -> None:
    assert codes("timing") <= set(coverage.PHASES)


def test_the_insight_matrix_uses_the_contracts_roles_and_concerns() -> None:
    assert set(coverage.ROLES) == codes("role")
    assert set(coverage.VIOLENCE_TYPES) == codes("concerns")


SLOTS = {"role": "role", "timing": "timing", "age_group": "age_group"}


@pytest.mark.parametrize("fact", sorted(SLOTS))
def test_the_bots_slots_hold_the_contracts_codes(fact: str) -> None:
    domain = yaml.safe_load((ROOT / "domain" / "core.yml").read_text("utf-8"))
    values = {str(v) for v in domain["slots"][SLOTS[fact]]["values"]}
    values = {"12_17" if v == "1217" else v for v in values}  # YAML reads 12_17 as a number
    assert values == codes(fact) | {not_known(fact)}


BUTTON = re.compile(r"/inform_\w+\{\{(?P<body>[^}]*)\}\}")
BUTTON_FACTS = {"role": "role", "concern": "concerns", "timing": "timing", "age": "age_group",
                "need": "needs", "channel": "channel"}  # fmt: skip


def test_every_button_sends_a_code_of_the_contract() -> None:
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "domain" / "responses").glob("*.yml")):
        for match in BUTTON.finditer(path.read_text("utf-8")):
            for entity, value in json.loads("{" + match.group("body") + "}").items():
                if entity in BUTTON_FACTS:
                    found.setdefault(BUTTON_FACTS[entity], set()).add(str(value))
    assert found, "no buttons found"
    for fact, values in found.items():
        assert values <= codes(fact) | {not_known(fact)}, (fact, values - codes(fact))
