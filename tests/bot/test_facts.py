"""What the understanding layer reads from a message: tables of what people type → triage facts.

Every message goes through the trained NLU pipeline (the FactExtractor in config.yml), in both
languages. Most sentences are in no training data, so the tables show what the layer
generalises to; about fifty short, classic ones ("hij slaat me nu", "over mij", "last night")
are also trained on, and there the tables check that they stay understood. The frozen unseen
set in bench/data/unseen measures generalisation; tests/bench/test_bench_data.py keeps it out
of training.
"""

from __future__ import annotations

import pytest

NL, EN = "nl", "en"


def _values(facts: dict[str, set[str]], name: str) -> set[str]:
    return facts.get(name, set())


# --- crisis: danger now ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # said in so many words
        "hij slaat me nu",
        "ik ben niet veilig",
        "he is hitting me right now",
        "mijn ex staat voor mijn raam",
        "he is outside my house",
        "someone is waiting at my door",
        # violence to someone else, now
        "mijn moeder wordt op dit moment geslagen door mijn stiefvader",
        "hij slaat haar nu",
        "mijn zus wordt nu geslagen",
        "my mum is being beaten right now",
        "right now my stepdad is beating my mum",
        # told by a third person
        "mijn vriendin belde me net, haar ex probeert bij haar binnen te komen",
        "my friend just phoned me crying, her ex broke her window and is inside",
        # a young child without care
        "het buurjongetje van een jaar of 3 is al de hele dag alleen thuis en er is geen eten",
        "there's a toddler alone in the flat next door since this morning, nobody is feeding him",
        "ik hoor al uren een klein kindje huilen bij de buren en niemand doet open",
        "a baby has been screaming next door for hours and the parents' car is gone",
        # a threat for tonight, violence heard now
        "als ik vanavond thuiskom slaat mijn vader me in elkaar zegt hij",
        "my dad texted that i'll get a beating when i get home tonight",
        "ik hoor door de muur dat de buurman zijn vrouw nu aan het slaan is",
    ],
)
def test_danger_now_is_read_in_many_wordings(text, facts_of):
    assert "yes" in _values(facts_of(text), "danger"), text


@pytest.mark.parametrize(
    "text",
    [
        "hij sloeg me vorig jaar",
        "he hit me last year",
        "hij slaat me nu niet meer",
        "ik ben nu 16 en mijn vader sloeg me vroeger",
        "he hits her now and then, not tonight",
        "ik schrok me dood van die film",
        "hoe werkt het alarmnummer eigenlijk?",
        "mijn ex sloeg me twee jaar geleden, nu wil ik er iemand over spreken",
    ],
)
def test_calm_or_past_violence_is_not_danger_now(text, facts_of):
    assert "yes" not in _values(facts_of(text), "danger"), text


# --- crisis: thoughts of suicide -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "whose"),
    [
        ("ik denk aan zelfmoord", "self"),
        ("i want to die", "self"),
        ("ik wil mezelf iets aandoen", "self"),
        # a plan without the word: means at hand, a time named, a farewell
        ("ik heb genoeg pillen verzameld en zondag neem ik ze allemaal", "self"),
        ("i've written letters to my mum and my sister, tonight i'll go to the bridge", "self"),
        ("ik heb mijn spullen weggegeven, ze hebben het straks beter zonder mij", "self"),
        ("mijn zus wil zichzelf iets aandoen", "other"),
        ("my brother doesn't want to live anymore", "other"),
        ("she said she wants to end her life", "other"),
        ("mijn beste vriend stuurde een afscheidsbericht in de groepsapp", "other"),
    ],
)
def test_thoughts_of_suicide_are_read_also_without_the_word(text, whose, facts_of):
    assert whose in _values(facts_of(text), "suicide"), text


@pytest.mark.parametrize(
    "text",
    [
        "hij komt vanavond weer thuis en eerlijk gezegd wil ik er dan liever niet meer zijn",
        "mijn vriendin staat nu op de brug en zegt dat ze springt",
        "he's banging on the door again and i've got the pills ready, i can't do this anymore",
        "my friend just texted she took a whole box of pills and is alone at home",
        # The two crises in two clauses: the whole message reads one, a clause the other.
        "my girlfriend dumped me and i have the pills ready, my stepdad is also banging on my "
        "door right now",
        "mijn vriend heeft het uitgemaakt en ik heb de pillen klaarliggen, mijn stiefvader bonkt "
        "nu op mijn deur",
    ],
)
def test_a_message_of_danger_and_suicide_gets_both(text, facts_of):
    # Both lines in the first reply: 112 for the danger, 113 for the thoughts of suicide.
    facts = facts_of(text)
    assert "yes" in _values(facts, "danger"), text
    assert _values(facts, "suicide"), text


