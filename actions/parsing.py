"""Pure functions that turn what people type (Dutch or English) into triage fact codes.

Every function accepts either words as typed or a code that NLU synonyms or a button already
produced, and returns a code from docs/contracts.md, or None when the text says nothing about
that fact. Nothing here keeps the text itself.
"""

from __future__ import annotations

import re
import unicodedata

from actions import vocabulary

ROLES = ("victim", "relative", "bystander", "perpetrator", "professional", "unknown")
CONCERNS = (
    "sexual_violence",
    "domestic_violence",
    "child_abuse",
    "human_trafficking",
    "online_sexual_abuse",
    "unsure",
)
TIMINGS = ("within_7_days", "longer_ago", "ongoing", "unsure")
AGE_GROUPS = ("under_12", "12_17", "18_plus", "unknown")
NEEDS = (
    "talk",
    "medical",
    "report_police",
    "report_anonymous",
    "advice_helping_someone",
    "stop_own_behaviour",
    "legal",
    "mediation",
    "information",
    "shelter",
    "unsure",
)
CHANNELS = ("phone", "chat", "in_person", "any")
ANSWERS = ("yes", "no", "unsure")


def normalise(text: str | None) -> str:
    """Lower case, no accents, plain apostrophes, single spaces."""
    if not text:
        return ""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    plain = plain.replace("`", "'").lower()
    return re.sub(r"\s+", " ", plain).strip()


def _number(token: str) -> int | None:
    token = token.strip()
    if token.isdigit():
        return int(token)
    return vocabulary.NUMBER_WORDS.get(token)


def _any(text: str, patterns: tuple[str, ...]) -> bool:
    return any(re.search(pattern, text) for pattern in patterns)


# --- timing --------------------------------------------------------------------------------

_AMOUNT_AGO = re.compile(
    r"\b"
    + vocabulary.NUMBER
    + r"\s*("
    + "|".join(vocabulary.UNIT_DAYS)
    + r")\b\s*(geleden|ago|terug|back)?"
)
_HALF_YEAR = re.compile(r"\b(half jaar|anderhalf jaar|half a year|year and a half)\b")


def _days_ago(text: str) -> int | None:
    if _HALF_YEAR.search(text):
        return 180
    for match in _AMOUNT_AGO.finditer(text):
        amount, unit, ago = _number(match.group(1)), match.group(2), match.group(3)
        # "15 jaar" without "geleden" is an age, not a time: only count it with "ago" words
        # or with units that are never ages.
        if amount is None or (not ago and vocabulary.UNIT_DAYS[unit] >= 365):
            continue
        return amount * vocabulary.UNIT_DAYS[unit]
    return None


def parse_timing(text: str | None) -> str | None:
    """Map "gisteren", "3 jaar geleden", "still happening", a code… to a timing code.

    "vorige week" / "last week" count as within 7 days on purpose: the Centrum Seksueel
    Geweld then comes first, and it also helps when it turns out to be a bit longer ago.
    """
    text = normalise(text)
    if not text:
        return None
    if text in TIMINGS:
        return text
    if _any(text, vocabulary.ONGOING):
        return "ongoing"
    days = _days_ago(text)
    if days is not None:
        return "within_7_days" if days <= 7 else "longer_ago"
    if _any(text, vocabulary.LONGER):
        return "longer_ago"
    if _any(text, vocabulary.RECENT):
        return "within_7_days"
    if _any(text, vocabulary.UNSURE):
        return "unsure"
    return None


# --- age -----------------------------------------------------------------------------------

_AGE_CONTEXT = re.compile(
    r"(?:\b(?:ik ben|ben|is|zij is|hij is|ze is|hij's|i'm|im|i am|she's|shes|he's|hes|"
    r"she is|he is|they are|age|aged|leeftijd|of)\s+)?"
    + vocabulary.NUMBER
    + r"(?:\s*(jaar|jaren|jr|years?|yrs?|yo|y/o|j)\b(?!\s*(geleden|ago|terug)))?"
)


# "mijn dochter van 14": "van" marks an age only right after a word for a person.
_PERSON_OF_AGE = re.compile(
    r"\b(?:dochter|dochtertje|zoon|zoontje|zus|zusje|broer|broertje|meisje|meid|jongen|kind|"
    r"kindje|nicht|nichtje|neef|neefje|buurmeisje|buurjongen|vriendin|vriend|leerling|"
    r"stiefdochter|stiefzoon)\s+van\s+(\d{1,2})\b(?!\s*(?:jaar\s+)?(?:geleden|terug))"
)


def age_group_for(age: int) -> str | None:
    """The contract's age group for an age in years; None for impossible ages."""
    if age < 0 or age > 120:
        return None
    if age < 12:
        return "under_12"
    if age < 18:
        return "12_17"
    return "18_plus"


def parse_age_group(text: str | None, *, answer_to_question: bool = False) -> str | None:
    """Map "15", "ze is 8", "minderjarig", "i'm 16", "adult", a code… to an age group.

    A bare number only counts as an age when it answers the age question or is marked as
    an age ("8 jaar", "i'm 16"); "3 jaar geleden" is never an age.
    """
    text = normalise(text)
    if not text:
        return None
    if text in AGE_GROUPS:
        return text
    for pattern, group in vocabulary.AGE_WORDS[:3]:
        if re.search(pattern, text):
            return group
    person = _PERSON_OF_AGE.search(text)
    if person:
        return age_group_for(int(person.group(1)))
    for match in _AGE_CONTEXT.finditer(text):
        marked = match.group(0).strip() != match.group(1) or match.group(2)
        if not (marked or answer_to_question):
            continue
        if match.group(1) in ("a", "an", "een"):
            continue
        number = _number(match.group(1))
        if number is not None:
            following = text[match.end() :].lstrip()
            if re.match(
                r"(\w+ )?(geleden|ago|terug|dagen|days|weken|weeks|maanden|months)\b", following
            ):
                continue
            return age_group_for(number)
    pattern, group = vocabulary.AGE_WORDS[3]
    if re.search(pattern, text):
        return group
    if answer_to_question and _any(text, vocabulary.UNSURE):
        return "unknown"
    return None


