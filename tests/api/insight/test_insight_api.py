"""The insight endpoints as the landscape team uses them."""

import io

from fastapi.testclient import TestClient
from PIL import Image

from api.insight import heatmap


def test_coverage_shows_veilig_thuis_for_bystanders_of_child_abuse(client: TestClient) -> None:
    answer = client.get("/v1/insight/coverage")
    assert answer.status_code == 200
    cell = next(
        c
        for c in answer.json()["cells"]
        if (c["violence_type"], c["role"], c["phase"]) == ("child_abuse", "bystander", "ongoing")
    )
    assert "veilig-thuis" in cell["contact_points"]


def test_coverage_with_an_unknown_filter_lists_the_allowed_ones(client: TestClient) -> None:
    answer = client.get("/v1/insight/coverage?colour=red")
    assert answer.status_code == 422
    assert "colour" in answer.json()["detail"] and "age_group" in answer.json()["detail"]


def test_coverage_with_an_unknown_age_group_lists_the_allowed_values(client: TestClient) -> None:
    answer = client.get("/v1/insight/coverage?age_group=teen")
    assert answer.status_code == 422
    assert "12_17" in answer.json()["detail"]


def test_coverage_csv_has_one_row_per_cell(client: TestClient) -> None:
    answer = client.get("/v1/insight/coverage.csv")
    assert answer.headers["content-type"].startswith("text/csv")
    assert len(answer.text.strip().splitlines()) == 1 + 5 * 5 * 4


def test_coverage_png_is_the_heatmap(client: TestClient) -> None:
    answer = client.get("/v1/insight/coverage.png?lang=en")
    image = Image.open(io.BytesIO(answer.content))
    assert image.size == (heatmap.WIDTH_PX, heatmap.HEIGHT_PX)


def test_outcomes_need_an_admin_token(client: TestClient) -> None:
    assert client.get("/v1/insight/outcomes").status_code == 401


def test_insight_page_renders_in_both_languages(client: TestClient) -> None:
    dutch = client.get("/insight/")
    english = client.get("/insight/?lang=en")
    assert dutch.status_code == english.status_code == 200
    assert "Gaten" in dutch.text and "Gaps" in english.text
    assert "<script" not in dutch.text


def test_insight_page_works_with_an_empty_statistics_table(fixture_client: TestClient) -> None:
    page = fixture_client.get("/insight/")
    assert page.status_code == 200
    assert "Nog geen gegevens" in page.text
