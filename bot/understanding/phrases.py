"""Curated phrases per fact and language (data/facts/phrases/{nl,en}/<fact>.yml), matched on
the normalised text; the highest priority wins (pure; importable from both environments).

A phrase entry may also say `value: none`: a veto for words that look like the fact but are
not ("ik schrok me dood"), which beats the statistical model too. An entry may give other facts
as well (`also: {danger: "yes"}` on an overdose already taken, which is both), with the same
priority, and may list `unless` patterns: when one of them is found, the entry says nothing
(an overdose pattern does not fire on "as prescribed by my doctor").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.understanding.text import normalise

ROOT = Path(__file__).resolve().parents[2]
PHRASES = ROOT / "data" / "facts" / "phrases"
LANGUAGES = ("nl", "en")
VETO = "none"


@dataclass(frozen=True)
class Entry:
    """One value of a fact with the patterns that say it."""

    fact: str
    value: str
    priority: int
    patterns: tuple[re.Pattern[str], ...]
    language: str
    also: tuple[tuple[str, str], ...] = ()
    unless: tuple[re.Pattern[str], ...] = ()

    @property
    def gives(self) -> tuple[tuple[str, str], ...]:
        """Every (fact, value) this entry says when it matches, its own fact first."""
        return ((self.fact, self.value), *self.also)

    def search(self, plain: str) -> re.Match[str] | None:
        """The first pattern found in the normalised text, unless an `unless` pattern is."""
        if any(p.search(plain) for p in self.unless):
            return None
        for pattern in self.patterns:
            found = pattern.search(plain)
            if found:
                return found
        return None


@dataclass(frozen=True)
class Match:
    """The winning entry for a fact and where in the normalised text it matched."""

    fact: str
    value: str
    priority: int
    start: int
    end: int


def _entries(path: Path, codes: Mapping[str, Iterable[str]] | None) -> list[Entry]:
    raw = yaml.safe_load(path.read_text("utf-8")) or {}
    fact, language = str(raw.get("fact") or path.stem), str(raw.get("language"))
    if language != path.parent.name:
        raise ValueError(f"{path}: language must be {path.parent.name!r}")
    entries = []
    for index, item in enumerate(raw.get("entries") or []):
        where = f"{path} entry {index}"
        gives = [(fact, str(item["value"]))]
        gives += [(str(f), str(v)) for f, v in (item.get("also") or {}).items()]
        for name, value in gives:
            allowed = None if codes is None else codes.get(name)
            if codes is not None and name not in codes and name != fact:
                raise ValueError(f"{where}: {name!r} is not a fact")
            if allowed is not None and value != VETO and value not in allowed:
                raise ValueError(f"{where}: {value!r} is not a code of {name}")
        try:
            patterns = tuple(re.compile(p) for p in item["patterns"])
            unless = tuple(re.compile(p) for p in item.get("unless") or [])
        except re.error as exc:
            raise ValueError(f"{where}: {exc}") from exc
        priority = int(item.get("priority", 0))
        entries.append(
            Entry(fact, gives[0][1], priority, patterns, language, tuple(gives[1:]), unless)
        )
    return entries


class PhraseBook:
    """Every curated phrase of the given facts and languages."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = tuple(entries)

    @classmethod
    def load(
        cls,
        facts: Iterable[str] | None = None,
        languages: Iterable[str] = LANGUAGES,
        root: Path = PHRASES,
        codes: Mapping[str, Iterable[str]] | None = None,
    ) -> PhraseBook:
        """Read the phrase files (all facts unless `facts` names some: then the entries that
        give one of those, wherever they are written)."""
        wanted = set(facts) if facts is not None else None
        entries: list[Entry] = []
        for language in languages:
            for path in sorted((root / language).glob("*.yml")):
                entries += [
                    e
                    for e in _entries(path, codes)
                    if wanted is None or wanted & {name for name, _ in e.gives}
                ]
        return cls(entries)

    def match(self, text: str, *, normalised: bool = False) -> dict[str, Match]:
        """The winning match per fact (highest priority; the first entry on a tie)."""
        plain = text if normalised else normalise(text)
        best: dict[str, Match] = {}
        if not plain:
            return best
        for entry in self.entries:
            open_facts = [
                (fact, value)
                for fact, value in entry.gives
                if fact not in best or best[fact].priority < entry.priority
            ]
            if not open_facts:
                continue
            found = entry.search(plain)
            if found:
                for fact, value in open_facts:
                    best[fact] = Match(fact, value, entry.priority, found.start(), found.end())
        return best

    def to_data(self) -> list[dict[str, Any]]:
        """The entries as plain data (stored inside the trained model)."""
        return [
            {
                "fact": e.fact,
                "value": e.value,
                "priority": e.priority,
                "language": e.language,
                "patterns": [p.pattern for p in e.patterns],
                "also": dict(e.also),
                "unless": [p.pattern for p in e.unless],
            }
            for e in self.entries
        ]

    @classmethod
    def from_data(cls, data: Iterable[Mapping[str, Any]]) -> PhraseBook:
        """Rebuild what `to_data` wrote."""
        return cls(
            Entry(
                str(d["fact"]),
                str(d["value"]),
                int(d["priority"]),
                tuple(re.compile(p) for p in d["patterns"]),
                str(d["language"]),
                tuple((str(f), str(v)) for f, v in (d.get("also") or {}).items()),
                tuple(re.compile(p) for p in d.get("unless") or []),
            )
            for d in data
        )


CRISIS_FACTS = ("danger", "suicide")


def crisis_kind(text: str, book: PhraseBook) -> str | None:
    """ "danger", "suicide" or None, from the crisis phrases alone (the gateway's check)."""
    found = book.match(text)
    danger = found.get("danger")
    suicide = found.get("suicide")
    if danger is not None and danger.value != VETO:
        return "danger"
    if suicide is not None and suicide.value != VETO:
        return "suicide"
    return None