# --- role ----------------------------------------------------------------------------------


def parse_role(text: str | None) -> str | None:
    """Map "over mij", "mijn zus", "my neighbour", "ik ben docent", a code… to a role code.

    Order matters: "mijn vriend slaat mij" is about the writer (victim), and
    "ik heb mijn vrouw geslagen" is about the writer's own behaviour (perpetrator).
    """
    text = normalise(text)
    if not text:
        return None
    if text in ROLES:
        return text
    if _any(text, vocabulary.VICTIM):
        return "victim"
    if _any(text, vocabulary.PERPETRATOR):
        return "perpetrator"
    if _any(text, vocabulary.PROFESSIONAL):
        return "professional"
    if _any(text, vocabulary.RELATIVE):
        return "relative"
    if _any(text, vocabulary.BYSTANDER):
        return "bystander"
    if _any(text, vocabulary.SELF):
        return "victim"
    return None


# --- concerns ------------------------------------------------------------------------------


def parse_concerns(text: str | None) -> list[str]:
    """Map what people type (or a code) to every concern it names, in a stable order."""
    text = normalise(text)
    if not text:
        return []
    if text in CONCERNS:
        return [text]
    found = [code for code, patterns in vocabulary.CONCERN_PATTERNS.items() if _any(text, patterns)]
    # Being forced to have sex for money is trafficking; the words "seks" alone must not
    # add sexual violence on top of it unless the text says so.
    return [code for code in CONCERNS if code in found]


def is_unsure(text: str | None) -> bool:
    """True for "weet ik niet", "idk", "not sure" and the like."""
    return _any(normalise(text), vocabulary.CONCERN_UNSURE)


# --- needs ---------------------------------------------------------------------------------


def parse_needs(text: str | None) -> list[str]:
    """Map "praten", "aangifte doen", "anoniem melden", "I want to stop", a code… to needs."""
    text = normalise(text)
    if not text:
        return []
    if text in NEEDS:
        return [text]
    found = [code for code, patterns in vocabulary.NEED_PATTERNS.items() if _any(text, patterns)]
    if "report_anonymous" in found and "report_police" in found:
        found.remove("report_police")
    return [code for code in NEEDS if code in found]


# --- channel -------------------------------------------------------------------------------


def parse_channel_in_story(text: str | None) -> str | None:
    """Only the clear preferences a story may carry: "ik kan niet bellen", "face to face"."""
    text = normalise(text)
    for pattern, code in vocabulary.CHANNEL_PATTERNS[:3:2]:
        if re.search(pattern, text):
            return code
    return None


def parse_channel(text: str | None) -> str | None:
    """Map "bellen", "liever chatten", "i cant call", "face to face", a code… to a channel."""
    text = normalise(text)
    if not text:
        return None
    if text in CHANNELS:
        return text
    for pattern, code in vocabulary.CHANNEL_PATTERNS:
        if re.search(pattern, text):
            return code
    return None


# --- yes / no ------------------------------------------------------------------------------


def parse_answer(text: str | None) -> str | None:
    """Map a short yes / no / not sure answer (or a code) to yes | no | unsure."""
    text = normalise(text)
    if not text:
        return None
    if text in ANSWERS:
        return text
    if _any(text, vocabulary.UNSURE):
        return "unsure"
    if _any(text, vocabulary.NO):
        return "no"
    if _any(text, vocabulary.YES):
        return "yes"
    return None


# --- region --------------------------------------------------------------------------------

_POSTCODE = re.compile(r"\b([1-9]\d{3})\s?(?:[a-z]{2})?\b")
_STREET = re.compile(
    r"(straat|laan|weg|plein|gracht|kade|singel|dijk|hof|park|steeg|pad|dreef|street|road|"
    r"avenue|lane|square|drive)\b"
)
_PLACE_FILLER = re.compile(
    r"\b(in|de|het|bij|rond|omgeving|regio|gemeente|provincie|near|around|the|area|region|"
    r"province|municipality|city|stad|ik woon|i live|woon|live|wonen|living|uit|from)\b"
)


def parse_region(text: str | None) -> str | None:
    """The 4 postcode digits or a plain place name in `text`; never a street or house number.

    The letters of a full postcode and anything that looks like an address are dropped, so
    nothing more precise than a postcode area ever reaches a slot.
    """
    text = normalise(text)
    if not text:
        return None
    postcode = _POSTCODE.search(text)
    if postcode:
        return postcode.group(1)
    if any(char.isdigit() for char in text) or _STREET.search(text):
        return None
    place = _PLACE_FILLER.sub(" ", text)
    place = re.sub(r"[^a-z' -]", " ", place)
    place = re.sub(r"\s+", " ", place).strip(" -'")
    if not place or len(place) > 40 or len(place.split()) > 4:
        return None
    return place


# --- crisis words (a safety net when NLU did not recognise the message) ---------------------


def crisis_kind(text: str | None) -> str | None:
    """ "suicide" or "danger" when the words clearly say so, else None."""
    text = normalise(text)
    if _any(text, vocabulary.SUICIDE):
        return "suicide"
    if _any(text, vocabulary.DANGER):
        return "danger"
    return None


def mentions_age_back_then(text: str | None) -> bool:
    """True for "toen ik 10 was", "when i was 8": an age at the time, not now."""
    return _any(normalise(text), vocabulary.AGE_BACK_THEN)
