"""The landscape as Open Referral HSDS 3.0 under /hsds/ (read-only, paginated as the HSDS
OpenAPI says: `page`, `per_page` and the Page wrapper). The mapping is in api/hsds/mapping.py;
the router never reads a row itself: the queries answer with serialised rows."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from api.core.db import SessionDep
from api.core.params import only
from api.hsds import mapping, queries, services

router = APIRouter(prefix="/hsds", tags=["hsds"])

Lang = Annotated[Literal["nl", "en"], Query(description="language of the texts")]
PageNumber = Annotated[int, Query(ge=1, description="page number, from 1")]
PerPage = Annotated[int, Query(ge=1, le=100, description="results per page (at most 100)")]
Search = Annotated[str | None, Query(max_length=100, description="text in name or description")]
Id = Annotated[str | None, Query(max_length=100)]
PAGING = ["page", "per_page", "lang"]
Obj = dict[str, Any]


@router.get("/", dependencies=[Depends(only([]))])
def about(request: Request) -> Obj:
    """The HSDS version and profile of this API, and where its parts are."""
    base = str(request.base_url).rstrip("/")
    return {
        "version": mapping.HSDS_VERSION,
        "profile": mapping.PROFILE,
        "openapi_url": f"{base}/openapi.json",
        "links": {
            name: f"{base}/hsds/{name}"
            for name in ("services", "organizations", "taxonomies", "taxonomy_terms")
        },
    }


UNKNOWN_FILTER: dict[int | str, dict[str, Any]] = {
    404: {"description": "A filter names an organization or taxonomy that is not there."}
}


@router.get(
    "/services",
    responses=UNKNOWN_FILTER,
    dependencies=[
        Depends(only([*PAGING, "search", "organization_id", "taxonomy_id", "taxonomy_term_id"]))
    ],
)
def list_services(
    session: SessionDep,
    search: Search = None,
    organization_id: Id = None,
    taxonomy_id: Id = None,
    taxonomy_term_id: Id = None,
    page: PageNumber = 1,
    per_page: PerPage = 50,
    lang: Lang = "nl",
) -> Obj:
    """Services with their one-to-one fields; ids may be HSDS UUIDs or our own ids."""
    points = queries.services(
        session=session,
        search=search,
        organization_id=organization_id,
        taxonomy_id=taxonomy_id,
        taxonomy_term_id=taxonomy_term_id,
    )
    vocabulary = queries.vocabulary(session=session)
    return queries.page(
        points,
        number=page,
        per_page=per_page,
        show=lambda p: services.service(p, vocabulary, lang=lang),
    )


@router.get("/services/{service_id}", dependencies=[Depends(only(["lang"]))])
def get_service(service_id: str, session: SessionDep, lang: Lang = "nl") -> Obj:
    """One service, fully nested (phones, schedules, areas, attributes, ...)."""
    point = queries.service(session=session, service_id=service_id)
    return services.service_full(point, queries.vocabulary(session=session), lang=lang)


@router.get("/organizations", dependencies=[Depends(only([*PAGING, "search"]))])
def list_organizations(
    session: SessionDep,
    search: Search = None,
    page: PageNumber = 1,
    per_page: PerPage = 50,
    lang: Lang = "nl",
) -> Obj:
    """Organizations with their one-to-one fields."""
    rows = queries.organizations(session=session, search=search)
    return queries.page(
        rows, number=page, per_page=per_page, show=lambda o: mapping.organization(o, lang=lang)
    )


@router.get(
    "/organizations/{organization_id}", dependencies=[Depends(only(["lang", "full_service"]))]
)
def get_organization(
    organization_id: str, session: SessionDep, lang: Lang = "nl", full_service: bool = False
) -> Obj:
    """One organization with its services (one-to-one fields, or nested with full_service)."""
    found = queries.organization(session=session, organization_id=organization_id)
    points = queries.organization_services(session=session, organisation_id=found["id"])
    vocabulary = queries.vocabulary(session=session)
    show = services.service_full if full_service else services.service
    shown = [show(p, vocabulary, lang=lang) for p in points]
    return mapping.organization_full(found, lang=lang, services=shown)


@router.get("/taxonomies", dependencies=[Depends(only(PAGING))])
def list_taxonomies(
    session: SessionDep, page: PageNumber = 1, per_page: PerPage = 50, lang: Lang = "nl"
) -> Obj:
    """Our classifications (role, violence type, phase, age group, need)."""
    rows = queries.taxonomies(session=session)
    return queries.page(
        rows, number=page, per_page=per_page, show=lambda t: mapping.taxonomy(t, lang=lang)
    )


@router.get(
    "/taxonomy_terms",
    responses=UNKNOWN_FILTER,
    dependencies=[Depends(only([*PAGING, "taxonomy_id"]))],
)
def list_taxonomy_terms(
    session: SessionDep,
    taxonomy_id: Id = None,
    page: PageNumber = 1,
    per_page: PerPage = 50,
    lang: Lang = "nl",
) -> Obj:
    """The terms of our classifications; `taxonomy_id` narrows them to one."""
    rows = queries.taxonomy_terms(session=session, taxonomy_id=taxonomy_id)
    taxonomies = queries.vocabulary(session=session).taxonomies
    return queries.page(
        rows,
        number=page,
        per_page=per_page,
        show=lambda t: mapping.taxonomy_term(t, of=taxonomies[t["taxonomy_id"]], lang=lang),
    )
