"""Free text (Dutch and English) to triage fact codes: tables of what people type."""

import pytest

from actions import parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gisteren", "within_7_days"),
        ("gister avond", "within_7_days"),
        ("vannacht", "within_7_days"),
        ("eergisteren", "within_7_days"),
        ("vorige week", "within_7_days"),
        ("afgelopen weekend", "within_7_days"),
        ("zaterdagavond", "within_7_days"),
        ("3 dagen geleden", "within_7_days"),
        ("een paar uur geleden", "within_7_days"),
        ("ik ben gisteren verkracht", "within_7_days"),
        ("3 jaar geleden", "longer_ago"),
        ("twee weken geleden", "longer_ago"),
        ("vorig jaar", "longer_ago"),
        ("lang geleden", "longer_ago"),
        ("toen ik 8 was", "longer_ago"),
        ("in mijn jeugd", "longer_ago"),
        ("het gebeurt nog steeds", "ongoing"),
        ("al jaren", "ongoing"),
        ("elke dag", "ongoing"),
        ("weet ik niet meer", "unsure"),
        ("last night", "within_7_days"),
        ("yesterday", "within_7_days"),
        ("this morning", "within_7_days"),
        ("a few days ago", "within_7_days"),
        ("on saturday", "within_7_days"),
        ("last week", "within_7_days"),
        ("20 years ago", "longer_ago"),
        ("a year ago", "longer_ago"),
        ("last summer", "longer_ago"),
        ("when i was a kid", "longer_ago"),
        ("months ago", "longer_ago"),
        ("its still happening", "ongoing"),
        ("every day", "ongoing"),
        ("not sure", "unsure"),
        ("within_7_days", "within_7_days"),
        ("hallo", None),
        ("ik ben 15", None),
    ],
)
def test_parse_timing_maps_words_to_codes(text, expected):
    assert parsing.parse_timing(text) == expected


