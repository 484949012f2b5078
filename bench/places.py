"""Which contact points a bot answer names: place cards, names, phone numbers and links,
mapped back to contact point ids with the landscape seed (api/landscape/seed/).

Method (documented in bench/README.md):
1. A *place card* is a message whose first line is the name of a contact point as the engine
   returns it (Dutch or English name from the seed), alone or followed by " (": the bot renders
   "{name} (open now)". A national line such as "Veilig Thuis, <number>: ..." is not a card.
   The cards, in the order they are shown, are the ranked recommendation.
2. *Mentions* are every contact point named anywhere in the answer: the cards, any other full
   name in a text, and phone numbers or web links that belong to exactly one contact point
   (a number shared by several entries, such as the one number of every Veilig Thuis region, names
   none of them). Mentions are what the forbidden check looks at.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts.lines import load_lines

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "api" / "landscape" / "seed"
_DIGITS = re.compile(r"\D")
# A phone number as people write it: starts with 0, 1 or +, digits with spaces or dashes.
PHONE = re.compile(r"(?<![\w/])(?:\+31|0|1)[\d \-]{1,14}\d(?!\d)")
URL = re.compile(r"https?://[^\s)\]>,]+")
# The national lines, from the seed (scripts/lines.py): never typed here.
LINES = load_lines()
CRISIS_LINKS = {
    kind: tuple(phone["tel"] for phone in LINES[kind]["phones"]) for kind in ("danger", "suicide")
}
SAFETY_NET_NUMBERS = {
    phone["tel"].removeprefix("tel:") for kind in ("danger", "domestic", "sexual")
    for phone in LINES[kind]["phones"][:1]
}  # fmt: skip
SUICIDE_NUMBERS = {phone["tel"].removeprefix("tel:") for phone in LINES["suicide"]["phones"]}


def _number_pattern(values: list[str]) -> re.Pattern[str]:
    """A line's numbers as people write them (0800-0113, 0800 0113, 08000113; 113 alone)."""
    forms = []
    for value in values:
        digits = "".join(ch for ch in value if ch.isdigit())
        forms.append(digits if len(digits) <= 3 else rf"{digits[:4]}[ -]?{digits[4:]}")
    return re.compile(r"(?<![\d-])(?:" + "|".join(forms) + r")(?!\d)")


CRISIS_TEXT = {
    kind: _number_pattern([phone["value"] for phone in LINES[kind]["phones"]])
    for kind in ("danger", "suicide")
}


def _phone_key(value: str) -> str:
    digits = _DIGITS.sub("", value)
    return "0" + digits[2:] if digits.startswith("31") and len(digits) > 9 else digits


def _url_key(value: str) -> str:
    value = value.lower().split("://", 1)[-1].removeprefix("www.")
    return value.rstrip("/")


@dataclass
class Landscape:
    """Names, numbers and links of every contact point, and the organisation behind each."""

    names: dict[str, str]  # name as shown -> id
    phones: dict[str, str]  # digits -> id, only numbers of exactly one contact point
    urls: dict[str, str]  # host/path -> id, only links of exactly one contact point
    organisation: dict[str, str]  # id -> organisation id
    regional: set[str]  # ids of regional entries
    ids: set[str]

    def family(self, point_id: str) -> set[str]:
        """The id, plus the regional entries of its organisation when it is a national entry:
        the bot may show "CSG Utrecht" where the bench accepts the national CSG."""
        if point_id in self.regional or point_id not in self.organisation:
            return {point_id}
        org = self.organisation[point_id]
        return {point_id} | {i for i in self.regional if self.organisation.get(i) == org}

    def card(self, message: dict[str, Any]) -> str | None:
        """The contact point a message is the card of, or None."""
        first_line = (message.get("text") or "").strip().split("\n", 1)[0].strip()
        best = None
        for name, point_id in self.names.items():
            rest = first_line[len(name) :]
            card_like = first_line.startswith(name) and (not rest or rest.startswith(" ("))
            if card_like and (best is None or len(name) > len(best[0])):
                best = (name, point_id)
        return best[1] if best else None

    def cards(self, messages: list[dict[str, Any]]) -> list[str]:
        """The place cards of an answer, in order, without repeats."""
        found: list[str] = []
        for message in messages:
            point_id = self.card(message)
            if point_id and point_id not in found:
                found.append(point_id)
        return found

    def mentions(self, messages: list[dict[str, Any]]) -> set[str]:
        """Every contact point the answer names by card, full name, unique number or link."""
        found = set(self.cards(messages))
        for message in messages:
            text = message.get("text") or ""
            links = [link.get("url") or "" for link in message.get("links") or []]
            found |= {point_id for name, point_id in self.names.items() if name in text}
            numbers = PHONE.findall(text) + [u[4:] for u in links if u.startswith("tel:")]
            found |= {self.phones[k] for k in map(_phone_key, numbers) if k in self.phones}
            urls = URL.findall(text) + [u for u in links if u.startswith("http")]
            found |= {self.urls[k] for k in map(_url_key, urls) if k in self.urls}
        return found


