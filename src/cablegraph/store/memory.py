"""The in-memory store: the same interface and merge rules, kept in dictionaries.

For tests and throwaway corpora. Not shared between processes.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

from cablegraph.store import similar
from cablegraph.store.base import (
    JSON,
    Failure,
    PutResult,
    SourceInfo,
    Store,
    StoredDocument,
    StoreStats,
    with_mentions,
)
from cablegraph.store.facets import FACETS, facet_values
from cablegraph.store.ledger import merge_page
from cablegraph.store.merge import record_key


class MemoryStore(Store):
    """Documents, sources and quarantine held in dictionaries."""

    def __init__(self) -> None:
        self.path = ":memory:"
        self._docs: dict[str, StoredDocument] = {}
        self._indexed: dict[str, int] = {}
        self._keys: dict[tuple[str, str], str] = {}
        self._sources: dict[str, str] = {}  # sha256 -> doc id
        self._sketches: dict[str, list[int]] = {}
        self._failures: dict[str, Failure] = {}

    def has_source(self, sha256: str) -> bool:
        return sha256 in self._sources

    def put(self, source: SourceInfo, text: str, doc: JSON) -> PutResult:
        if source.sha256 in self._sources:
            return PutResult("unchanged", self._sources[source.sha256])
        data = {k: v for k, v in copy.deepcopy(doc).items() if k != "source"}
        key = record_key(data)
        doc_id = self._keys.get(key) if key else None
        doc_id = doc_id or (data["id"] if data["id"] in self._docs else None)
        if doc_id is None:
            result = self._insert(data, text)
        else:
            result = self._merge(self._docs[doc_id], data, source.sha256)
        stored = self._docs[result.doc_id]
        if key and key not in self._keys:
            self._keys[key] = result.doc_id
        added = source.added_at or datetime.now(UTC).isoformat(timespec="seconds")
        stored.sources.append(SourceInfo(source.sha256, source.path, source.format, source.encoding, added))
        stored.texts.append(text)
        self._sources[source.sha256] = result.doc_id
        self._failures.pop(source.sha256, None)
        return result

    def _insert(self, data: JSON, text: str) -> PutResult:
        doc_id = str(data["id"])
        hashes = similar.sketch(similar.body_text(data, text))
        mine = set(similar.bands(hashes))
        near = [
            other
            for other, theirs in self._sketches.items()
            if mine & set(similar.bands(theirs)) and similar.is_near_duplicate(hashes, theirs)
        ]
        self._docs[doc_id] = StoredDocument(doc_id, 1, data, near_duplicates=list(near))
        for other in near:
            self._docs[other].near_duplicates.append(doc_id)
        if hashes:
            self._sketches[doc_id] = hashes
        return PutResult("added", doc_id, tuple(near))

    def _merge(self, stored: StoredDocument, data: JSON, sha256: str) -> PutResult:
        first = stored.sources[0].sha256 if stored.sources else ""
        merged, choices, changed = merge_page(stored.data, stored.choices, data, stored.id, sha256, first)
        stored.data, stored.choices = merged, choices
        stored.version += 1
        return PutResult("updated" if changed else "merged", stored.id)

    def quarantine(self, failure: Failure) -> None:
        self._failures[failure.sha256] = failure

    def failures(self) -> list[Failure]:
        return list(self._failures.values())

    def get(self, doc_id: str) -> StoredDocument | None:
        found = self._docs.get(doc_id)
        return copy.deepcopy(found) if found else None

    def get_many(self, doc_ids: Sequence[str]) -> dict[str, StoredDocument]:
        return {i: copy.deepcopy(self._docs[i]) for i in doc_ids if i in self._docs}

    def documents(self) -> Iterator[StoredDocument]:
        for doc in list(self._docs.values()):
            yield copy.deepcopy(doc)

    def count(self) -> int:
        return len(self._docs)

    def stats(self, top: int = 20) -> StoreStats:
        counts: dict[str, Counter[str]] = {f: Counter() for f in FACETS}
        for doc in self._docs.values():
            for facet, value in facet_values(doc.data):
                counts[facet][value] += 1
        facets = {f: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:top] for f, c in counts.items()}
        return StoreStats(len(self._docs), len(self._sources), len(self._failures), facets)

    def pending(self, limit: int) -> list[StoredDocument]:
        waiting = [d for d in self._docs.values() if self._indexed.get(d.id, 0) < d.version]
        return [copy.deepcopy(d) for d in waiting[:limit]]

    def pending_ids(self, limit: int) -> list[tuple[str, int]]:
        waiting = [(d.id, d.version) for d in self._docs.values() if self._indexed.get(d.id, 0) < d.version]
        return waiting[:limit]

    def add_mentions(self, doc_id: str, mentions: Sequence[JSON]) -> int:
        stored = self._docs.get(doc_id)
        if stored is None:
            raise KeyError(f"no document {doc_id!r} in {self.path}")
        stored.data, added = with_mentions(stored.data, mentions)
        if added:
            stored.version += 1
        return added

    def mark_indexed(self, done: Sequence[tuple[str, int]]) -> None:
        self._indexed.update(done)

    def indexed_count(self) -> int:
        return sum(1 for v in self._indexed.values() if v > 0)

    def reset_index(self) -> None:
        self._indexed.clear()

    def close(self) -> None:
        """Nothing to release."""
