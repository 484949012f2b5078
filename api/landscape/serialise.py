"""The one serialiser of each landscape resource: a row becomes a plain dict, and every view
starts from that dict: the landscape API (public.py), the seed export (seed_export.py), the
HSDS mapping (api/hsds/), the engine's copy (api/rules/snapshot.py) and the insight lists.
Nothing else reads the fields of these rows to show them.

Values stay Python values (dates, datetimes); texts in two languages are `{"nl", "en"}`. A
confidential location's address is never in the dict."""

from collections.abc import Iterable
from datetime import UTC
from typing import Any

from api.landscape import models
from api.landscape.seed_schema import TAXONOMIES

Obj = dict[str, Any]


def text(nl: str | None, en: str | None) -> dict[str, str] | None:
    """A text in both languages, or None when either is missing."""
    return {"nl": nl, "en": en} if nl and en else None


def sources(rows: Iterable[models.Source]) -> list[Obj]:
    """The public pages facts were taken from, in their order."""
    return [{"url": s.url, "seen": s.seen, "verified": s.verified, "note": s.note} for s in rows]


def organisation(row: models.Organisation, *, with_sources: bool = False) -> Obj:
    """An organisation; its sources only when asked (they are a query of their own)."""
    found: Obj = {
        "id": row.id,
        "name": row.name,
        "url": row.url,
        "description": {"nl": row.description_nl, "en": row.description_en},
    }
    if with_sources:
        found["sources"] = sources(row.sources)
    return found


def term(row: models.TaxonomyTerm) -> Obj:
    """One classification term; its id is `<taxonomy>.<code>`."""
    return {
        "id": row.id,
        "taxonomy_id": row.taxonomy_id,
        "code": row.code,
        "label": {"nl": row.label_nl, "en": row.label_en},
    }


def taxonomy(row: models.Taxonomy) -> Obj:
    """A taxonomy with its terms in seed order."""
    return {
        "id": row.id,
        "name": {"nl": row.name_nl, "en": row.name_en},
        "terms": [term(t) for t in row.terms],
    }


def region(row: models.Region, *, with_sources: bool = False) -> Obj:
    """A province or service area with what maps a typed place to it."""
    found: Obj = {
        "id": row.id,
        "name": row.name,
        "kind": row.kind,
        "provinces": list(row.provinces),
        "municipalities": list(row.municipalities),
        "postcode_ranges": [list(r) for r in row.postcode_ranges],
        "verified": row.verified,
        "note": row.note,
    }
    if with_sources:
        found["sources"] = sources(row.sources)
    return found


def channel(row: models.Channel) -> Obj:
    """One way to reach a contact point; `hours` in the seed grammar."""
    return {
        "id": row.id,
        "position": row.position,
        "type": row.type,
        "value": row.value,
        "label": text(row.label_nl, row.label_en),
        "hours": row.hours,
        "cost": row.cost,
        "anonymous": row.anonymous,
        "languages": list(row.languages),
        "note": text(row.note_nl, row.note_en),
        "unverified_facts": [f.text for f in row.unverified_facts],
    }


def contact_point(row: models.ContactPoint) -> Obj:
    """A contact point with its organisation, classification, area, sources and channels."""
    updated = row.updated_at if row.updated_at.tzinfo else row.updated_at.replace(tzinfo=UTC)
    return {
        "id": row.id,
        "organisation": organisation(row.organisation),
        "name": {"nl": row.name_nl, "en": row.name_en},
        "description": {"nl": row.description_nl, "en": row.description_en},
        "what_happens": {"nl": row.what_happens_nl, "en": row.what_happens_en},
        "kind": row.kind,
        "serves": {name: row.codes(name) for name in TAXONOMIES},
        "area": {"scope": row.area_scope, "regions": [r.id for r in row.regions]},
        "confidential_location": row.confidential_location,
        "address": None if row.confidential_location else row.address,
        "status": row.status,
        "verified": row.verified,
        "last_verified_at": row.last_verified_at,
        "unverified_facts": [f.text for f in row.unverified_facts],
        "notes": row.notes,
        "version": row.version,
        "updated_at": updated,
        "sources": sources(row.sources),
        "channels": [channel(c) for c in row.channels],
    }
