"""The landscape as Open Referral HSDS 3.0 objects (served under /hsds/).

One language per answer: Dutch by default, English with `lang=en`. The mapping:

- organisation → `organization` (name, description, website); its sources → `metadata`.
- contact point → `service`: `what_happens` → `application_process`; status active →
  `active`, retired → `inactive`; `last_verified_at` → `assured_date`; `updated_at` →
  `last_modified`; our id → `alternate_name`; the classification in words →
  `eligibility_description`; age groups → `minimum_age` / `maximum_age` when they form one range.
- phone and WhatsApp channels → `phones` (type `voice` / `text`), with the hours and the
  anonymity in words in `description`; the first web/chat link and e-mail → `url` / `email`.
- channel hours → `schedules`: one per channel and opening period (`freq` WEEKLY, `byday`,
  `opens_at`, `closes_at`; a period until midnight closes at 23:59:59; a period past midnight
  closes the next day), `description` = the hours in words, `attending_type` phone / online /
  in_person; 24/7 is all days 00:00:00-23:59:59; unknown hours get a schedule with only the
  words "not known"; public-holiday closing and the time zone (Europe/Amsterdam) in `notes`.
- channel cost → `cost_options` (free → amount 0 EUR) and `fees_description` in words.
- channel languages → `languages` (ISO 639-1 codes).
- area → `service_areas`: "Nederland", or one per region.
- address → `service_at_locations[].location.description`; our addresses are one line and are
  not split into HSDS address fields. A confidential location (shelter) has none, anywhere.
- classification (role, violence type, phase, age group, need) → `attributes` with a nested
  `taxonomy_term` whose `taxonomy` is our taxonomy id and `code` our term code; `link_type`
  is the taxonomy id too.
- unverified facts and an unverified entry → `alert`, so a consumer never shows them as certain.
- sources → `metadata` rows: `field_name` "sources", `replacement_value` the URL,
  `last_action_date` the date seen, `last_action_type` "source" or "unconfirmed_source".

Ids are UUIDs made with uuid5 from our ids (see hsds_common), so they never change.
"""

import itertools
from datetime import UTC

from api.hsds import channels as hsds_channels
from api.hsds.channels import COST_WORDS, channel_name
from api.hsds.common import WORDS, Obj, hsds_id, prune
from api.hsds.common import text as _text
from api.landscape import channels as channel_view
from api.landscape import models
from api.landscape.seed_schema import TAXONOMIES

HSDS_VERSION = "3.0"
PROFILE = "https://github.com/openreferral/specification/tree/3.0"
AGE_RANGES: dict[str, tuple[int, int | None]] = {
    "under_12": (0, 11),
    "12_17": (12, 17),
    "18_plus": (18, None),
}


def taxonomy(row: models.Taxonomy, *, lang: str) -> Obj:
    return {
        "id": hsds_id("taxonomy", row.id),
        "name": _text(row, "name", lang),
        "description": f"{WORDS[lang]['taxonomy']}: {_text(row, 'name', lang)} ({row.id}).",
    }


def taxonomy_term(row: models.TaxonomyTerm, *, lang: str) -> Obj:
    return {
        "id": hsds_id("taxonomy_term", row.id),
        "code": row.code,
        "name": _text(row, "label", lang),
        "description": f"{_text(row.taxonomy, 'name', lang)}: {_text(row, 'label', lang)}",
        "taxonomy": row.taxonomy_id,
        "taxonomy_id": hsds_id("taxonomy", row.taxonomy_id),
        "taxonomy_detail": taxonomy(row.taxonomy, lang=lang),
        "language": lang,
    }


def organization(row: models.Organisation, *, lang: str) -> Obj:
    """The one-to-one fields of an organisation (HSDS organization_list)."""
    return prune(
        {
            "id": hsds_id("organization", row.id),
            "name": row.name,
            "description": _text(row, "description", lang) or row.name,
            "website": row.url,
        }
    )


def _metadata(
    resource: str, resource_id: str, sources: list[models.Source], fallback: str
) -> list[Obj]:
    return [
        {
            "id": hsds_id("metadata", f"{resource_id}:source:{i}"),
            "resource_id": resource_id,
            "resource_type": resource,
            "last_action_date": source.seen or fallback,
            "last_action_type": "source" if source.verified else "unconfirmed_source",
            "field_name": "sources",
            "previous_value": "",
            "replacement_value": source.url,
            "updated_by": "Wegwijzer landscape research",
        }
        for i, source in enumerate(sources)
    ]


def organization_full(row: models.Organisation, *, lang: str, services: list[Obj]) -> Obj:
    """An organisation with its services and sources (HSDS organization)."""
    org_id = hsds_id("organization", row.id)
    return prune(
        {**organization(row, lang=lang), "services": services,
         "metadata": _metadata("organization", org_id, row.sources, "")}
    )  # fmt: skip


