"""The engine's mechanics on a small synthetic landscape: hard filters, pins, forbids, regional
places, tie-breaks, the reachable-now guarantee, and that the package stays pure."""

import ast
from datetime import datetime
from pathlib import Path
from typing import Any

from api.landscape import hours
from api.rules.triage import engine, loader, texts
from api.rules.triage.model import ChannelInfo, ContactPointInfo, Facts, RuleSet, Text

WEDNESDAY_NOON = datetime(2026, 11, 25, 12, 0, tzinfo=hours.AMSTERDAM)
WEDNESDAY_NIGHT = datetime(2026, 11, 25, 3, 0, tzinfo=hours.AMSTERDAM)
PACKAGE = Path(engine.__file__).parent


def _point(
    point_id: str, *, opening: str = "24/7", channel: str = "phone", **serves: Any
) -> ContactPointInfo:
    scope = serves.pop("scope", "national")
    regions = frozenset(serves.pop("regions", ()))
    organisation = serves.pop("organisation", point_id)
    return ContactPointInfo(
        id=point_id,
        organisation_id=organisation,
        organisation_name=organisation,
        name=Text(point_id, point_id),
        kind=serves.pop("kind", "helpline"),
        description=Text("Omschrijving.", "Description."),
        what_happens=Text("Je praat met iemand.", "You talk to someone."),
        serves={taxonomy: frozenset(codes) for taxonomy, codes in serves.items()},
        channels=(ChannelInfo(channel, "0800-0000", opening, hours.parse(opening)),),
        area_scope=scope,
        region_ids=regions,
    )


def _rules(*rules: dict[str, Any], **settings: Any) -> RuleSet:
    settings.setdefault("reachable_fallback", ["always"])
    return loader.parse({"version": "t", "settings": settings, "rules": list(rules) or [_noop()]})


def _noop() -> dict[str, Any]:
    return {
        "name": "noop",
        "description": "d",
        "source": "s",
        "when": {"role": "victim"},
        "boost": {"always": 1},
    }


def _facts(**values: Any) -> Facts:
    values.setdefault("language", "nl")
    values.setdefault("now", WEDNESDAY_NOON)
    return Facts(**values)


def _ids(result: Any, part: str = "recommendations") -> list[str]:
    return [p.point.id for p in getattr(result, part)]


LANDSCAPE = [
    _point("always", violence_type={"domestic_violence"}, need={"talk"}),
    _point(
        "office", opening="Mo-Fr 09:00-17:00", violence_type={"domestic_violence"}, need={"talk"}
    ),
    _point("adults", role={"victim"}, age_group={"18_plus"}, violence_type={"domestic_violence"}),
    _point("crisis", violence_type={"sexual_violence"}, phase={"acute"}),
]


def test_engine_unknown_facts_filter_nothing_known_facts_do() -> None:
    unknown_age = engine.evaluate(
        _rules(), _facts(concerns=frozenset({"domestic_violence"})), LANDSCAPE
    )
    assert "adults" in _ids(unknown_age) + _ids(unknown_age, "also_possible")
    child = _facts(concerns=frozenset({"domestic_violence"}), age_group="12_17")
    result = engine.evaluate(_rules(), child, LANDSCAPE)
    assert "adults" not in _ids(result) + _ids(result, "also_possible")


def test_engine_ties_go_to_open_now_then_preference_then_id() -> None:
    talk = {"concerns": frozenset({"domestic_violence"}), "needs": frozenset({"talk"})}
    at_night = engine.evaluate(_rules(), _facts(now=WEDNESDAY_NIGHT, **talk), LANDSCAPE)
    assert _ids(at_night)[:2] == ["always", "office"]
    chat = [
        *LANDSCAPE,
        _point("z-chat", channel="chat", violence_type={"domestic_violence"}, need={"talk"}),
    ]
    preferring = engine.evaluate(_rules(), _facts(prefer_channel="chat", **talk), chat)
    assert _ids(preferring)[0] == "z-chat"
    anything = engine.evaluate(_rules(), _facts(**talk), chat)
    assert _ids(anything)[:3] == ["always", "office", "z-chat"]


