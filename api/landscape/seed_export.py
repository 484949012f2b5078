"""Write the database back as seed YAML (the inverse of the import), from the serialised rows;
into an existing seed it changes only what differs (see seed_patch.py)."""

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.landscape import models, serialise
from api.landscape.seed_io import SeedLoader
from api.landscape.seed_schema import (
    ContactPointSeed,
    OrganisationSeed,
    RegionSeed,
    TaxonomySeed,
)
from api.landscape.serialise import Obj
from api.landscape.service import load_options

CHANNEL_FIELDS = (
    "type", "value", "label", "hours", "cost", "anonymous", "languages", "note", "unverified_facts",
)  # fmt: skip
POINT_FIELDS = (
    "id", "name", "kind", "description", "what_happens", "serves", "area",
    "confidential_location", "address", "status", "verified", "last_verified_at",
    "unverified_facts", "notes", "sources",
)  # fmt: skip


def point_to_seed(point: Obj) -> ContactPointSeed:
    """The seed entry of a serialised contact point."""
    return ContactPointSeed.model_validate(
        {
            **{name: point[name] for name in POINT_FIELDS},
            "organisation": point["organisation"]["id"],
            "channels": [{n: c[n] for n in CHANNEL_FIELDS} for c in point["channels"]],
        }
    )


def canonical(point: ContactPointSeed) -> dict[str, Any]:
    """The entry with its unordered lists sorted, to tell whether anything changed."""
    data = point.model_dump(mode="json")
    data["serves"] = {k: sorted(v) for k, v in data["serves"].items()}
    data["area"]["regions"] = sorted(data["area"]["regions"])
    return data


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _plain(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude_none=True)


def _taxonomy(data: Obj) -> Obj:
    terms = [{"code": t["code"], "label": t["label"]} for t in data["terms"]]
    return {"id": data["id"], "name": data["name"], "terms": terms}


def _reference_files(session: Session) -> dict[str, dict[str, Any]]:
    taxonomies = session.scalars(select(models.Taxonomy).order_by(models.Taxonomy.position))
    regions = session.scalars(select(models.Region).order_by(models.Region.id))
    organisations = session.scalars(select(models.Organisation).order_by(models.Organisation.id))
    return {
        "taxonomy.yml": {"taxonomies": [_taxonomy(serialise.taxonomy(t)) for t in taxonomies]},
        "regions.yml": {
            "regions": [
                _plain(RegionSeed.model_validate(serialise.region(r, with_sources=True)))
                for r in regions
            ]
        },
        "organisations.yml": {
            "organisations": [
                _plain(
                    OrganisationSeed.model_validate(serialise.organisation(o, with_sources=True))
                )
                for o in organisations
            ]
        },
    }


def points_by_organisation(session: Session) -> dict[str, dict[str, ContactPointSeed]]:
    """Every contact point in the database as a seed entry, per organisation, by id."""
    points = session.scalars(
        select(models.ContactPoint).options(*load_options()).order_by(models.ContactPoint.id)
    )
    found: dict[str, dict[str, ContactPointSeed]] = {}
    for row in points:
        point = serialise.contact_point(row)
        found.setdefault(point["organisation"]["id"], {})[point["id"]] = point_to_seed(point)
    return found


def _same_file(path: Path, data: dict[str, Any]) -> bool:
    """Whether a hand-written reference file already says what `data` says."""
    key, items = next(iter(data.items()))
    model: dict[str, type[BaseModel]] = {
        "taxonomies": TaxonomySeed,
        "regions": RegionSeed,
        "organisations": OrganisationSeed,
    }
    try:
        loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=SeedLoader) or {}  # noqa: S506
        written = [_plain(model[key].model_validate(item)) for item in loaded.get(key) or []]
    except (yaml.YAMLError, ValueError, AttributeError):
        return False
    expected = [_plain(model[key].model_validate(item)) for item in items]
    if key != "taxonomies":  # only the taxonomies' order means something (term positions)
        written.sort(key=lambda item: str(item["id"]))
        expected.sort(key=lambda item: str(item["id"]))
    return written == expected


def export_seed(session: Session, out_dir: Path) -> list[Path]:
    """Write the database into the seed layout under `out_dir`; returns the files written.
    Files that exist are kept where they already agree, and contact point files are patched
    in place, so the comments people wrote in the reviewed seed survive an export."""
    from api.landscape import seed_patch

    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "contact_points").mkdir(exist_ok=True)
    written: list[Path] = []
    for name, data in _reference_files(session).items():
        path = out_dir / name
        if not (path.exists() and _same_file(path, data)):
            path.write_text(_dump(data), encoding="utf-8")
            written.append(path)
    for organisation_id, entries in points_by_organisation(session).items():
        path = out_dir / "contact_points" / f"{organisation_id}.yml"
        if path.exists():
            if seed_patch.patch_file(path, entries):
                written.append(path)
            continue
        plain = [_plain(entry) for entry in entries.values()]
        path.write_text(_dump({"contact_points": plain}), encoding="utf-8")
        written.append(path)
    return written
