"""What the bot understood, said back in one short sentence before the places, so that a wrong
reading can be corrected in one turn (pure; facts only, never the words typed)."""

from api.rules.triage.model import Facts, Text
from api.rules.triage.summary import CONCERN

OPENING = Text("Wat ik begreep", "What I understood")
ROLE = {
    "victim": Text("het gaat over jezelf", "it is about you"),
    "relative": Text(
        "het gaat over een naaste (familie, partner of vriend)",
        "it is about someone close to you (family, partner or friend)",
    ),
    "bystander": Text(
        "je zag of hoorde iets bij een ander", "you saw or heard something happen to someone"
    ),
    "perpetrator": Text(
        "het gaat over je eigen gedrag of gevoelens", "it is about your own behaviour or feelings"
    ),
    "professional": Text("je vraagt het vanuit je werk", "you are asking for your work"),
}
ABOUT = Text("over", "about")
AND = Text("en", "and")
TIMING = {
    "within_7_days": Text("minder dan 7 dagen geleden", "less than 7 days ago"),
    "longer_ago": Text("langer geleden", "longer ago"),
    "ongoing": Text("het gebeurt nog steeds", "it is still happening"),
}
AGE = {
    "under_12": Text("jonger dan 12", "under 12"),
    "12_17": Text("12 tot 18 jaar", "12 to 17 years old"),
    "18_plus": Text("18 jaar of ouder", "18 or older"),
}
CORRECT_ME = Text(
    "Klopt iets niet? Zeg het gerust, dan pas ik het aan.",
    "Is something not right? Just tell me and I will change it.",
)


def understood(facts: Facts) -> str:
    """ "What I understood: …" in the request's language, or "" when nothing is known yet."""
    language = facts.language
    parts: list[str] = []
    if facts.role in ROLE:
        parts.append(ROLE[facts.role].get(language))
    concerns = [CONCERN[c].get(language) for c in CONCERN if c in facts.known_concerns]
    if concerns:
        joined = concerns[0] if len(concerns) == 1 else (
            ", ".join(concerns[:-1]) + f" {AND.get(language)} " + concerns[-1]
        )  # fmt: skip
        parts.append(f"{ABOUT.get(language)} {joined}")
    if facts.timing in TIMING:
        parts.append(TIMING[facts.timing].get(language))
    if facts.age_group in AGE:
        parts.append(AGE[facts.age_group].get(language))
    if not parts:
        return ""
    return f"{OPENING.get(language)}: {', '.join(parts)}. {CORRECT_ME.get(language)}"