@pytest.mark.parametrize(
    "text",
    [
        "ik schrok me dood",
        "i nearly died laughing",
        "ik wil dat het misbruik stopt",
        "i want him to stop",
        "tien jaar geleden wilde ik dood, nu gaat het goed met me",
        "ik ben doodmoe van alles maar ik red me wel",
    ],
)
def test_figures_of_speech_are_not_thoughts_of_suicide(text, facts_of):
    assert not _values(facts_of(text), "suicide"), text


# How children tell it: "when my parents are not there". Found in the widget: "mijn oom zit aan
# me als mijn ouders er niet zijn" got 113 ("er niet zijn" read as "er niet meer zijn") and its
# twin with "weg zijn" no topic at all. These wordings are not in the corpus.
@pytest.mark.parametrize(
    "text",
    [
        "mijn oom zit aan me als papa en mama er niet zijn",
        "de vriend van mijn moeder zit aan mij als zij weg is",
        "my uncle touches me when mum and dad aren't home",
        "her boyfriend touches me when my mother is out",
    ],
)
def test_abuse_told_with_parents_away_is_sexual_violence_not_suicide(text, facts_of):
    facts = facts_of(text)
    assert "sexual_violence" in _values(facts, "concerns"), text
    assert not _values(facts, "suicide"), text
    assert not _values(facts, "danger"), text


@pytest.mark.parametrize(
    "text",
    [
        # the short, calm turns of a conversation: greeting, leaving, starting over, asking
        # for more, choosing a channel. None of them may bring up 112 or 113.
        "hoi, goeienavond",
        "oké ik ga nu, doei",
        "ik stop ermee, tot later",
        "mag ik helemaal opnieuw beginnen",
        "wis alles maar",
        "zet het nog eens voor me op een rij",
        "zijn er nog meer plekken",
        "appen vind ik fijner",
        "dat hou ik liever voor me",
        "hiya, evening",
        "gotta go now, bye",
        "i'm closing this now",
        "can we start over from the beginning",
        "show me everything again",
        "any other places i could try",
        "a phone call is fine",
        "rather not say that one",
        "it's about me",
    ],
)
def test_the_calm_turns_of_a_conversation_are_no_crisis(text, facts_of):
    facts = facts_of(text)
    assert not _values(facts, "suicide") and not _values(facts, "danger"), (text, facts)


# --- crisis in the middle of a conversation: read with the message before it ---------------


@pytest.mark.parametrize(
    ("previous", "text"),
    [
        # each answer alone reads as danger or suicide (bot/understanding/decide.py, CONTEXT_BAR)
        (
            "mijn stiefvader zat vroeger aan me toen ik klein was",
            "ik wil gewoon dat het ophoudt in mijn hoofd",
        ),
        (
            "mijn ex heeft naaktfoto's van mij rondgestuurd in de groepsapp",
            "ik wil dat ze overal weg zijn",
        ),
        (
            "ik heb mijn vriendin geduwd en geslagen toen we ruzie hadden",
            "ze is nu bij haar ouders, ik ben alleen thuis",
        ),
        ("my ex posted my nudes on a fake account", "i want them taken down everywhere"),
        (
            "i hit my wife last week during a fight, i feel terrible",
            "i never want to be like my father",
        ),
        ("my neighbour's kids are home alone a lot", "no, their mum came back an hour ago"),
    ],
)
def test_a_calm_answer_is_read_with_the_message_before_it(previous, text, read_after):
    facts, intent, _ = read_after(previous, text)
    assert not _values(facts, "suicide") and not _values(facts, "danger"), (text, facts)
    # DIET's far second guess is not taken for sure: no "start over" that wipes the chat
    assert intent != "restart"


