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

Ids are UUIDs made with uuid5 from our ids (see common.py), so they never change. Every
function here reads the serialised rows of api/landscape/serialise.py, never the database.
"""

from api.hsds.common import WORDS, Obj, hsds_id, prune

HSDS_VERSION = "3.0"
PROFILE = "https://github.com/openreferral/specification/tree/3.0"


def taxonomy(data: Obj, *, lang: str) -> Obj:
    name = data["name"][lang]
    return {
        "id": hsds_id("taxonomy", data["id"]),
        "name": name,
        "description": f"{WORDS[lang]['taxonomy']}: {name} ({data['id']}).",
    }


def taxonomy_term(data: Obj, *, of: Obj, lang: str) -> Obj:
    """A term of the taxonomy `of`."""
    return {
        "id": hsds_id("taxonomy_term", data["id"]),
        "code": data["code"],
        "name": data["label"][lang],
        "description": f"{of['name'][lang]}: {data['label'][lang]}",
        "taxonomy": data["taxonomy_id"],
        "taxonomy_id": hsds_id("taxonomy", data["taxonomy_id"]),
        "taxonomy_detail": taxonomy(of, lang=lang),
        "language": lang,
    }


def organization(data: Obj, *, lang: str) -> Obj:
    """The one-to-one fields of an organisation (HSDS organization_list)."""
    return prune(
        {
            "id": hsds_id("organization", data["id"]),
            "name": data["name"],
            "description": data["description"][lang] or data["name"],
            "website": data["url"],
        }
    )


def metadata(resource: str, resource_id: str, sources: list[Obj], fallback: str) -> list[Obj]:
    """Where the facts of a resource come from, one row per source."""
    return [
        {
            "id": hsds_id("metadata", f"{resource_id}:source:{i}"),
            "resource_id": resource_id,
            "resource_type": resource,
            "last_action_date": source["seen"] or fallback,
            "last_action_type": "source" if source["verified"] else "unconfirmed_source",
            "field_name": "sources",
            "previous_value": "",
            "replacement_value": source["url"],
            "updated_by": "Wegwijzer landscape research",
        }
        for i, source in enumerate(sources)
    ]


def organization_full(data: Obj, *, lang: str, services: list[Obj]) -> Obj:
    """An organisation (serialised with its sources) with its services (HSDS organization)."""
    org_id = hsds_id("organization", data["id"])
    return prune(
        {**organization(data, lang=lang), "services": services,
         "metadata": metadata("organization", org_id, data["sources"], "")}
    )  # fmt: skip
