"""POST /v1/recommendations over HTTP: bad input, contradictions, the general answer, open now
at fixed moments, regions, the data's own facts, privacy and the hook after an answer."""

import logging
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.core.settings import get_settings
from api.insight import outcomes
from api.insight.models import Outcome
from api.landscape import hours
from tests.api.rules.engine_helpers import ids
from tests.lines import number

WEDNESDAY_NIGHT = "2026-11-25T03:00:00+01:00"
SUNDAY_AFTERNOON = "2026-11-29T14:00:00+01:00"


def _post(client: TestClient, *, as_chat: bool = False, **body: Any) -> dict[str, Any]:
    # The chat's action server proves itself with the channel token (actions/landscape_client).
    headers = {"X-Channel-Token": get_settings().secret} if as_chat else {}
    response = client.post("/v1/recommendations", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def _item(answer: dict[str, Any], point_id: str) -> dict[str, Any]:
    return next(
        i for i in answer["recommendations"] + answer["also_possible"] if i["id"] == point_id
    )


@pytest.mark.parametrize(
    ("body", "field", "allowed"),
    [
        ({"language": "nl", "role": "victm"}, "role", "'victim'"),
        ({"language": "nl", "concerns": ["stalking"]}, "concerns.0", "'sexual_violence'"),
        ({"language": "de"}, "language", "'nl' or 'en'"),
        ({"language": "nl", "timing": "yesterday"}, "timing", "'within_7_days'"),
        ({"language": "en", "danger_now": "maybe"}, "danger_now", "'unsure'"),
    ],
)
def test_recommendations_unknown_value_lists_the_allowed_ones(
    client: TestClient, body: dict[str, Any], field: str, allowed: str
) -> None:
    response = client.post("/v1/recommendations", json=body)
    assert response.status_code == 422
    error = next(e for e in response.json()["errors"] if e["field"] == field)
    assert allowed in error["allowed"]


@pytest.mark.parametrize(
    "body",
    [
        {"role": "victim"},
        {"language": "nl", "region": "x" * 101},
        {"language": "nl", "message": "he hits me"},
    ],
    ids=["language_missing", "region_too_long", "free_text_field"],
)
def test_recommendations_invalid_request_is_refused(
    client: TestClient, body: dict[str, Any]
) -> None:
    assert client.post("/v1/recommendations", json=body).status_code == 422


@pytest.mark.parametrize(
    "body",
    [
        {"language": "nl", "timing": "within_7_days", "concerns": []},
        {"language": "en", "role": "perpetrator", "needs": ["report_anonymous", "mediation"]},
        {"language": "nl", "danger_now": "no", "suicidal_thoughts": "yes", "age_group": "under_12"},
        {"language": "nl", "concerns": ["unsure", "sexual_violence"], "needs": ["unsure", "legal"]},
        {"language": "en", "role": "victim", "age_group": "under_12", "needs": ["mediation"]},
    ],
)
def test_recommendations_contradictory_facts_get_an_answer(
    client: TestClient, body: dict[str, Any]
) -> None:
    answer = _post(client, **body)
    assert answer["recommendations"]


def test_recommendations_nothing_but_language_gives_the_national_lines(client: TestClient) -> None:
    answer = _post(client, language="nl")
    assert answer["general"] is True and answer["urgent"] is None
    numbers = {
        c["value"]
        for item in answer["recommendations"] + answer["also_possible"]
        for c in item["channels"]
    }
    assert {
        number("danger"),
        number("domestic"),
        number("sexual"),
        number("suicide"),
        number("suicide", 1),
    } <= numbers
    assert answer["summary"] == ""


def test_recommendations_weekday_night_shows_what_is_open(client: TestClient) -> None:
    answer = _post(
        client, language="nl", role="victim", concerns=["child_abuse"], age_group="12_17",
        now=WEDNESDAY_NIGHT,
    )  # fmt: skip
    child_line = _item(answer, "kindertelefoon")
    assert child_line["open_now"] is False
    assert child_line["next_open"] == "2026-11-25T11:00:00+01:00"
    home = _item(answer, "veilig-thuis")
    assert home["open_now"] is True
    assert home["channels"][0]["type"] == "phone" and home["channels"][0]["open_now"]


def test_recommendations_sunday_afternoon_orders_channels_open_first(client: TestClient) -> None:
    answer = _post(client, language="nl", role="bystander", concerns=["domestic_violence"],
                   prefer_channel="chat", now=SUNDAY_AFTERNOON)  # fmt: skip
    home = _item(answer, "veilig-thuis")
    kinds = [(c["type"], c["open_now"]) for c in home["channels"]]
    assert kinds[0] == ("phone", True)
    chat = next(c for c in home["channels"] if c["type"] == "chat")
    assert chat["open_now"] is False
    assert chat["next_open"] == "2026-11-30T09:00:00+01:00"
    assert kinds.index(("chat", False)) > 0


def test_recommendations_unknown_hours_are_said_to_be_unknown(client: TestClient) -> None:
    answer = _post(client, language="nl", role="victim", concerns=["online_sexual_abuse"])
    helpwanted = _item(answer, "helpwanted")
    assert all("niet bekend" in c["hours_text"] for c in helpwanted["channels"])
    assert not any(c["open_now"] for c in helpwanted["channels"])


def test_recommendations_unverified_facts_carry_a_check_line(client: TestClient) -> None:
    answer = _post(client, language="en", role="victim", concerns=["sexual_violence"])
    csg = _item(answer, "centrum-seksueel-geweld")
    assert any("check" in line.lower() for line in csg["unverified"])


def test_recommendations_cost_and_anonymity_come_from_the_data(client: TestClient) -> None:
    answer = _post(client, language="nl", suicidal_thoughts="yes")
    line = _item(answer, "113-zelfmoordpreventie")
    assert line["cost"] == "free" and line["cost_text"] == "gratis"
    assert line["anonymous"] == "yes"
    assert number("suicide", 1) in answer["urgent"]["text"] and "gratis" in answer["urgent"]["text"]


@pytest.mark.parametrize(
    ("region", "concerns", "timing", "expected"),
    [
        ("3511", ["sexual_violence"], "within_7_days", "csg-utrecht"),
        ("Utrecht", ["domestic_violence"], None, "veilig-thuis-utrecht"),
        ("Atlantis", ["sexual_violence"], "within_7_days", "centrum-seksueel-geweld"),
        ("Drenthe", ["domestic_violence"], None, "veilig-thuis"),
    ],
)
def test_recommendations_region_finds_the_regional_place_or_the_national_one(
    client: TestClient, region: str, concerns: list[str], timing: str | None, expected: str
) -> None:
    body: dict[str, Any] = {
        "language": "nl",
        "role": "victim",
        "concerns": concerns,
        "region": region,
    }
    if timing:
        body["timing"] = timing
    answer = _post(client, **body)
    assert ids(answer, "recommendations")[0] == expected
    assert "centrum-seksueel-geweld" not in ids(answer) or expected == "centrum-seksueel-geweld"


def test_recommendations_region_is_not_logged(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        _post(
            client, language="nl", role="victim", concerns=["domestic_violence"], region="9999 ZZ"
        )
    assert "9999" not in caplog.text


def test_recommendations_answer_may_not_be_cached(client: TestClient) -> None:
    response = client.post("/v1/recommendations", json={"language": "en"})
    assert response.headers["cache-control"] == "no-store"


def _outcome_rows(session: Session) -> list[Outcome]:
    session.expire_all()
    return list(session.query(Outcome))


def test_recommendations_recorded_for_the_chat_count_categories_only(
    client: TestClient, session: Session
) -> None:
    before = len(_outcome_rows(session))
    answer = _post(
        client,
        as_chat=True,
        language="nl",
        role="victim",
        concerns=["sexual_violence"],
        region="3511",
        record_outcome=True,
        now="2026-11-25T03:00:00+01:00",
    )
    rows = _outcome_rows(session)
    assert len(rows) == before + 1
    row = rows[-1]
    assert row.role_term_id == "role.victim"
    assert [t.code for t in row.concerns] == ["sexual_violence"]
    assert not hasattr(row, "province_id")
    # The server's own week, never the `now` sent; a reference that does not show the row.
    assert row.week == outcomes.week_start(datetime.now(hours.AMSTERDAM).date())
    assert outcomes._row_id(answer["feedback_ref"], get_settings().secret.encode()) == row.id


@pytest.mark.parametrize("token", [None, "", "not-the-channel-token"])
def test_recommendations_public_record_outcome_creates_nothing(
    client: TestClient, session: Session, token: str | None
) -> None:
    before = len(_outcome_rows(session))
    headers = {} if token is None else {"X-Channel-Token": token}
    body = {"language": "nl", "role": "victim", "record_outcome": True}
    response = client.post("/v1/recommendations", json=body, headers=headers)
    assert response.status_code == 200
    assert len(_outcome_rows(session)) == before
    assert response.json()["feedback_ref"] is None


def test_recommendations_are_not_recorded_without_the_flag(
    client: TestClient, session: Session
) -> None:
    before = len(_outcome_rows(session))
    answer = _post(client, language="en", role="bystander", concerns=["child_abuse"])
    assert len(_outcome_rows(session)) == before
    assert answer["feedback_ref"] is None


def test_recommendations_record_nothing_when_recording_is_off(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "record_outcomes", False)
    before = len(_outcome_rows(session))
    answer = _post(client, as_chat=True, language="en", role="victim", record_outcome=True)
    assert len(_outcome_rows(session)) == before
    assert answer["feedback_ref"] is None and answer["recommendations"]


def test_recommendations_feedback_counts_once(client: TestClient, session: Session) -> None:
    answer = _post(client, as_chat=True, language="nl", role="relative", record_outcome=True)
    ref = answer["feedback_ref"]
    first = client.post("/v1/insight/feedback", json={"ref": ref, "answer": "yes"})
    again = client.post("/v1/insight/feedback", json={"ref": ref, "answer": "no"})
    assert (first.status_code, again.status_code) == (204, 404)


def test_recommendations_say_which_channel_is_anonymous(client: TestClient) -> None:
    answer = _post(
        client, language="en", role="victim", concerns=["sexual_violence"], timing="within_7_days"
    )
    csg = answer["recommendations"][0]
    assert csg["id"] == "centrum-seksueel-geweld"
    assert csg["anonymous_text"] == "you can stay anonymous in the chat"
