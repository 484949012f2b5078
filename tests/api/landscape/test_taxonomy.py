"""GET /v1/taxonomy lists the classification with Dutch and English labels, and the filters
accept whatever terms the database holds (a new term needs no code change)."""

from fastapi.testclient import TestClient

from api.landscape import models
from api.landscape.seed_schema import TAXONOMIES
from tests.api.conftest import LandscapeApp


def test_taxonomy_lists_every_taxonomy_with_labels(client: TestClient) -> None:
    answer = client.get("/v1/taxonomy").json()["taxonomies"]
    assert [t["id"] for t in answer][: len(TAXONOMIES)] == list(TAXONOMIES)
    role = answer[0]
    assert role["name"]["nl"] and role["name"]["en"]
    bystander = next(t for t in role["terms"] if t["code"] == "bystander")
    assert bystander["label"]["nl"].startswith("Omstander")
    assert all(term["label"]["en"] for t in answer for term in t["terms"])


def test_taxonomy_codes_are_the_filter_values(client: TestClient) -> None:
    for taxonomy in client.get("/v1/taxonomy").json()["taxonomies"]:
        if taxonomy["id"] not in TAXONOMIES:
            continue
        for term in taxonomy["terms"]:
            response = client.get("/v1/contact-points", params={taxonomy["id"]: term["code"]})
            assert response.status_code == 200, response.text


def test_a_term_added_to_the_database_is_a_valid_filter(writable_app: LandscapeApp) -> None:
    client = writable_app.client
    assert client.get("/v1/contact-points", params={"need": "housing"}).status_code == 422
    with writable_app.sessions() as session:
        session.add(
            models.TaxonomyTerm(
                id="need.housing",
                taxonomy_id="need",
                code="housing",
                label_nl="Woonruimte",
                label_en="Housing",
                position=99,
            )
        )
        session.commit()
    response = client.get("/v1/contact-points", params={"need": "housing"})
    assert (response.status_code, response.json()["total"]) == (200, 0)
    need = next(t for t in client.get("/v1/taxonomy").json()["taxonomies"] if t["id"] == "need")
    assert need["terms"][-1] == {"code": "housing", "label": {"nl": "Woonruimte", "en": "Housing"}}


def test_unknown_term_lists_the_allowed_values(client: TestClient) -> None:
    response = client.get("/v1/contact-points", params={"role": "neighbour"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "'neighbour'" in detail
    assert "victim, relative, bystander, perpetrator, professional" in detail


def test_taxonomy_takes_no_parameters(client: TestClient) -> None:
    assert client.get("/v1/taxonomy", params={"lang": "en"}).status_code == 422
