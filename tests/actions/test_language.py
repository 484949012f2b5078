"""Sticky conversation language: the pure policy and action_set_language."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

pytest.importorskip("rasa_sdk", reason="needs the Rasa environment (.venv-rasa)")

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.language import (
    ActionSetLanguage,
    Turn,
    next_language,
    normalise_language,
    turn_from_message,
)

# Detections as lingua gives them for real messages (see bench/language.py).
RAPED_YESTERDAY_EN = Turn(detected="en", confidence=0.96, words=4)
BEEN_RAPED_NL = Turn(detected="nl", confidence=0.99, words=3)
LONG_EN = Turn(detected="en", confidence=0.98, words=11)
LONG_NL = Turn(detected="nl", confidence=0.97, words=12)


@pytest.mark.parametrize(
    ("page", "expected"),
    [("nl", ("nl", "page")), ("en", ("en", "page")), (None, ("nl", "default"))],
)
def test_next_language_before_anything_written_follows_page(
    page: str | None, expected: tuple
) -> None:
    assert next_language(language=None, source=None, turn=Turn(page_language=page)) == expected


def test_next_language_english_speaker_on_dutch_page_gets_english() -> None:
    turn = Turn(page_language="nl", detected="en", confidence=0.96, words=4)
    assert next_language(language="nl", source="page", turn=turn) == ("en", "detected")


def test_next_language_dutch_speaker_on_english_page_gets_dutch() -> None:
    turn = Turn(page_language="en", detected="nl", confidence=0.99, words=3)
    assert next_language(language="en", source="page", turn=turn) == ("nl", "detected")


@pytest.mark.parametrize(
    "turn",
    [
        Turn(page_language="nl", detected="en", confidence=0.79, words=1),  # "hoi" per lingua
        Turn(page_language="nl", detected=None, confidence=0.0, words=0),  # "hallo", "15"
        Turn(page_language="nl", detected="en", confidence=0.55, words=3),  # unsure
    ],
)
def test_next_language_short_or_unsure_first_message_keeps_page_language(turn: Turn) -> None:
    assert next_language(language="nl", source="page", turn=turn) == ("nl", "page")


def test_next_language_keyboard_mash_keeps_the_page_language_whatever_lingua_says() -> None:
    # "asdf qwerty zzz" on the Dutch page: lingua says English (0.73), no word of it is known.
    mash = Turn(page_language="nl", detected="en", confidence=0.73, words=3, known=0)
    assert next_language(language="nl", source="page", turn=mash) == ("nl", "page")
    long_mash = Turn(detected="en", confidence=0.95, words=8, known=0)
    assert next_language(language="nl", source="detected", turn=long_mash) == ("nl", "detected")
    real = Turn(page_language="nl", detected="en", confidence=0.73, words=3, known=3)
    assert next_language(language="nl", source="page", turn=real) == ("en", "detected")


def test_next_language_no_page_and_unsure_message_stays_default_dutch() -> None:
    turn = Turn(detected="en", confidence=0.62, words=1)
    assert next_language(language="nl", source="default", turn=turn) == ("nl", "default")


@pytest.mark.parametrize(
    "turn",
    [
        Turn(detected="nl", confidence=0.67, words=1),  # "ja"
        Turn(detected="nl", confidence=0.99, words=1),  # "utrecht"
        Turn(detected=None, confidence=0.0, words=0),  # "15", "ok", "help"
        Turn(detected="nl", confidence=0.83, words=3),  # "ok dank je"
        Turn(detected="nl", confidence=0.99, words=5),  # five clear words are still not enough
        Turn(detected="nl", confidence=0.60, words=9),  # long but unsure
    ],
)
def test_next_language_short_message_does_not_flip_english_conversation(turn: Turn) -> None:
    assert next_language(language="en", source="detected", turn=turn) == ("en", "detected")


@pytest.mark.parametrize(
    "turn",
    [
        Turn(detected="en", confidence=0.81, words=1),  # "yes"
        Turn(detected="en", confidence=0.76, words=2),  # "thank you"
        Turn(detected="en", confidence=0.74, words=5),  # "oh my god thank you"
    ],
)
def test_next_language_short_message_does_not_flip_dutch_conversation(turn: Turn) -> None:
    assert next_language(language="nl", source="detected", turn=turn) == ("nl", "detected")


@pytest.mark.parametrize(
    ("language", "turn", "expected"),
    [("nl", LONG_EN, "en"), ("en", LONG_NL, "nl")],
)
def test_next_language_long_confident_message_flips(
    language: str, turn: Turn, expected: str
) -> None:
    assert next_language(language=language, source="detected", turn=turn) == (expected, "detected")


def test_next_language_page_language_no_longer_counts_once_person_decided() -> None:
    turn = Turn(page_language="nl", detected=None, words=0)
    assert next_language(language="en", source="detected", turn=turn) == ("en", "detected")


@pytest.mark.parametrize(
    ("language", "source", "switch_to"),
    [
        ("nl", "page", "en"),
        ("nl", "detected", "en"),
        ("en", "detected", "nl"),
        ("en", "switch", "nl"),
        (None, None, "en"),
    ],
)
def test_next_language_explicit_switch_wins_at_once(
    language: str | None, source: str | None, switch_to: str
) -> None:
    # Even a clear message in the other language in the same turn loses to the request.
    turn = Turn(
        switch_to=switch_to, detected="nl" if switch_to == "en" else "en", confidence=0.99, words=5
    )
    assert next_language(language=language, source=source, turn=turn) == (switch_to, "switch")


def test_next_language_after_switch_short_message_keeps_chosen_language() -> None:
    turn = Turn(detected="nl", confidence=0.67, words=1)  # "ja"
    assert next_language(language="en", source="switch", turn=turn) == ("en", "switch")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("nl", "nl"),
        ("EN", "en"),
        ("nl-NL", "nl"),
        ("en_GB", "en"),
        ("Engels", "en"),
        ("english", "en"),
        ("Nederlands", "nl"),
        ("dutch", "nl"),
        ("de", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_language_accepts_codes_and_names(value: Any, expected: str | None) -> None:
    assert normalise_language(value) == expected


def test_turn_from_message_switch_intent_without_language_is_not_a_switch() -> None:
    message = {"intent": {"name": "switch_language"}, "entities": []}
    assert turn_from_message(message).switch_to is None


def test_turn_from_message_language_entity_without_switch_intent_is_not_a_switch() -> None:
    message = {
        "intent": {"name": "inform_concern"},
        "entities": [{"entity": "language", "value": "en"}],
    }
    assert turn_from_message(message).switch_to is None


def make_tracker(
    *,
    slots: dict[str, Any] | None = None,
    intent: str = "inform_concern",
    entities: list[dict] | None = None,
    page_language: str | None = None,
    detection: dict | None = None,
) -> Tracker:
    """A rasa_sdk tracker as the action server builds it from Rasa's request."""
    latest: dict[str, Any] = {
        "text": "",
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "metadata": {"language": page_language} if page_language else {},
    }
    if detection is not None:
        latest["detected_language"] = detection
    return Tracker.from_dict(
        {"sender_id": "test", "slots": slots or {}, "latest_message": latest, "events": []}
    )


