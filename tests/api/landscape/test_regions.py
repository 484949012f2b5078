"""The region resolver: a postcode, a municipality or a province (also "friesland") finds the
regions of the landscape; on a table of cases and on the real regions.yml."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.core.errors import InvalidInput
from api.landscape import service as landscape
from api.landscape.regions import RegionInfo, postcode_digits, resolve

TABLE = [
    RegionInfo("prov-utrecht", "Utrecht", "province", ("prov-utrecht",), (), ((3400, 3999),)),
    RegionInfo("prov-fryslan", "Fryslân", "province", ("prov-fryslan",), (), ((8400, 9299),)),
    RegionInfo("prov-nh", "Noord-Holland", "province", ("prov-nh",), (), ((1000, 1299),)),
    RegionInfo("csg-utrecht", "CSG Utrecht", "csg_region", ("prov-utrecht",)),
    RegionInfo("amsterdam-area", "Amsterdam area", "municipality_group", ("prov-nh",),
               ("Amsterdam", "Diemen")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3511", {"prov-utrecht", "csg-utrecht"}),
        ("3511 AB", {"prov-utrecht", "csg-utrecht"}),
        ("3511ab", {"prov-utrecht", "csg-utrecht"}),
        ("Utrecht", {"prov-utrecht", "csg-utrecht"}),
        ("provincie Utrecht", {"prov-utrecht", "csg-utrecht"}),
        ("friesland", {"prov-fryslan"}),
        ("Fryslân", {"prov-fryslan"}),
        ("FRYSLAN", {"prov-fryslan"}),
        ("8911", {"prov-fryslan"}),
        ("Noord Holland", {"prov-nh"}),
        ("north holland", {"prov-nh"}),
        ("Diemen", {"amsterdam-area", "prov-nh"}),
        ("gemeente Amsterdam", {"amsterdam-area", "prov-nh"}),
        ("Atlantis", set()),
        ("", set()),
        ("0123", set()),
    ],
)
def test_resolve_table(text: str, expected: set[str]) -> None:
    assert resolve(TABLE, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1012", 1012), ("1012 AB", 1012), ("my postcode is 3511xz", 3511), ("12", None)],
)
def test_postcode_digits(text: str, expected: int | None) -> None:
    assert postcode_digits(text) == expected


@pytest.mark.parametrize(
    ("place", "region"),
    [
        ("friesland", "provincie-friesland"),
        ("Fryslân", "provincie-friesland"),
        ("8911", "provincie-friesland"),
        ("3511", "provincie-utrecht"),
        ("Utrecht", "provincie-utrecht"),
        ("Amsterdam", "provincie-noord-holland"),
        ("Noord-Brabant", "provincie-noord-brabant"),
    ],
)
def test_real_regions_resolve_places(session: Session, place: str, region: str) -> None:
    assert region in landscape.region_ids(session=session, place=place)


def test_real_region_unknown_place_is_a_readable_error(session: Session) -> None:
    with pytest.raises(InvalidInput, match="postcode"):
        landscape.region_ids(session=session, place="Atlantis")


def test_region_filter_keeps_every_national_point(client: TestClient) -> None:
    everywhere = client.get("/v1/contact-points", params={"per_page": 100}).json()["items"]
    national = {p["id"] for p in everywhere if p["area"]["scope"] == "national"}
    in_friesland = client.get(
        "/v1/contact-points", params={"region": "friesland", "per_page": 100}
    ).json()["items"]
    ids = {p["id"] for p in in_friesland}
    assert national <= ids
    for point in in_friesland:
        if point["area"]["scope"] == "regional":
            assert point["area"]["regions"]
    utrecht_only = {
        p["id"]
        for p in everywhere
        if p["area"]["scope"] == "regional" and all("utrecht" in r for r in p["area"]["regions"])
    }
    assert not utrecht_only & ids