@pytest.mark.parametrize(
    ("text", "asked", "expected"),
    [
        ("15", True, "12_17"),
        ("15", False, None),
        ("8", True, "under_12"),
        ("ze is 8", False, "under_12"),
        ("hij is 13 jaar", False, "12_17"),
        ("ik ben 15", False, "12_17"),
        ("zestien", True, "12_17"),
        ("minderjarig", False, "12_17"),
        ("volwassen", False, "18_plus"),
        ("ouder dan 18", False, "18_plus"),
        ("12 tot 18", False, "12_17"),
        ("42", True, "18_plus"),
        ("i'm 16", False, "12_17"),
        ("im 16", False, "12_17"),
        ("she is twelve", False, "12_17"),
        ("16yo", False, "12_17"),
        ("adult", False, "18_plus"),
        ("a minor", False, "12_17"),
        ("under 12", False, "under_12"),
        ("weet niet", True, "unknown"),
        ("3 jaar geleden", True, None),
        ("20 years ago", True, None),
        ("18_plus", False, "18_plus"),
    ],
)
def test_parse_age_group_maps_ages_and_words(text, asked, expected):
    assert parsing.parse_age_group(text, answer_to_question=asked) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("over mij", "victim"),
        ("mij", "victim"),
        ("ik ben gisteren verkracht", "victim"),
        ("mijn vriend slaat mij", "victim"),
        ("hij heeft me aangerand", "victim"),
        ("mijn zus", "relative"),
        ("mijn vader slaat mijn moeder", "relative"),
        ("m'n beste vriendin", "relative"),
        ("de buurvrouw", "bystander"),
        ("een kind in mijn straat", "bystander"),
        ("iemand anders", "bystander"),
        ("ik ben docent", "professional"),
        ("voor mijn werk", "professional"),
        ("mijn leerling", "professional"),
        ("ik heb zelf iets gedaan", "perpetrator"),
        ("ik heb mijn vrouw geslagen", "perpetrator"),
        ("ik kijk naar plaatjes van kinderen en wil stoppen", "perpetrator"),
        ("me", "victim"),
        ("about me", "victim"),
        ("i was raped", "victim"),
        ("my boyfriend hits me", "victim"),
        ("my sister", "relative"),
        ("my dad hits my mum", "relative"),
        ("my neighbour", "bystander"),
        ("a kid in my street", "bystander"),
        ("im a teacher", "professional"),
        ("a client of mine", "professional"),
        ("i hurt someone", "perpetrator"),
        ("i look at things i shouldnt", "perpetrator"),
        ("i'm attracted to kids", "perpetrator"),
        ("perpetrator", "perpetrator"),
        ("hallo", None),
    ],
)
def test_parse_role_maps_who_it_is_about(text, expected):
    assert parsing.parse_role(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ik ben gisteren verkracht", ["sexual_violence"]),
        ("aanranding", ["sexual_violence"]),
        ("hij heeft me misbruikt", ["sexual_violence"]),
        ("mijn vader slaat mijn moeder", ["domestic_violence"]),
        ("huiselijk geweld", ["domestic_violence"]),
        ("kindermishandeling", ["child_abuse"]),
        ("ik kijk naar plaatjes van kinderen", ["child_abuse"]),
        ("loverboy", ["human_trafficking"]),
        ("ze hebben mijn paspoort afgepakt", ["human_trafficking"]),
        ("ik word gedwongen om in een bordeel te werken", ["human_trafficking"]),
        ("iemand chanteert me met naaktfoto's", ["online_sexual_abuse"]),
        ("sextortion", ["online_sexual_abuse"]),
        ("i was raped", ["sexual_violence"]),
        ("my dad hits my mum", ["domestic_violence"]),
        ("someone is blackmailing me with nudes", ["online_sexual_abuse"]),
        ("forced to work without pay", ["human_trafficking"]),
        ("child abuse", ["child_abuse"]),
        ("domestic_violence", ["domestic_violence"]),
        ("hallo", []),
    ],
)
def test_parse_concerns_names_what_happened(text, expected):
    assert parsing.parse_concerns(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("praten", ["talk"]),
        ("aangifte doen", ["report_police"]),
        ("anoniem melden", ["report_anonymous"]),
        ("medische hulp", ["medical"]),
        ("bemiddeling", ["mediation"]),
        ("ik wil stoppen", ["stop_own_behaviour"]),
        ("advies hoe ik haar kan helpen", ["advice_helping_someone"]),
        ("talk to someone", ["talk"]),
        ("press charges", ["report_police"]),
        ("report to police", ["report_police"]),
        ("report it anonymously", ["report_anonymous"]),
        ("i want to stop", ["stop_own_behaviour"]),
        ("a lawyer", ["legal"]),
        ("kun je me helpen", []),
    ],
)
def test_parse_needs_maps_what_people_want(text, expected):
    assert parsing.parse_needs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bellen", "phone"),
        ("liever chatten", "chat"),
        ("ik kan niet bellen", "chat"),
        ("i cant call", "chat"),
        ("face to face", "in_person"),
        ("maakt niet uit", "any"),
        ("phone", "phone"),
    ],
)
def test_parse_channel_maps_contact_preferences(text, expected):
    assert parsing.parse_channel(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1012", "1012"),
        ("1012 AB", "1012"),
        ("utrecht", "utrecht"),
        ("in rotterdam", "rotterdam"),
        ("Friesland", "friesland"),
        ("ik woon in Zwolle", "zwolle"),
        ("Kerkstraat 5", None),
        ("kerkstraat", None),
        ("", None),
    ],
)
def test_parse_region_keeps_only_postcode_area_or_place(text, expected):
    assert parsing.parse_region(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ja", "yes"), ("yes", "yes"), ("nee", "no"), ("nope", "no"), ("weet niet", "unsure")],
)
def test_parse_answer_reads_short_replies(text, expected):
    assert parsing.parse_answer(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ik denk aan zelfmoord", "suicide"),
        ("i want to die", "suicide"),
        ("ik ben niet veilig", "danger"),
        ("he is hitting me right now", "danger"),
        ("ik ben gisteren verkracht", None),
    ],
)
def test_crisis_kind_is_a_safety_net_for_missed_crisis_messages(text, expected):
    assert parsing.crisis_kind(text) == expected


@pytest.mark.parametrize(
    "text",
    ["mijn ex staat voor mijn raam", "he is outside my house", "someone is waiting at my door"],
)
def test_crisis_kind_someone_at_the_door_is_danger(text):
    assert parsing.crisis_kind(text) == "danger"


@pytest.mark.parametrize(
    "text",
    [
        "my best friend's boyfriend beats her and tonight she told me she wants to kill herself",
        "mijn zus wil zichzelf iets aandoen",
        "ik wil mezelf iets aandoen",
        "my brother doesn't want to live anymore",
        "she said she wants to end her life",
        "hij wil er niet meer zijn",
    ],
)
def test_crisis_kind_thoughts_of_suicide_of_someone_else_too(text):
    # 113 is for the person and for whoever worries about them.
    assert parsing.crisis_kind(text) == "suicide"


@pytest.mark.parametrize(
    "text",
    [
        "i'm attracted to young kids and it scares me, i have never acted on it",
        "ik merk dat ik seksuele gevoelens heb bij kinderen en ik wil niet dat er iets gebeurt",
        "ik heb seksuele fantasieen over kinderen",
        "i keep having sexual thoughts about children",
    ],
)
def test_sexual_feelings_toward_children_is_someone_worried_about_themselves(text):
    assert parsing.parse_role(text) == "perpetrator"
    assert {"sexual_violence", "child_abuse"} <= set(parsing.parse_concerns(text))


@pytest.mark.parametrize(
    "text",
    [
        "ik ben 15 en ik val op meisjes",
        "i have feelings for girls in my class",
        "im attracted to teens, i am 16",
    ],
)
def test_a_teenager_in_love_is_not_a_perpetrator(text):
    assert parsing.parse_role(text) is None
    assert parsing.parse_concerns(text) == []