@pytest.mark.parametrize(
    ("previous", "text", "kind"),
    [
        # unclear alone as well, and a crisis with what came before
        ("mijn zusje van 6 is alleen thuis want mama is al twee dagen weg",
         "er is geen eten meer en ze huilt", "danger"),
        ("my little sister is 5 and mum has been gone for two days",
         "there's no food left and she keeps crying", "danger"),
        ("he said he would come tonight and make me pay", "i hear the car now", "danger"),
        ("mijn ex zei dat hij vanavond langskomt om me te laten boeten", "ik hoor nu een auto",
         "danger"),
        ("ik ben vorig jaar verkracht en niemand gelooft me",
         "ik heb brieven geschreven voor mijn familie en weet hoe ik het ga doen", "suicide"),
        # clear by itself: read as before, whatever came first
        ("mijn vriend slaat me soms als hij gedronken heeft",
         "hij komt zo thuis en hij appte dat ik het zal merken", "danger"),
        ("my brother has been really down since what happened at his work",
         "he gave me his guitar today and said he won't need it anymore", "suicide"),
    ],
)  # fmt: skip
def test_a_crisis_in_the_middle_keeps_its_line_after_the_message_before_it(
    previous, text, kind, read_after
):
    facts, _, _ = read_after(previous, text)
    assert _values(facts, kind), (text, facts)


def test_the_message_before_is_not_kept_with_the_new_one(read_after):
    _, _, metadata = read_after("mijn ex zei dat hij vanavond langskomt", "ik hoor nu een auto")
    assert metadata == {"language": "nl"}


# --- who writes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("over mij", "victim"),
        ("ik ben gisteren verkracht", "victim"),
        ("mijn vriend slaat mij", "victim"),
        ("about me", "victim"),
        ("i was raped", "victim"),
        ("my boyfriend hits me", "victim"),
        # Hit at home together with a parent: the writer is hit too, not only someone close.
        ("my mums boyfriend hits her and me, im 15", "victim"),
        ("mijn stiefvader slaat mijn moeder en mij", "victim"),
        # A child who sees or hears violence between the parents at home is affected too
        # (data/facts/README.md, "A child who sees or hears violence at home").
        ("ik ben 11 en mijn vader slaat mijn moeder, ik zit dan boven op mijn kamer", "victim"),
        ("im 12 and my stepdad keeps hitting my mum, i hear it from my room every night", "victim"),
        ("mijn zus", "relative"),
        ("mijn vader slaat mijn moeder", "relative"),
        ("m'n beste vriendin", "relative"),
        ("my sister", "relative"),
        ("my dad hits my mum", "relative"),
        ("de buurvrouw", "bystander"),
        ("my neighbour", "bystander"),
        ("ik ben docent", "professional"),
        ("mijn leerling", "professional"),
        ("im a teacher", "professional"),
        (
            "als wijkverpleegkundige zie ik een vrouw die gedwongen wordt om te werken",
            "professional",
        ),
        ("ik heb mijn vrouw geslagen", "perpetrator"),
        ("ik kijk naar plaatjes van kinderen en wil stoppen", "perpetrator"),
        ("i'm attracted to kids", "perpetrator"),
        ("i hurt my partner and i want to stop", "perpetrator"),
    ],
)
def test_who_writes_is_read(text, role, facts_of):
    assert _values(facts_of(text), "role") == {role}, text


@pytest.mark.parametrize(
    "text",
    [
        "mijn vrouw slaat mij en ik schaam me om het te zeggen",
        "mn vriendin dwingt me tot seks als ik geen zin heb",
        "ik ben een man en mijn vrouw scheldt me uit en gooit met spullen naar me",
        "my wife hits me and i'm ashamed to tell anyone",
        "i'm a guy and my girlfriend forces me to have sex",
        "my husband hits me, we are two men, who believes that",
    ],
)
def test_a_man_hurt_by_his_partner_is_not_read_as_perpetrator(text, facts_of):
    # A perpetrator's place for a victim is the costliest wrong place (Stop it Now!, De Waag).
    assert "perpetrator" not in _values(facts_of(text), "role"), text


@pytest.mark.parametrize(
    "text",
    [
        "i'm attracted to young kids and it scares me, i have never acted on it",
        "ik merk dat ik seksuele gevoelens heb bij kinderen en ik wil niet dat er iets gebeurt",
        "ik heb seksuele fantasieen over kinderen",
        "i keep having sexual thoughts about children",
    ],
)
def test_sexual_feelings_toward_children_is_someone_worried_about_themselves(text, facts_of):
    facts = facts_of(text)
    assert _values(facts, "role") == {"perpetrator"}, text
    assert "sexual_violence" in _values(facts, "concerns") or "child_abuse" in _values(
        facts, "concerns"
    ), text


