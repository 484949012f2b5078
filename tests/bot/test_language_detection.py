"""Dutch/English detection: the plain backends and the Rasa component in a real NLU graph."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

pytest.importorskip("rasa", reason="needs the Rasa environment (.venv-rasa)")

from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.engine import validation
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.shared.data import TrainingType
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.training_data.message import Message
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.language import ActionSetLanguage
from bot.language_detection import (
    DETECTED_LANGUAGE,
    FUNCTION_WORDS,
    LanguageDetector,
    build_lexicon,
    count_words,
    describe,
    frame_language,
    get_backend,
    load_function_words,
    prepare_text,
    training_texts,
)

BACKENDS = ["lingua", "langdetect"]
# Short messages both backends must get right; the bench measures the hard ones.
CLEAR_SHORT = [
    ("mijn zus", "nl"),
    ("ik ben verkracht", "nl"),
    ("hij slaat mijn moeder", "nl"),
    ("ik wil aangifte doen bij de politie", "nl"),
    ("kan het in het engels", "nl"),
    ("i was raped yesterday", "en"),
    ("my dad hits me", "en"),
    ("english please", "en"),
    ("is this chat anonymous", "en"),
    ("she is only fifteen", "en"),
]


@pytest.mark.parametrize("backend_name", BACKENDS)
@pytest.mark.parametrize(("text", "language"), CLEAR_SHORT)
def test_backend_clear_short_message_gets_its_language(
    backend_name: str, text: str, language: str
) -> None:
    detected, confidence = get_backend(backend_name).detect(text)
    assert detected == language
    assert 0.5 <= confidence <= 1.0


@pytest.mark.parametrize("backend_name", BACKENDS)
@pytest.mark.parametrize("text", ["15", "1012", "...", "", "   ", "?!"])
def test_backend_text_without_words_gives_no_language(backend_name: str, text: str) -> None:
    assert get_backend(backend_name).detect(text) == (None, 0.0)


@pytest.mark.parametrize("backend_name", BACKENDS)
@pytest.mark.parametrize("text", ["hallo", "sorry hallo?", "ok", "help", "hey hallo", "idk lol"])
def test_backend_shared_chat_words_give_no_language(backend_name: str, text: str) -> None:
    # Lingua alone calls "sorry hallo" English (0.90): a Dutch visitor would flip.
    assert get_backend(backend_name).detect(text) == (None, 0.0)


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_backend_never_answers_outside_dutch_and_english(backend_name: str) -> None:
    texts = ["ich bin hier", "je suis ici", "estoy aquí", "jeg er her", "ik ben hier"]
    answers = {get_backend(backend_name).detect(text)[0] for text in texts}
    assert answers <= {"nl", "en"}


def test_langdetect_backend_same_text_same_answer() -> None:
    backend = get_backend("langdetect")
    answers = {backend.detect("he is my ex and i am scared") for _ in range(5)}
    assert len(answers) == 1


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_backend_10000_character_paste_stays_fast(backend_name: str) -> None:
    backend = get_backend(backend_name)
    paste = ("ik weet niet meer wat ik moet doen met alles wat er is gebeurd " * 200)[:10_000]
    backend.detect(paste)
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        language, _ = backend.detect(paste)
        timings.append(time.perf_counter() - started)
    assert language == "nl"
    # Best of five, so a busy CI machine does not make this flaky.
    assert min(timings) < 0.05


def test_prepare_text_long_paste_is_cut_at_a_word() -> None:
    prepared = prepare_text("woord " * 2_000)
    assert len(prepared) <= 500
    assert prepared.endswith("woord")


def test_get_backend_same_name_reuses_loaded_models() -> None:
    assert get_backend("lingua") is get_backend("lingua")


def test_get_backend_unknown_name_says_which_exist() -> None:
    with pytest.raises(ValueError, match="langdetect"):
        get_backend("fasttext")


@pytest.mark.parametrize(
    ("text", "words"),
    [("15", 0), ("ik ben 15", 2), ("1012 ab", 1), ("ok", 0), ("sorry ik ben bang", 3)],
)
def test_count_words_numbers_and_shared_words_do_not_count(text: str, words: int) -> None:
    assert count_words(prepare_text(text)) == words


def test_language_detector_unknown_detector_is_a_config_error() -> None:
    with pytest.raises(InvalidConfigException, match=r"config\.yml"):
        LanguageDetector({"detector": "fasttext"})


def test_language_detector_message_gets_detection_as_output_property() -> None:
    message = Message(data={"text": "ik ben gisteren verkracht"})
    LanguageDetector(LanguageDetector.get_default_config()).process([message])
    detection = message.as_dict(only_output_properties=True)[DETECTED_LANGUAGE]
    assert detection["language"] == "nl"
    assert detection["words"] == 4
    assert detection["confidence"] > 0.65


def test_language_detector_detection_holds_no_message_text() -> None:
    message = Message(data={"text": "ik ben gisteren verkracht"})
    LanguageDetector({"detector": "lingua"}).process([message])
    detection = message.get(DETECTED_LANGUAGE)
    assert set(detection) == {"language", "confidence", "words", "known", "detector", "other"}
    assert not any("verkracht" in str(value) for value in detection.values())


def test_language_detector_button_payload_gets_no_detection() -> None:
    message = Message(data={"text": '/switch_language{"language":"en"}'})
    LanguageDetector({"detector": "lingua"}).process([message])
    assert DETECTED_LANGUAGE not in message.as_dict(only_output_properties=True)


@pytest.fixture(scope="module")
def parse(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Parse like Rasa's MessageProcessor, through the graph built from a config pipeline."""
    config = {
        "recipe": "default.v1",
        "language": "nl",
        "pipeline": [
            {"name": "WhitespaceTokenizer"},
            {"name": "bot.language_detection.LanguageDetector"},
        ],
        "policies": [],
    }
    model = DefaultV1Recipe().graph_config_for_recipe(config, {}, TrainingType.NLU)
    validation.validate(model)
    storage = LocalModelStorage(Path(tmp_path_factory.mktemp("model")))
    runner = DaskGraphRunner.create(
        model.predict_schema, storage, ExecutionContext(model.predict_schema, "test")
    )
    processor = SimpleNamespace(
        graph_runner=runner, model_metadata=SimpleNamespace(nlu_target=model.nlu_target)
    )

    def _parse(text: str, tracker: DialogueStateTracker, page_language: str) -> dict:
        message = UserMessage(text, sender_id="test", metadata={"language": page_language})
        parse_data = MessageProcessor._parse_message_with_graph(processor, message, tracker)
        tracker.update(
            UserUttered(
                text,
                parse_data["intent"],
                parse_data["entities"],
                parse_data,
                metadata=message.metadata,
            )
        )
        # What RemoteAction posts to the action server, through JSON like the real call.
        return json.loads(json.dumps(tracker.current_state(EventVerbosity.ALL)))

    return _parse