def test_someone_else_with_sexual_feelings_toward_children_is_not_the_writer():
    text = "mijn oom heeft seksuele gevoelens voor kinderen"
    assert parsing.parse_role(text) == "relative"
    assert {"sexual_violence", "child_abuse"} <= set(parsing.parse_concerns(text))


@pytest.mark.parametrize(
    "text",
    [
        "mijn moeder wordt op dit moment geslagen door mijn stiefvader",
        "hij slaat haar nu",
        "nu slaat hij mijn moeder",
        "mijn zus wordt nu geslagen",
        "my mum is being beaten right now",
        "he's hitting her right now",
        "right now my stepdad is beating my mum",
    ],
)
def test_crisis_kind_violence_now_to_someone_else_is_danger(text):
    assert parsing.crisis_kind(text) == "danger"


@pytest.mark.parametrize(
    "text",
    [
        "hij sloeg me vorig jaar",
        "he hit me last year",
        "hij slaat me nu niet meer",
        "hij slaat me al jaren en nu wil ik weg",
        "ik ben nu 16 en mijn vader slaat me",
        "he hit me and now i am scared",
        "he hits her now and then",
    ],
)
def test_crisis_kind_violence_in_the_past_or_not_now_is_not_danger(text):
    assert parsing.crisis_kind(text) is None


@pytest.mark.parametrize(
    ("text", "role", "concerns"),
    [
        (
            "my husband grabbed me by the throat again last week",
            "victim",
            {"domestic_violence"},
        ),
        (
            "ik ben 10 jaar en mijn stiefvader doet mij pijn als mama weg is",
            "victim",
            {"domestic_violence"},
        ),
        (
            "a guy i met in a game got pics of me and now says he'll post them unless i send more",
            "victim",
            {"online_sexual_abuse"},
        ),
        (
            "mijn ex heeft filmpjes van ons in bed online gezet zonder dat ik het wist",
            "victim",
            {"online_sexual_abuse"},
        ),
        (
            "i'm a content moderator and found sexual images of children on our platform",
            "professional",
            {"online_sexual_abuse", "child_abuse"},
        ),
        (
            "als systeembeheerder vond ik seksuele foto's van kinderen op een laptop",
            "professional",
            {"online_sexual_abuse", "child_abuse"},
        ),
        (
            "ik heb mijn vriendin een keer gedwongen tot seks en ik ben bang dat ik het weer doe",
            "perpetrator",
            {"sexual_violence"},
        ),
    ],
)
def test_a_story_in_the_first_message_fills_who_and_what(text, role, concerns):
    assert parsing.parse_role(text) == role
    assert concerns <= set(parsing.parse_concerns(text))


def test_sharing_photos_with_a_friend_is_not_online_abuse():
    assert parsing.parse_concerns("ik heb foto's gedeeld met mijn vriend") == []


@pytest.mark.parametrize(
    ("text", "medical"),
    [
        ("ik heb veel pijn in mijn buik", True),
        ("ik heb pijn en bloed", True),
        ("mijn stiefvader doet mij pijn als mama weg is", False),
        ("hij heeft me pijn gedaan", False),
    ],
)
def test_being_hurt_is_not_a_question_for_a_doctor(text, medical):
    assert ("medical" in parsing.parse_needs(text)) is medical


@pytest.mark.parametrize(
    "text",
    [
        "my brother went to work on a farm and now the boss won't let him leave or call us",
        "the workers at the car wash near me sleep in the back and look scared of the boss",
        "the agency that brought me here takes my salary and i sleep in a container",
        "bij de nagelsalon in mijn straat slapen jonge meiden achterin",
        "ik zie een vrouw zonder papieren die volgens mij gedwongen wordt om te werken",
    ],
)
def test_signs_of_exploitation_are_read_as_trafficking(text):
    assert "human_trafficking" in parsing.parse_concerns(text)


@pytest.mark.parametrize(
    "text", ["my dad won't let me go out on weekends", "mijn moeder laat me niet naar buiten"]
)
def test_a_strict_parent_is_not_trafficking(text):
    assert "human_trafficking" not in parsing.parse_concerns(text)


def test_a_district_nurse_asks_for_work():
    text = "als wijkverpleegkundige zie ik een vrouw die gedwongen wordt om te werken"
    assert parsing.parse_role(text) == "professional"


def test_pressuring_a_partner_into_sex_is_own_behaviour():
    text = "i pressured my wife into sex when she said no and i'm worried about what i am becoming"
    assert parsing.parse_role(text) == "perpetrator"
    assert parsing.parse_concerns(text) == ["sexual_violence"]


@pytest.mark.parametrize(
    "text",
    [
        "i pushed my sister to report it to the police",
        "mijn knie doet me pijn",
        "i forced him to tell mom",
    ],
)
def test_helping_or_a_sore_knee_is_not_violence(text):
    assert parsing.parse_role(text) not in {"perpetrator", "victim"}
    assert "domestic_violence" not in parsing.parse_concerns(text)
