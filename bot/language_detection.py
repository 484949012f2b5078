"""Dutch/English language detection: two plain backends and the Rasa component that uses one."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

LANGUAGES = ("nl", "en")
# A pasted story of 10 000 characters must not slow the turn down; the first
# few hundred characters say enough about the language.
MAX_DETECTION_CHARS = 500
# Key of the message property that reaches `tracker.latest_message` on the
# action server (see LanguageDetector.process).
DETECTED_LANGUAGE = "detected_language"
DEFAULT_DETECTOR = "lingua"

Detection = tuple[str | None, float]

# Chat words that Dutch and English speakers both type ("hallo", "sorry", "ok",
# "help", "idk"). They say nothing about the language, yet lingua reads "sorry hallo"
# as English with 0.90 confidence, which would move a Dutch visitor to English.
SHARED_WORDS = frozenset(
    {
        "hallo", "hey", "hi", "help", "sorry", "ok", "okay", "okey", "oki", "stop",
        "lol", "omg", "wtf", "idk", "pls", "plz", "thx", "haha", "hahaha", "hmm", "hm",
        "eh", "ehm", "uh", "xx", "x",
    }
)  # fmt: skip

_WORD = re.compile(r"[^\W\d_]")
_PUNCTUATION = re.compile(r"\W+")


class Backend(Protocol):
    """A detector restricted to Dutch and English."""

    name: str

    def detect(self, text: str) -> Detection:
        """Return (language, confidence) or (None, 0.0) when there is nothing to go on."""
        ...


def prepare_text(text: str) -> str:
    """Cut a long text at a word boundary and drop the chat words both languages share."""
    text = text.strip()
    if len(text) > MAX_DETECTION_CHARS:
        cut = text[:MAX_DETECTION_CHARS]
        text = cut.rsplit(None, 1)[0] if " " in cut else cut
    return " ".join(
        token for token in text.split() if _PUNCTUATION.sub("", token.lower()) not in SHARED_WORDS
    )


def count_words(text: str) -> int:
    """Count tokens that are words: more letters than digits ("15" and "1012" are not)."""
    count = 0
    for token in text.split():
        letters = len(_WORD.findall(token))
        if letters and letters >= sum(char.isdigit() for char in token):
            count += 1
    return count


class LinguaBackend:
    """Lingua with only the Dutch and English models, preloaded once."""

    name = "lingua"

    def __init__(self) -> None:
        from lingua import Language, LanguageDetectorBuilder

        self._detector = (
            LanguageDetectorBuilder.from_languages(Language.DUTCH, Language.ENGLISH)
            .with_preloaded_language_models()
            .build()
        )
        self._codes = {Language.DUTCH: "nl", Language.ENGLISH: "en"}

    def detect(self, text: str) -> Detection:
        """Return the likelier of nl/en with lingua's relative confidence."""
        text = prepare_text(text)
        if not _WORD.search(text):
            return None, 0.0
        values = self._detector.compute_language_confidence_values(text)
        best = max(values, key=lambda value: value.value)
        if best.value <= 0.0:
            return None, 0.0
        return self._codes[best.language], round(best.value, 4)


class LangdetectBackend:
    """langdetect with only its nl and en profiles loaded, seeded so results repeat."""

    name = "langdetect"

    def __init__(self) -> None:
        from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

        # A factory of our own: langdetect's global one would load all 55
        # languages and answer "af" or "de" for short Dutch messages.
        self._factory = DetectorFactory()
        self._factory.load_json_profile(
            [Path(PROFILES_DIRECTORY, code).read_text("utf-8") for code in LANGUAGES]
        )
        self._factory.set_seed(0)

    def detect(self, text: str) -> Detection:
        """Return the likelier of nl/en with langdetect's probability."""
        from langdetect.lang_detect_exception import LangDetectException

        text = prepare_text(text)
        if not _WORD.search(text):
            return None, 0.0
        detector = self._factory.create()
        detector.set_max_text_length(MAX_DETECTION_CHARS)
        detector.append(text)
        try:
            best = detector.get_probabilities()[0]
        except (LangDetectException, IndexError):
            return None, 0.0
        return best.lang, round(best.prob, 4)


# Languages people in the Netherlands often write in besides Dutch and English. A message
# clearly in one of them gets a short bilingual answer with the 24/7 lines (the bot speaks
# Dutch and English only). Trigram models only: small (about 36 MB) and fast.
OTHER_LANGUAGES = (
    "GERMAN", "POLISH", "TURKISH", "FRENCH", "SPANISH", "ROMANIAN", "ARABIC", "RUSSIAN",
    "UKRAINIAN", "BULGARIAN", "PORTUGUESE", "ITALIAN", "SOMALI", "TIGRINYA",
)  # fmt: skip
OTHER_MIN_WORDS = 3
OTHER_MIN_CONFIDENCE = 0.9
# The quick trigram check can take English for German ("what's the weather tomorrow"): a
# second, full check between that language, Dutch and English must agree.
CONFIRM_MIN_CONFIDENCE = 0.8
_LATIN = re.compile(r"[A-Za-zÀ-ɏ]")