@pytest.mark.parametrize(
    "text", ["ik ben 15 en ik val op meisjes", "i have feelings for a girl in my class"]
)
def test_a_teenager_in_love_is_neither_perpetrator_nor_concern(text, facts_of):
    facts = facts_of(text)
    assert "perpetrator" not in _values(facts, "role"), text
    assert not _values(facts, "concerns"), text


# --- what it is about ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "concern"),
    [
        ("ik ben gisteren verkracht", "sexual_violence"),
        ("aanranding", "sexual_violence"),
        ("hij heeft me misbruikt", "sexual_violence"),
        ("i was raped", "sexual_violence"),
        ("mijn vader slaat mijn moeder", "domestic_violence"),
        ("huiselijk geweld", "domestic_violence"),
        ("my husband grabbed me by the throat again last week", "domestic_violence"),
        ("my dad hits my mum", "domestic_violence"),
        ("kindermishandeling", "child_abuse"),
        ("child abuse", "child_abuse"),
        # neglect and emotional abuse of a child count as child abuse
        ("de kinderen van de buren krijgen nooit eten en lopen in vieze kleren", "child_abuse"),
        ("my mum locks me out of the house and says she wishes i was never born", "child_abuse"),
        ("loverboy", "human_trafficking"),
        ("ze hebben mijn paspoort afgepakt en ik moet werken voor niks", "human_trafficking"),
        ("forced to work without pay", "human_trafficking"),
        ("boss keep my passport, 14 hour every day, i sleep in the container of the company",
         "human_trafficking"),
        ("my brother works on a farm and now the boss won't let him leave or call us",
         "human_trafficking"),
        ("iemand chanteert me met naaktfoto's", "online_sexual_abuse"),
        ("someone is blackmailing me with nudes", "online_sexual_abuse"),
        ("mijn ex heeft filmpjes van ons in bed online gezet", "online_sexual_abuse"),
        ("iedereen in mijn klas heeft mijn naaktfoto gekregen", "online_sexual_abuse"),
        ("my ex posted my nudes on a website", "online_sexual_abuse"),
    ],
)  # fmt: skip
def test_what_it_is_about_is_read(text, concern, facts_of):
    assert concern in _values(facts_of(text), "concerns"), text


@pytest.mark.parametrize(
    "text",
    [
        "ik heb foto's van de vakantie gedeeld met mijn vriend",
        "my dad won't let me go out on weekends",
        "mijn knie doet me pijn",
        "hallo",
    ],
)
def test_ordinary_things_are_no_concern(text, facts_of):
    facts = facts_of(text)
    assert not ({"online_sexual_abuse", "human_trafficking", "domestic_violence"}
                & _values(facts, "concerns")), text  # fmt: skip


# --- when, how old, what is needed, how to reach, where ------------------------------------


@pytest.mark.parametrize(
    ("text", "timing"),
    [
        ("gisteren", "within_7_days"),
        ("vannacht", "within_7_days"),
        ("3 dagen geleden", "within_7_days"),
        ("afgelopen weekend", "within_7_days"),
        ("last night", "within_7_days"),
        ("a few days ago", "within_7_days"),
        ("3 jaar geleden", "longer_ago"),
        ("twee weken geleden", "longer_ago"),
        ("toen ik 8 was", "longer_ago"),
        ("20 years ago", "longer_ago"),
        ("when i was a kid", "longer_ago"),
        ("het gebeurt nog steeds", "ongoing"),
        ("al jaren", "ongoing"),
        ("it's still happening", "ongoing"),
        ("every week", "ongoing"),
    ],
)
def test_when_it_happened_is_read(text, timing, facts_of):
    assert _values(facts_of(text), "timing") == {timing}, text


