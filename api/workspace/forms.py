"""The contact point form: what the edit page shows (from an entry, or from what was posted),
and the entry it makes, checked field by field with a message key next to each field. Values
the editor did not change are not judged by the stricter rules (old data may predate them)."""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, get_args

from api.admin import contact_rules
from api.landscape import hours
from api.landscape.seed_schema import TAXONOMIES, Anonymity, ChannelType, Cost
from api.workspace import hours_form
from api.workspace.hours_form import Day, HoursForm
from api.workspace.pages import Form, number

Entry = dict[str, Any]
CHANNEL_TYPES: tuple[str, ...] = get_args(ChannelType)
COSTS: tuple[str, ...] = get_args(Cost)
ANONYMITY: tuple[str, ...] = get_args(Anonymity)
TEXT_FIELDS = ("name", "description", "what_happens")
LIMITS = {"name": 300, "description": 2000, "what_happens": 2000, "label": 200, "note": 1000}


@dataclass
class ChannelForm:
    key: str  # "0", "1", … or "new"
    id: int | None = None
    type: str = "phone"
    value: str = ""
    label_nl: str = ""
    label_en: str = ""
    hours: HoursForm = field(default_factory=HoursForm)
    cost: str = "unknown"
    anonymous: str = "unknown"
    languages: str = ""
    note_nl: str = ""
    note_en: str = ""
    unverified: str = ""
    remove: bool = False

    @property
    def empty(self) -> bool:
        return not self.value


@dataclass
class SourceForm:
    key: str
    url: str = ""
    seen: str = ""
    verified: bool = True
    note: str = ""
    remove: bool = False


@dataclass
class PointForm:
    version: int
    texts: dict[str, dict[str, str]]
    channels: list[ChannelForm]
    new_channel: ChannelForm
    serves: dict[str, list[str]]
    scope: str
    regions: list[str]
    address: str
    confidential: bool
    notes: str
    unverified: str
    sources: list[SourceForm]
    change_url: str = ""
    change_seen: str = ""
    change_note: str = ""
    proposal_note: str = ""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def from_entry(entry: Entry, *, version: int, channel_ids: list[int]) -> PointForm:
    """The form filled in from a contact point as it is."""
    channels = []
    for position, (channel, row_id) in enumerate(zip(entry["channels"], channel_ids, strict=True)):
        label, note = channel.get("label") or {}, channel.get("note") or {}
        channels.append(
            ChannelForm(
                key=str(position),
                id=row_id,
                type=channel["type"],
                value=channel["value"],
                label_nl=label.get("nl", ""),
                label_en=label.get("en", ""),
                hours=hours_form.from_text(channel["hours"]),
                cost=channel["cost"],
                anonymous=channel["anonymous"],
                languages=", ".join(channel.get("languages") or []),
                note_nl=note.get("nl", ""),
                note_en=note.get("en", ""),
                unverified="\n".join(channel.get("unverified_facts") or []),
            )
        )
    return PointForm(
        version=version,
        texts={name: dict(entry[name]) for name in TEXT_FIELDS},
        channels=channels,
        new_channel=ChannelForm(key="new", hours=HoursForm(mode="unknown")),
        serves={t: list(entry["serves"].get(t) or []) for t in TAXONOMIES},
        scope=entry["area"]["scope"],
        regions=list(entry["area"]["regions"]),
        address=entry.get("address") or "",
        confidential=bool(entry.get("confidential_location")),
        notes=entry.get("notes") or "",
        unverified="\n".join(entry.get("unverified_facts") or []),
        sources=[
            SourceForm(
                key=str(i),
                url=s["url"],
                seen=s.get("seen") or "",
                verified=bool(s.get("verified", True)),
                note=s.get("note") or "",
            )
            for i, s in enumerate(entry.get("sources") or [])
        ],
        change_seen=date.today().isoformat(),
    )


def _hours(form: Form, prefix: str) -> HoursForm:
    mode = form.get(f"{prefix}-hours-mode", "unknown")
    return HoursForm(
        mode=mode if mode in hours_form.MODES else "unknown",
        days=[
            Day(
                [
                    (form.get(f"{prefix}-d{d}-o{p}"), form.get(f"{prefix}-d{d}-c{p}"))
                    for p in range(1, hours_form.PERIODS + 1)
                ]
            )
            for d in range(7)
        ],
        holidays_off=form.has(f"{prefix}-ph-off"),
        text=form.get(f"{prefix}-hours-text"),
        copy_monday=form.has(f"{prefix}-copy-monday"),
    )


