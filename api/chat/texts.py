"""The gateway's own words, in Dutch and English: crisis lines when the bot cannot answer,
and friendly replies to messages it does not pass on. Numbers from docs/safety.md only."""

from api.chat.schemas import Language, Link, Message

# Free and open day and night (see ../shared/landscape/contact_points.research.yml).
CRISIS_LINKS: dict[Language, list[Link]] = {
    "nl": [
        Link(title="Bel 112 (direct gevaar)", url="tel:112"),
        Link(title="Bel 0800-0113 (113 Zelfmoordpreventie)", url="tel:08000113"),
        Link(title="Bel 0800-2000 (Veilig Thuis)", url="tel:08002000"),
        Link(title="Bel 0800-0188 (Centrum Seksueel Geweld)", url="tel:08000188"),
    ],
    "en": [
        Link(title="Call 112 (danger now)", url="tel:112"),
        Link(title="Call 0800-0113 (113 Suicide Prevention)", url="tel:08000113"),
        Link(title="Call 0800-2000 (Veilig Thuis)", url="tel:08002000"),
        Link(title="Call 0800-0188 (Centre for Sexual Violence)", url="tel:08000188"),
    ],
}

CRISIS_LINES: dict[Language, str] = {
    "nl": (
        "Ben je in gevaar? Bel 112.\n"
        "Denk je aan zelfmoord? Bel 113 of gratis 0800-0113.\n"
        "Huiselijk geweld of kindermishandeling: Veilig Thuis, gratis 0800-2000.\n"
        "Seksueel geweld: Centrum Seksueel Geweld, gratis 0800-0188.\n"
        "Deze nummers zijn dag en nacht bereikbaar."
    ),
    "en": (
        "Are you in danger? Call 112.\n"
        "Thinking about suicide? Call 113 or 0800-0113 for free.\n"
        "Domestic violence or child abuse: Veilig Thuis, free on 0800-2000.\n"
        "Sexual violence: Centre for Sexual Violence (Centrum Seksueel Geweld), "
        "free on 0800-0188.\n"
        "These numbers are open day and night."
    ),
}

BOT_UNAVAILABLE: dict[Language, str] = {
    "nl": "Het lukt me nu even niet om te antwoorden. Dat ligt niet aan jou. "
    "Je kunt wel meteen met iemand praten:",
    "en": "I can't answer right now. That is not your fault. "
    "You can talk to someone straight away:",
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

EMPTY: dict[Language, str] = {
    "nl": "Ik zag geen tekst. Typ je vraag, of kies een van de knoppen.",
    "en": "I didn't see any text. Type your question, or choose one of the buttons.",
}

RATE_LIMITED: dict[Language, str] = {
    "nl": "Je stuurt veel berichten kort na elkaar. Wacht even, dan kan ik weer antwoorden. "
    "Ben je in gevaar? Bel 112.",
    "en": "You are sending many messages in a short time. Please wait a moment, then I can "
    "answer again. Are you in danger? Call 112.",
}

SESSION_NOT_FOUND: dict[Language, str] = {
    "nl": "Dit gesprek bestaat niet meer: het was een tijd stil, of het is gewist. "
    "Begin gerust een nieuw gesprek.",
    "en": "This conversation no longer exists: it was quiet for a while, or it was deleted. "
    "Feel free to start a new one.",
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


def too_long(language: Language, max_chars: int) -> list[Message]:
    return [Message(text=TOO_LONG[language].format(max_chars=max_chars))]


def empty(language: Language) -> list[Message]:
    return [Message(text=EMPTY[language])]


def rate_limited(language: Language) -> list[Message]:
    return [Message(text=RATE_LIMITED[language], links=[CRISIS_LINKS[language][0]])]
