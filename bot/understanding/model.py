"""Sentence-level fact classifiers: one head per fact (or per code of a many-valued fact) over
character and word n-grams and, when there is one, a sentence encoder's vectors. Pure:
NumPy, SciPy and scikit-learn only, no Rasa types."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from bot.understanding.text import normalise

NONE = ""
# For danger and suicide a miss costs far more than a false alarm: thresholds are chosen for
# F2 (recall counts four times) instead of F1.
RECALL_FIRST = ("danger", "suicide")
FOLDS = 5


@dataclass(frozen=True)
class Head:
    """One classifier: a single-valued fact (classes: none + codes) or one code of a list."""

    name: str
    fact: str
    classes: tuple[str, ...]

    @property
    def binary(self) -> bool:
        """A yes/no head (one code of a many-valued fact, or a fact with one code)."""
        return len(self.classes) == 2


def heads_for(contract: Mapping[str, Mapping[str, Any]]) -> list[Head]:
    """The heads the contract's facts need (region is read from place names, not learned)."""
    heads = []
    for fact, spec in contract.items():
        codes = tuple(str(c) for c in spec.get("codes") or ())
        if spec["kind"] == "many":
            heads += [Head(f"{fact}={code}", fact, (NONE, code)) for code in codes]
        elif spec["kind"] == "one":
            heads.append(Head(fact, fact, (NONE, *codes)))
    return heads


def target(head: Head, facts: Mapping[str, Any]) -> int:
    """The class index of one example for one head."""
    value = facts.get(head.fact)
    if value is None:
        return 0
    if head.binary and head.classes[1] != str(value):
        values = value if isinstance(value, list) else [value]
        return 1 if head.classes[1] in [str(v) for v in values] else 0
    return head.classes.index(str(value)) if str(value) in head.classes else 0


def _best_threshold(probs: np.ndarray, gold: np.ndarray, beta: float) -> float:
    """The threshold on P(not none) that maximises F-beta on out-of-fold predictions."""
    best, best_score = 0.5, -1.0
    for threshold in np.arange(0.10, 0.91, 0.025):
        predicted = probs >= threshold
        tp = float(np.sum(predicted & gold))
        fp = float(np.sum(predicted & ~gold))
        fn = float(np.sum(~predicted & gold))
        denominator = (1 + beta**2) * tp + beta**2 * fn + fp
        score = (1 + beta**2) * tp / denominator if denominator else 0.0
        if score > best_score + 1e-9:
            best, best_score = float(threshold), score
    return best


@dataclass
class FactModel:
    """The fact heads with their shared n-gram vectorisers and their thresholds."""

    contract: Mapping[str, Mapping[str, Any]]
    dense_weight: float = 1.0
    c: float = 8.0
    heads: list[Head] = field(default_factory=list)
    thresholds: dict[str, float] = field(default_factory=dict)
    _chars: TfidfVectorizer | None = None
    _words: TfidfVectorizer | None = None
    _classifiers: dict[str, LogisticRegression | int] = field(default_factory=dict)

    def _vectorisers(self) -> tuple[TfidfVectorizer, TfidfVectorizer]:
        chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, max_features=120_000
        )
        words = TfidfVectorizer(
            analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True, token_pattern=r"\b\w+\b"
        )
        return chars, words

    def _features(
        self, texts: Sequence[str], dense: np.ndarray, chars: TfidfVectorizer, words: TfidfVectorizer
    ) -> sparse.csr_matrix:
        plain = [normalise(t) for t in texts]
        blocks = [chars.transform(plain), words.transform(plain)]
        if dense.shape[1]:
            blocks.append(sparse.csr_matrix(dense * self.dense_weight))
        return sparse.hstack(blocks, format="csr")

    def _fit_heads(
        self, x: sparse.csr_matrix, targets: dict[str, np.ndarray]
    ) -> dict[str, LogisticRegression | int]:
        classifiers: dict[str, LogisticRegression | int] = {}
        for head in self.heads:
            y = targets[head.name]
            present = np.unique(y)
            if len(present) < 2:
                # Nothing to learn (no example of the code): always this class.
                classifiers[head.name] = int(present[0]) if len(present) else 0
                continue
            model = LogisticRegression(C=self.c, max_iter=2000, class_weight="balanced")
            model.fit(x, y)
            classifiers[head.name] = model
        return classifiers

    @staticmethod
    def _probs(
        classifier: LogisticRegression | int, x: sparse.csr_matrix, n_classes: int
    ) -> np.ndarray:
        out = np.zeros((x.shape[0], n_classes))
        if isinstance(classifier, int):
            out[:, classifier] = 1.0
            return out
        out[:, classifier.classes_] = classifier.predict_proba(x)
        return out

    def fit(self, texts: Sequence[str], facts: Sequence[Mapping[str, Any]], dense: np.ndarray) -> None:
        """Learn every head, then choose its threshold on out-of-fold predictions."""
        self.heads = heads_for(self.contract)
        targets = {h.name: np.array([target(h, f) for f in facts]) for h in self.heads}
        out_of_fold = {h.name: np.zeros((len(texts), len(h.classes))) for h in self.heads}
        for train, test in KFold(FOLDS, shuffle=True, random_state=42).split(texts):
            chars, words = self._vectorisers()
            chars.fit([normalise(texts[i]) for i in train])
            words.fit([normalise(texts[i]) for i in train])
            x_train = self._features([texts[i] for i in train], dense[train], chars, words)
            x_test = self._features([texts[i] for i in test], dense[test], chars, words)
            fold = self._fit_heads(x_train, {k: v[train] for k, v in targets.items()})
            for head in self.heads:
                out_of_fold[head.name][test] = self._probs(fold[head.name], x_test, len(head.classes))
        for head in self.heads:
            beta = 2.0 if head.fact in RECALL_FIRST else 1.0
            gold = targets[head.name] > 0
            self.thresholds[head.name] = _best_threshold(
                1.0 - out_of_fold[head.name][:, 0], gold, beta
            )
        self._chars, self._words = self._vectorisers()
        plain = [normalise(t) for t in texts]
        self._chars.fit(plain)
        self._words.fit(plain)
        self._classifiers = self._fit_heads(
            self._features(texts, dense, self._chars, self._words), targets
        )

    def predict(self, texts: Sequence[str], dense: np.ndarray) -> list[dict[str, dict[str, float]]]:
        """Per text and head: the probability of each class (none is "")."""
        if self._chars is None or self._words is None:
            raise RuntimeError("The fact model is not trained.")
        x = self._features(texts, dense, self._chars, self._words)
        results: list[dict[str, dict[str, float]]] = [{} for _ in texts]
        for head in self.heads:
            probs = self._probs(self._classifiers[head.name], x, len(head.classes))
            for row, result in zip(probs, results):
                result[head.name] = {c: float(p) for c, p in zip(head.classes, row)}
        return results
