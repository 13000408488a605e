"""The vector index: every embedded passage in a usearch HNSW graph beside the corpus.

``<db>.vectors/`` holds ``passages.usearch`` (cosine, half precision) and
``passages.sqlite``, which maps each vector's key to its document and passage and keeps
the ledger of which document version is embedded. Like the tantivy index it is derived:
deleting the folder loses nothing that ``cablegraph enrich`` cannot rebuild.

Crash safety: a batch's vectors are saved (to a temporary file, then renamed) before its
ledger rows commit, so after a crash the ledger never claims a document whose vectors are
missing; vectors whose rows never committed are dropped on the next open.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from cablegraph.errors import StoreError
from cablegraph.meaning.align import Row
from cablegraph.meaning.encoder import Encoder, Vectors
from cablegraph.meaning.passages import Passage
from cablegraph.meaning.vocabulary import TermsCache, UpdateReport, Vocabulary, update_terms

SCHEMA = """
CREATE TABLE IF NOT EXISTS passages (
    key INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    language TEXT,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_doc ON passages (doc_id);
CREATE TABLE IF NOT EXISTS embedded (doc_id TEXT PRIMARY KEY, version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS alignments (doc_id TEXT PRIMARY KEY, rows TEXT NOT NULL);
"""
META = "cablegraph-vectors.json"


@dataclass(frozen=True, slots=True)
class PassageHit:
    doc_id: str
    number: int
    text: str
    similarity: float


class VectorIndex:
    """Passage vectors of one corpus; ``path`` None keeps everything in memory."""

    def __init__(self, path: Path | None, *, encoder: str, dimensions: int) -> None:
        self.path, self.encoder, self.dimensions = path, encoder, dimensions
        self._lock = threading.Lock()
        # Why the vectors found here were dropped (another encoder made them), else None.
        self.started_over: str | None = None
        if path is not None:
            path.mkdir(parents=True, exist_ok=True)
            self.started_over = _start_over_unless(path, {"encoder": encoder, "dimensions": dimensions})
        where = ":memory:" if path is None else str(path / "passages.sqlite")
        self._db = sqlite3.connect(where, isolation_level=None, check_same_thread=False, timeout=30)
        self._db.executescript(SCHEMA)
        self._waiting: list[tuple[int, Passage]] = []  # added, not yet committed
        self._done: dict[str, int] = {}
        self._aligned: dict[str, list[Row]] = {}
        self._terms = TermsCache()
        self._next_key = int(self._db.execute("SELECT coalesce(max(key), 0) + 1 FROM passages").fetchone()[0])
        # usearch brings numkong, whose own OpenMP runtime reads the wait policy when it
        # loads, before the encoder sets it for its own: spinning, its idle threads cost
        # e5's query 207 ms of CPU against 19 on a busy machine (benchmarks/hybrid_scale.py).
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        from usearch.index import Index  # 0.2 s to import: only when meaning is used

        self._index = Index(ndim=dimensions, metric="cos", dtype="f16")
        self._loaded_at: float | None = None
        self._load()

    def _load(self) -> None:
        """Read the saved vectors (if any), dropping those whose rows never committed."""
        graph = None if self.path is None else self.path / "passages.usearch"
        if graph is None or not graph.exists():
            return
        try:
            stamp = graph.stat().st_mtime
            self._index.load(str(graph))
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"cannot read the vector index: {exc}", path=str(graph)) from exc
        self._loaded_at = stamp
        self._drop_uncommitted()

    def refresh(self) -> None:
        """See what another process (``cablegraph enrich``) saved since this one loaded."""
        if self.path is None or self._waiting or self._done:
            return
        graph = self.path / "passages.usearch"
        try:
            stamp = graph.stat().st_mtime
        except OSError:
            return
        if stamp != self._loaded_at:
            with self._lock:
                self._load()

    @classmethod
    def beside(cls, index_path: Path | None, *, encoder: str, dimensions: int) -> VectorIndex:
        """The vectors of the corpus whose search index is at ``index_path``."""
        path = None if index_path is None else cls.beside_path(index_path)
        return cls(path, encoder=encoder, dimensions=dimensions)

    @staticmethod
    def beside_path(index_path: Path) -> Path:
        """``<db>.vectors`` for the search index ``<db>.index``."""
        return index_path.with_name(index_path.name.removesuffix(".index") + ".vectors")

    def _drop_uncommitted(self) -> None:
        """Remove the vectors whose passages never committed (a crash between the two).
        The index's keys are read as one array (iterating them is 10,000 times slower)."""
        keys = np.fromiter((int(k) for (k,) in self._db.execute("SELECT key FROM passages")), dtype=np.uint64)
        held = np.asarray(self._index.keys, dtype=np.uint64)
        stray = held[~np.isin(held, keys)]
        if len(stray):
            self._index.remove(stray)

    def __len__(self) -> int:
        return len(self._index)

    def embedded(self) -> dict[str, int]:
        """Document id → the version whose passages are embedded."""
        return {str(d): int(v) for d, v in self._db.execute("SELECT doc_id, version FROM embedded")}

    def add(self, done: Sequence[tuple[str, int]], found: Sequence[Passage], vectors: Vectors,
            alignments: dict[str, list[Row]] | None = None) -> None:
        """Replace the passages of the documents ``done`` (id, version) by ``found`` (and
        their sentence alignments); kept in memory until :meth:`flush` (vectors saved, then
        the ledger committed)."""
        with self._lock:
            self._aligned.update(alignments or {})
            ids = [doc_id for doc_id, _ in done]
            gone = set(ids)
            old = self._keys_of(ids) + [k for k, p in self._waiting if p.doc_id in gone]
            if old:
                self._index.remove(old)
            self._waiting = [(k, p) for k, p in self._waiting if p.doc_id not in gone]
            keys = np.arange(self._next_key, self._next_key + len(found), dtype=np.uint64)
            self._next_key += len(found)
            if len(found):
                self._index.add(keys, vectors.astype(np.float32))
            self._waiting += [(int(k), p) for k, p in zip(keys, found, strict=True)]
            self._done.update(dict(done))

    def flush(self) -> int:
        """Save the vectors, then commit their passages and the ledger; how many documents."""
        with self._lock:
            if not self._done:
                return 0
            self._save()
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("DELETE FROM passages WHERE doc_id = ?", [(i,) for i in self._done])
                self._db.executemany(
                    "INSERT INTO passages (key, doc_id, number, language, text) VALUES (?, ?, ?, ?, ?)",
                    [(k, p.doc_id, p.number, p.language, p.text) for k, p in self._waiting],
                )
                self._db.executemany("DELETE FROM alignments WHERE doc_id = ?", [(i,) for i in self._done])
                self._db.executemany(
                    "INSERT INTO alignments (doc_id, rows) VALUES (?, ?)",
                    [(i, json.dumps([r.to_json() for r in rows]))
                     for i, rows in self._aligned.items() if rows],
                )
                self._db.executemany(
                    "INSERT INTO embedded (doc_id, version) VALUES (?, ?)"
                    " ON CONFLICT (doc_id) DO UPDATE SET version = excluded.version",
                    list(self._done.items()),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            count = len(self._done)
            self._waiting, self._done, self._aligned = [], {}, {}
            return count

    def _keys_of(self, doc_ids: Iterable[str]) -> list[int]:
        out: list[int] = []
        for doc_id in doc_ids:
            rows = self._db.execute("SELECT key FROM passages WHERE doc_id = ?", (doc_id,))
            out += [int(k) for (k,) in rows]
        return out

    def _save(self) -> None:
        if self.path is None:
            return
        target = self.path / "passages.usearch"
        temporary = target.with_suffix(".usearch.tmp")
        self._index.save(str(temporary))
        os.replace(temporary, target)
        self._loaded_at = target.stat().st_mtime  # what this process holds is what is saved

    def search(self, vector: Vectors, count: int) -> list[PassageHit]:
        """The passages nearest ``vector``, best first (one row per passage)."""
        if len(self._index) == 0 or count <= 0:
            return []
        with self._lock:
            matches = self._index.search(vector.astype(np.float32).reshape(-1), min(count, len(self._index)))
            pairs = [(int(k), float(d)) for k, d in zip(matches.keys, matches.distances, strict=True)]
            marks = ",".join("?" * len(pairs))
            rows = {
                int(r[0]): r
                for r in self._db.execute(
                    f"SELECT key, doc_id, number, text FROM passages WHERE key IN ({marks})",
                    [k for k, _ in pairs],
                )
            } if pairs else {}
        return [
            PassageHit(str(rows[k][1]), int(rows[k][2]), str(rows[k][3]), 1.0 - distance)
            for k, distance in pairs
            if k in rows
        ]

    def documents(self, vector: Vectors, count: int) -> list[PassageHit]:
        """The documents nearest ``vector`` by their best passage, best first."""
        best: dict[str, PassageHit] = {}
        for hit in self.search(vector, count * 4):
            if hit.doc_id not in best or hit.similarity > best[hit.doc_id].similarity:
                best[hit.doc_id] = hit
        return sorted(best.values(), key=lambda h: -h.similarity)[:count]

    def vectors_of(self, doc_id: str) -> list[Vectors]:
        """The stored vectors of a document's passages."""
        with self._lock:
            keys = [k for k in self._keys_of([doc_id]) if self._index.contains(k)]
            keys += [k for k, p in self._waiting if p.doc_id == doc_id]
            if not keys:
                return []
            found = np.asarray(self._index.get(np.array(keys, dtype=np.uint64)), dtype=np.float32)
        return [row / max(float(np.linalg.norm(row)), 1e-12) for row in found.reshape(len(keys), -1)]

    def alignment(self, doc_id: str) -> list[dict[str, Any]] | None:
        """The sentence alignment of a bilingual document (rows of spans), if embedded."""
        with self._lock:
            row = self._db.execute("SELECT rows FROM alignments WHERE doc_id = ?", (doc_id,)).fetchone()
        return None if row is None else list(json.loads(row[0]))

    def document_texts(self, batch: int = 1000) -> Iterator[str]:
        """The embedded passages of each document, joined (one text per document), read
        ``batch`` documents at a time (the whole corpus's text is never held at once)."""
        with self._lock:
            rows = self._db.cursor()  # a cursor of its own: the lock is held per batch
            rows.execute("SELECT group_concat(text, ' ') FROM passages GROUP BY doc_id")
        while True:
            with self._lock:
                chunk = rows.fetchmany(batch)
            if not chunk:
                return
            yield from (str(t) for (t,) in chunk)

    def update_terms(self, encoder: Encoder, **limits: int) -> UpdateReport:
        """Recount and embed the vocabulary of the passages (:mod:`cablegraph.meaning.vocabulary`)."""
        try:
            return update_terms(self._db, encoder, self.document_texts(), **limits)
        finally:
            self._terms.clear()

    def vocabulary(self) -> Vocabulary:
        """The embedded terms of these passages (empty until :meth:`update_terms`)."""
        with self._lock:
            return self._terms.get(self._db, self.dimensions)

    def close(self) -> None:
        self._db.close()


def _start_over_unless(path: Path, wanted: dict[str, Any]) -> str | None:
    """Drop the vectors in ``path`` unless its record names the encoder ``wanted`` (the
    kind of index: encoder and dimensions); then record ``wanted``. What was dropped and
    why, or None when nothing was."""
    meta = path / META
    found: Any = None
    if meta.exists():
        try:
            found = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            found = f"an unreadable record ({exc})"
    held = any((path / name).exists() for name in ("passages.usearch", "passages.sqlite"))
    reason = None
    if found is not None and found != wanted and held:
        was = (f"{found.get('encoder')} ({found.get('dimensions')} dimensions)" if isinstance(found, dict)
               else str(found))
        reason = (f"{path / META}: the vectors were made by {was}, not {wanted['encoder']}"
                  f" ({wanted['dimensions']} dimensions): dropped, `cablegraph enrich` embeds again")
        for name in ("passages.usearch", "passages.sqlite"):
            (path / name).unlink(missing_ok=True)
    meta.write_text(json.dumps(wanted), encoding="utf-8")
    return reason


@dataclass(frozen=True, slots=True)
class Embedding:
    """One encoder and the vector index of its passage vectors."""

    vectors: VectorIndex
    encoder: Encoder


_SHARED: dict[Path, VectorIndex] = {}
_SHARING = threading.Lock()


def shared_vectors(path: Path, *, encoder: str, dimensions: int) -> VectorIndex:
    """One vector index per folder and process, shared by every thread's corpus (a web
    server's threads would otherwise each hold the whole graph in memory); refreshed
    when another process saved newer vectors."""
    with _SHARING:
        found = _SHARED.get(path)
        if found is None or (found.encoder, found.dimensions) != (encoder, dimensions):
            found = _SHARED[path] = VectorIndex(path, encoder=encoder, dimensions=dimensions)
    found.refresh()
    return found
