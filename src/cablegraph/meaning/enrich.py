"""The embedding pass: passages of every new or changed document into the vector index,
and the sentence alignment of every page with an original and its translation.

Resumable (the ledger holds the version embedded; a rerun embeds what is missing or
stale, and an interrupted run loses at most the batches since the last save), progress
reported per batch, and both cores at work (the encoder's matrix products use every BLAS
thread). It runs apart from ingest, whose speed it would otherwise set.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from cablegraph.link.table import LinkTable
from cablegraph.meaning.align import Row, bilingual
from cablegraph.meaning.encoder import Encoder
from cablegraph.meaning.passages import Passage, page_of, passages
from cablegraph.meaning.same_text import find_same_events
from cablegraph.meaning.vectors import VectorIndex
from cablegraph.store.base import Store

BATCH_DOCUMENTS = 32
SAVE_EVERY_S = 60.0


@dataclass(slots=True)
class EmbedReport:
    documents: int = 0
    passages: int = 0
    characters: int = 0
    same_event: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        rate = self.characters / self.seconds if self.seconds else 0.0
        return (f"embedded {self.documents} documents ({self.passages} passages,"
                f" {self.characters:,} characters) in {self.seconds:.1f} s, {rate:,.0f} characters/s;"
                f" {self.same_event} same-text links")


def pending(store: Store, vectors: VectorIndex) -> list[tuple[str, int]]:
    """(id, version) of the documents whose current version is not embedded."""
    done = vectors.embedded()
    return [(doc_id, version) for doc_id, version in store.versions() if done.get(doc_id) != version]


def embed_pending(store: Store, vectors: VectorIndex, encoder: Encoder, *,
                  progress: Callable[[int, int], None] | None = None,
                  batch: int = BATCH_DOCUMENTS, links: LinkTable | None = None) -> EmbedReport:
    """Embed every pending document; ``progress(done, total)`` after each batch. With
    ``links``, the ``same_event`` links of what changed are found and stored there."""
    started = time.perf_counter()
    report = EmbedReport()
    todo = pending(store, vectors)
    saved = time.perf_counter()
    for start in range(0, len(todo), batch):
        chunk = todo[start:start + batch]
        docs = store.get_many([doc_id for doc_id, _ in chunk])
        found: list[Passage] = []
        aligned: dict[str, list[Row]] = {}
        for doc_id, _ in chunk:
            doc = docs.get(doc_id)
            if doc is not None and doc.data.get("page_kind") != "listing":
                found += passages(doc)
                aligned[doc_id] = bilingual(doc.data, page_of(doc), encoder)
        vectors.add(chunk, found, encoder.passages([p.text for p in found]), aligned)
        report.documents += len(chunk)
        report.passages += len(found)
        report.characters += sum(len(p.text) for p in found)
        if time.perf_counter() - saved > SAVE_EVERY_S:
            vectors.flush()
            saved = time.perf_counter()
        if progress is not None:
            progress(report.documents, len(todo))
    vectors.flush()
    changed = [doc_id for doc_id, _ in todo]
    if changed and links is not None:
        report.same_event = links.replace_touching(
            "same_event", changed, find_same_events(changed, store, vectors, encoder))
    report.seconds = time.perf_counter() - started
    return report