def _channel(form: Form, key: str) -> ChannelForm:
    prefix = f"ch-{key}"
    raw_id = form.get(f"{prefix}-id")
    return ChannelForm(
        key=key,
        id=number(raw_id),
        type=form.get(f"{prefix}-type", "phone"),
        value=form.get(f"{prefix}-value"),
        label_nl=form.get(f"{prefix}-label-nl"),
        label_en=form.get(f"{prefix}-label-en"),
        hours=_hours(form, prefix),
        cost=form.get(f"{prefix}-cost", "unknown"),
        anonymous=form.get(f"{prefix}-anonymous", "unknown"),
        languages=form.get(f"{prefix}-languages"),
        note_nl=form.get(f"{prefix}-note-nl"),
        note_en=form.get(f"{prefix}-note-en"),
        unverified=form.raw(f"{prefix}-unverified"),
        remove=form.has(f"{prefix}-remove"),
    )


def _count(form: Form, prefix: str) -> int:
    raw = form.get(prefix)
    return min(number(raw, digits=3) or 0, 50)


def _or(value: int | None, default: int) -> int:
    return default if value is None else value


def from_post(form: Form) -> PointForm:
    """The form as it was posted (so a page with errors shows what the editor typed)."""
    raw_version = form.get("version")
    return PointForm(
        version=_or(number(raw_version), -1),
        texts={
            name: {lang: form.get(f"{name}-{lang}") for lang in ("nl", "en")}
            for name in TEXT_FIELDS
        },
        channels=[_channel(form, str(i)) for i in range(_count(form, "channel-count"))],
        new_channel=_channel(form, "new"),
        serves={t: form.all(f"serves-{t}") for t in TAXONOMIES},
        scope=form.get("scope", "national"),
        regions=form.all("region"),
        address=form.get("address"),
        confidential=form.has("confidential"),
        notes=form.raw("notes").strip(),
        unverified=form.raw("unverified"),
        sources=[
            SourceForm(
                key=str(i),
                url=form.get(f"src-{i}-url"),
                seen=form.get(f"src-{i}-seen"),
                verified=form.has(f"src-{i}-verified"),
                note=form.get(f"src-{i}-note"),
                remove=form.has(f"src-{i}-remove"),
            )
            for i in range(_count(form, "source-count"))
        ],
        change_url=form.get("change-url"),
        change_seen=form.get("change-seen"),
        change_note=form.get("change-note"),
        proposal_note=form.raw("proposal-note").strip(),
    )


def _keep_order(old: list[str], chosen: list[str]) -> list[str]:
    """The chosen codes in their old order, new ones after (a checkbox list has no order)."""
    return [c for c in old if c in chosen] + [c for c in chosen if c not in old]


def same_schedule(a: str, b: str) -> bool:
    """Whether two opening-hours texts mean the same week."""
    try:
        first, second = hours.parse(a), hours.parse(b)
    except hours.InvalidSchedule:
        return a == b
    return (first.known, first.always_open, first.closed_on_public_holidays) == (
        second.known,
        second.always_open,
        second.closed_on_public_holidays,
    ) and sorted(first.slots, key=lambda s: (s.weekday, s.opens)) == sorted(
        second.slots, key=lambda s: (s.weekday, s.opens)
    )


