"""How the facts of a message meet what the slots already hold (the policy in
actions/extraction.py): crisis always counts, words beat an earlier button they contradict,
a correction replaces, a reply answers the question asked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from actions.extraction import BUTTON_SLOTS, SOURCES_SLOT, extract

ROOT = Path(__file__).resolve().parents[2]


def told(name: str, value: str, confidence: float = 0.95) -> dict[str, Any]:
    """An entity as the understanding layer writes it."""
    return {"entity": name, "value": value, "confidence": confidence, "extractor": "FactExtractor"}


def pressed(name: str, value: str) -> dict[str, Any]:
    """An entity as a button payload brings it (no extractor)."""
    return {"entity": name, "value": value}


def test_a_first_story_fills_who_what_and_when() -> None:
    changes = extract(
        intent="inform_concern",
        entities=[told("role", "victim"), told("concerns", "sexual_violence"),
                  told("timing", "within_7_days")],
        text="ik ben gisteren verkracht",
        requested_slot=None,
        slots={},
    )  # fmt: skip
    assert changes["role"] == "victim"
    assert changes["concern"] == ["sexual_violence"]
    assert changes["timing"] == "within_7_days"


def test_danger_and_suicide_count_whatever_the_intent() -> None:
    changes = extract(
        intent="affirm",
        entities=[told("danger", "yes"), told("suicide", "self")],
        text="ja en hij staat nu beneden, ik wil niet meer leven",
        requested_slot="safe_to_chat",
        slots={},
    )
    assert changes["danger_now"] == "yes"
    assert changes["suicidal_thoughts"] == "yes"


@pytest.mark.parametrize(
    ("said", "about"),
    [(["other"], "other"), (["self"], "self"), (["other", "self"], "self")],
)
def test_whose_thoughts_of_suicide_pick_the_words_of_the_113_line(
    said: list[str], about: str
) -> None:
    # "My friend wants to end it" gets the 113 line for the person who worries; when a message
    # tells of the writer's own thoughts too, the line speaks to the writer.
    changes = extract(
        intent="express_suicidal_thoughts",
        entities=[told("suicide", value) for value in said],
        text="mijn vriend wil er een eind aan maken",
        requested_slot=None,
        slots={
            "suicidal_thoughts": "yes",
            "suicide_about": "self" if about == "other" else "other",
        },
    )
    assert changes["suicide_about"] == about


def test_own_words_beat_an_earlier_button_they_contradict() -> None:
    # "About me" was pressed; then the person says they have sexual thoughts about children.
    changes = extract(
        intent="inform_concern",
        entities=[told("role", "perpetrator", 0.9), told("concerns", "sexual_violence"),
                  told("concerns", "child_abuse")],
        text="ik heb seksuele gedachten over kinderen en dat wil ik niet",
        requested_slot="concern",
        slots={"role": "victim", SOURCES_SLOT: {"role": "button"}},
    )  # fmt: skip
    assert changes["role"] == "perpetrator"
    assert set(changes["concern"]) == {"sexual_violence", "child_abuse"}


def test_an_unsure_reading_does_not_overrule_a_button() -> None:
    changes = extract(
        intent="inform_concern",
        entities=[told("role", "relative", 0.55), told("concerns", "domestic_violence")],
        text="het is thuis niet fijn",
        requested_slot="concern",
        slots={"role": "victim", SOURCES_SLOT: {"role": "button"}},
    )
    assert "role" not in changes
    assert changes["concern"] == ["domestic_violence"]


def test_a_correction_replaces_what_it_corrects() -> None:
    changes = extract(
        intent="deny",
        entities=[told("correction", "yes"), told("role", "relative")],
        text="nee, het gaat over mijn zus",
        requested_slot="timing",
        slots={"role": "victim", SOURCES_SLOT: {"role": "story"}},
    )
    assert changes["role"] == "relative"


@pytest.mark.parametrize(("asked", "answer"), [("danger_now", "no"), ("safe_to_chat", "yes")])
def test_safe_now_answers_the_safety_questions(asked: str, answer: str) -> None:
    # "i'm safe right now, he's at work": no need to ask "is anyone in danger?" a second time.
    changes = extract(
        intent="inform_role",
        entities=[told("safe_now", "yes"), told("role", "victim")],
        text="i'm safe right now, he's at work",
        requested_slot=asked,
        slots={},
    )
    assert changes[asked] == answer


def test_safe_now_told_later_ends_the_danger_on_record() -> None:
    # Back after "not safe to chat" (no question open): the 112 of the first turn is not news.
    changes = extract(
        intent="inform_role",
        entities=[told("safe_now", "yes")],
        text="ik ben nu veilig, hij is weg",
        requested_slot=None,
        slots={"danger_now": "yes", "role": "victim"},
    )
    assert changes["danger_now"] == "no"


def test_danger_told_again_keeps_the_danger_on_record() -> None:
    changes = extract(
        intent="express_danger",
        entities=[told("safe_now", "yes"), told("danger", "yes")],
        text="ik was veilig maar hij staat weer voor de deur",
        requested_slot=None,
        slots={"danger_now": "yes"},
    )
    assert "danger_now" not in changes


def test_a_plain_yes_to_the_danger_question_beats_safe_now_words() -> None:
    changes = extract(
        intent="affirm",
        entities=[told("safe_now", "yes")],
        text="ja",
        requested_slot="danger_now",
        slots={},
    )
    assert changes["danger_now"] == "yes"


def test_a_later_aside_does_not_undo_a_story() -> None:
    # Without a correction, a second reading of who it is about keeps the first story.
    changes = extract(
        intent="inform_need",
        entities=[told("role", "relative"), told("needs", "talk")],
        text="ik wil er met iemand over praten, mijn moeder weet het ook",
        requested_slot="need",
        slots={"role": "victim", SOURCES_SLOT: {"role": "story"}},
    )
    assert "role" not in changes
    assert changes["need"] == ["talk"]


def test_a_bare_number_is_an_age_only_when_age_was_asked() -> None:
    asked = extract(
        intent="inform_age",
        entities=[told("number", "15")],
        text="15",
        requested_slot="age_group",
        slots={},
    )
    not_asked = extract(
        intent="inform_age",
        entities=[told("number", "15")],
        text="15",
        requested_slot="timing",
        slots={},
    )
    assert asked["age_group"] == "12_17"
    assert "age_group" not in not_asked


def test_a_button_answers_its_question_and_is_remembered_as_a_button() -> None:
    changes = extract(
        intent="inform_role",
        entities=[pressed("role", "victim")],
        text='/inform_role{"role": "victim"}',
        requested_slot="role",
        slots={},
    )
    assert changes["role"] == "victim"
    assert changes[SOURCES_SLOT] == {"role": "button"}


def test_skip_answers_the_question_with_not_known() -> None:
    changes = extract(
        intent="skip", entities=[], text="zeg ik liever niet", requested_slot="timing", slots={}
    )
    assert changes["timing"] == "unsure"


def test_concerns_add_up_over_the_conversation() -> None:
    changes = extract(
        intent="inform_concern",
        entities=[told("concerns", "domestic_violence")],
        text="en hij slaat me ook",
        requested_slot="timing",
        slots={"concern": ["sexual_violence"]},
    )
    assert set(changes["concern"]) == {"sexual_violence", "domestic_violence"}


def test_a_place_is_kept_as_a_name_and_an_address_is_dropped() -> None:
    place = extract(
        intent="inform_region",
        entities=[told("region", "Deventer")],
        text="ik woon in Deventer",
        requested_slot=None,
        slots={},
    )
    address = extract(
        intent="inform_region",
        entities=[],
        text="Kerkstraat 5",
        requested_slot="region",
        slots={},
    )
    assert place["region"] == "Deventer"
    assert "region" not in address


def test_a_full_postcode_keeps_only_its_four_digits() -> None:
    changes = extract(
        intent="inform_region", entities=[], text="1012 AB", requested_slot="region", slots={}
    )
    assert changes["region"] == "1012"


def test_rather_not_say_to_a_question_asked_twice_still_answers_it() -> None:
    # After the second ask the slot already holds "not known"; the skip must count as the
    # answer, or the form would reply "I did not get that" to a button press.
    changes = extract(
        intent="skip",
        entities=[],
        text="/skip",
        requested_slot="age_group",
        slots={"role": "relative", "age_group": "unknown"},
    )
    assert changes["age_group"] == "unknown"


def _button_payloads() -> list[str]:
    """Every button payload of the bot that carries a fact (both languages; feedback aside)."""
    import yaml

    payloads: set[str] = set()
    for path in sorted((ROOT / "domain" / "responses").glob("*.yml")):
        responses = yaml.safe_load(path.read_text("utf-8")).get("responses") or {}
        for variants in responses.values():
            for variant in variants:
                for button in variant.get("buttons") or []:
                    payload = str(button["payload"]).replace("{{", "{").replace("}}", "}")
                    if "{" in payload and set(json.loads(payload[payload.index("{") :])) & set(
                        BUTTON_SLOTS
                    ):
                        payloads.add(payload)
    return sorted(payloads)


@pytest.mark.parametrize("payload", _button_payloads())
def test_a_pressed_button_fills_its_slot_as_rasa_hands_it_over(payload: str, domain) -> None:
    # Rasa unpacks a payload with its RegexMessageHandler, which names itself as the entities'
    # extractor; the press must count ("18 or older" was ignored, and asked again).
    from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
    from rasa.shared.nlu.training_data.message import Message

    message = YAMLStoryReader.unpack_regex_message(
        Message({"text": payload}),
        Domain.from_dict(domain),
        entity_extractor_name=RegexMessageHandler.__name__,
    )
    entities = message.get("entities")
    assert entities, payload
    slot = BUTTON_SLOTS[entities[0]["entity"]]
    changes = extract(
        intent=message.get("intent")["name"],
        entities=entities,
        text=payload,
        requested_slot=slot,
        slots={},
    )
    wanted = entities[0]["value"]
    assert changes.get(slot) in (wanted, [wanted]) or wanted in (changes.get(slot) or []), payload
