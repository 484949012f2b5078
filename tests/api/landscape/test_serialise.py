"""One serialiser per resource: the landscape API, the seed export and the HSDS view all show
what api/landscape/serialise.py made of a contact point, and the HSDS mapping never reads the
database itself."""

import ast
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.hsds.common import hsds_id
from api.landscape import models, seed_export, serialise
from api.landscape import service as landscape

HSDS = Path(__file__).resolve().parents[3] / "api" / "hsds"


def _points(session: Session) -> list[dict[str, object]]:
    rows = session.scalars(select(models.ContactPoint).options(*landscape.load_options()))
    return [serialise.contact_point(row) for row in rows]


def test_the_api_shows_the_serialised_point(client: TestClient, session: Session) -> None:
    for point in _points(session)[:10]:
        shown = client.get(f"/v1/contact-points/{point['id']}").json()
        for field in ("name", "description", "what_happens", "serves", "area", "sources"):
            assert shown[field] == point[field], (point["id"], field)
        assert [c["value"] for c in shown["channels"]] == [c["value"] for c in point["channels"]]


def test_the_seed_export_is_the_serialised_point(session: Session) -> None:
    for point in _points(session):
        entry = seed_export.point_to_seed(point)
        assert entry.id == point["id"] and entry.organisation == point["organisation"]["id"]
        assert [c.value for c in entry.channels] == [c["value"] for c in point["channels"]]


def test_hsds_shows_the_serialised_point(client: TestClient, session: Session) -> None:
    for point in _points(session)[:10]:
        service = client.get(f"/hsds/services/{point['id']}", params={"lang": "en"}).json()
        assert service["id"] == hsds_id("service", str(point["id"]))
        assert service["name"] == point["name"]["en"]  # type: ignore[index]
        assert service["description"] == point["description"]["en"]  # type: ignore[index]


def test_a_confidential_location_has_no_address_in_the_serialised_point(session: Session) -> None:
    hidden = [p for p in _points(session) if p["confidential_location"]]
    assert hidden and all(p["address"] is None for p in hidden)


def test_the_hsds_mapping_never_reads_the_database() -> None:
    # Only the queries module talks to the database; the mapping reads serialised dicts.
    for path in HSDS.glob("*.py"):
        if path.name == "queries.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        modules += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names]
        assert not [m for m in modules if m.startswith("sqlalchemy")], path.name
        assert "models" not in names and "api.landscape.models" not in modules, path.name
