"""Every sentence the engine writes itself, in Dutch (B1, "je") and English: reasons drawn from
the facts, the urgent banner, cost and anonymity in words, and gentle "check" lines."""

from collections.abc import Sequence

from api.rules.triage.model import ChannelInfo, ContactPointInfo, Text

NEED_REASONS = {
    "talk": Text(
        "Je wilt met iemand praten: dat kan hier.",
        "You want to talk to someone: you can do that here.",
    ),
    "medical": Text(
        "Je zoekt medische hulp: die kun je hier krijgen.",
        "You are looking for medical care: you can get it here.",
    ),
    "report_police": Text(
        "Je wilt het misschien melden of aangifte doen: dat kan hier.",
        "You may want to report it to the police: you can do that here.",
    ),
    "report_anonymous": Text(
        "Je wilt iets anoniem melden: dat kan hier zonder je naam.",
        "You want to report something anonymously: you can do that here without your name.",
    ),
    "advice_helping_someone": Text(
        "Je wilt advies over hoe je iemand kunt helpen: dat geven ze hier.",
        "You want advice on how to help someone: they give that here.",
    ),
    "stop_own_behaviour": Text(
        "Je wilt hulp om je eigen gedrag te veranderen: daar helpen ze je hier bij.",
        "You want help to change your own behaviour: they help you with that here.",
    ),
    "legal": Text(
        "Je hebt vragen over je rechten of een rechtszaak: daar helpen ze je hier bij.",
        "You have questions about your rights or a court case: they help you with that here.",
    ),
    "mediation": Text(
        "Je vroeg naar herstelbemiddeling: die begeleiden ze hier, en het is altijd vrijwillig.",
        "You asked about mediation: they guide it here, and it is always voluntary.",
    ),
    "information": Text(
        "Je zoekt informatie: die vind je hier.",
        "You are looking for information: you can find it here.",
    ),
}
CONCERN_WORDS = {
    "sexual_violence": Text("seksueel geweld", "sexual violence"),
    "domestic_violence": Text("huiselijk geweld", "domestic violence"),
    "child_abuse": Text("kindermishandeling", "child abuse"),
    "human_trafficking": Text("mensenhandel en uitbuiting", "human trafficking and exploitation"),
    "online_sexual_abuse": Text("online seksueel misbruik", "online sexual abuse"),
}
REGIONAL = Text(
    "Dit is de plek in jouw regio.",
    "This is the place in your region.",
)
REACHABLE_NOW = Text(
    "Deze lijn is nu bereikbaar, ook als de andere plekken gesloten zijn.",
    "This line can be reached now, even when the other places are closed.",
)
GENERAL = Text(
    "Dit is een landelijke lijn voor iedereen die met geweld of misbruik te maken heeft.",
    "This is a national line for anyone affected by violence or abuse.",
)
COST = {
    "free": Text("gratis", "free"),
    "local_rate": Text("je betaalt het gewone beltarief", "you pay the normal call rate"),
    "paid": Text("dit nummer kost geld", "this number costs money"),
    "messaging_rate": Text(
        "je betaalt de gewone kosten voor berichten", "you pay the normal messaging costs"
    ),
    "unknown": Text("de kosten zijn niet bekend", "the cost is not known"),
}
ANONYMOUS = {
    "yes": Text("je hoeft je naam niet te geven", "you do not have to give your name"),
    "partly": Text(
        "advies vragen kan zonder je naam", "you can ask for advice without giving your name"
    ),
    "no": Text("niet anoniem", "not anonymous"),
    "unknown": Text("niet bekend of het anoniem kan", "not known whether it can be anonymous"),
}
# When the first channel is not anonymous but another one is, say which one.
ANONYMOUS_VIA = {
    "phone": Text("bellen kan zonder je naam", "you can call without giving your name"),
    "chat": Text("via de chat kun je anoniem blijven", "you can stay anonymous in the chat"),
    "web": Text("via de website kun je anoniem blijven", "you can stay anonymous via the website"),
    "whatsapp": Text("via WhatsApp kun je anoniem blijven", "you can stay anonymous via WhatsApp"),
    "email": Text("per e-mail kun je anoniem blijven", "you can stay anonymous by e-mail"),
    "walk_in": Text("langsgaan kan zonder je naam", "you can visit without giving your name"),
}
CHANNEL_LABELS = {
    "phone": Text("Bellen", "Call"),
    "chat": Text("Chatten", "Chat"),
    "web": Text("Website", "Website"),
    "walk_in": Text("Langsgaan", "Visit"),
    "whatsapp": Text("WhatsApp", "WhatsApp"),
    "email": Text("E-mail", "Email"),
}
CHANNEL_TYPE_WORDS = {
    "phone": Text("het telefoonnummer", "the phone number"),
    "chat": Text("de chat", "the chat"),
    "web": Text("de website", "the website"),
    "walk_in": Text("het langsgaan", "visiting in person"),
    "whatsapp": Text("WhatsApp", "WhatsApp"),
    "email": Text("het e-mailadres", "the email address"),
}
URGENT_OPENING = {
    "danger": Text(
        "Ben je nu in gevaar, of gebeurt er nu iets? Bel meteen {numbers}.",
        "Are you in danger now, or is something happening right now? Call {numbers} straight away.",
    ),
    "suicide": Text(
        "Denk je aan zelfdoding, of maak je je zorgen om iemand die dat doet? "
        "Praat erover met {name}: bel {numbers}.",
        "Are you thinking about suicide, or worried about someone who is? "
        "Talk about it with {name}: call {numbers}.",
    ),
}
AFTER_URGENT = Text(
    "Hieronder staan ook de plekken die verder kunnen helpen.",
    "Below you will also find the places that can help further.",
)
ALWAYS = Text("dag en nacht", "day and night")
OR = Text("of", "or")