def _ages(codes: list[str]) -> tuple[int | None, int | None]:
    ranges = sorted(AGE_RANGES[c] for c in codes if c in AGE_RANGES)
    if not ranges or len(ranges) != len(codes):
        return None, None
    for (_, high), (low, _) in itertools.pairwise(ranges):
        if high is None or low != high + 1:
            return None, None  # not one range: leave it to eligibility_description
    return ranges[0][0], ranges[-1][1]


def _alert(point: models.ContactPoint, lang: str) -> str | None:
    facts = [f.text for f in point.unverified_facts]
    facts += [f"{c.type} {c.value}: {f.text}" for c in point.channels for f in c.unverified_facts]
    parts = [] if point.verified else [WORDS[lang]["entry_unverified"]]
    if facts:
        parts.append(f"{WORDS[lang]['unverified']}: {'; '.join(facts)}.")
    return " ".join(parts) or None


def _eligibility(point: models.ContactPoint, lang: str) -> str:
    parts = []
    for name in TAXONOMIES:
        terms = [t for t in point.terms if t.taxonomy_id == name]
        if terms:
            labels = ", ".join(_text(t, "label", lang) for t in terms)
            parts.append(f"{_text(terms[0].taxonomy, 'name', lang)}: {labels}")
    return "; ".join(parts)


def service(point: models.ContactPoint, *, lang: str) -> Obj:
    """The one-to-one fields of a contact point (HSDS service_list)."""
    links = [channel_view.link(channel_type=c.type, value=c.value) for c in point.channels]
    web = next((link for link in links if link and link.startswith("https://")), None)
    email = next(
        (
            c.value
            for c in point.channels
            if c.type == "email" and "@" in c.value and " " not in c.value
        ),
        None,
    )
    minimum, maximum = _ages(point.codes("age_group"))
    updated = point.updated_at if point.updated_at.tzinfo else point.updated_at.replace(tzinfo=UTC)
    costs = [f"{channel_name(c, lang)}: {COST_WORDS[lang][c.cost]}" for c in point.channels]
    return prune(
        {
            "id": hsds_id("service", point.id),
            "organization_id": hsds_id("organization", point.organisation_id),
            "name": _text(point, "name", lang),
            "alternate_name": point.id,
            "description": _text(point, "description", lang),
            "url": web,
            "email": email,
            "status": "active" if point.status == "active" else "inactive",
            "application_process": _text(point, "what_happens", lang),
            "fees_description": "; ".join(costs),
            "eligibility_description": _eligibility(point, lang),
            "minimum_age": minimum,
            "maximum_age": maximum,
            "assured_date": point.last_verified_at.isoformat() if point.last_verified_at else None,
            "alert": _alert(point, lang),
            "last_modified": updated.isoformat(),
        }
    )


def _attributes(point: models.ContactPoint, *, lang: str, service_id: str) -> list[Obj]:
    return [
        {
            "id": hsds_id("attribute", f"{point.id}:{term.id}"),
            "link_id": service_id,
            "link_type": term.taxonomy_id,
            "link_entity": "service",
            "taxonomy_term_id": hsds_id("taxonomy_term", term.id),
            "value": term.code,
            "taxonomy_term": taxonomy_term(term, lang=lang),
        }
        for term in point.terms
    ]


def _service_areas(point: models.ContactPoint, *, lang: str, service_id: str) -> list[Obj]:
    if point.area_scope == "national":
        return [
            {
                "id": hsds_id("service_area", f"{point.id}:national"),
                "service_id": service_id,
                "name": WORDS[lang]["country"],
                "description": WORDS[lang]["national"],
            }
        ]
    return [
        {
            "id": hsds_id("service_area", f"{point.id}:{region.id}"),
            "service_id": service_id,
            "name": region.name,
            "description": f"{WORDS[lang]['regional']}: {region.name}",
        }
        for region in point.regions
    ]


def _locations(point: models.ContactPoint, *, lang: str, service_id: str) -> list[Obj]:
    if point.confidential_location or not point.address:
        return []  # a shelter's address is never published, not even here
    location_id = hsds_id("location", point.id)
    return [
        {
            "id": hsds_id("service_at_location", point.id),
            "service_id": service_id,
            "location_id": location_id,
            "location": {
                "id": location_id,
                "location_type": "physical",
                "name": _text(point, "name", lang),
                "description": point.address,
            },
        }
    ]


def service_full(point: models.ContactPoint, *, lang: str) -> Obj:
    """A contact point with everything nested (HSDS service)."""
    service_id = hsds_id("service", point.id)
    parts = {"lang": lang, "service_id": service_id}
    fallback = point.last_verified_at.isoformat() if point.last_verified_at else ""
    return prune(
        {
            **service(point, lang=lang),
            "organization": organization(point.organisation, lang=lang),
            "phones": hsds_channels.phones(point, **parts),
            "schedules": hsds_channels.schedules(point, **parts),
            "cost_options": hsds_channels.cost_options(point, **parts),
            "languages": hsds_channels.languages(point, **parts),
            "service_areas": _service_areas(point, **parts),
            "service_at_locations": _locations(point, **parts),
            "attributes": _attributes(point, **parts),
            "metadata": _metadata("service", service_id, point.sources, fallback),
        }
    )