@functools.cache
def _other_detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = [Language.DUTCH, Language.ENGLISH]
    languages += [getattr(Language, name) for name in OTHER_LANGUAGES if hasattr(Language, name)]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


@functools.cache
def _confirm_detector(language: Any) -> Any:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.DUTCH, Language.ENGLISH, language
    ).build()


def other_language(text: str) -> str | None:
    """The ISO code of another language the text is clearly written in, else None.

    Only messages of a few words count (a short "ja graag" says too little), unless they are
    written in another script.
    """
    text = prepare_text(text)
    letters = _WORD.findall(text)
    if not letters:
        return None
    other_script = sum(1 for char in letters if not _LATIN.match(char)) > len(letters) / 2
    if count_words(text) < OTHER_MIN_WORDS and not other_script:
        return None
    values = _other_detector().compute_language_confidence_values(text)
    best = max(values, key=lambda value: value.value)
    code = best.language.iso_code_639_1.name.lower()
    if code in LANGUAGES or best.value < OTHER_MIN_CONFIDENCE:
        return None
    confirmed = _confirm_detector(best.language).compute_language_confidence_values(text)
    top = max(confirmed, key=lambda value: value.value)
    if top.language != best.language or top.value < CONFIRM_MIN_CONFIDENCE:
        return None
    return code


_BACKENDS: dict[str, Callable[[], Backend]] = {
    "lingua": LinguaBackend,
    "langdetect": LangdetectBackend,
}


@functools.cache
def get_backend(name: str) -> Backend:
    """Build a backend once per process; its models are reused for every message."""
    if name not in _BACKENDS:
        raise ValueError(f"Unknown language detector '{name}'; use one of {sorted(_BACKENDS)}.")
    return _BACKENDS[name]()


Lexicon = dict[str, frozenset[str]]

# The small words that carry a sentence's grammar in each language (data/language/
# function_words.yml). Someone who writes English with Dutch nouns and names in it ("what's the
# difference between Veilig Thuis and the Centrum Seksueel Geweld?", "my buurvrouw says…") gets
# Dutch from lingua, which reads characters: in the spent first-message sets (3 606 messages) 23
# people got a reply in the other language, 22 of them English writers read as Dutch. The
# frame's language is that of its function words. When they clearly say the other language than
# lingua (at least FRAME_MIN_WORDS of them, and FRAME_RATIO times as many as the other
# language's), the frame decides: 23 → 6 wrong, 18 put right and 1 made wrong (an English frame
# in the Dutch file: "last year zat ik in de crisisopvang after I cut myself…"). Measured with
# lingua and the sticky policy as the gateway runs them, page language = the set's language.
FUNCTION_WORDS = Path(__file__).resolve().parents[1] / "data" / "language" / "function_words.yml"
FRAME_MIN_WORDS = 2
FRAME_RATIO = 2


def load_function_words(path: Path = FUNCTION_WORDS) -> Lexicon:
    """The function words of each language, lower case."""
    import yaml

    raw = yaml.safe_load(path.read_text("utf-8")) or {}
    return {
        language: frozenset(str(w).lower() for w in raw.get(language) or [])
        for language in LANGUAGES
    }


def frame_language(text: str, function_words: Lexicon) -> Detection:
    """The language whose function words clearly carry the text, with their share; else None."""
    words = words_of(text)
    counts = {
        language: sum(w in function_words.get(language, ()) for w in words)
        for language in LANGUAGES
    }
    best = max(LANGUAGES, key=lambda language: counts[language])
    other = sum(counts.values()) - counts[best]
    if counts[best] < FRAME_MIN_WORDS or counts[best] < FRAME_RATIO * other:
        return None, 0.0
    return best, round(counts[best] / (counts[best] + other), 4)


def detect(text: str, backend: Backend, function_words: Lexicon | None = None) -> Detection:
    """The backend's detection, unless the sentence frame clearly says the other language."""
    language, confidence = backend.detect(text)
    if function_words is not None:
        frame, share = frame_language(prepare_text(text), function_words)
        if frame is not None and frame != language:
            return frame, share
    return language, confidence


def words_of(text: str) -> list[str]:
    """The lower-case words of a text, without punctuation or digits around them."""
    return [w for w in (_PUNCTUATION.sub("", t.lower()) for t in text.split()) if _WORD.search(w)]


def build_lexicon(texts: dict[str, list[str]]) -> Lexicon:
    """Every word that occurs in the training texts of each language."""
    return {
        language: frozenset(word for text in items for word in words_of(text))
        for language, items in texts.items()
    }