def run_action(state: dict, slots: dict[str, Any]) -> list[dict]:
    """Run action_set_language on the action-server side of the wire."""
    state["slots"] = slots
    tracker = Tracker.from_dict(state)
    return asyncio.run(ActionSetLanguage().run(CollectingDispatcher(), tracker, {}))


def test_language_detector_detection_reaches_the_action_server(parse: Any) -> None:
    tracker = DialogueStateTracker.from_events("test", [])
    state = parse("i was raped yesterday", tracker, "nl")
    assert state["latest_message"][DETECTED_LANGUAGE]["language"] == "en"
    events = run_action(state, {"language": "nl", "language_source": "page"})
    assert events == [SlotSet("language", "en"), SlotSet("language_source", "detected")]


def test_language_detector_switch_button_reaches_the_action_server(parse: Any) -> None:
    tracker = DialogueStateTracker.from_events("test", [])
    state = parse('/switch_language{"language":"en"}', tracker, "nl")
    events = run_action(state, {"language": "nl", "language_source": "detected"})
    assert events == [SlotSet("language", "en"), SlotSet("language_source", "switch")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ich brauche Hilfe, mein Mann schlägt mich jeden Tag", "de"),
        ("Potrzebuję pomocy, szef zabrał mi paszport i nie płaci", "pl"),
        ("أحتاج إلى مساعدة، زوجي يضربني", "ar"),
        ("Je suis en danger maintenant", "fr"),
        ("what's the weather tomorrow in utrecht", None),
        ("my boss take passport i work farm", None),
        ("mijn fiets is gestolen, wat moet ik doen?", None),
        ("ja graag", None),
        ("hij slaat me nu", None),
    ],
)
def test_another_language_is_recognised_and_broken_dutch_or_english_is_not(text, expected):
    from bot.language_detection import other_language

    assert other_language(text) == expected


