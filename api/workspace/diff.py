"""A readable diff of two contact point entries: one row per field that changed, named in the
page's language, with values in words (opening hours as the chat says them, terms by their
labels) and the changed words of texts and lists marked."""

import difflib
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.landscape import channels as channel_words
from api.landscape import hours, models
from api.landscape.seed_schema import TAXONOMIES
from api.workspace.i18n import Translator

Entry = dict[str, Any]
Words = list[tuple[str, str]]  # (eq | del | ins, text)


@dataclass(frozen=True)
class Change:
    label: str
    before: Words
    after: Words


@dataclass(frozen=True)
class Labels:
    """What codes and ids are called in one language."""

    terms: dict[str, str]
    regions: dict[str, str]

    @classmethod
    def load(cls, session: Session, lang: str) -> "Labels":
        terms = {
            t.id: t.label_nl if lang == "nl" else t.label_en
            for t in session.scalars(select(models.TaxonomyTerm))
        }
        regions = {r.id: r.name for r in session.scalars(select(models.Region))}
        return cls(terms, regions)


def word(t: Translator, family: str, code: object) -> str:
    """The words for a code (e.g. cost `free` → "gratis"); an unknown code as it is."""
    key = f"{family}_{code}"
    return t(key) if t.has(key) else str(code)


def _words(before: list[str], after: list[str]) -> tuple[Words, Words]:
    """The two token lists with the tokens only one side has marked."""
    old: Words = []
    new: Words = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            old += [("eq", t) for t in before[a1:a2]]
            new += [("eq", t) for t in after[b1:b2]]
        else:
            old += [("del", t) for t in before[a1:a2]]
            new += [("ins", t) for t in after[b1:b2]]
    return old, new


def _tokens(text: str) -> list[str]:
    return re.findall(r"\S+\s*", text)


def _merge(words: Words) -> Words:
    """Neighbouring words of the same kind as one piece, so a changed phrase reads as one."""
    merged: Words = []
    for op, text in words:
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged


def _text_change(label: str, before: str, after: str) -> Change:
    old, new = _words(_tokens(before), _tokens(after))
    return Change(label, _merge(old), _merge(new))


def _list_change(label: str, before: list[str], after: list[str], t: Translator) -> Change:
    """A list with the added and removed items shown; a long run of unchanged ones is counted."""
    old, new = _words(before, after)
    return Change(label, _fold(old, t), _fold(new, t))


def _fold(words: Words, t: Translator) -> Words:
    unchanged = sum(1 for op, _ in words if op == "eq")
    if unchanged <= 3:
        return words
    return [w for w in words if w[0] != "eq"] + [("eq", t("diff_unchanged", count=unchanged))]


class Differ:
    def __init__(self, t: Translator, labels: Labels) -> None:
        self.t, self.labels = t, labels
        self.found: list[Change] = []

    def text(self, label: str, before: Any, after: Any) -> None:
        old, new = ("" if before is None else str(before)), ("" if after is None else str(after))
        if old != new:
            self.found.append(_text_change(label, old, new))

    def items(self, label: str, before: list[str], after: list[str]) -> None:
        if before != after:
            self.found.append(_list_change(label, before, after, self.t))

    def two_languages(self, label_key: str, before: Any, after: Any) -> None:
        for lang in ("nl", "en"):
            self.text(
                self.t(label_key) + f" ({self.t('lang_' + lang)})",
                (before or {}).get(lang),
                (after or {}).get(lang),
            )

    def hours_words(self, text: str) -> str:
        try:
            return channel_words.describe(hours.parse(text), self.t.lang)
        except hours.InvalidSchedule:
            return text

    def channel_name(self, channel: Entry) -> str:
        label = (channel.get("label") or {}).get(self.t.lang) or word(
            self.t, "type", channel["type"]
        )
        return f"{label} {channel['value']}" if channel["type"] in ("phone", "whatsapp") else label

    def channel(self, before: Entry | None, after: Entry | None) -> None:
        shown = after or before
        assert shown is not None
        name = self.t("diff_channel", name=self.channel_name(shown))
        if before is None or after is None:
            self.items(
                name,
                [] if before is None else [self.summary(before)],
                [] if after is None else [self.summary(after)],
            )
            return
        self.text(
            f"{name}: {self.t('field_type')}",
            word(self.t, "type", before["type"]),
            word(self.t, "type", after["type"]),
        )
        self.text(f"{name}: {self.t('field_value')}", before["value"], after["value"])
        if before["hours"] != after["hours"]:
            self.text(
                f"{name}: {self.t('field_hours')}",
                self.hours_words(before["hours"]),
                self.hours_words(after["hours"]),
            )
        self.text(
            f"{name}: {self.t('field_cost')}",
            word(self.t, "cost", before["cost"]),
            word(self.t, "cost", after["cost"]),
        )
        self.text(
            f"{name}: {self.t('field_anonymous')}",
            word(self.t, "anonymous", before["anonymous"]),
            word(self.t, "anonymous", after["anonymous"]),
        )
        self.items(
            f"{name}: {self.t('field_languages')}",
            before.get("languages") or [],
            after.get("languages") or [],
        )
        for key in ("label", "note"):
            for lang in ("nl", "en"):
                self.text(
                    f"{name}: {self.t('field_' + key)} ({self.t('lang_' + lang)})",
                    (before.get(key) or {}).get(lang),
                    (after.get(key) or {}).get(lang),
                )
        self.items(
            f"{name}: {self.t('field_unverified')}",
            before.get("unverified_facts") or [],
            after.get("unverified_facts") or [],
        )

    def summary(self, channel: Entry) -> str:
        return f"{self.channel_name(channel)} · {self.hours_words(channel['hours'])}"