def test_engine_urgent_lines_come_first_even_outside_the_filters() -> None:
    rule = {"name": "danger", "description": "d", "source": "s", "when": {"danger_now": "yes"},
            "urgent": "danger", "urgent_lines": ["crisis"]}  # fmt: skip
    facts = _facts(danger_now="yes", concerns=frozenset({"domestic_violence"}), timing="longer_ago")
    result = engine.evaluate(_rules(rule), facts, LANDSCAPE)
    assert _ids(result)[0] == "crisis" and result.urgent == "danger"
    assert result.urgent_lines[0][1].id == "crisis"


def test_engine_forbid_wins_over_pins_and_scores() -> None:
    pin = {"name": "pin", "description": "d", "source": "s", "pin_first": ["office"]}
    hide = {"name": "hide", "description": "d", "source": "s", "forbid": ["office"]}
    facts = _facts(concerns=frozenset({"domestic_violence"}))
    result = engine.evaluate(_rules(pin, hide), facts, LANDSCAPE)
    assert "office" not in _ids(result) + _ids(result, "also_possible")
    assert result.rules_fired == ("pin", "hide")


def test_engine_only_named_places_need_a_rule() -> None:
    facts = _facts(concerns=frozenset({"domestic_violence"}), needs=frozenset({"talk"}))
    result = engine.evaluate(_rules(only_when_named=["always"]), facts, LANDSCAPE)
    assert "always" not in _ids(result) + _ids(result, "also_possible")


def test_engine_regional_place_stands_in_only_when_it_is_the_only_one() -> None:
    national = _point("csg", organisation="csg", kind="centre", violence_type={"sexual_violence"})
    north = _point(
        "csg-north", organisation="csg", kind="centre", scope="regional", regions={"north"}
    )
    south = _point(
        "csg-south", organisation="csg", kind="centre", scope="regional", regions={"south", "north"}
    )
    pin = {"name": "csg_first", "description": "d", "source": "s", "pin_first": ["csg"]}
    points = [national, north, south, LANDSCAPE[0]]
    in_south = engine.evaluate(_rules(pin), _facts(region_ids=frozenset({"south"})), points)
    assert _ids(in_south)[0] == "csg-south"
    assert texts.REGIONAL in in_south.recommendations[0].reasons
    in_north = engine.evaluate(_rules(pin), _facts(region_ids=frozenset({"north"})), points)
    assert _ids(in_north)[0] == "csg"
    nowhere = engine.evaluate(_rules(pin), _facts(), points)
    assert _ids(nowhere)[0] == "csg" and "csg-south" not in _ids(nowhere, "also_possible")


def test_engine_adds_a_line_open_now_when_nothing_else_is() -> None:
    facts = _facts(
        concerns=frozenset({"domestic_violence"}), age_group="12_17", now=WEDNESDAY_NIGHT
    )
    pin = {"name": "office_first", "description": "d", "source": "s", "pin_first": ["office"]}
    result = engine.evaluate(_rules(pin, only_when_named=["always"]), facts, LANDSCAPE)
    assert _ids(result)[:2] == ["office", "always"]
    assert texts.REACHABLE_NOW in result.recommendations[1].reasons


def test_engine_never_answers_with_nothing() -> None:
    result = engine.evaluate(_rules(), _facts(concerns=frozenset({"human_trafficking"})), LANDSCAPE)
    assert _ids(result) == ["always"]
    assert result.general is True
    assert result.recommendations[0].reasons == (texts.GENERAL,)


def test_engine_package_imports_no_web_or_database_code() -> None:
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        modules += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [
            m for m in modules if m.split(".")[0] in ("fastapi", "sqlalchemy", "starlette")
        ], path
