"""Numbers in what people type: an amount of time ago ("3 dagen geleden") and an age ("ik ben
15", "mijn dochter van 14"); the words are data (data/facts/numbers.yml). Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.understanding.text import normalise

NUMBERS_FILE = Path(__file__).resolve().parents[2] / "data" / "facts" / "numbers.yml"
MAX_AGE = 110
# A unit of time shorter than this (in days) after "ik ben 3" makes it a time, not an age.
DAYS_IN_YEAR = 365


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class NumberReader:
    """The compiled patterns for ages and amounts of time."""

    words: dict[str, int]
    _ago: re.Pattern[str]
    _marked_after: re.Pattern[str]
    _marked_before: re.Pattern[str]
    _person_of: re.Pattern[str]
    _back_then: re.Pattern[str]
    _bare: re.Pattern[str]
    units: dict[str, int]
    vague: frozenset[str] = frozenset()
    duration_before: frozenset[str] = frozenset()

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> NumberReader:
        """Compile the patterns from the words file's content."""
        words = {normalise(k): int(v) for k, v in data["numbers"].items()}
        units = {normalise(k): int(v) for k, v in data["units"].items()}
        # At most three digits: never part of a postcode or phone number.
        number = r"((?<![\d-])\d{1,3}(?![\d-])|" + _alternatives(list(words)) + r")"
        unit = _alternatives(list(units))
        # "ik ben 3 dagen weg", "i am 2 weeks late": an amount of time, not an age.
        shorter = _alternatives([k for k, days in units.items() if days < DAYS_IN_YEAR])
        ago = _alternatives([normalise(w) for w in data["ago"]])
        after = _alternatives([normalise(w) for w in data["age_after"]])
        before = _alternatives([normalise(w) for w in data["age_before"]])
        persons = _alternatives([normalise(w) for w in data["person_words"]])
        then = _alternatives([normalise(w) for w in data["back_then"]])
        return cls(
            words=words,
            units=units,
            vague=frozenset(normalise(w) for w in data.get("vague_amounts") or []),
            duration_before=frozenset(normalise(w) for w in data.get("duration_before") or []),
            _ago=re.compile(rf"\b{number}\s*({unit})\b\s*({ago})\b"),
            _marked_after=re.compile(rf"\b{number}[ -]?({after})\b(?!\s*({ago})\b)"),
            _marked_before=re.compile(
                rf"\b({before}) {number}\b(?!\s*({unit})?\s*({ago})\b)(?!\s*({shorter})\b)"
            ),
            _person_of=re.compile(
                rf"\b(?:{persons}),? (?:van|of|is|is nu|is pas|\() ?{number}\b"
                rf"(?!\s*({unit})?\s*({ago})\b)"
                rf"|\b{number}[ -]?(?:year|years|jaar)[ -]?(?:old|oude)? (?:{persons})\b"
            ),
            _back_then=re.compile(rf"\b({then}) {number}\b"),
            _bare=re.compile(rf"^{number}(\s*({after}))?[.!]?$"),
        )

    def _value(self, token: str) -> int | None:
        token = token.strip()
        return int(token) if token.isdigit() else self.words.get(token)

    def days_ago(self, text: str) -> int | None:
        """Days since something happened, when the text says "<amount> <unit> ago"."""
        plain = normalise(text)
        for found in self._ago.finditer(plain):
            amount = self._value(found.group(1))
            if amount is not None:
                return amount * self.units[found.group(2)]
        return None

    def age(self, text: str) -> int | None:
        """An age the text marks as the current age of someone ("15 jaar", "ik ben 15").

        When several people's ages are named, the youngest: that is the person the triage must
        protect first ("een man van 40 heeft mijn dochter van 14 …" is about a child of 14).
        """
        plain = normalise(text)
        back_then = [m.span() for m in self._back_then.finditer(plain)]
        ages: list[int] = []
        for pattern in (self._person_of, self._marked_before, self._marked_after):
            for found in pattern.finditer(plain):
                if any(
                    start <= found.start() < end or found.start() <= start < found.end()
                    for start, end in back_then
                ):
                    continue
                digits = next((g for g in found.groups() if g and self._value(g) is not None), None)
                value = self._value(digits) if digits else None
                if value == 1 and digits and not digits.strip().isdigit():
                    # "een" / "a" / "one" is an article here ("ik ben een meisje van 15").
                    continue
                if digits and digits.strip() in self.vague:
                    continue
                if pattern is self._marked_after and self._after_duration_word(plain, found):
                    continue
                if value is not None and 0 < value <= MAX_AGE:
                    ages.append(value)
        return min(ages) if ages else None

    def _after_duration_word(self, plain: str, found: re.Match[str]) -> bool:
        """True for "al 3 jaar", "for 3 years": the number of years is how long, not an age."""
        before = plain[: found.start()].split()
        return any(" ".join(before[-n:]) in self.duration_before for n in (1, 2) if before)

    def mentions_age_back_then(self, text: str) -> bool:
        """True for "toen ik 10 was", "when I was 8": an age at the time, not now."""
        return bool(self._back_then.search(normalise(text)))

    def bare_number(self, text: str) -> int | None:
        """The number when the whole message is one ("15", "vijftien", "15 jaar")."""
        found = self._bare.match(normalise(text))
        return self._value(found.group(1)) if found else None


def age_group(age: int) -> str:
    """The contract's age group for an age in years."""
    if age < 12:
        return "under_12"
    if age < 18:
        return "12_17"
    return "18_plus"


def load_data(path: Path = NUMBERS_FILE) -> dict[str, Any]:
    """The words file's content (stored inside the trained model)."""
    return dict(yaml.safe_load(path.read_text("utf-8")))


def load(path: Path = NUMBERS_FILE) -> NumberReader:
    """Read the words file."""
    return NumberReader.from_data(load_data(path))
