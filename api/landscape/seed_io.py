"""Read, validate, import and export the landscape seed (api/landscape/seed/)."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.landscape import hours, models
from api.landscape.seed_schema import (
    TAXONOMIES,
    ChannelSeed,
    ContactPointSeed,
    OrganisationSeed,
    RegionSeed,
    SourceSeed,
    TaxonomySeed,
    Text,
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


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


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


def _source_rows(sources: list[SourceSeed]) -> list[models.Source]:
    return [
        models.Source(url=s.url, seen=s.seen, verified=s.verified, note=s.note, position=i)
        for i, s in enumerate(sources)
    ]


def _source_seeds(rows: list[models.Source]) -> list[SourceSeed]:
    return [SourceSeed(url=s.url, seen=s.seen, verified=s.verified, note=s.note) for s in rows]


def _same_sources(rows: list[models.Source], seeds: list[SourceSeed]) -> bool:
    return _source_seeds(rows) == seeds


def _text(nl: str | None, en: str | None) -> Text | None:
    return Text(nl=nl, en=en) if nl and en else None


def point_to_seed(point: models.ContactPoint) -> ContactPointSeed:
    """The seed entry of a stored contact point (the inverse of the import)."""
    return ContactPointSeed(
        id=point.id,
        organisation=point.organisation_id,
        name=Text(nl=point.name_nl, en=point.name_en),
        kind=point.kind,
        description=Text(nl=point.description_nl, en=point.description_en),
        what_happens=Text(nl=point.what_happens_nl, en=point.what_happens_en),
        serves={t: point.codes(t) for t in TAXONOMIES},
        area={"scope": point.area_scope, "regions": [r.id for r in point.regions]},
        confidential_location=point.confidential_location,
        address=point.address,
        status=point.status,
        verified=point.verified,
        last_verified_at=point.last_verified_at,
        unverified_facts=[f.text for f in point.unverified_facts],
        notes=point.notes,
        channels=[
            ChannelSeed(
                type=c.type,
                value=c.value,
                label=_text(c.label_nl, c.label_en),
                hours=c.hours,
                cost=c.cost,
                anonymous=c.anonymous,
                languages=list(c.languages),
                note=_text(c.note_nl, c.note_en),
                unverified_facts=[f.text for f in c.unverified_facts],
            )
            for c in point.channels
        ],
        sources=_source_seeds(point.sources),
    )


def canonical(point: ContactPointSeed) -> dict[str, Any]:
    data = point.model_dump(mode="json")
    data["serves"] = {k: sorted(v) for k, v in data["serves"].items()}
    data["area"]["regions"] = sorted(data["area"]["regions"])
    return data


def apply_point(session: Session, point: models.ContactPoint, seed: ContactPointSeed) -> None:
    """Write a seed entry onto a (new or existing) contact point row, children included."""
    point.organisation_id = seed.organisation
    point.name_nl, point.name_en = seed.name.nl, seed.name.en
    point.kind = seed.kind
    point.description_nl, point.description_en = seed.description.nl, seed.description.en
    point.what_happens_nl, point.what_happens_en = seed.what_happens.nl, seed.what_happens.en
    point.area_scope = seed.area.scope
    point.confidential_location = seed.confidential_location
    point.address = None if seed.confidential_location else seed.address
    point.status = seed.status
    point.verified = seed.verified
    point.last_verified_at = seed.last_verified_at
    point.notes = seed.notes
    term_ids = [f"{t}.{code}" for t in TAXONOMIES for code in getattr(seed.serves, t)]
    point.terms = list(
        session.scalars(select(models.TaxonomyTerm).where(models.TaxonomyTerm.id.in_(term_ids)))
    )
    point.regions = list(
        session.scalars(select(models.Region).where(models.Region.id.in_(seed.area.regions)))
    )
    point.sources = _source_rows(seed.sources)
    point.unverified_facts = [
        models.UnverifiedFact(contact_point_id=seed.id, text=text, position=i)
        for i, text in enumerate(seed.unverified_facts)
    ]
    point.channels = [_channel_row(seed.id, i, c) for i, c in enumerate(seed.channels)]


def _channel_row(point_id: str, position: int, seed: ChannelSeed) -> models.Channel:
    schedule = hours.parse(seed.hours)
    return models.Channel(
        position=position,
        type=seed.type,
        value=seed.value,
        label_nl=seed.label.nl if seed.label else None,
        label_en=seed.label.en if seed.label else None,
        hours=seed.hours,
        always_open=schedule.always_open,
        hours_known=schedule.known,
        closed_on_public_holidays=schedule.closed_on_public_holidays,
        cost=seed.cost,
        anonymous=seed.anonymous,
        languages=list(seed.languages),
        note_nl=seed.note.nl if seed.note else None,
        note_en=seed.note.en if seed.note else None,
        slots=[
            models.ScheduleSlot(weekday=s.weekday, opens_minute=s.opens, closes_minute=s.closes)
            for s in schedule.slots
        ],
        unverified_facts=[
            models.UnverifiedFact(contact_point_id=point_id, text=text, position=i)
            for i, text in enumerate(seed.unverified_facts)
        ],
    )


def _import_taxonomies(session: Session, seed: Seed) -> None:
    for position, taxonomy in enumerate(seed.taxonomies):
        row = session.get(models.Taxonomy, taxonomy.id) or models.Taxonomy(id=taxonomy.id)
        row.name_nl, row.name_en, row.position = taxonomy.name.nl, taxonomy.name.en, position
        session.add(row)
        for term_position, term in enumerate(taxonomy.terms):
            term_id = f"{taxonomy.id}.{term.code}"
            term_row = session.get(models.TaxonomyTerm, term_id) or models.TaxonomyTerm(
                id=term_id, taxonomy_id=taxonomy.id, code=term.code
            )
            term_row.label_nl, term_row.label_en = term.label.nl, term.label.en
            term_row.position = term_position
            session.add(term_row)


def _import_regions(session: Session, seed: Seed) -> None:
    for region in seed.regions:
        row = session.get(models.Region, region.id) or models.Region(id=region.id)
        values = {
            "name": region.name,
            "kind": region.kind,
            "provinces": list(region.provinces),
            "municipalities": list(region.municipalities),
            "postcode_ranges": [list(r) for r in region.postcode_ranges],
            "verified": region.verified,
            "note": region.note,
        }
        for key, value in values.items():
            if getattr(row, key, None) != value:
                setattr(row, key, value)
        if not _same_sources(row.sources, region.sources):
            row.sources = _source_rows(region.sources)
        session.add(row)


def _import_organisations(session: Session, seed: Seed) -> None:
    for organisation in seed.organisations:
        row = session.get(models.Organisation, organisation.id) or models.Organisation(
            id=organisation.id
        )
        row.name, row.url = organisation.name, organisation.url
        row.description_nl = organisation.description.nl
        row.description_en = organisation.description.en
        if not _same_sources(row.sources, organisation.sources):
            row.sources = _source_rows(organisation.sources)
        session.add(row)


def import_seed(session: Session, seed: Seed) -> ImportReport:
    """Bring the database in line with the seed in one transaction; unchanged rows stay as
    they are, so a second run changes nothing. Contact points not in the seed are kept."""
    report = ImportReport()
    with session.begin_nested() if session.in_transaction() else session.begin():
        _import_taxonomies(session, seed)
        _import_regions(session, seed)
        _import_organisations(session, seed)
        session.flush()
        for entry in seed.contact_points:
            row = session.get(models.ContactPoint, entry.id)
            if row is None:
                row = models.ContactPoint(id=entry.id)
                apply_point(session, row, entry)
                session.add(row)
                report.created.append(entry.id)
            elif canonical(point_to_seed(row)) != canonical(entry):
                apply_point(session, row, entry)
                report.updated.append(entry.id)
            else:
                report.unchanged.append(entry.id)
    return report


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _plain(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude_none=True)


def export_seed(session: Session, out_dir: Path) -> list[Path]:
    """Write the database back into the seed layout under `out_dir`; returns the files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "contact_points").mkdir(exist_ok=True)
    written: list[Path] = []
    taxonomies = session.scalars(select(models.Taxonomy).order_by(models.Taxonomy.position))
    regions = session.scalars(select(models.Region).order_by(models.Region.id))
    organisations = session.scalars(select(models.Organisation).order_by(models.Organisation.id))
    files: dict[str, dict[str, Any]] = {
        "taxonomy.yml": {
            "taxonomies": [
                {
                    "id": t.id,
                    "name": {"nl": t.name_nl, "en": t.name_en},
                    "terms": [
                        {"code": term.code, "label": {"nl": term.label_nl, "en": term.label_en}}
                        for term in t.terms
                    ],
                }
                for t in taxonomies
            ]
        },
        "regions.yml": {
            "regions": [
                _plain(
                    RegionSeed(
                        id=r.id,
                        name=r.name,
                        kind=r.kind,
                        provinces=r.provinces,
                        municipalities=r.municipalities,
                        postcode_ranges=[tuple(x) for x in r.postcode_ranges],
                        sources=_source_seeds(r.sources),
                        verified=r.verified,
                        note=r.note,
                    )
                )
                for r in regions
            ]
        },
        "organisations.yml": {
            "organisations": [
                _plain(
                    OrganisationSeed(
                        id=o.id,
                        name=o.name,
                        url=o.url,
                        description=Text(nl=o.description_nl, en=o.description_en),
                        sources=_source_seeds(o.sources),
                    )
                )
                for o in organisations
            ]
        },
    }
    by_organisation: dict[str, list[dict[str, Any]]] = {}
    for point in session.scalars(select(models.ContactPoint).order_by(models.ContactPoint.id)):
        by_organisation.setdefault(point.organisation_id, []).append(_plain(point_to_seed(point)))
    for organisation_id, points in by_organisation.items():
        files[f"contact_points/{organisation_id}.yml"] = {"contact_points": points}
    for name, data in files.items():
        path = out_dir / name
        path.write_text(_dump(data), encoding="utf-8")
        written.append(path)
    return written