def _pair_channels(
    before: list[Entry], after: list[Entry]
) -> list[tuple[Entry | None, Entry | None]]:
    """Channels matched by kind and value, then by place and kind; the rest are added/removed."""
    left = list(range(len(before)))
    pairs: dict[int, int] = {}
    for j, channel in enumerate(after):
        match = next(
            (
                i
                for i in left
                if (before[i]["type"], before[i]["value"]) == (channel["type"], channel["value"])
            ),
            None,
        )
        if match is not None:
            pairs[j] = match
            left.remove(match)
    for j, channel in enumerate(after):
        if j in pairs:
            continue
        match = next((i for i in left if i == j), None)
        if match is None:
            match = next((i for i in left if before[i]["type"] == channel["type"]), None)
        if match is not None:
            pairs[j] = match
            left.remove(match)
    found: list[tuple[Entry | None, Entry | None]] = [
        (before[pairs[j]] if j in pairs else None, channel) for j, channel in enumerate(after)
    ]
    return found + [(before[i], None) for i in left]


def changes(
    before: Entry | None, after: Entry | None, *, t: Translator, labels: Labels
) -> list[Change]:
    """Every difference between two entries (None: the point does not exist on that side)."""
    old, new = before or {}, after or {}
    d = Differ(t, labels)
    for key in ("name", "description", "what_happens"):
        d.two_languages(f"field_{key}", old.get(key), new.get(key))
    d.text(
        t("field_status"),
        word(t, "status", old["status"]) if old else "",
        word(t, "status", new["status"]) if new else "",
    )
    for first, second in _pair_channels(old.get("channels") or [], new.get("channels") or []):
        d.channel(first, second)
    for taxonomy in TAXONOMIES:
        # Who a point serves is a set: only what was added or removed is a change.
        d.items(
            t(f"taxonomy_{taxonomy}"),
            sorted(_terms(labels, taxonomy, (old.get("serves") or {}).get(taxonomy, []))),
            sorted(_terms(labels, taxonomy, (new.get("serves") or {}).get(taxonomy, []))),
        )
    d.text(
        t("field_scope"),
        word(t, "scope", old["area"]["scope"]) if old else "",
        word(t, "scope", new["area"]["scope"]) if new else "",
    )
    d.items(
        t("field_regions"),
        sorted(labels.regions.get(r, r) for r in (old.get("area") or {}).get("regions", [])),
        sorted(labels.regions.get(r, r) for r in (new.get("area") or {}).get("regions", [])),
    )
    d.text(t("field_address"), old.get("address"), new.get("address"))
    d.text(
        t("field_confidential"),
        t("yes" if old.get("confidential_location") else "no") if old else "",
        t("yes" if new.get("confidential_location") else "no") if new else "",
    )
    d.text(t("field_last_verified"), old.get("last_verified_at"), new.get("last_verified_at"))
    d.items(
        t("field_unverified"), old.get("unverified_facts") or [], new.get("unverified_facts") or []
    )
    d.text(t("field_notes"), old.get("notes"), new.get("notes"))
    d.items(
        t("field_sources"),
        [_source(s, t) for s in old.get("sources") or []],
        [_source(s, t) for s in new.get("sources") or []],
    )
    return d.found


def _terms(labels: Labels, taxonomy: str, codes: list[str]) -> list[str]:
    return [labels.terms.get(f"{taxonomy}.{c}", c) for c in codes]


def _source(source: Entry, t: Translator) -> str:
    seen = source.get("seen")
    return f"{source['url']} ({t('source_seen', date=seen)})" if seen else source["url"]
