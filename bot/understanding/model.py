"""Sentence-level fact classifiers: one head per fact (or per code of a many-valued fact) over
character and word n-grams and a sentence encoder's vectors. Pure: NumPy, SciPy and
scikit-learn only, no Rasa types.

Every head is a logistic regression over the n-grams and the (standardised) sentence vector.
The crisis heads (danger, suicide) get a second opinion that reads meaning rather than words:
an RBF-kernel SVM over the sentence vector alone, whose score is mapped to a probability on
out-of-fold predictions; the head's probability is the mean of the two. Measured on the
corpus's held-out split, the kernel opinion is what lets implicit wording ("de pillen liggen
klaar", "sorry voor alles") through without raising false alarms (bench/understanding.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from bot.understanding.text import normalise

NONE = ""
CRISIS = ("danger", "suicide")
# For the crisis heads a miss costs far more than a false alarm: their threshold is the one
# with the highest out-of-fold recall while at most this share of calm examples is flagged.
# The corpus is rich in calm messages written to look alarming (about 40 % of its crisis
# files, and since 5 December contrast pairs: the same situation once as a crisis and once
# calm), so this share of *those* is more than a person typing calmly meets. Measured on the
# held-out split of 4 December (554 crisis and 1 082 calm messages) after the contrast pairs
# and crisis-in-context data: 4 % gives recall 87.0 % at 6.4 % false alarms, 4.5 % gives
# 88.4 % at 7.0 %, 5 % gives 90.8 % at 7.9 %, 6 % gives 91.9 % at 9.1 %; the model before that
# data gave 87.2 % at 7.2 % with 4 %. Recall first: 5 %.
CRISIS_MAX_FALSE_ALARMS = 0.05
CRISIS_FOLDS = 5
WORD = r"\b\w+\b"  # a word for the word n-grams
OTHER_FOLDS = 3


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


def f1_threshold(probs: np.ndarray, gold: np.ndarray) -> float:
    """The threshold on P(present) with the best F1 on out-of-fold predictions."""
    best, best_score = 0.5, -1.0
    for threshold in np.arange(0.10, 0.91, 0.025):
        predicted = probs >= threshold
        tp = float(np.sum(predicted & gold))
        denominator = 2 * tp + float(np.sum(predicted & ~gold)) + float(np.sum(~predicted & gold))
        score = 2 * tp / denominator if denominator else 0.0
        if score > best_score + 1e-9:
            best, best_score = float(threshold), score
    return best


def recall_threshold(probs: np.ndarray, gold: np.ndarray, max_false_alarms: float) -> float:
    """The lowest threshold whose share of flagged calm examples stays within the limit."""
    calm = probs[~gold]
    for threshold in np.arange(0.02, 0.99, 0.01):
        if not len(calm) or float(np.mean(calm >= threshold)) <= max_false_alarms:
            return float(threshold)
    return 0.99


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


@dataclass
class KernelOpinion:
    """An RBF-kernel SVM over the sentence vector, with a sigmoid from score to probability."""

    svm: SVC
    slope: float
    offset: float

    def probs(self, dense: np.ndarray) -> np.ndarray:
        """P(present) for standardised sentence vectors."""
        return _sigmoid(self.slope * self.svm.decision_function(dense) + self.offset)


def _kernel_svm() -> SVC:
    return SVC(C=2.0, kernel="rbf", gamma="scale", class_weight="balanced")


def _fit_sigmoid(scores: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    platt = LogisticRegression(C=1e4, max_iter=1000).fit(scores.reshape(-1, 1), gold)
    return float(platt.coef_[0, 0]), float(platt.intercept_[0])


@dataclass
class FactModel:
    """The fact heads with their shared features, kernel opinions and thresholds."""

    contract: Mapping[str, Mapping[str, Any]]
    dense_weight: float = 1.0
    c: float = 8.0
    kernel: bool = True
    heads: list[Head] = field(default_factory=list)
    thresholds: dict[str, float] = field(default_factory=dict)
    _chars: TfidfVectorizer | None = None
    _words: TfidfVectorizer | None = None
    _scaler: StandardScaler | None = None
    _classifiers: dict[str, LogisticRegression | int] = field(default_factory=dict)
    _kernels: dict[str, KernelOpinion] = field(default_factory=dict)

    @staticmethod
    def _vectorisers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
        chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, max_features=60_000
        )
        words = TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, 2),
            min_df=2,
            sublinear_tf=True,
            token_pattern=WORD,
        )
        return chars, words

    def _features(
        self,
        plain: Sequence[str],
        dense: np.ndarray,
        chars: TfidfVectorizer,
        words: TfidfVectorizer,
    ) -> sparse.csr_matrix:
        blocks = [chars.transform(plain), words.transform(plain)]
        if dense.shape[1]:
            # Standardised vectors are on the scale of the n-gram weights; the dense block is
            # scaled down so that a few hundred dimensions do not drown the n-grams.
            blocks.append(sparse.csr_matrix(dense * (self.dense_weight / np.sqrt(dense.shape[1]))))
        return sparse.hstack(blocks, format="csr")

    def _logistic(self, x: sparse.csr_matrix, y: np.ndarray) -> LogisticRegression | int:
        present = np.unique(y)
        if len(present) < 2:
            # Nothing to learn (no example of the code): always this class.
            return int(present[0]) if len(present) else 0
        # A looser tolerance than the default: the same F1 here, in a third of the time.
        solver = "liblinear" if len(present) == 2 else "lbfgs"
        fitted = LogisticRegression(
            C=self.c, solver=solver, tol=1e-3, max_iter=1000, class_weight="balanced"
        ).fit(x, y)
        # Stored column-major, so that the `coef_.T` of every prediction is contiguous and is
        # not copied per message (the same numbers: held-out split, parse mean 60.7 -> 56.2 ms).
        fitted.coef_ = np.asfortranarray(fitted.coef_)
        return fitted

    @staticmethod
    def _probs(classifier: LogisticRegression | int, x: Any, n_classes: int) -> np.ndarray:
        out = np.zeros((x.shape[0], n_classes))
        if isinstance(classifier, int):
            out[:, classifier] = 1.0
            return out
        out[:, classifier.classes_] = classifier.predict_proba(x)
        return out

    def _uses_kernel(self, head: Head, dense: np.ndarray) -> bool:
        return self.kernel and head.fact in CRISIS and dense.shape[1] > 0

    def _fold_features(
        self, plain: list[str], dense: np.ndarray
    ) -> list[tuple[np.ndarray, np.ndarray, Any, Any, np.ndarray, np.ndarray]]:
        """Per fold: (train rows, test rows, train features, test features, train and test
        standardised vectors), built once and shared by every head."""
        folds = []
        for train, test in KFold(CRISIS_FOLDS, shuffle=True, random_state=42).split(plain):
            chars, words = self._vectorisers()
            chars.fit([plain[i] for i in train])
            words.fit([plain[i] for i in train])
            scaler = StandardScaler().fit(dense[train]) if dense.shape[1] else None
            d_train = scaler.transform(dense[train]) if scaler else dense[train]
            d_test = scaler.transform(dense[test]) if scaler else dense[test]
            x_train = self._features([plain[i] for i in train], d_train, chars, words)
            x_test = self._features([plain[i] for i in test], d_test, chars, words)
            folds.append((train, test, x_train, x_test, d_train, d_test))
        return folds

    def _out_of_fold(
        self, head: Head, folds: list[Any], y: np.ndarray, dense: np.ndarray, rows_of: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """(rows, out-of-fold P(present) of the logistic head, the kernel's scores or None).

        The crisis heads use every fold; the other heads the first OTHER_FOLDS (their
        threshold needs less evidence, and training time counts)."""
        crisis = head.fact in CRISIS
        used = folds if crisis else folds[:OTHER_FOLDS]
        gold = (y > 0).astype(int)
        rows, present, scores = [], [], []
        kernel = self._uses_kernel(head, dense) and gold.sum() >= CRISIS_FOLDS
        for train, test, x_train, x_test, d_train, d_test in used:
            # Only the rows this head learns from (rows_of): crisis-only examples stay out of
            # the other heads.
            fit_at, test_at = rows_of[train], rows_of[test]
            classifier = self._logistic(x_train[fit_at], y[train][fit_at])
            rows.append(test[test_at])
            probs = self._probs(classifier, x_test[test_at], len(head.classes))
            present.append(1.0 - probs[:, 0])
            if kernel:
                svm = _kernel_svm().fit(d_train, gold[train])
                scores.append(svm.decision_function(d_test[test_at]))
        index = np.concatenate(rows)
        return index, np.concatenate(present), np.concatenate(scores) if kernel else None

    def fit(
        self,
        texts: Sequence[str],
        facts: Sequence[Mapping[str, Any]],
        dense: np.ndarray,
        crisis_only: Sequence[bool] | None = None,
    ) -> None:
        """Learn every head; choose thresholds (and kernel sigmoids) on out-of-fold predictions.

        `crisis_only` marks calm examples that only the crisis heads learn from; they do not
        count in the crisis threshold either, so its false-alarm share stays the corpus's."""
        self.heads = heads_for(self.contract)
        plain = [normalise(t) for t in texts]
        targets = {h.name: np.array([target(h, f) for f in facts]) for h in self.heads}
        only = np.array(crisis_only if crisis_only is not None else [False] * len(plain), bool)
        everyone = np.ones(len(plain), bool)
        folds = self._fold_features(plain, dense)
        kernel_sigmoids: dict[str, tuple[float, float]] = {}
        for head in self.heads:
            rows_of = everyone if head.fact in CRISIS else ~only
            rows, present, scores = self._out_of_fold(
                head, folds, targets[head.name], dense, rows_of
            )
            gold = targets[head.name][rows] > 0
            if scores is not None:
                slope, offset = _fit_sigmoid(scores, gold.astype(int))
                kernel_sigmoids[head.name] = (slope, offset)
                present = (present + _sigmoid(slope * scores + offset)) / 2
            counted = ~only[rows]
            self.thresholds[head.name] = (
                recall_threshold(present[counted], gold[counted], CRISIS_MAX_FALSE_ALARMS)
                if head.fact in CRISIS
                else f1_threshold(present, gold)
            )
        self._chars, self._words = self._vectorisers()
        self._chars.fit(plain)
        self._words.fit(plain)
        self._scaler = StandardScaler().fit(dense) if dense.shape[1] else None
        standard = self._scaler.transform(dense) if self._scaler else dense
        x = self._features(plain, standard, self._chars, self._words)
        self._classifiers = {
            h.name: (
                self._logistic(x, targets[h.name])
                if h.fact in CRISIS
                else self._logistic(x[~only], targets[h.name][~only])
            )
            for h in self.heads
        }
        self._kernels = {
            name: KernelOpinion(
                _kernel_svm().fit(standard, (targets[name] > 0).astype(int)), *sigmoid
            )
            for name, sigmoid in kernel_sigmoids.items()
        }

    def predict(self, texts: Sequence[str], dense: np.ndarray) -> list[dict[str, dict[str, float]]]:
        """Per text and head: the probability of each class (none is "")."""
        if self._chars is None or self._words is None:
            raise RuntimeError("The fact model is not trained.")
        plain = [normalise(t) for t in texts]
        standard = self._scaler.transform(dense) if self._scaler is not None else dense
        x = self._features(plain, standard, self._chars, self._words)
        results: list[dict[str, dict[str, float]]] = [{} for _ in texts]
        for head in self.heads:
            probs = self._probs(self._classifiers[head.name], x, len(head.classes))
            kernel = self._kernels.get(head.name)
            if kernel is not None:
                # The mean of the two opinions on "present"; the logistic head says which code.
                present = (1.0 - probs[:, 0] + kernel.probs(standard)) / 2
                codes = probs[:, 1:]
                share = codes / np.maximum(codes.sum(axis=1, keepdims=True), 1e-9)
                probs = np.column_stack([1.0 - present, share * present[:, None]])
            for row, result in zip(probs, results, strict=True):
                result[head.name] = {c: float(p) for c, p in zip(head.classes, row, strict=True)}
        return results