class Checker:
    """Collects {field id: message key} while the entry is built."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def need(self, field_id: str, ok: bool, key: str) -> None:
        if not ok and field_id not in self.errors:
            self.errors[field_id] = key


def _text(c: Checker, field_id: str, value: str, limit: int, *, required: bool = True) -> None:
    c.need(field_id, bool(value) or not required, "required")
    c.need(field_id, len(value) <= limit, "too_long")


def _channel_entry(
    c: Checker, ch: ChannelForm, previous: Entry | None, *, today: date
) -> Entry | None:
    prefix = f"ch-{ch.key}"
    c.need(f"{prefix}-type", ch.type in CHANNEL_TYPES, "choose")
    c.need(f"{prefix}-cost", ch.cost in COSTS, "choose")
    c.need(f"{prefix}-anonymous", ch.anonymous in ANONYMITY, "choose")
    _text(c, f"{prefix}-value", ch.value, 500)
    changed_value = previous is None or previous.get("value") != ch.value
    if ch.value and changed_value and ch.type in CHANNEL_TYPES:
        problem = contact_rules.channel_value_problem(ch.type, ch.value)
        c.need(f"{prefix}-value", problem is None, f"rule_{problem}")
    for lang in ("nl", "en"):
        _text(c, f"{prefix}-label-{lang}", getattr(ch, f"label_{lang}"), 200, required=False)
        _text(c, f"{prefix}-note-{lang}", getattr(ch, f"note_{lang}"), 1000, required=False)
    c.need(f"{prefix}-label-nl", bool(ch.label_nl) == bool(ch.label_en), "both_languages")
    c.need(f"{prefix}-note-nl", bool(ch.note_nl) == bool(ch.note_en), "both_languages")
    languages = [x for x in re.split(r"[\s,]+", ch.languages.lower()) if x]
    c.need(f"{prefix}-languages", all(re.fullmatch(r"[a-z]{2}", x) for x in languages), "languages")
    text, hour_errors = hours_form.to_text(ch.hours)
    for suffix, key in hour_errors.items():
        c.need(f"{prefix}-{suffix}", False, key)
    if previous is not None and not hour_errors and same_schedule(text, previous["hours"]):
        text = previous["hours"]
    if ch.type not in CHANNEL_TYPES or hour_errors:
        return None
    return {
        "id": ch.id,
        "type": ch.type,
        "value": ch.value,
        "label": {"nl": ch.label_nl, "en": ch.label_en} if ch.label_nl else None,
        "hours": text,
        "cost": ch.cost,
        "anonymous": ch.anonymous,
        "languages": languages,
        "note": {"nl": ch.note_nl, "en": ch.note_en} if ch.note_nl else None,
        "unverified_facts": _lines(ch.unverified),
    }


def to_entry(
    state: PointForm,
    *,
    before: Entry,
    before_ids: list[int],
    allowed: dict[str, list[str]],
    regions: list[str],
    today: date,
) -> tuple[Entry, dict[str, str]]:
    """The entry the form describes (channels carry the `id` of the row they update) and the
    errors as {field id: message key}; an empty dict means the entry may be proposed."""
    c = Checker()
    entry: Entry = {k: v for k, v in before.items() if k not in ("channels", "sources")}
    for name in TEXT_FIELDS:
        for lang in ("nl", "en"):
            _text(c, f"{name}-{lang}", state.texts[name][lang], LIMITS[name])
        entry[name] = dict(state.texts[name])
    old_channels = dict(zip(before_ids, before["channels"], strict=True))
    channels = []
    for ch in state.channels:
        if ch.remove:
            continue
        made = _channel_entry(c, ch, old_channels.get(ch.id or -1), today=today)
        if made is not None:
            channels.append(made)
    if not state.new_channel.empty:
        made = _channel_entry(c, state.new_channel, None, today=today)
        if made is not None:
            channels.append({**made, "id": None})
    c.need("channels", bool(channels) or bool(c.errors), "channels_none")
    entry["channels"] = channels
    entry["serves"] = {}
    for taxonomy in TAXONOMIES:
        chosen = [code for code in state.serves[taxonomy] if code in allowed[taxonomy]]
        entry["serves"][taxonomy] = _keep_order(before["serves"].get(taxonomy) or [], chosen)
    c.need("scope", state.scope in ("national", "regional"), "choose")
    chosen = _keep_order(before["area"]["regions"], [r for r in state.regions if r in regions])
    c.need("regions", state.scope != "regional" or bool(chosen), "regions_none")
    entry["area"] = {"scope": state.scope, "regions": chosen if state.scope == "regional" else []}
    _text(c, "address", state.address, 300, required=False)
    c.need("address", not (state.confidential and state.address), "address_confidential")
    entry["confidential_location"] = state.confidential
    entry["address"] = state.address or None
    _text(c, "notes", state.notes, 5000, required=False)
    entry["notes"] = state.notes or None
    entry["unverified_facts"] = _lines(state.unverified)
    old_sources = {(s["url"], s.get("seen")) for s in before.get("sources") or []}
    sources = []
    for src in state.sources:
        if src.remove:
            continue
        if (src.url, src.seen or None) not in old_sources:
            c.need(f"src-{src.key}-url", contact_rules.url_problem(src.url) is None, "rule_url")
            c.need(
                f"src-{src.key}-seen",
                contact_rules.seen_problem(src.seen, today=today) is None,
                "rule_seen",
            )
        sources.append(
            {
                "url": src.url,
                "seen": src.seen or None,
                "verified": src.verified,
                "note": src.note or None,
            }
        )
    entry["sources"] = sources
    if state.change_url or state.change_note:
        c.need("change-url", contact_rules.url_problem(state.change_url) is None, "rule_url")
        c.need(
            "change-seen",
            contact_rules.seen_problem(state.change_seen, today=today) is None,
            "rule_seen",
        )
        if "change-url" not in c.errors and "change-seen" not in c.errors:
            contact_rules.add_source(
                entry, url=state.change_url, seen=state.change_seen, note=state.change_note or None
            )
    c.need("sources", bool(entry["sources"]), "sources_none")
    _text(c, "proposal-note", state.proposal_note, 2000, required=False)
    if not c.errors:
        rows = [ch.get("id") for ch in channels]
        changes = contact_rules.changed_channels(
            before["channels"],
            [{k: v for k, v in ch.items() if k != "id"} for ch in channels],
            rows,
            before_ids,
        )
        if contact_rules.touches_contact_details(changes) and not contact_rules.has_new_source(
            before, entry
        ):
            c.need("change-url", False, "rule_source_needed")
    return entry, c.errors
