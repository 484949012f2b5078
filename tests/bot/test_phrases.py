"""The curated phrases (data/facts/phrases): they load, name only codes of the contract, and
a veto never beats a real sign of danger."""

from __future__ import annotations

import pytest

from bot.understanding import corpus
from bot.understanding.phrases import VETO, PhraseBook, crisis_kind


@pytest.fixture(scope="module")
def book() -> PhraseBook:
    contract = corpus.load_contract()
    return PhraseBook.load(codes={name: spec.get("codes", []) for name, spec in contract.items()})


@pytest.mark.parametrize(
    "text",
    [
        "hij slaat me nu niet meer maar hij staat voor de deur",
        "he doesn't hit me anymore but he is coming here now",
        "het buurjongetje van 3 is al de hele dag alleen thuis",
        "a baby has been screaming next door for hours",
        "ik ben niet veilig",
        "we worden thuis tegen onze wil vastgehouden",
        "i am being locked up here against my will",
    ],
)
def test_a_sign_of_danger_now_wins_over_any_veto(book: PhraseBook, text: str) -> None:
    assert crisis_kind(text, book) == "danger"


@pytest.mark.parametrize(
    "text",
    [
        "hij slaat me nu niet meer",
        "he doesn't hit me anymore",
        "he hits her now and then, not tonight",
    ],
)
def test_violence_said_to_be_over_is_vetoed_as_danger_now(book: PhraseBook, text: str) -> None:
    assert book.match(text)["danger"].value == VETO


@pytest.mark.parametrize(
    "text",
    [
        "ik ben nu veilig, hij is op zijn werk",
        "ik zit nu bij mijn zus, gisteren sloeg hij me",
        "i'm safe right now, he's at work",
        "she's away for the weekend, i'm ok for now",
    ],
)
def test_safe_now_or_the_other_away_is_vetoed_as_danger_now(book: PhraseBook, text: str) -> None:
    # A calm answer to "can you chat safely?" must not bring up a 112 banner.
    assert book.match(text)["danger"].value == VETO


@pytest.mark.parametrize(
    "text",
    [
        "hij is weg maar hij komt vanavond terug",
        "hij slaapt nu, ik durf niet te bewegen",
        "he's asleep but i'm scared he'll wake up",
        "i'm ok but he is at the door",
    ],
)
def test_safe_now_words_next_to_a_sign_of_danger_are_no_veto(book: PhraseBook, text: str) -> None:
    match = book.match(text).get("danger")
    assert match is None or match.value != VETO


@pytest.mark.parametrize(
    "text", ["ik wil niet meer leven", "i can't do this anymore, i'm on the bridge"]
)
def test_a_veto_on_violence_never_touches_thoughts_of_suicide_or_a_bridge(
    book: PhraseBook, text: str
) -> None:
    match = book.match(text).get("danger")
    assert match is None or match.value != VETO


@pytest.mark.parametrize(
    ("text", "role"),
    [("over mij", "victim"), ("about me", "victim"), ("mijn buurvrouw", "bystander"),
     ("my neighbour", "bystander")],
)  # fmt: skip
def test_a_short_answer_names_who_it_is_about(book: PhraseBook, text: str, role: str) -> None:
    assert book.match(text)["role"].value == role


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("sorry ik bedoel dat het over mij gaat", "victim"),
        ("nee ik bedoel, het is mij overkomen", "victim"),
        ("no i mean it happened to me", "victim"),
        ("ik val op kinderen en daar schrik ik van", "perpetrator"),
        ("i'm attracted to kids", "perpetrator"),
    ],
)
def test_a_correction_to_me_or_an_attraction_to_children_names_the_role(
    book: PhraseBook, text: str, role: str
) -> None:
    assert book.match(text)["role"].value == role


@pytest.mark.parametrize(
    "text",
    ["my brother is attracted to kids", "ik ben 15 en ik val op meisjes", "nee ik bedoel mijn zus"],
)
def test_someone_elses_attraction_or_a_teenager_in_love_is_no_perpetrator_phrase(
    book: PhraseBook, text: str
) -> None:
    match = book.match(text).get("role")
    assert match is None or match.value != "perpetrator"


@pytest.mark.parametrize(
    "text",
    [
        "my mums boyfriend hits her and me, im 15",
        "my dad hits my mom and sometimes me too",
        "hij slaat mijn moeder en mij",
        "mn vader slaat mama en soms mij ook",
    ],
)
def test_violence_against_someone_close_and_me_makes_the_writer_a_victim(
    book: PhraseBook, text: str
) -> None:
    assert book.match(text)["role"].value == "victim"


@pytest.mark.parametrize(
    "text",
    ["he hits her and my sister", "hij slaat mijn moeder en mijn zusje", "my dad hits my mum"],
)
def test_violence_against_others_only_is_no_victim_phrase(book: PhraseBook, text: str) -> None:
    assert "role" not in book.match(text)


def test_a_story_is_left_to_the_model(book: PhraseBook) -> None:
    assert "role" not in book.match("my neighbour hit me last night")


