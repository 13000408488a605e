"""Meaning: passages of every document embedded by a multilingual sentence encoder, a
vector index beside the corpus, and search by meaning fused with full text.

    enrich(corpus)                     embed what is new or changed (resumable)
    VectorIndex.for_corpus(...)        ``<db>.vectors/``: usearch HNSW + a SQLite sidecar
    fuse(text_ids, meaning_ids)        reciprocal rank fusion
"""

from cablegraph.meaning.encoder import Encoder, default_encoder
from cablegraph.meaning.hybrid import MODES, fuse
from cablegraph.meaning.passages import Passage, passages
from cablegraph.meaning.vectors import VectorIndex

__all__ = ["MODES", "Encoder", "Passage", "VectorIndex", "default_encoder", "fuse", "passages"]
