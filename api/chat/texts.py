"""The gateway's own words, in Dutch and English: crisis lines when the bot cannot answer,
and friendly replies to messages it does not pass on. The numbers come from the seed, through
api/chat/lines.json (`make lines`); none is typed here."""

import json
from pathlib import Path
from typing import Any

from api.chat.schemas import Language, Link, Message

LINES_FILE = Path(__file__).with_name("lines.json")


def _lines() -> dict[str, Any]:
    # Generated from the seed by `make lines` (the one source of every national number).
    return dict(json.loads(LINES_FILE.read_text("utf-8"))["lines"])


_LINES = _lines()


def _phone(kind: str, index: int = 0) -> dict[str, str]:
    return dict(_LINES[kind]["phones"][index])


def _name(kind: str) -> str:
    # The Dutch name, also in English: it is the name people find when they search.
    return str(_LINES[kind]["name"]["nl"])


def _free_phone(kind: str) -> dict[str, str]:
    """The line's free number (113 has a free 0800 number next to its short one)."""
    phones = [dict(p) for p in _LINES[kind]["phones"]]
    return next((p for p in reversed(phones) if p["cost"] == "free"), phones[0])


_CALL = {"nl": "Bel", "en": "Call"}
_LINK_LABELS: dict[Language, tuple[str, ...]] = {
    "nl": ("direct gevaar", "zelfdoding", "geweld thuis, kindermishandeling", "seksueel geweld"),
    "en": ("danger now", "suicide", "violence at home, child abuse", "sexual violence"),
}
_LINK_KINDS = ("danger", "suicide", "domestic", "sexual")


def _links(language: Language) -> list[Link]:
    links = []
    for kind, label in zip(_LINK_KINDS, _LINK_LABELS[language], strict=True):
        phone = _free_phone(kind) if kind == "suicide" else _phone(kind)
        links.append(Link(title=f"{_CALL[language]} {phone['value']} ({label})", url=phone["tel"]))
    return links


# Free and open day and night (the numbers come from api/chat/lines.json, generated).
CRISIS_LINKS: dict[Language, list[Link]] = {"nl": _links("nl"), "en": _links("en")}

CRISIS_LINES: dict[Language, str] = {
    "nl": (
        f"Ben je in gevaar? Bel {_phone('danger')['value']}.\n"
        f"Denk je aan zelfmoord? Bel {_phone('suicide')['value']} "
        f"of gratis {_free_phone('suicide')['value']}.\n"
        f"Huiselijk geweld of kindermishandeling: {_name('domestic')}, "
        f"gratis {_phone('domestic')['value']}.\n"
        f"Seksueel geweld: Centrum Seksueel Geweld, gratis {_phone('sexual')['value']}.\n"
        "Deze nummers zijn dag en nacht bereikbaar."
    ),
    "en": (
        f"Are you in danger? Call {_phone('danger')['value']}.\n"
        f"Thinking about suicide? Call {_phone('suicide')['value']} "
        f"or {_free_phone('suicide')['value']} for free.\n"
        f"Domestic violence or child abuse: {_name('domestic')}, "
        f"free on {_phone('domestic')['value']}.\n"
        "Sexual violence: Centre for Sexual Violence (Centrum Seksueel Geweld), "
        f"free on {_phone('sexual')['value']}.\n"
        "These numbers are open day and night."
    ),
}

BOT_UNAVAILABLE: dict[Language, str] = {
    "nl": "Het lukt me nu even niet om te antwoorden. Dat ligt niet aan jou. "
    "Je kunt wel meteen met iemand praten:",
    "en": "I can't answer right now. That is not your fault. "
    "You can talk to someone straight away:",
}

BOT_SLOW: dict[Language, str] = {
    "nl": "Het gesprek is nu traag: je antwoord komt niet op tijd. Dat ligt niet aan jou. "
    "Stuur je bericht zo nog eens. Je kunt ook meteen met iemand praten:",
    "en": "The chat is slow right now: my answer did not come in time. That is not your "
    "fault. Please send your message again in a moment. You can also talk to someone "
    "straight away:",
}