@pytest.fixture(scope="module")
def lexicon() -> dict:
    return build_lexicon(training_texts())


@pytest.mark.parametrize(
    ("text", "language"),
    [("asdf qwerty zzz", "en"), ("hgfjd kdkd", "nl"), ("xcvb nmnm lkjh", None)],
)
def test_keyboard_mash_has_no_known_word_whatever_lingua_calls_it(lexicon, text, language):
    detection = describe(text, get_backend("lingua"), lexicon)
    if language is not None:
        assert detection["language"] == language  # lingua names a language for anything
    assert detection["known"] == 0


@pytest.mark.parametrize(
    ("text", "language"),
    [("ik ben bang", "nl"), ("hij slaat me nu", "nl"), ("i am scared", "en"), ("he hits me", "en")],
)
def test_real_short_messages_have_known_words_in_their_language(lexicon, text, language):
    detection = describe(text, get_backend("lingua"), lexicon)
    assert detection["language"] == language
    assert detection["known"] == len(text.split())


# People who mix the languages borrow nouns and names into a sentence whose small words stay in
# their own language. Each of these gets its reply in the language of the sentence frame.
MIXED = [
    ("what's the difference between Veilig Thuis and the Centrum Seksueel Geweld?", "en"),
    ("my buurvrouw says her son takes her bankpas and she has no money for boodschappen", "en"),
    ("is the huisartsenpost open tonight? my sister is not ok", "en"),
    ("i think my neighbour is in danger, can I call Veilig Thuis or the wijkagent?", "en"),
    ("ik voel me zo fucked up en ik weet niet wat ik moet doen", "nl"),
    ("mijn vriend is super toxic, hij checkt mijn phone en ik mag niks", "nl"),
    ("ik heb een burn-out van mijn job en mijn manager is heel creepy tegen mij", "nl"),
]


@pytest.mark.parametrize(("text", "language"), MIXED)
def test_mixed_languages_are_read_by_the_sentence_frame(text: str, language: str) -> None:
    detection = describe(text, get_backend("lingua"), None, load_function_words())
    assert detection["language"] == language
    # Clear enough to decide the first reply (actions/language.py: 0.65).
    assert detection["confidence"] >= 0.65


@pytest.mark.parametrize(
    "text",
    [
        "huiselijk geweld",  # a borrowed term alone: no frame
        "Veilig Thuis",
        "ik think so",  # one small word each: no frame
        "the gemeente and de politie en the GGD",  # as many of each: no frame
    ],
)
def test_no_frame_when_the_small_words_do_not_clearly_say_one_language(text: str) -> None:
    assert frame_language(prepare_text(text), load_function_words()) == (None, 0.0)


def test_the_frame_leaves_clear_messages_as_lingua_reads_them() -> None:
    words = load_function_words()
    for text, language in CLEAR_SHORT:
        assert describe(text, get_backend("lingua"), None, words)["language"] == language, text


def test_function_words_belong_to_one_language_only() -> None:
    words = load_function_words()
    assert words["nl"] and words["en"]
    assert words["nl"] & words["en"] == set()
    # Read as the detector reads words: lower case, no apostrophes or other marks.
    assert all(w == w.lower() and w.isalpha() for w in words["nl"] | words["en"])
    assert FUNCTION_WORDS.is_relative_to(Path(__file__).resolve().parents[2] / "data")


def test_language_detector_keeps_its_lexicon_in_the_model(tmp_path: Path) -> None:
    from rasa.engine.storage.resource import Resource

    storage = LocalModelStorage(tmp_path)
    resource = Resource("language_detector")
    context = ExecutionContext(None, "test")  # type: ignore[arg-type]
    config = LanguageDetector.get_default_config()
    LanguageDetector.create(config, storage, resource, context).train(None)
    loaded = LanguageDetector.load(config, storage, resource, context)
    mash, words = Message(data={"text": "asdf qwerty zzz"}), Message(data={"text": "ik ben bang"})
    mixed = Message(data={"text": MIXED[0][0]})
    loaded.process([mash, words, mixed])
    assert mash.get(DETECTED_LANGUAGE)["known"] == 0
    assert words.get(DETECTED_LANGUAGE)["known"] == 3
    # The function words came along in the model: the English frame decides.
    assert mixed.get(DETECTED_LANGUAGE)["language"] == "en"
