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
from dataclasses import dataclass, field

from cablegraph.link.table import LinkTable
from cablegraph.meaning.align import Row, bilingual
from cablegraph.meaning.encoder import Encoder
from cablegraph.meaning.passages import Passage, page_of, passages
from cablegraph.meaning.same_text import find_same_events
from cablegraph.meaning.vectors import Embedding, VectorIndex
from cablegraph.store.base import Store

BATCH_DOCUMENTS = 32
SAVE_EVERY_S = 60.0


@dataclass(slots=True)
class EmbedReport:
    documents: int = 0
    passages: int = 0
    characters: int = 0
    same_event: int = 0
    terms: int = 0  # the vocabulary's terms (embedded word by word for query translation)
    terms_embedded: int = 0  # ... of which embedded by this pass
    terms_seconds: float = 0.0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # e.g. vectors of another encoder dropped

    def summary(self) -> str:
        rate = self.characters / self.seconds if self.seconds else 0.0
        return "".join(f"{note}\n" for note in self.notes) + (
            f"embedded {self.documents} documents ({self.passages} passages,"
            f" {self.characters:,} characters) in {self.seconds:.1f} s, {rate:,.0f} characters/s;"
            f" {self.same_event} same-text links; vocabulary {self.terms:,} terms"
            f" ({self.terms_embedded:,} embedded in {self.terms_seconds:.1f} s)")


def pending(store: Store, vectors: VectorIndex) -> list[tuple[str, int]]:
    """(id, version) of the documents whose current version is not embedded."""
    done = vectors.embedded()
    return [(doc_id, version) for doc_id, version in store.versions() if done.get(doc_id) != version]


def embed_pending(store: Store, vectors: VectorIndex, encoder: Encoder, *,
                  progress: Callable[[int, int], None] | None = None,
                  batch: int = BATCH_DOCUMENTS, links: LinkTable | None = None,
                  sentences: Embedding | None = None) -> EmbedReport:
    """Embed every pending document; ``progress(done, total)`` after each batch. With
    ``sentences``, the passages also go into that second encoder's index (each index
    embeds what it lacks), for search by meaning alone, and their vocabulary is recounted
    and its new terms embedded by that encoder (query translation,
    :mod:`cablegraph.meaning.vocabulary`). With ``links``, the
    ``same_event`` links of what changed are found and stored there, by the first
    encoder's sentences and index: with USE's (dev recall 0.706) they found 11 of the 16
    held-out pairs, with e5's 14 (tests/fixtures/meaning/same_text_heldout.json)."""
    started = time.perf_counter()
    report = EmbedReport()
    targets = [Embedding(vectors, encoder)] + ([sentences] if sentences is not None else [])
    report.notes += [t.vectors.started_over for t in targets if t.vectors.started_over]
    lacking = [dict(pending(store, t.vectors)) for t in targets]
    todo = sorted({item for missing in lacking for item in missing.items()})
    saved = time.perf_counter()
    for start in range(0, len(todo), batch):
        chunk = todo[start:start + batch]
        docs = store.get_many([doc_id for doc_id, _ in chunk])
        found: dict[str, list[Passage]] = {}
        aligned: dict[str, list[Row]] = {}
        for doc_id, _ in chunk:
            doc = docs.get(doc_id)
            found[doc_id] = []
            if doc is not None and doc.data.get("page_kind") != "listing":
                found[doc_id] = passages(doc)
                if doc_id in lacking[0]:
                    aligned[doc_id] = bilingual(doc.data, page_of(doc), encoder)
        for target, missing in zip(targets, lacking, strict=True):
            done = [(doc_id, version) for doc_id, version in chunk if doc_id in missing]
            some = [p for doc_id, _ in done for p in found[doc_id]]
            if done:
                target.vectors.add(done, some, target.encoder.passages([p.text for p in some]),
                                   aligned if target.vectors is vectors else None)
        report.documents += len(chunk)
        report.passages += sum(len(p) for p in found.values())
        report.characters += sum(len(p.text) for ps in found.values() for p in ps)
        if time.perf_counter() - saved > SAVE_EVERY_S:
            for target in targets:
                target.vectors.flush()
            saved = time.perf_counter()
        if progress is not None:
            progress(report.documents, len(todo))
    for target in targets:
        target.vectors.flush()
    if sentences is not None and (todo or not len(sentences.vectors.vocabulary())):
        counted = time.perf_counter()
        terms = sentences.vectors.update_terms(sentences.encoder)
        report.terms, report.terms_embedded = terms.terms, terms.embedded
        report.terms_seconds = time.perf_counter() - counted
    changed = [doc_id for doc_id, _ in todo]
    if changed and links is not None:
        near = targets[0]
        report.same_event = links.replace_touching(
            "same_event", changed, find_same_events(changed, store, near.vectors, near.encoder))
    report.seconds = time.perf_counter() - started
    return report
