"""The understanding layer in Rasa's NLU pipeline: a sentence-encoder featurizer, and the fact
extractor that turns every message into triage facts (entities with their own extractor name
and a confidence) and takes the one crisis decision of the message."""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_CONFIDENCE,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    FEATURE_TYPE_SENTENCE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.channel_output import PREVIOUS_TEXT
from bot.language_detection import DETECTED_LANGUAGE
from bot.understanding import corpus, encoder, numbers, places
from bot.understanding.decide import (
    Fact,
    clauses,
    crisis,
    decide,
    message_probs,
    read_in_context,
    unclear_crisis,
    with_previous,
    worth_reading_by_clause,
)
from bot.understanding.model import FactModel
from bot.understanding.phrases import PhraseBook

logger = logging.getLogger(__name__)

FEATURIZER_NAME = "SentenceEncoderFeaturizer"
EXTRACTOR_NAME = "FactExtractor"
CRISIS_INTENTS = {"danger": "express_danger", "suicide": "express_suicidal_thoughts"}
# When NLU did not understand the message as a whole but it does state facts, the facts are
# what it says: the intent becomes the matching inform_* intent (first found in this order).
INFORM_INTENTS = (
    ("concerns", "inform_concern"),
    ("role", "inform_role"),
    ("needs", "inform_need"),
    ("timing", "inform_timing"),
    ("age_group", "inform_age"),
    ("channel", "inform_channel"),
    ("region", "inform_region"),
)
NOT_UNDERSTOOD = "nlu_fallback"
# What the trained fact model depends on besides Rasa's own inputs: its data, the calm dialogue
# acts of data/nlu, and its code (Rasa's training cache would otherwise reuse a model trained
# by older code).
DATA_FILES = ("contracts/facts.yml", "data/facts", "data/nlu", "bot/understanding")


