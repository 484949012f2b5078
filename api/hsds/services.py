"""A serialised contact point as an HSDS 3.0 service: its one-to-one fields (service_list) and
the full object with everything nested (the mapping is described in api/hsds/mapping.py)."""

import itertools

from api.hsds import channels
from api.hsds.common import WORDS, Obj, Vocabulary, hsds_id, prune
from api.hsds.mapping import metadata, organization, taxonomy_term
from api.landscape import channels as channel_view
from api.landscape.seed_schema import TAXONOMIES

AGE_RANGES: dict[str, tuple[int, int | None]] = {
    "under_12": (0, 11),
    "12_17": (12, 17),
    "18_plus": (18, None),
}


def _ages(codes: list[str]) -> tuple[int | None, int | None]:
    ranges = sorted(AGE_RANGES[c] for c in codes if c in AGE_RANGES)
    if not ranges or len(ranges) != len(codes):
        return None, None
    for (_, high), (low, _) in itertools.pairwise(ranges):
        if high is None or low != high + 1:
            return None, None  # not one range: leave it to eligibility_description
    return ranges[0][0], ranges[-1][1]


def _alert(point: Obj, lang: str) -> str | None:
    facts = list(point["unverified_facts"])
    facts += [
        f"{c['type']} {c['value']}: {fact}"
        for c in point["channels"]
        for fact in c["unverified_facts"]
    ]
    parts = [] if point["verified"] else [WORDS[lang]["entry_unverified"]]
    if facts:
        parts.append(f"{WORDS[lang]['unverified']}: {'; '.join(facts)}.")
    return " ".join(parts) or None


def _eligibility(point: Obj, vocabulary: Vocabulary, lang: str) -> str:
    parts = []
    for name in TAXONOMIES:
        codes = point["serves"][name]
        if codes:
            labels = ", ".join(vocabulary.term(name, code)["label"][lang] for code in codes)
            parts.append(f"{vocabulary.taxonomies[name]['name'][lang]}: {labels}")
    return "; ".join(parts)


def service(point: Obj, vocabulary: Vocabulary, *, lang: str) -> Obj:
    """The one-to-one fields of a contact point (HSDS service_list)."""
    links = [channel_view.link(channel_type=c["type"], value=c["value"]) for c in point["channels"]]
    web = next((link for link in links if link and link.startswith("https://")), None)
    email = next(
        (
            c["value"]
            for c in point["channels"]
            if c["type"] == "email" and "@" in c["value"] and " " not in c["value"]
        ),
        None,
    )
    minimum, maximum = _ages(point["serves"]["age_group"])
    costs = [
        f"{channels.channel_name(c, lang)}: {channels.COST_WORDS[lang][c['cost']]}"
        for c in point["channels"]
    ]
    verified_at = point["last_verified_at"]
    return prune(
        {
            "id": hsds_id("service", point["id"]),
            "organization_id": hsds_id("organization", point["organisation"]["id"]),
            "name": point["name"][lang],
            "alternate_name": point["id"],
            "description": point["description"][lang],
            "url": web,
            "email": email,
            "status": "active" if point["status"] == "active" else "inactive",
            "application_process": point["what_happens"][lang],
            "fees_description": "; ".join(costs),
            "eligibility_description": _eligibility(point, vocabulary, lang),
            "minimum_age": minimum,
            "maximum_age": maximum,
            "assured_date": verified_at.isoformat() if verified_at else None,
            "alert": _alert(point, lang),
            "last_modified": point["updated_at"].isoformat(),
        }
    )


def _attributes(point: Obj, vocabulary: Vocabulary, *, lang: str, service_id: str) -> list[Obj]:
    # Sorted by taxonomy id, then in the taxonomy's own order, as the terms are stored.
    terms = [
        vocabulary.term(name, code)
        for name in sorted(point["serves"])
        for code in point["serves"][name]
    ]
    return [
        {
            "id": hsds_id("attribute", f"{point['id']}:{term['id']}"),
            "link_id": service_id,
            "link_type": term["taxonomy_id"],
            "link_entity": "service",
            "taxonomy_term_id": hsds_id("taxonomy_term", term["id"]),
            "value": term["code"],
            "taxonomy_term": taxonomy_term(
                term, of=vocabulary.taxonomies[term["taxonomy_id"]], lang=lang
            ),
        }
        for term in terms
    ]


def _service_areas(point: Obj, vocabulary: Vocabulary, *, lang: str, service_id: str) -> list[Obj]:
    if point["area"]["scope"] == "national":
        return [
            {
                "id": hsds_id("service_area", f"{point['id']}:national"),
                "service_id": service_id,
                "name": WORDS[lang]["country"],
                "description": WORDS[lang]["national"],
            }
        ]
    names = [vocabulary.regions[region_id]["name"] for region_id in point["area"]["regions"]]
    return [
        {
            "id": hsds_id("service_area", f"{point['id']}:{region_id}"),
            "service_id": service_id,
            "name": name,
            "description": f"{WORDS[lang]['regional']}: {name}",
        }
        for region_id, name in zip(point["area"]["regions"], names, strict=True)
    ]


def _locations(point: Obj, *, lang: str, service_id: str) -> list[Obj]:
    if point["confidential_location"] or not point["address"]:
        return []  # a shelter's address is never published, not even here
    location_id = hsds_id("location", point["id"])
    return [
        {
            "id": hsds_id("service_at_location", point["id"]),
            "service_id": service_id,
            "location_id": location_id,
            "location": {
                "id": location_id,
                "location_type": "physical",
                "name": point["name"][lang],
                "description": point["address"],
            },
        }
    ]


def service_full(point: Obj, vocabulary: Vocabulary, *, lang: str) -> Obj:
    """A contact point with everything nested (HSDS service)."""
    service_id = hsds_id("service", point["id"])
    parts = {"lang": lang, "service_id": service_id}
    verified_at = point["last_verified_at"]
    fallback = verified_at.isoformat() if verified_at else ""
    return prune(
        {
            **service(point, vocabulary, lang=lang),
            "organization": organization(point["organisation"], lang=lang),
            "phones": channels.phones(point, **parts),
            "schedules": channels.schedules(point, **parts),
            "cost_options": channels.cost_options(point, **parts),
            "languages": channels.languages(point, **parts),
            "service_areas": _service_areas(point, vocabulary, **parts),
            "service_at_locations": _locations(point, **parts),
            "attributes": _attributes(point, vocabulary, **parts),
            "metadata": metadata("service", service_id, point["sources"], fallback),
        }
    )