@pytest.mark.parametrize(
    ("text", "age_group"),
    [
        ("ze is 8", "under_12"),
        ("hij is 13 jaar", "12_17"),
        ("ik ben 15", "12_17"),
        ("mijn dochter van 14 wordt gechanteerd", "12_17"),
        ("i'm 16", "12_17"),
        ("she is twelve", "12_17"),
        ("ik ben 43", "18_plus"),
        ("i'm a 30 year old man", "18_plus"),
        # The age now, after an age back then: not asked again.
        ("mijn oom heeft me misbruikt toen ik 10 was, ik ben nu 30", "18_plus"),
        ("ik ben inmiddels 16 maar het begon toen ik 9 was", "12_17"),
        ("it started when i was 9, i'm now 25", "18_plus"),
    ],
)
def test_how_old_is_read(text, age_group, facts_of):
    assert _values(facts_of(text), "age_group") == {age_group}, text


@pytest.mark.parametrize(
    "text", ["toen ik 10 was raakte mijn oom me aan", "when i was 8 it started"]
)
def test_an_age_back_then_is_not_the_age_now(text, facts_of):
    assert not _values(facts_of(text), "age_group") - {"18_plus"}, text


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("praten", "talk"),
        ("aangifte doen", "report_police"),
        ("anoniem melden", "report_anonymous"),
        ("medische hulp", "medical"),
        ("ik wil stoppen met wat ik doe", "stop_own_behaviour"),
        ("advies hoe ik haar kan helpen", "advice_helping_someone"),
        ("talk to someone", "talk"),
        ("press charges", "report_police"),
        ("report it anonymously", "report_anonymous"),
        ("a lawyer", "legal"),
        ("ik heb een veilige plek nodig om te slapen", "shelter"),
        ("i need the morning after pill", "medical"),
    ],
)
def test_what_is_needed_is_read(text, need, facts_of):
    assert need in _values(facts_of(text), "needs"), text


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("bellen", "phone"),
        ("liever chatten", "chat"),
        ("ik kan niet bellen, hij hoort alles", "chat"),
        ("i cant call", "chat"),
        ("face to face", "in_person"),
    ],
)
def test_how_to_reach_is_read(text, channel, facts_of):
    assert _values(facts_of(text), "channel") == {channel}, text


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("ik woon in Zwolle", "Zwolle"),
        ("in rotterdam", "Rotterdam"),
        ("Friesland", "Fryslân"),
        ("i live near Eindhoven", "Eindhoven"),
        ("ik woon in Deventer en mijn vriend slaat me", "Deventer"),
    ],
)
def test_a_place_is_read_as_region(text, region, facts_of):
    assert _values(facts_of(text), "region") == {region}, text


@pytest.mark.parametrize(
    "text",
    [
        "nee, het gaat over mijn zus",
        "no, it's about my sister",
        "sorry ik bedoel mijn zoon",
        # Who it happened to, set right without "no" in front (found in the widget).
        "actually it was my friend who it happened to, not me",
        "not me, my little brother",
        "het is eigenlijk mijn vriendin overkomen, niet mij",
        "niet ik maar mijn zus",
    ],
)
def test_a_correction_is_recognised(text, facts_of):
    facts = facts_of(text)
    assert "yes" in _values(facts, "correction"), text
    assert _values(facts, "role") == {"relative"}, text


@pytest.mark.parametrize(
    "text",
    [
        "nee ik bedoel, het is mij overkomen",
        "sorry ik bedoel dat het over mij gaat",
        "no i mean it happened to me",
        "sorry, i meant it's about me",
    ],
)
def test_a_correction_to_it_happened_to_me_is_read_as_victim(text, facts_of):
    assert _values(facts_of(text), "role") == {"victim"}, text


@pytest.mark.parametrize(
    "text",
    [
        "ik zoek hulp",
        "ik heb hulp nodig",
        "ik zoek hulp maar weet niet waar ik moet beginnen",
        "I need help",
        "I'm looking for help but I don't know where to start",
    ],
)
def test_a_bare_request_for_help_says_nothing_about_who_or_what(text, facts_of):
    # Someone asking for help is not taken for a person who wants to stop their own behaviour:
    # that would send a victim to Stop it Now! (the bot asks who it is about instead).
    facts = facts_of(text)
    assert "perpetrator" not in _values(facts, "role"), text
    assert "stop_own_behaviour" not in _values(facts, "needs"), text


@pytest.mark.parametrize(
    "text",
    ["ik heb hulp nodig om te stoppen met kijken naar kinderporno",
     "I need help to stop looking at pictures of kids"],
)  # fmt: skip
def test_help_to_stop_ones_own_behaviour_is_still_read(text, facts_of):
    assert "stop_own_behaviour" in _values(facts_of(text), "needs"), text