def data_digest() -> str:
    digest = hashlib.sha256()
    for name in DATA_FILES:
        path = corpus.ROOT / name
        files = (
            [path]
            if path.is_file()
            else sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".py"))
        )
        for file in files:
            digest.update(str(file.relative_to(corpus.ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _sentence_vector(message: Message) -> np.ndarray | None:
    for feature in message.features:
        # The origin is the graph node's name, e.g. "run_bot.understanding.component.
        # SentenceEncoderFeaturizer2": match the class name inside it.
        origins = feature.origin if isinstance(feature.origin, list) else [feature.origin]
        named = any(FEATURIZER_NAME in str(origin) for origin in origins)
        if named and feature.type == FEATURE_TYPE_SENTENCE:
            return np.asarray(feature.features, dtype=np.float32).reshape(1, -1)
    return None


def _no_known_word(message: Message) -> bool:
    """True when the message has two words or more and none of them occurs in the training
    data (one unknown word may be a typo of something DIET's n-grams still read)."""
    detection = message.get(DETECTED_LANGUAGE) or {}
    return detection.get("known") == 0 and int(detection.get("words") or 0) >= 2


def _previous_text(message: Message) -> str | None:
    """The person's previous typed message, which the gateway channel hands over with this one
    (bot/channel.py). It is taken out of the metadata, so the conversation store does not keep
    a second copy of it with this message."""
    metadata = message.get("metadata")
    if not isinstance(metadata, dict):
        return None
    previous = metadata.pop(PREVIOUS_TEXT, None)
    return previous if isinstance(previous, str) else None


def _is_payload(text: str) -> bool:
    return text.startswith(INTENT_MESSAGE_PREFIX)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds the sentence encoder's vector of each message as a dense sentence feature."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The E5 encoder (see bot/understanding/encoder.py)."""
        return {**DenseFeaturizer.get_default_config(), "encoder": "e5"}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEncoderFeaturizer:
        """Create the featurizer with its encoder loaded."""
        return cls(config, execution_context.node_name)

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The compiled engine is part of what this component does."""
        return encoder.engine_digest()

    def __init__(self, config: dict[str, Any], name: str) -> None:
        super().__init__(name, config)
        self._encoder = encoder.get_encoder(config["encoder"])

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to check beyond the encoder name (checked when it is built)."""

    def _add(self, messages: list[Message]) -> None:
        todo = [m for m in messages if m.get(TEXT) and not _is_payload(m.get(TEXT))]
        vectors = self._encoder.encode([encoder.encoder_text(m.get(TEXT)) for m in todo])
        for message, vector in zip(todo, vectors, strict=True):
            self.add_features_to_message(None, vector.reshape(1, -1), TEXT, message)
        # A button's payload ("/inform_role{...}") says nothing in words: a zero vector keeps
        # every message's features the same shape for DIET (Rasa still runs the pipeline on a
        # payload wherever bot.speedups' shortcut is not installed, e.g. `rasa shell`).
        empty = np.zeros((1, self._encoder.dim), dtype=np.float32)
        for message in messages:
            text = message.get(TEXT)
            if text and _is_payload(text) and self._encoder.dim:
                self.add_features_to_message(None, empty, TEXT, message)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurize the training examples (in batches)."""
        self._add(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Featurize incoming messages."""
        self._add(messages)
        return messages


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
        DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
    ],
    is_trainable=True,
)
class FactExtractor(GraphComponent):
    """Triage facts of every message as entities; the crisis decision sets the intent."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The E5 encoder and the fact model's settings (bench/understanding.py compares)."""
        return {"encoder": "e5", "dense_weight": 1.0, "c": 8.0, "kernel": True}

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The corpus, the phrases and the contract shape the model: retrain when they change."""
        return data_digest() + encoder.engine_digest()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> FactExtractor:
        """A new, untrained extractor."""
        return cls(config, model_storage, resource)

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: FactModel | None = None,
        phrases: PhraseBook | None = None,
        reader: numbers.NumberReader | None = None,
        finder: places.PlaceFinder | None = None,
    ) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._model = model
        self._phrases = phrases
        self._numbers = reader
        self._places = finder
        self._encoder = encoder.get_encoder(config["encoder"])

    def train(self, training_data: TrainingData) -> Resource:
        """Learn the fact model from data/facts/corpus and store it with the phrases."""
        contract = corpus.load_contract()
        examples = corpus.training_set()
        texts = [e.text for e in examples]
        dense = encoder.encode_corpus(self._encoder, texts)
        model = FactModel(
            contract,
            dense_weight=float(self._config["dense_weight"]),
            c=float(self._config["c"]),
            kernel=bool(self._config["kernel"]),
        )
        model.fit(texts, [e.facts for e in examples], dense, [e.crisis_only for e in examples])
        codes = {name: spec.get("codes", []) for name, spec in contract.items()}
        data = {
            "phrases": PhraseBook.load(codes=codes).to_data(),
            "numbers": numbers.load_data(),
            "places": places.load_data(),
        }
        with self._storage.write_to(self._resource) as directory:
            (directory / "model.pkl").write_bytes(pickle.dumps(model))
            (directory / "data.json").write_text(json.dumps(data), "utf-8")
        logger.info("facts.trained examples=%d heads=%d", len(examples), len(model.heads))
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> FactExtractor:
        """The trained extractor, with the phrases stored at training time."""
        with model_storage.read_from(resource) as directory:
            model = pickle.loads(Path(directory, "model.pkl").read_bytes())  # noqa: S301 (own file)
            data = json.loads(Path(directory, "data.json").read_text("utf-8"))
        return cls(
            config,
            model_storage,
            resource,
            model,
            PhraseBook.from_data(data["phrases"]),
            numbers.NumberReader.from_data(data["numbers"]),
            places.PlaceFinder(data["places"]),
        )

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to add to Rasa's own training examples."""
        return training_data

    def facts(
        self, text: str, vector: np.ndarray | None = None, previous: str | None = None
    ) -> list[Fact]:
        """The facts of one text (also used by the bench and the tests); `previous` is the
        person's message before it, if any, for a crisis reading that is unclear alone."""
        found = self._read(text, vector)
        if previous and previous.strip() and unclear_crisis(found):
            found = read_in_context(found, self._read(with_previous(previous, text)))
        return found

    def _read(self, text: str, vector: np.ndarray | None = None) -> list[Fact]:
        if self._model is None or self._phrases is None or self._numbers is None:
            raise RuntimeError("The fact extractor is not trained.")
        if vector is None:
            vector = self._encoder.encode([encoder.encoder_text(text)])
        probs = message_probs(
            self._model,
            text,
            vector.reshape(1, -1)[:, : self._encoder.dim],
            lambda parts: self._encoder.encode([encoder.encoder_text(p) for p in parts]),
        )
        phrases = self._phrases.match(text)

        def facts(clause_probs: list[dict[str, dict[str, float]]]) -> list[Fact]:
            return decide(
                text=text,
                heads=self._model.heads,
                probs=probs,
                thresholds=self._model.thresholds,
                phrases=phrases,
                numbers=self._numbers,
                places=self._places,
                clause_probs=clause_probs,
            )

        found = facts([])
        worth = worth_reading_by_clause(found, self._model.heads, probs, phrases)
        parts = clauses(text) if worth else []
        if not parts:
            return found
        vectors = self._encoder.encode([encoder.encoder_text(p) for p in parts])
        return facts(self._model.predict(parts, vectors))

    def process(self, messages: list[Message]) -> list[Message]:
        """Add the facts as entities and let a crisis or a stated fact set the intent."""
        for message in messages:
            text = message.get(TEXT) or ""
            if not text.strip() or _is_payload(text):
                continue
            facts = self.facts(text, _sentence_vector(message), _previous_text(message))
            entities = list(message.get(ENTITIES) or [])
            entities += [_entity(fact) for fact in facts]
            message.set(ENTITIES, entities, add_to_output=True)
            self._set_intent(message, facts)
        return messages

    @staticmethod
    def _set_intent(message: Message, facts: list[Fact]) -> None:
        kind = crisis(facts)
        current = message.get(INTENT) or {}
        name = current.get(INTENT_NAME_KEY)
        if kind is not None:
            new = CRISIS_INTENTS[kind]
        elif (message.get(DETECTED_LANGUAGE) or {}).get("other"):
            # Written in a language the bot does not speak: whatever DIET made of it, the
            # answer is the bilingual one with the 24/7 lines (actions/rephrase.py).
            new = NOT_UNDERSTOOD
        elif not facts and _no_known_word(message):
            # "asdf qwerty zzz": whatever DIET made of it (out of scope, a greeting), the
            # person gets "I did not understand" with the ways on.
            new = NOT_UNDERSTOOD
        elif name in CRISIS_INTENTS.values() or name == NOT_UNDERSTOOD:
            # Crisis is decided here alone; a message NLU did not understand still says what
            # its facts say.
            stated = {f.name for f in facts}
            new = next((intent for fact, intent in INFORM_INTENTS if fact in stated), None)
            if new is None:
                new = NOT_UNDERSTOOD if name == NOT_UNDERSTOOD else _next_intent(message)
        else:
            return
        if new == name:
            return
        message.set(
            INTENT, {INTENT_NAME_KEY: new, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True
        )
        ranking = [
            r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != new
        ]
        message.set(
            INTENT_RANKING_KEY,
            [{INTENT_NAME_KEY: new, PREDICTED_CONFIDENCE_KEY: 1.0}, *ranking],
            add_to_output=True,
        )


# DIET read a crisis that the facts do not hold: its next intent is the message's act only when
# DIET gave it this much. Otherwise a far second guess would be taken as sure: "i just want
# them gone" (suicide 0.99, then restart 0.002) would have wiped the conversation.
NEXT_INTENT_MIN = 0.2


def _next_intent(message: Message) -> str:
    for ranked in message.get(INTENT_RANKING_KEY) or []:
        name = ranked.get(INTENT_NAME_KEY)
        if name not in CRISIS_INTENTS.values() and name != NOT_UNDERSTOOD:
            confidence = float(ranked.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
            return str(name) if confidence >= NEXT_INTENT_MIN else NOT_UNDERSTOOD
    return NOT_UNDERSTOOD


def _entity(fact: Fact) -> dict[str, Any]:
    return {
        ENTITY_ATTRIBUTE_TYPE: fact.name,
        ENTITY_ATTRIBUTE_VALUE: fact.value,
        ENTITY_ATTRIBUTE_START: fact.start,
        ENTITY_ATTRIBUTE_END: fact.end,
        ENTITY_ATTRIBUTE_CONFIDENCE: fact.confidence,
        EXTRACTOR: EXTRACTOR_NAME,
        "source": fact.source,
    }
