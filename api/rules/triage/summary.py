"""The handover text: a few first-person sentences built from the facts only, so the person
need not start from scratch. Unknown and unsure facts are left out; the region never appears."""

from api.rules.triage.model import Facts, Text

ROLE = {
    "victim": Text("Het gaat over mij.", "This is about me."),
    "relative": Text(
        "Ik maak me zorgen om iemand die dicht bij me staat.",
        "I am worried about someone close to me.",
    ),
    "bystander": Text("Ik ben een omstander.", "I am a bystander."),
    "perpetrator": Text(
        "Ik maak me zorgen over mijn eigen gedrag.", "I am worried about my own behaviour."
    ),
    "professional": Text(
        "Ik ben een professional en maak me zorgen om iemand.",
        "I am a professional and I am worried about someone.",
    ),
}
AGE_SELF = {
    "under_12": Text("Ik ben jonger dan 12.", "I am under 12."),
    "12_17": Text("Ik ben tussen de 12 en 18 jaar.", "I am between 12 and 18 years old."),
    "18_plus": Text("Ik ben 18 jaar of ouder.", "I am 18 or older."),
}
AGE_OTHER = {
    "under_12": Text("Het gaat om een kind van onder de 12.", "It is about a child under 12."),
    "12_17": Text(
        "Het gaat om een jongere van 12 tot 18 jaar.", "It is about a young person aged 12 to 17."
    ),
    "18_plus": Text("Het gaat om een volwassene.", "It is about an adult."),
}
CONCERN = {
    "sexual_violence": Text("seksueel geweld", "sexual violence"),
    "domestic_violence": Text("huiselijk geweld", "domestic violence"),
    "child_abuse": Text("kindermishandeling", "child abuse"),
    "human_trafficking": Text("mensenhandel of uitbuiting", "human trafficking or exploitation"),
    "online_sexual_abuse": Text("online seksueel misbruik", "online sexual abuse"),
}
TIMING = {
    "within_7_days": Text(
        "Het is minder dan 7 dagen geleden gebeurd.", "It happened less than 7 days ago."
    ),
    "longer_ago": Text("Het is langer geleden gebeurd.", "It happened longer ago."),
    "ongoing": Text("Het gebeurt nog steeds.", "It is still happening."),
}
DANGER = {
    "yes": Text("Er is nu direct gevaar.", "There is danger right now."),
    "no": Text("Er is nu geen direct gevaar.", "There is no danger right now."),
}
SUICIDE_SELF = Text("Ik heb gedachten aan zelfdoding.", "I have thoughts of suicide.")
SUICIDE_OTHER = Text(
    "Ik maak me zorgen dat iemand aan zelfdoding denkt.",
    "I am worried that someone is thinking about suicide.",
)
NEED = {
    "talk": Text("met iemand praten", "talk to someone"),
    "medical": Text("medische hulp krijgen", "get medical care"),
    "report_police": Text("aangifte doen of het melden bij de politie", "report it to the police"),
    "report_anonymous": Text("iets anoniem melden", "report something anonymously"),
    "advice_helping_someone": Text(
        "advies krijgen over wat ik kan doen", "get advice on what I can do"
    ),
    "stop_own_behaviour": Text(
        "hulp krijgen om mijn gedrag te stoppen", "get help to stop my behaviour"
    ),
    "legal": Text("weten wat mijn rechten zijn", "know my rights"),
    "mediation": Text("praten over herstelbemiddeling", "talk about mediation"),
    "information": Text("informatie krijgen", "get information"),
}
SELF_ROLES = ("victim", "perpetrator")


def _join(words: list[str], conjunction: str) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def summary(facts: Facts) -> str:
    """A few first-person sentences in the facts' language; empty when nothing is known."""
    language = facts.language
    about_me = facts.role == "victim"
    parts: list[str] = []
    if facts.role in ROLE:
        parts.append(ROLE[facts.role].get(language))
    ages = AGE_SELF if about_me else AGE_OTHER
    if facts.age_group in ages:
        parts.append(ages[facts.age_group].get(language))
    concerns = [CONCERN[c].get(language) for c in CONCERN if c in facts.concerns]
    if concerns:
        words = _join(concerns, "en" if language == "nl" else "and")
        if facts.role in SELF_ROLES:
            parts.append(f"Het gaat om {words}." if language == "nl" else f"It is about {words}.")
        else:
            parts.append(
                f"Ik denk dat het om {words} gaat."
                if language == "nl"
                else f"I think it is {words}."
            )
    if facts.timing in TIMING:
        parts.append(TIMING[facts.timing].get(language))
    if facts.danger_now in DANGER:
        parts.append(DANGER[facts.danger_now].get(language))
    if facts.suicidal_thoughts == "yes":
        own = facts.role in (*SELF_ROLES, "unknown")
        parts.append((SUICIDE_SELF if own else SUICIDE_OTHER).get(language))
    needs = [NEED[n].get(language) for n in NEED if n in facts.needs]
    if needs:
        wish = _join(needs, "en" if language == "nl" else "and")
        parts.append(f"Ik wil graag {wish}." if language == "nl" else f"I would like to {wish}.")
    return " ".join(parts)
