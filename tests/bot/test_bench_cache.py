"""The bench reuses a fitted comparison model only while everything that shaped it is unchanged."""

from __future__ import annotations

import numpy as np
import pytest

from bench import understanding
from bot.understanding import component, corpus, encoder


@pytest.fixture()
def small_training(monkeypatch: pytest.MonkeyPatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(encoder, "CORPUS_CACHE", tmp_path)
    return corpus.load_contract(), corpus.training_set()[::80]


def _probs(model, texts: list[str]) -> list[dict[str, dict[str, float]]]:  # type: ignore[no-untyped-def]
    return model.predict(texts, encoder.get_encoder("none").encode(texts))


def test_a_second_run_reuses_the_fitted_model_and_reads_the_same(small_training, tmp_path):  # type: ignore[no-untyped-def]
    contract, train = small_training
    none = encoder.get_encoder("none")
    first, seconds, cached = understanding._fitted("none", none, contract, train)
    assert not cached and seconds > 0
    again, seconds_again, cached_again = understanding._fitted("none", none, contract, train)
    assert cached_again and seconds_again == seconds
    texts = ["hij staat nu voor de deur met een mes", "where can I report something from years ago"]
    for old, new in zip(_probs(first, texts), _probs(again, texts), strict=True):
        assert old.keys() == new.keys()
        for head in old:
            assert np.allclose(list(old[head].values()), list(new[head].values()))


def test_a_changed_corpus_or_code_fits_anew_and_drops_the_old_model(  # type: ignore[no-untyped-def]
    small_training, tmp_path, monkeypatch: pytest.MonkeyPatch
):
    contract, train = small_training
    none = encoder.get_encoder("none")
    understanding._fitted("none", none, contract, train)
    before = sorted(tmp_path.glob("bench-facts-none-*.pkl"))
    monkeypatch.setattr(component, "data_digest", lambda: "a-changed-corpus")
    _, _, cached = understanding._fitted("none", none, contract, train)
    after = sorted(tmp_path.glob("bench-facts-none-*.pkl"))
    assert not cached
    assert len(before) == len(after) == 1 and before != after
