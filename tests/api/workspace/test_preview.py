"""The preview says what the chat says: the card is built like the bot's message
(actions/render.py) with the bot's own words around it (domain/responses/recommend.yml), and
the case table is run through the real engine to find the situations that gain or lose a point."""

import importlib.util
import sys
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from api.landscape import hours
from api.landscape import service as landscape
from api.workspace import preview, views
from tests.api.workspace.conftest import Workspace

ROOT = Path(__file__).resolve().parents[3]
MOMENTS = ["2026-11-25T14:00:00+01:00", "2026-11-25T23:30:00+01:00", "2026-11-29T11:00:00+01:00"]


def _render() -> ModuleType:
    # actions/__init__.py imports rasa_sdk; render.py itself is plain Python.
    spec = importlib.util.spec_from_file_location("bot_render", ROOT / "actions" / "render.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def _responses() -> dict[str, dict[str, str]]:
    data = yaml.safe_load((ROOT / "domain" / "responses" / "recommend.yml").read_text())
    found = {}
    for name in ("utter_place", "utter_place_closed", "utter_place_hours_unknown"):
        variants = data["responses"][name]
        found[name] = {
            "nl": next(v["text"] for v in variants if "condition" not in v),
            "en": next(v["text"] for v in variants if "condition" in v),
        }
    return found


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_card_is_the_chat_message(client: TestClient, moment: str, language: str) -> None:
    render, responses = _render(), _responses()
    answer = client.post(
        "/v1/recommendations",
        json={
            "language": language,
            "role": "victim",
            "concerns": ["sexual_violence"],
            "now": moment,
        },
    ).json()
    places: list[dict[str, Any]] = answer["recommendations"] + answer["also_possible"]
    for place in places:
        message = render.place_message(place)
        card = preview.chat_card(place, language)
        bot_text = responses[message.response][language].format(**message.variables)
        card_text = "\n".join([card.heading, *("\n".join(s) for s in card.sections)])
        assert card_text == bot_text
        assert card.links == [(link["title"], link["url"]) for link in message.links]
    assert preview.MAX_CHANNELS == render.MAX_CHANNELS


def test_the_card_of_an_entry_shows_open_now_at_the_moment_asked(workspace: Workspace) -> None:
    with workspace.app.sessions() as session:
        point = landscape.get_contact_point(session=session, point_id="veilig-thuis")
        entry = views.entry_of(point)
    evening = datetime(2026, 11, 25, 20, 0, tzinfo=hours.AMSTERDAM)
    card = preview.card(entry, organisation_name="Veilig Thuis", language="nl", moment=evening)
    assert card.heading == "Veilig Thuis (nu bereikbaar)"  # the phone line is 24/7
    assert any("Anoniem chatten · ma-vr 09:00-17:00" in line for line in card.sections[0])
    only_chat = {**entry, "channels": [c for c in entry["channels"] if c["type"] == "chat"]}
    closed = preview.card(
        only_chat, organisation_name="Veilig Thuis", language="en", moment=evening
    )
    assert closed.heading.endswith("(closed right now)")


def test_retiring_a_point_shows_the_cases_that_lose_it(workspace: Workspace) -> None:
    moment = datetime(2026, 11, 25, 14, 0, tzinfo=hours.AMSTERDAM)
    with workspace.app.sessions() as session:
        point = landscape.get_contact_point(session=session, point_id="centrum-seksueel-geweld")
        retired = {**views.entry_of(point), "status": "retired"}
        shifts = preview.case_shifts(
            session,
            point_id=point.id,
            after=retired,
            organisation_name="CSG",
            moment=moment,
        )
    assert shifts, "retiring the CSG must change some answers"
    assert all(s.after is None and s.before is not None for s in shifts)
    assert any(s.before is not None and s.before.part == "recommended" for s in shifts)
    names = {s.name for s in shifts}
    assert "danger_recent_sexual_violence_csg_second" in names


def test_an_unchanged_entry_shifts_no_case(workspace: Workspace) -> None:
    moment = datetime(2026, 11, 25, 14, 0, tzinfo=hours.AMSTERDAM)
    with workspace.app.sessions() as session:
        point = landscape.get_contact_point(session=session, point_id="veilig-thuis")
        shifts = preview.case_shifts(
            session,
            point_id=point.id,
            after=views.entry_of(point),
            organisation_name="Veilig Thuis",
            moment=moment,
        )
    assert shifts == []
