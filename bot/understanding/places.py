"""Dutch place names in what people type (data/facts/places.yml): provinces, municipalities
and towns, so that "ik woon in Zwolle" gives a region. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.understanding.text import normalise

PLACES_FILE = Path(__file__).resolve().parents[2] / "data" / "facts" / "places.yml"


@dataclass(frozen=True)
class Place:
    """A place found in a message."""

    name: str
    province: str
    span: tuple[int, int]


class PlaceFinder:
    """Finds the longest known place name; ambiguous names only after "in", "uit", …"""

    def __init__(self, data: dict[str, Any]) -> None:
        self._names: dict[str, tuple[str, str]] = {}
        for province in data["provinces"]:
            for name in [province["name"], *province.get("aliases", [])]:
                self._names[normalise(name)] = (province["name"], province["name"])
            for name in province.get("places", []):
                self._names[normalise(name)] = (name, province["name"])
        for alias, name in (data.get("aliases") or {}).items():
            if normalise(name) in self._names:
                self._names[normalise(alias)] = self._names[normalise(name)]
        self._ambiguous = {normalise(n) for n in data.get("ambiguous") or []}
        names = sorted(self._names, key=len, reverse=True)
        self._pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])")
        before = "|".join(map(re.escape, data.get("before") or []))
        self._marked = re.compile(rf"(?:^|\b(?:{before}) )$")

    def find(self, text: str) -> Place | None:
        """The first known place in `text`, or None."""
        plain = normalise(text)
        for found in self._pattern.finditer(plain):
            key = found.group(1)
            alone = found.start() == 0 and found.end() >= len(plain.rstrip(".!"))
            if key in self._ambiguous and not (
                alone or self._marked.search(plain[: found.start()])
            ):
                continue
            name, province = self._names[key]
            return Place(name, province, found.span())
        return None


def load_data(path: Path = PLACES_FILE) -> dict[str, Any]:
    """The places file's content (stored inside the trained model)."""
    return dict(yaml.safe_load(path.read_text("utf-8")))


def load(path: Path = PLACES_FILE) -> PlaceFinder:
    """Read the places file."""
    return PlaceFinder(load_data(path))