@pytest.mark.parametrize(
    "text",
    ["ik werd jaren geleden vastgehouden", "i was kept there against my will as a child",
     "ik zit vast in de file"],
)  # fmt: skip
def test_being_held_in_the_past_or_stuck_in_traffic_is_no_danger_phrase(
    book: PhraseBook, text: str
) -> None:
    assert crisis_kind(text, book) is None


@pytest.mark.parametrize(
    "text",
    ["ik heb net al mijn slaappillen ingenomen", "bleek gedronken",
     "i've just taken 30 paracetamol", "swallowed them all"],
)  # fmt: skip
def test_an_overdose_already_taken_is_danger_and_suicide(book: PhraseBook, text: str) -> None:
    # Both lines: 112 for the body now, 113 for the thoughts behind it.
    found = book.match(text)
    assert found["danger"].value == "yes", text
    assert found["suicide"].value == "self", text


@pytest.mark.parametrize(
    "text",
    ["ik heb mijn pillen ingenomen zoals de huisarts zei", "ik heb altijd alles geslikt van hem",
     "took all my pills, like the doctor said", "she took all the pills away from me"],
)  # fmt: skip
def test_medicine_as_prescribed_or_swallowing_an_insult_is_no_overdose_phrase(
    book: PhraseBook, text: str
) -> None:
    found = book.match(text)
    assert "danger" not in found and "suicide" not in found, text


def test_the_gateways_crisis_phrases_give_112_for_an_overdose_but_not_for_prescribed_medicine() -> (
    None
):
    # The overdose is written once (suicide.yml, also danger): the gateway's fallback, which
    # reads only the crisis phrases, still answers 112 first while Rasa is down.
    crisis_only = PhraseBook.load(facts=("danger",))
    assert crisis_kind("ik heb net al mijn slaappillen ingenomen", crisis_only) == "danger"
    assert crisis_kind("i took all my pills like the doctor said", crisis_only) is None


def test_an_entry_that_also_gives_another_fact_survives_the_trained_model(book: PhraseBook) -> None:
    # The model stores the phrases as data; what it reads back must say the same.
    stored = PhraseBook.from_data(book.to_data())
    for text in ("swallowed them all", "took all my pills, like the doctor said"):
        assert {f: m.value for f, m in stored.match(text).items()} == {
            f: m.value for f, m in book.match(text).items()
        }


def test_an_also_fact_or_code_outside_the_contract_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "suicide.yml").write_text(
        'fact: suicide\nlanguage: en\nentries:\n  - value: self\n    also: {danger: "maybe"}\n'
        '    patterns: ["\\\\bbleach\\\\b"]\n',
        "utf-8",
    )
    contract = corpus.load_contract()
    codes = {name: spec.get("codes", []) for name, spec in contract.items()}
    with pytest.raises(ValueError, match="not a code of danger"):
        PhraseBook.load(languages=("en",), root=tmp_path, codes=codes)


@pytest.mark.parametrize(
    "text",
    ["nu staat hij voor mijn deur", "ineens slaat hij haar, ik hoor het door de muur",
     "daar staat mijn ex weer voor de deur"],
)  # fmt: skip
def test_danger_now_in_dutch_word_order_after_now_is_read(book: PhraseBook, text: str) -> None:
    # After "nu", "ineens", "daar" the verb comes before "hij": the gateway, which reads only
    # these phrases while the bot is down, must still answer 112.
    assert crisis_kind(text, book) == "danger"


@pytest.mark.parametrize(
    "text",
    ["de pillen liggen klaar", "ik ga vanavond al mijn slaappillen innemen",
     "het touw ligt al klaar op zolder", "tonight i will take all my pills",
     "i have the pills here and tonight i will take them all", "the rope is ready"],
)  # fmt: skip
def test_a_plan_with_the_means_ready_is_a_suicide_phrase(book: PhraseBook, text: str) -> None:
    assert crisis_kind(text, book) == "suicide"
    assert book.match(text)["suicide"].value == "self"


@pytest.mark.parametrize(
    "text",
    ["ik neem al mijn pillen in zoals de huisarts zei", "de medicijnen liggen klaar bij de apotheek",
     "i will take all my pills to the pharmacy", "nu slaat hij me niet meer",
     "there is a rope hanging in the gym"],
)  # fmt: skip
def test_medicine_on_a_doctors_word_or_violence_that_stopped_is_no_crisis_phrase(
    book: PhraseBook, text: str
) -> None:
    assert crisis_kind(text, book) is None


@pytest.mark.parametrize(
    "text",
    ["het gaat nog door", "het gebeurt nog steeds", "het is nog niet voorbij",
     "it's still happening", "it hasn't stopped", "it goes on every day"],
)  # fmt: skip
def test_still_going_on_is_read_as_ongoing(book: PhraseBook, text: str) -> None:
    assert book.match(text)["timing"].value == "ongoing"


@pytest.mark.parametrize(
    "text",
    ["de feestdagen gaan nog door", "he is still going on holiday", "het was voorbij",
     "ze is nog bezig met koken"],
)  # fmt: skip
def test_other_things_going_on_are_no_timing_phrase(book: PhraseBook, text: str) -> None:
    assert "timing" not in book.match(text)
