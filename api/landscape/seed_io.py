"""Read and validate the landscape seed (api/landscape/seed/), naming the file, the entry and the
field of every error; seed_import.py loads it into the database, seed_export.py writes it back."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from api.landscape.seed_schema import (
    TAXONOMIES,
    ContactPointSeed,
    OrganisationSeed,
    RegionSeed,
    TaxonomySeed,
)

M = TypeVar("M", bound=BaseModel)


class SeedLoader(yaml.SafeLoader):
    """YAML as people mean it in the seed: `yes`/`no` stay words (only true/false are
    booleans) and `12_17` stays a code instead of becoming the number 1217."""


SeedLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
SeedLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
SeedLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)


class SeedInvalid(Exception):
    """The seed has errors; `errors` names the file, the entry and the field of each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"{len(errors)} error(s) in the landscape seed")
        self.errors = errors


@dataclass
class Seed:
    taxonomies: list[TaxonomySeed] = field(default_factory=list)
    regions: list[RegionSeed] = field(default_factory=list)
    organisations: list[OrganisationSeed] = field(default_factory=list)
    contact_points: list[ContactPointSeed] = field(default_factory=list)


def _where(loc: tuple[int | str, ...]) -> str:
    """'channels', 1, 'hours' -> 'channel 2: hours' (people count from one)."""
    parts: list[str] = []
    for key in loc:
        if isinstance(key, int) and parts:
            parts[-1] = f"{parts[-1].removesuffix('s')} {key + 1}"
        else:
            parts.append(str(key))
    return ": ".join(parts)


def _message(error: Mapping[str, Any]) -> str:
    text = str(error["msg"])
    return text.removeprefix("Value error, ")


def _parse_list(path: Path, key: str, model: type[M], label: str, errors: list[str]) -> list[M]:
    try:
        # SeedLoader is a SafeLoader with two resolvers changed: no objects are built.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SeedLoader) or {}  # noqa: S506
    except yaml.YAMLError as exc:
        errors.append(f"{path.name}: not valid YAML: {exc}")
        return []
    entries = data.get(key) if isinstance(data, dict) else data
    if not isinstance(entries, list):
        errors.append(f"{path.name}: expected a list under '{key}'")
        return []
    parsed: list[M] = []
    for position, entry in enumerate(entries, start=1):
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        name = f"{label} '{entry_id}'" if entry_id else f"{label} {position}"
        try:
            parsed.append(model.model_validate(entry))
        except ValidationError as exc:
            for error in exc.errors():
                where = _where(tuple(error["loc"]))
                errors.append(f"{path.name}: {name}: {where}: {_message(error)}")
    return parsed


def load_seed(seed_dir: Path) -> Seed:
    """Read and validate every seed file; raise SeedInvalid with all errors found."""
    errors: list[str] = []
    seed = Seed()
    seed.taxonomies = _parse_list(
        seed_dir / "taxonomy.yml", "taxonomies", TaxonomySeed, "taxonomy", errors
    )
    seed.regions = _parse_list(seed_dir / "regions.yml", "regions", RegionSeed, "region", errors)
    seed.organisations = _parse_list(
        seed_dir / "organisations.yml", "organisations", OrganisationSeed, "organisation", errors
    )
    origin: dict[str, str] = {}
    for path in sorted((seed_dir / "contact_points").glob("*.yml")):
        for point in _parse_list(path, "contact_points", ContactPointSeed, "contact point", errors):
            if point.id in origin:
                errors.append(
                    f"{path.name}: contact point '{point.id}': id: also used in {origin[point.id]}"
                )
                continue
            origin[point.id] = f"contact_points/{path.name}"
            seed.contact_points.append(point)
    errors.extend(_cross_check(seed, origin))
    if errors:
        raise SeedInvalid(errors)
    return seed


def _cross_check(seed: Seed, origin: dict[str, str]) -> list[str]:
    errors: list[str] = []
    terms = {t.id: {term.code for term in t.terms} for t in seed.taxonomies}
    for name in TAXONOMIES:
        if name not in terms:
            errors.append(f"taxonomy.yml: taxonomy '{name}' is missing")
    regions = {r.id for r in seed.regions}
    provinces = {r.id for r in seed.regions if r.kind == "province"}
    for region in seed.regions:
        for province in region.provinces:
            if province not in provinces:
                errors.append(
                    f"regions.yml: region '{region.id}': provinces: '{province}' is not a province"
                )
    organisations = {o.id for o in seed.organisations}
    for point in seed.contact_points:
        where = f"{origin[point.id]}: contact point '{point.id}'"
        if point.organisation not in organisations:
            errors.append(
                f"{where}: organisation: '{point.organisation}' is not in organisations.yml"
            )
        for region_id in point.area.regions:
            if region_id not in regions:
                errors.append(f"{where}: area: region '{region_id}' is not in regions.yml")
        for taxonomy in TAXONOMIES:
            for code in getattr(point.serves, taxonomy):
                if code not in terms.get(taxonomy, set()):
                    allowed = ", ".join(sorted(terms.get(taxonomy, set())))
                    errors.append(
                        f"{where}: serves: {taxonomy}: '{code}' is not a term (allowed: {allowed})"
                    )
    return errors