def run(tracker: Tracker) -> list:
    return asyncio.run(ActionSetLanguage().run(CollectingDispatcher(), tracker, {}))


def test_action_set_language_name_is_the_one_the_domain_maps() -> None:
    assert ActionSetLanguage().name() == "action_set_language"


def test_action_set_language_first_button_on_english_page_sets_english() -> None:
    tracker = make_tracker(intent="greet", page_language="en")
    assert run(tracker) == [SlotSet("language", "en"), SlotSet("language_source", "page")]


def test_action_set_language_english_speaker_on_dutch_page_sets_english() -> None:
    tracker = make_tracker(
        slots={"language": "nl", "language_source": "page"},
        page_language="nl",
        detection={"language": "en", "confidence": 0.96, "words": 4, "detector": "lingua"},
    )
    assert run(tracker) == [SlotSet("language", "en"), SlotSet("language_source", "detected")]


def test_action_set_language_one_word_answer_changes_nothing() -> None:
    tracker = make_tracker(
        slots={"language": "en", "language_source": "detected"},
        page_language="nl",
        detection={"language": "nl", "confidence": 0.67, "words": 1, "detector": "lingua"},
    )
    assert run(tracker) == []


def test_action_set_language_typed_switch_to_dutch_sets_dutch() -> None:
    tracker = make_tracker(
        slots={"language": "en", "language_source": "detected"},
        intent="switch_language",
        entities=[{"entity": "language", "value": "nl"}],
        detection={"language": "nl", "confidence": 0.9, "words": 5, "detector": "lingua"},
    )
    assert run(tracker) == [SlotSet("language", "nl"), SlotSet("language_source", "switch")]


def test_action_set_language_switch_to_current_language_only_marks_the_choice() -> None:
    tracker = make_tracker(
        slots={"language": "en", "language_source": "detected"},
        intent="switch_language",
        entities=[{"entity": "language", "value": "english"}],
    )
    assert run(tracker) == [SlotSet("language_source", "switch")]


def test_action_set_language_without_detection_keeps_the_language() -> None:
    # A model trained without LanguageDetector must not break the conversation.
    tracker = make_tracker(
        slots={"language": "en", "language_source": "detected"}, page_language="nl"
    )
    assert run(tracker) == []