def known_words(text: str, words: frozenset[str]) -> int:
    """How many words of the text occur in the given word list."""
    return sum(1 for word in words_of(text) if word in words)


def describe(
    text: str,
    backend: Backend,
    lexicon: Lexicon | None = None,
    function_words: Lexicon | None = None,
) -> dict[str, Any] | None:
    """Detection of one user text as the dict the action reads; None for button payloads.

    With a lexicon, `known` counts the words of the text the training data has in the detected
    language (None without a lexicon or a detection). Lingua names a language for any string,
    also "asdf qwerty zzz" (English, 0.73); with no known word, the detection says nothing.
    With function words, a sentence frame that clearly says the other language than the
    backend decides (see FRAME_MIN_WORDS), with the frame's share as the confidence.
    """
    if text.startswith(INTENT_MESSAGE_PREFIX):
        # "/switch_language{...}" is a button press, not something the person wrote.
        return None
    language, confidence = detect(text, backend, function_words)
    prepared = prepare_text(text)
    known = None
    if lexicon is not None:
        words = lexicon[language] if language in lexicon else frozenset().union(*lexicon.values())
        known = known_words(prepared, words)
    return {
        "language": language,
        "confidence": confidence,
        # Only words that can tell the language apart count ("15", "ok" do not).
        "words": count_words(prepared),
        # How many of those words the training data knows in that language.
        "known": known,
        "detector": backend.name,
        # Another language the person clearly writes in (de, pl, ar, …), else None.
        "other": other_language(text),
    }


def training_texts() -> dict[str, list[str]]:
    """The texts people wrote in each language that the model learns from: the fact corpus and
    every NLU example."""
    from bot.understanding import corpus

    texts: dict[str, list[str]] = {language: [] for language in LANGUAGES}
    for example in corpus.load() + corpus.load_nlu_examples():
        texts[example.language].append(example.text)
    return texts


LEXICON_FILE = "lexicon.json"
FUNCTION_WORDS_FILE = "function_words.json"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class LanguageDetector(GraphComponent):
    """Adds `detected_language` (nl/en, confidence, word count, known words) to every user
    message. Training only collects the words of the training texts per language."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Use the backend that measured best on short messages (bench/language.py)."""
        return {"detector": DEFAULT_DETECTOR}

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The lexicon follows the corpus and the NLU data, the frame the function words:
        retrain when they change."""
        import hashlib

        from bot.understanding.component import data_digest

        return data_digest() + hashlib.sha256(FUNCTION_WORDS.read_bytes()).hexdigest()[:16]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        """Create the component with its backend built and loaded."""
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LanguageDetector:
        """The detector with the lexicon and function words stored at training time (none in
        an older model)."""
        stored: dict[str, Lexicon | None] = {}
        for name in (LEXICON_FILE, FUNCTION_WORDS_FILE):
            try:
                with model_storage.read_from(resource) as directory:
                    raw = json.loads(Path(directory, name).read_text("utf-8"))
            except (ValueError, FileNotFoundError):
                raw = None
            stored[name] = {k: frozenset(v) for k, v in raw.items()} if raw else None
        return cls(
            config, model_storage, resource, stored[LEXICON_FILE], stored[FUNCTION_WORDS_FILE]
        )

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage | None = None,
        resource: Resource | None = None,
        lexicon: Lexicon | None = None,
        function_words: Lexicon | None = None,
    ) -> None:
        name = config.get("detector", DEFAULT_DETECTOR)
        if name not in _BACKENDS:
            raise InvalidConfigException(
                f"LanguageDetector got detector '{name}'; set `detector` to one of "
                f"{sorted(_BACKENDS)} in config.yml."
            )
        self._backend = get_backend(name)
        self._storage = model_storage
        self._resource = resource
        self.lexicon = lexicon
        self.function_words = function_words

    def train(self, training_data: Any) -> Resource:
        """Collect the words of the training texts per language, read the function words, and
        store both in the model."""
        if self._storage is None or self._resource is None:
            raise RuntimeError("LanguageDetector.train needs the model storage.")
        self.lexicon = build_lexicon(training_texts())
        self.function_words = load_function_words()
        with self._storage.write_to(self._resource) as directory:
            for name, words_by_language in (
                (LEXICON_FILE, self.lexicon),
                (FUNCTION_WORDS_FILE, self.function_words),
            ):
                data = {language: sorted(words) for language, words in words_by_language.items()}
                Path(directory, name).write_text(json.dumps(data), "utf-8")
        return self._resource

    def process_training_data(self, training_data: Any) -> Any:
        """Nothing to add to Rasa's own training examples."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Set the detection as an output property, which Rasa copies into parse_data."""
        for message in messages:
            detection = describe(
                message.get(TEXT) or "", self._backend, self.lexicon, self.function_words
            )
            if detection is not None:
                message.set(DETECTED_LANGUAGE, detection, add_to_output=True)
        return messages