def _numbers(messages: list[dict[str, Any]]) -> set[str]:
    found: set[str] = set()
    for message in messages:
        found |= {_phone_key(n) for n in PHONE.findall(message.get("text") or "")}
        found |= {
            _phone_key(link["url"][4:])
            for link in message.get("links") or []
            if (link.get("url") or "").startswith("tel:")
        }
    return found


def is_safety_net(messages: list[dict[str, Any]], landscape: Landscape | None = None) -> bool:
    """True for an answer that lists all the national 24/7 lines (112, 113, Veilig Thuis and
    the CSG): the bot's or the gateway's fallback when it cannot help further. Giving 112 and
    113 there is the safety rule, not an alarm. With the landscape, place cards do not count:
    an answer with a crisis banner and the Veilig Thuis and CSG cards under it is places, not
    the fallback (else a needless banner given with the places would not count as an alarm)."""
    if landscape is not None:
        messages = [m for m in messages if not landscape.card(m)]
    numbers = _numbers(messages)
    return numbers >= SAFETY_NET_NUMBERS and bool(SUICIDE_NUMBERS & numbers)


def crisis_in(messages: list[dict[str, Any]], kind: str, landscape: Landscape) -> bool:
    """True when a message that is not a place card gives the crisis line of `kind`
    (danger: 112; suicide: 113 or 0800-0113) in its text or its links."""
    for message in messages:
        if landscape.card(message):
            continue
        links = [link.get("url") or "" for link in message.get("links") or []]
        if any(url in CRISIS_LINKS[kind] for url in links):
            return True
        if CRISIS_TEXT[kind].search(message.get("text") or ""):
            return True
    return False


def load_landscape(seed_dir: Path = SEED) -> Landscape:
    """Read the contact points of the seed (with the project's own validating loader)."""
    from api.landscape import seed_io

    seed = seed_io.load_seed(seed_dir)
    names: dict[str, str] = {}
    phone_owners: dict[str, set[str]] = defaultdict(set)
    url_owners: dict[str, set[str]] = defaultdict(set)
    organisation: dict[str, str] = {}
    regional: set[str] = set()
    for point in seed.contact_points:
        organisation[point.id] = point.organisation
        if point.area.scope == "regional":
            regional.add(point.id)
        for name in (point.name.nl, point.name.en):
            if name:
                names[name] = point.id
        for channel in point.channels:
            if channel.type == "phone" and PHONE.fullmatch(channel.value.strip()):
                phone_owners[_phone_key(channel.value)].add(point.id)
            elif channel.value.startswith("https://"):
                url_owners[_url_key(channel.value)].add(point.id)
    return Landscape(
        names=names,
        phones={k: next(iter(v)) for k, v in phone_owners.items() if len(v) == 1},
        urls={k: next(iter(v)) for k, v in url_owners.items() if len(v) == 1},
        organisation=organisation,
        regional=regional,
        ids={p.id for p in seed.contact_points},
    )
