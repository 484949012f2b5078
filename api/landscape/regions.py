"""Map what a person types as a place (a 4-digit postcode, a municipality or a province) to
the region ids of the landscape. Used for one request only; nothing is stored."""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RegionInfo:
    """What the resolver needs of a region (a plain copy of the database row)."""

    id: str
    name: str
    kind: str
    provinces: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    postcode_ranges: tuple[tuple[int, int], ...] = ()

    @classmethod
    def from_row(cls, row: Any) -> "RegionInfo":
        """A copy of a region row (anything with the same attributes)."""
        return cls(
            id=row.id,
            name=row.name,
            kind=row.kind,
            provinces=tuple(row.provinces),
            municipalities=tuple(row.municipalities),
            postcode_ranges=tuple((low, high) for low, high in row.postcode_ranges),
        )


# Common other spellings of province names, so "friesland" finds "Fryslân".
ALIASES = {
    "friesland": "fryslan",
    "noord holland": "noord-holland",
    "north holland": "noord-holland",
    "zuid holland": "zuid-holland",
    "south holland": "zuid-holland",
    "noord brabant": "noord-brabant",
    "north brabant": "noord-brabant",
    "brabant": "noord-brabant",
    "den haag": "'s-gravenhage",
    "the hague": "'s-gravenhage",
    "den bosch": "'s-hertogenbosch",
}


def _norm(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", plain.strip().lower())


def postcode_digits(text: str) -> int | None:
    """The four digits of a Dutch postcode in `text` ("1012", "1012 AB"), if any."""
    match = re.search(r"\b([1-9]\d{3})\s?(?:[a-zA-Z]{2})?\b", text)
    return int(match.group(1)) if match else None


def resolve(regions: Iterable[RegionInfo], text: str | None) -> frozenset[str]:
    """The ids of every region the place lies in (empty when it is not recognised)."""
    if not text or not text.strip():
        return frozenset()
    regions = list(regions)
    direct: set[str] = set()
    postcode = postcode_digits(text)
    wanted = _norm(re.sub(r"\b(gemeente|provincie|province|in|de|the)\b", " ", text))
    wanted = ALIASES.get(wanted, wanted)
    for region in regions:
        if (
            postcode is not None
            and any(low <= postcode <= high for low, high in region.postcode_ranges)
        ) or (
            wanted
            and (
                wanted == _norm(region.name)
                or (region.kind == "province" and ALIASES.get(_norm(region.name)) == wanted)
                or wanted in {_norm(m) for m in region.municipalities}
            )
        ):
            direct.add(region.id)
    # A province (typed, or found from a postcode) also matches the regions defined as
    # covering a whole province: those with `provinces` and no municipality list.
    provinces = {
        region.id for region in regions if region.id in direct and region.kind == "province"
    }
    covering = {
        region.id
        for region in regions
        if not region.municipalities and set(region.provinces) & provinces
    }
    parents = {
        p
        for region in regions
        if region.id in direct and region.municipalities
        for p in region.provinces
    }
    return frozenset(direct | covering | parents)