# The line for danger or suicide that the gateway itself recognises in a message (with the
# understanding layer's crisis phrases) when the bot does not answer it: that line first.
CRISIS_LINE: dict[str, dict[Language, str]] = {
    "danger": {
        "nl": f"Ben je nu in gevaar? Bel meteen {_phone('danger')['value']}.",
        "en": f"Are you in danger now? Call {_phone('danger')['value']} straight away.",
    },
    "suicide": {
        "nl": f"Denk je aan zelfmoord? Bel {_phone('suicide')['value']} of gratis "
        f"{_free_phone('suicide')['value']}, dag en nacht, anoniem.",
        "en": f"Thinking about suicide? Call {_phone('suicide')['value']} or "
        f"{_free_phone('suicide')['value']} for free, day and night, anonymously.",
    },
}
_NOT_WAITING: dict[Language, str] = {
    "nl": "Het gesprek hier is nu traag; wacht er niet op.",
    "en": "The chat is slow right now; do not wait for it.",
}
# ... when the bot is slow.
CRISIS_FIRST: dict[str, dict[Language, str]] = {
    kind: {lang: f"{line} {_NOT_WAITING[lang]}" for lang, line in lines.items()}
    for kind, lines in CRISIS_LINE.items()
}

ACTION_FAILED: dict[Language, str] = {
    "nl": "Er ging iets mis bij het opzoeken van hulp. Probeer het zo nog eens. "
    "Deze lijnen kun je altijd bellen:",
    "en": "Something went wrong while looking up help. Please try again in a moment. "
    "You can always call these lines:",
}

TOO_LONG: dict[Language, str] = {
    "nl": "Je bericht is te lang voor mij (meer dan {max_chars} tekens). "
    "Wil je het korter opschrijven, of in een paar stukjes?",
    "en": "Your message is too long for me (more than {max_chars} characters). "
    "Could you write it shorter, or in a few parts?",
}

# After "too long": the person's story was not read, so the lines where it can be told now.
TOO_LONG_LINES: dict[Language, str] = {
    "nl": "Wil je je verhaal liever meteen aan iemand vertellen? Dat kan hier:",
    "en": "Would you rather tell your story to someone right away? You can do that here:",
}

EMPTY: dict[Language, str] = {
    "nl": "Ik zag geen tekst. Typ je vraag, of kies een van de knoppen.",
    "en": "I didn't see any text. Type your question, or choose one of the buttons.",
}

RATE_LIMITED: dict[Language, str] = {
    "nl": "Je stuurt veel berichten kort na elkaar. Wacht even, dan kan ik weer antwoorden. "
    f"Ben je in gevaar? Bel {_phone('danger')['value']}.",
    "en": "You are sending many messages in a short time. Please wait a moment, then I can "
    f"answer again. Are you in danger? Call {_phone('danger')['value']}.",
}

SESSION_NOT_FOUND: dict[Language, str] = {
    "nl": "Dit gesprek bestaat niet meer: het was een tijd stil, of het is gewist. "
    "Begin gerust een nieuw gesprek.",
    "en": "This conversation no longer exists: it was quiet for a while, or it was deleted. "
    "Feel free to start a new one.",
}


NOT_FORGOTTEN: dict[Language, str] = {
    "nl": "We beginnen opnieuw. Wat je eerder schreef, kon ik nu niet wissen: het wordt vanzelf "
    "gewist na {minutes} minuten stilte. Met de knop 'Snel weg' is dit gesprek meteen weg.",
    "en": "Let's start again. I could not delete what you wrote before just now: it is deleted "
    "by itself after {minutes} minutes of silence. With the 'Quick exit' button this "
    "conversation is gone at once.",
}


def crisis_messages(
    language: Language, *, intro: dict[Language, str] = BOT_UNAVAILABLE
) -> list[Message]:
    """The crisis lines and national 24/7 numbers, as a message with tel: links."""
    return [
        Message(
            text=f"{intro[language]}\n{CRISIS_LINES[language]}",
            links=list(CRISIS_LINKS[language]),
        )
    ]


def too_long(language: Language, max_chars: int, crisis: str | None = None) -> list[Message]:
    """The ask to write it shorter, and the lines where the story can be told now; the crisis
    line first when the gateway read one in it (a message this long never reaches the bot, so
    nothing else reads it)."""
    first = (
        [
            Message(
                text=CRISIS_LINE[crisis][language],
                links=[CRISIS_LINKS[language][_LINK_KINDS.index(crisis)]],
            )
        ]
        if crisis
        else []
    )
    return [
        *first,
        Message(text=TOO_LONG[language].format(max_chars=max_chars)),
        *crisis_messages(language, intro=TOO_LONG_LINES),
    ]


def empty(language: Language) -> list[Message]:
    return [Message(text=EMPTY[language])]


def rate_limited(language: Language) -> list[Message]:
    return [Message(text=RATE_LIMITED[language], links=[CRISIS_LINKS[language][0]])]


def not_forgotten(language: Language, idle_minutes: float) -> list[Message]:
    return [Message(text=NOT_FORGOTTEN[language].format(minutes=f"{idle_minutes:g}"))]
