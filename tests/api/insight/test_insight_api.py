"""The insight endpoints as the landscape team uses them."""

import io
import uuid
from datetime import date

from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy.orm import Session

from api.admin import tokens
from api.insight import heatmap, outcomes


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


def _week_of_rows(session: Session, rows: int = 6) -> None:
    for _ in range(rows):
        outcomes.record(
            session,
            facts=outcomes.OutcomeFacts(
                language="en",
                role="victim",
                concerns=("domestic_violence",),
                timing="ongoing",
                age_group="18_plus",
                needs=("talk",),
                recommended=("veilig-thuis",),
                specific_match=True,
            ),
            today=date(2026, 1, 7),
        )
    session.commit()


def test_insight_page_shows_no_outcome_counts(client: TestClient, session: Session) -> None:
    _week_of_rows(session)
    page = client.get("/insight/?lang=en")
    assert page.status_code == 200
    assert "GET /v1/insight/outcomes" in page.text
    assert "2026-W02" not in page.text


def test_outcomes_with_a_read_token_are_per_closed_week(
    client: TestClient, session: Session
) -> None:
    _week_of_rows(session)
    secret = tokens.create_token(session, name=f"reader-{uuid.uuid4().hex[:8]}", scope="read")
    session.commit()
    answer = client.get("/v1/insight/outcomes", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 200
    weeks = {week["week"]: week for week in answer.json()["weeks"]}
    assert weeks["2026-W02"]["total"] >= 6
    assert "total" not in answer.json()