def concern_reason(codes: Sequence[str]) -> Text:
    """'They help with domestic violence and child abuse.'"""
    words = [CONCERN_WORDS[c] for c in codes if c in CONCERN_WORDS]
    return Text(
        f"Ze helpen bij {_join([w.nl for w in words], 'en')}.",
        f"They help with {_join([w.en for w in words], 'and')}.",
    )


def _join(words: Sequence[str], conjunction: str) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def urgent_text(lines: Sequence[tuple[str, ContactPointInfo]], language: str) -> str:
    """The banner: what to do now, with the numbers, cost and hours taken from the data."""
    sentences = []
    for kind, point in lines:
        phones = [c for c in point.channels if c.type == "phone"]
        numbers = _join([c.value for c in phones], OR.get(language))
        opening = URGENT_OPENING[kind].get(language)
        opening = opening.format(numbers=numbers, name=point.name.get(language))
        facts = _line_facts(phones, language)
        sentences.append(f"{opening[:-1]} ({facts})." if facts else opening)
    sentences.append(AFTER_URGENT.get(language))
    return " ".join(sentences)


def _line_facts(phones: Sequence[ChannelInfo], language: str) -> str:
    if not phones:
        return ""
    facts = []
    if all(c.cost == "free" for c in phones):
        facts.append(COST["free"].get(language))
    if all(c.schedule.always_open for c in phones):
        facts.append(ALWAYS.get(language))
    if all(c.anonymous == "yes" for c in phones):
        facts.append(ANONYMOUS["yes"].get(language))
    return ", ".join(facts)


def unverified_lines(point: ContactPointInfo, language: str) -> list[str]:
    """Gentle lines to check facts the research could not confirm; never stated as certain."""
    name = point.name.get(language)
    lines = []
    if point.unverified or not point.verified:
        lines.append(
            f"Niet alle gegevens van {name} zijn bevestigd. Kijk voor de zekerheid op hun website."
            if language == "nl"
            else f"Not all details of {name} are confirmed. Please check their website to be sure."
        )
    for channel in point.channels:
        if channel.unverified:
            what = CHANNEL_TYPE_WORDS.get(channel.type, CHANNEL_TYPE_WORDS["web"]).get(language)
            line = (
                f"Controleer even de gegevens van {what} van {name}: die zijn niet bevestigd."
                if language == "nl"
                else f"Please check the details of {what} of {name}: they are not confirmed."
            )
            if line not in lines:
                lines.append(line)
    return lines
