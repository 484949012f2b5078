"""The channels of a contact point as HSDS 3.0 phones, schedules, cost options and languages
(the mapping is described in api/hsds/mapping.py); they read the serialised contact point."""

from api.hsds.common import WORDS, Obj, hsds_id, prune
from api.landscape import channels as channel_view

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
CHANNEL_WORDS = {
    "nl": {"phone": "Bellen", "chat": "Chat", "web": "Website", "walk_in": "Langskomen",
           "whatsapp": "WhatsApp", "email": "E-mail"},
    "en": {"phone": "Call", "chat": "Chat", "web": "Website", "walk_in": "Walk in",
           "whatsapp": "WhatsApp", "email": "E-mail"},
}  # fmt: skip
COST_WORDS = {
    "nl": {"free": "gratis", "local_rate": "normaal beltarief", "paid": "betaald nummer",
           "messaging_rate": "kosten van je berichtendienst", "unknown": "kosten niet bekend"},
    "en": {"free": "free", "local_rate": "normal call rate", "paid": "paid number",
           "messaging_rate": "your messaging costs", "unknown": "cost not known"},
}  # fmt: skip
ATTENDING = {"phone": "phone", "whatsapp": "phone", "walk_in": "in_person"}
LANGUAGE_NAMES = {
    "nl": {"nl": "Nederlands", "en": "Engels", "de": "Duits", "fr": "Frans", "ar": "Arabisch",
           "tr": "Turks", "pl": "Pools", "es": "Spaans", "fy": "Fries"},
    "en": {"nl": "Dutch", "en": "English", "de": "German", "fr": "French", "ar": "Arabic",
           "tr": "Turkish", "pl": "Polish", "es": "Spanish", "fy": "Frisian"},
}  # fmt: skip
ANONYMITY_WORDS = {
    "nl": {"yes": "anoniem", "partly": "deels anoniem", "no": "niet anoniem", "unknown": ""},
    "en": {"yes": "anonymous", "partly": "partly anonymous", "no": "not anonymous", "unknown": ""},
}


def channel_name(channel: Obj, lang: str) -> str:
    """The channel's label (or its kind in words) and its value, e.g. 'Bellen 0800-0188'."""
    label = channel["label"][lang] if channel["label"] else None
    return f"{label or CHANNEL_WORDS[lang][channel['type']]} {channel['value']}"


def _key(point: Obj, channel: Obj) -> str:
    # Positions survive an import (which rebuilds channel rows); database ids may not.
    return f"{point['id']}#{channel['position']}"


def _clock(minute: int) -> str:
    # A period that ends at midnight ends at 23:59:59 of its day, so it sorts after opens_at.
    return "23:59:59" if minute == 0 else f"{minute // 60:02d}:{minute % 60:02d}:00"


def _language(code: str, lang: str, key: str) -> Obj:
    return {"id": hsds_id("language", f"{key}:{code}"), "code": code,
            "name": LANGUAGE_NAMES[lang].get(code, code)}  # fmt: skip


def phones(point: Obj, *, lang: str, service_id: str) -> list[Obj]:
    """Phone lines (voice) and WhatsApp numbers (text)."""
    result = []
    for channel in point["channels"]:
        if channel["type"] not in ("phone", "whatsapp"):
            continue
        schedule = channel_view.schedule_of(hours_text=channel["hours"])
        anonymity = ANONYMITY_WORDS[lang][channel["anonymous"]]
        details = [
            channel_name(channel, lang),
            channel_view.describe(schedule, lang, channel["type"]),
            anonymity,
        ]
        key = _key(point, channel)
        result.append(
            prune(
                {
                    "id": hsds_id("phone", key),
                    "service_id": service_id,
                    "number": channel["value"],
                    "type": "voice" if channel["type"] == "phone" else "text",
                    "description": ", ".join(d for d in details if d),
                    "languages": [_language(c, lang, key) for c in channel["languages"]],
                }
            )
        )
    return result


def schedules(point: Obj, *, lang: str, service_id: str) -> list[Obj]:
    """One schedule per channel and opening period; 24/7 and unknown hours in words."""
    result = []
    for channel in point["channels"]:
        schedule = channel_view.schedule_of(hours_text=channel["hours"])
        key = _key(point, channel)
        notes = [WORDS[lang]["timezone"]]
        if schedule.closed_on_public_holidays:
            notes.append(WORDS[lang]["holidays"])
        in_words = channel_view.describe(schedule, lang, channel["type"])
        base = {
            "service_id": service_id,
            "description": f"{channel_name(channel, lang)}: {in_words}",
            "attending_type": ATTENDING.get(channel["type"], "online"),
            "notes": " ".join(notes),
        }
        periods: dict[tuple[int, int], list[int]] = {}
        if schedule.always_open:
            periods[(0, 0)] = list(range(7))
        for slot in schedule.slots:
            periods.setdefault((slot.opens, slot.closes), []).append(slot.weekday)
        if not periods:  # unknown hours: described, never presented as open
            result.append(prune({"id": hsds_id("schedule", key), **base}))
        for (opens, closes), days in periods.items():
            result.append(
                prune(
                    {
                        "id": hsds_id("schedule", f"{key}:{opens}-{closes}"),
                        **base,
                        "freq": "WEEKLY",
                        "wkst": "MO",
                        "byday": ",".join(DAYS[d] for d in sorted(days)),
                        "opens_at": _clock(opens) if opens else "00:00:00",
                        "closes_at": _clock(closes),
                    }
                )
            )
    return result


def cost_options(point: Obj, *, lang: str, service_id: str) -> list[Obj]:
    """What each channel costs, where the research states it."""
    return [
        prune(
            {
                "id": hsds_id("cost_option", _key(point, channel)),
                "service_id": service_id,
                "option": channel_name(channel, lang),
                "currency": "EUR" if channel["cost"] == "free" else None,
                "amount": 0 if channel["cost"] == "free" else None,
                "amount_description": COST_WORDS[lang][channel["cost"]],
            }
        )
        for channel in point["channels"]
        if channel["cost"] != "unknown"
    ]


def languages(point: Obj, *, lang: str, service_id: str) -> list[Obj]:
    """The languages any channel is offered in."""
    codes = sorted({code for channel in point["channels"] for code in channel["languages"]})
    return [{**_language(code, lang, point["id"]), "service_id": service_id} for code in codes]
