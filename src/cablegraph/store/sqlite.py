"""The SQLite store: the corpus in one file, the system of record.

WAL journal (readers never block the writer), ``BEGIN IMMEDIATE`` for every write (a
writer takes its lock up front instead of failing half-way), a busy timeout, and one
transaction per page: document, source, facets, near-duplicate flags and ledger rows are
committed together, so a crash or kill leaves each page either fully stored or absent.
Only parameterised SQL.

``sources.doc_json`` keeps a page's own parse only when it was merged into a document
that already existed (the parse of the page that created a document is ``documents.data``
as first written; ``choices`` says which fields later pages replaced).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cablegraph.errors import StoreError
from cablegraph.store.base import (
    JSON,
    Card,
    Copies,
    Failure,
    PutResult,
    SourceInfo,
    Stamp,
    Store,
    StoredDocument,
    StoreStats,
    body_text,
)
from cablegraph.store.facets import FACETS
from cablegraph.store.ledger import DocumentRow, NewDocument, StoredRow, add_mentions, dumps, now, put_page
from cablegraph.store.migrations import migrate

_CHUNK = 400  # ids per IN (...) list


def _placeholders(n: int) -> str:
    return ",".join("?" * n)


class SQLiteStore(Store):
    """A corpus stored in one SQLite file (``":memory:"`` for a throwaway one)."""

    def __init__(self, path: str | Path, *, busy_timeout_ms: int = 10_000,
                 any_thread: bool = False) -> None:
        """``any_thread``: the connection may be closed (or used, one thread at a time) by
        another thread than the one that opened it (a server's per-thread connections are
        closed by its shutdown)."""
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None,
                                        timeout=busy_timeout_ms / 1000,
                                        check_same_thread=not any_thread)
            self.conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            migrate(self.conn)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the database: {exc}", path=self.path) from exc

    # -- transactions -----------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot start a write: {exc}", path=self.path) from exc
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:  # on a full disk or I/O error SQLite rolled back itself
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"write failed: {exc}", path=self.path) from exc
            raise

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"read failed: {exc}", path=self.path) from exc

    # -- writing ----------------------------------------------------------------------

    def has_source(self, sha256: str) -> bool:
        return bool(self._read("SELECT 1 FROM sources WHERE sha256 = ?", (sha256,)))

    def put(self, source: SourceInfo, text: str, doc: JSON) -> PutResult:
        return self.put_many([(source, text, doc)])[0]

    def put_many(
        self, pages: Sequence[tuple[SourceInfo, str, JSON]], new: Sequence[NewDocument | None] | None = None
    ) -> list[PutResult]:
        """Every page in one transaction (one commit for the batch, not one per page)."""
        with self._write() as conn:
            return [
                put_page(self, conn, source, text, doc, made)
                for (source, text, doc), made in zip(pages, new or [None] * len(pages), strict=True)
            ]

    def add_mentions(self, doc_id: str, mentions: Sequence[JSON]) -> int:
        with self._write() as conn:  # BEGIN IMMEDIATE: the row is this writer's already
            try:
                return add_mentions(self, conn, doc_id, list(mentions))
            except KeyError:
                raise KeyError(f"no document {doc_id!r} in {self.path}") from None

    # -- the ledger's statements (see ``ledger.py``, which runs them) ----------------------

    def source_owner(self, conn: sqlite3.Connection, sha256: str) -> str | None:
        row = conn.execute("SELECT doc_id FROM sources WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else str(row[0])

    def find(
        self, conn: sqlite3.Connection, key: str | None, doc_id: str, *, for_update: bool = False
    ) -> StoredRow | None:
        sql = "SELECT id, data, choices, record_key FROM documents WHERE "
        row = None
        if key is not None:
            row = conn.execute(sql + "record_key = ?", (key,)).fetchone()
        row = row or conn.execute(sql + "id = ?", (doc_id,)).fetchone()
        return None if row is None else StoredRow(row[0], json.loads(row[1]), json.loads(row[2]), row[3])

    def first_source(self, conn: sqlite3.Connection, doc_id: str) -> str | None:
        row = conn.execute(
            "SELECT sha256 FROM sources WHERE doc_id = ? ORDER BY rowid LIMIT 1", (doc_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    def insert_document(
        self, conn: sqlite3.Connection, doc_id: str, row: DocumentRow, sketch: list[int]
    ) -> None:
        stamp = now()
        conn.execute(
            "INSERT INTO documents (id, record_key, title, date_iso, date_text, doc_type,"
            " record_id, page_kind, data, facets, sketch, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, row.record_key, row.title, row.date_iso, row.date_text, row.doc_type,
             row.record_id, row.page_kind, row.data, row.facets, dumps(sketch), stamp, stamp),
        )

    def update_document(self, conn: sqlite3.Connection, doc_id: str, row: DocumentRow, choices: str) -> None:
        conn.execute(
            "UPDATE documents SET data = ?, choices = ?, record_key = ?, title = ?,"
            " date_iso = ?, date_text = ?, doc_type = ?, record_id = ?, facets = ?,"
            " version = version + 1, updated_at = ? WHERE id = ?",
            (row.data, choices, row.record_key, row.title, row.date_iso, row.date_text,
             row.doc_type, row.record_id, row.facets, now(), doc_id),
        )

    def sketches_sharing(
        self, conn: sqlite3.Connection, doc_id: str, bands: list[int]
    ) -> list[tuple[str, list[int]]]:
        rows = conn.execute(
            "SELECT DISTINCT d.id, d.sketch FROM sketch_bands b JOIN documents d"
            f" ON d.id = b.doc_id WHERE b.value IN ({_placeholders(len(bands))})"
            " AND b.doc_id != ? LIMIT 50",
            (*bands, doc_id),
        ).fetchall()
        return [(other, json.loads(sketch)) for other, sketch in rows]

    def add_near_duplicate(self, conn: sqlite3.Connection, doc_id: str, other: str, score: float) -> None:
        conn.executemany(
            "INSERT OR IGNORE INTO near_duplicates (doc_id, other_id, resemblance) VALUES (?, ?, ?)",
            [(doc_id, other, score), (other, doc_id, score)],
        )

    def add_bands(self, conn: sqlite3.Connection, doc_id: str, bands: list[int]) -> None:
        conn.executemany(
            "INSERT OR IGNORE INTO sketch_bands (value, doc_id) VALUES (?, ?)", [(b, doc_id) for b in bands]
        )

    def add_source(self, conn: sqlite3.Connection, source: SourceInfo, doc_id: str, text: str,
                   doc_json: str) -> None:
        conn.execute(
            "INSERT INTO sources (sha256, doc_id, path, format, encoding, text, doc_json,"
            " added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (source.sha256, doc_id, source.path, source.format, source.encoding, text, doc_json,
             source.added_at or now()),
        )

    def lift_quarantine(self, conn: sqlite3.Connection, sha256: str) -> None:
        conn.execute("DELETE FROM quarantine WHERE sha256 = ?", (sha256,))

    def quarantine(self, failure: Failure) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO quarantine (sha256, path, error, raw_text, at) VALUES"
                " (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO UPDATE SET error = excluded.error,"
                " path = excluded.path, at = excluded.at, attempts = attempts + 1",
                (failure.sha256, failure.path, failure.error, failure.raw_text, failure.at or now()),
            )

    def failures(self) -> list[Failure]:
        rows = self._read("SELECT sha256, path, error, raw_text, at FROM quarantine ORDER BY rowid")
        return [Failure(*row) for row in rows]

    # -- reading ----------------------------------------------------------------------

    def get(self, doc_id: str) -> StoredDocument | None:
        return self.get_many([doc_id]).get(doc_id)

    def get_many(self, doc_ids: Sequence[str]) -> dict[str, StoredDocument]:
        out: dict[str, StoredDocument] = {}
        ids = list(dict.fromkeys(doc_ids))
        for start in range(0, len(ids), _CHUNK):
            out.update(self._load(ids[start : start + _CHUNK]))
        return out

    def _load(self, ids: list[str]) -> dict[str, StoredDocument]:
        marks = _placeholders(len(ids))
        docs = {
            row[0]: StoredDocument(row[0], row[1], json.loads(row[2]), json.loads(row[3]))
            for row in self._read(
                f"SELECT id, version, data, choices FROM documents WHERE id IN ({marks})", ids
            )
        }
        for sha, doc_id, path, fmt, enc, added, text in self._read(
            "SELECT sha256, doc_id, path, format, encoding, added_at, text FROM sources"
            f" WHERE doc_id IN ({marks}) ORDER BY rowid",
            ids,
        ):
            docs[doc_id].sources.append(SourceInfo(sha, path, fmt, enc, added))
            docs[doc_id].texts.append(text)
        for doc_id, other in self._read(
            f"SELECT doc_id, other_id FROM near_duplicates WHERE doc_id IN ({marks})", ids
        ):
            docs[doc_id].near_duplicates.append(other)
        return docs

    def stamps(self, doc_ids: Sequence[str]) -> dict[str, Stamp]:
        # the covering index: the planner picks the unique one on id, which reads each
        # row's overflow pages to reach its version (2.8 ms -> 0.5 for 500 ids)
        return self._with_near_duplicates(
            "SELECT d.id, d.version, {near} FROM documents d INDEXED BY documents_id_version"
            " WHERE d.id IN ({marks})", doc_ids)

    def generation(self) -> int | None:
        rows = self._read("SELECT value FROM store_generation WHERE id = 1")
        return int(rows[0][0]) if rows else None

    def copies(self, doc_ids: Sequence[str]) -> dict[str, Copies]:
        return self._with_near_duplicates(
            "SELECT d.id, (SELECT count(*) FROM sources s WHERE s.doc_id = d.id), {near}"
            " FROM documents d WHERE d.id IN ({marks})", doc_ids)

    def _with_near_duplicates(
        self, sql: str, doc_ids: Sequence[str]
    ) -> dict[str, tuple[Any, frozenset[str]]]:
        """id -> (the one value ``sql`` selects, the document's near duplicates), read by
        chunks of ids; ``sql`` has ``{near}`` for the near duplicates and ``{marks}`` for
        the ids' placeholders."""
        near = ("(SELECT group_concat(n.other_id, char(31)) FROM near_duplicates n"
                " WHERE n.doc_id = d.id)")
        out: dict[str, tuple[Any, frozenset[str]]] = {}
        ids = list(dict.fromkeys(doc_ids))
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            query = sql.format(near=near, marks=_placeholders(len(chunk)))
            for doc_id, value, others in self._read(query, chunk):
                out[doc_id] = (value, frozenset(others.split("\x1f")) if others else frozenset())
        return out

    def cards(self, doc_ids: Sequence[str]) -> dict[str, Card]:
        ids = list(dict.fromkeys(doc_ids))[:_CHUNK]
        rows = (
            self._read(
                "SELECT d.id, d.title, coalesce(d.date_iso, d.date_text), d.doc_type, d.record_id,"
                " coalesce((SELECT s.text FROM sources s WHERE s.doc_id = d.id"
                "  AND s.sha256 = json_extract(d.choices, '$.texts.source')),"
                "  (SELECT s.text FROM sources s WHERE s.doc_id = d.id ORDER BY s.rowid LIMIT 1)),"
                " json_extract(d.data, '$.texts')"
                f" FROM documents d WHERE d.id IN ({_placeholders(len(ids))})",
                ids,
            )
            if ids
            else []
        )
        return {r[0]: Card(r[0], r[1], r[2], r[3], r[4], body_text(r[5] or "", r[6])) for r in rows}

    def documents(self) -> Iterator[StoredDocument]:
        last = 0
        while True:
            rows = self._read(
                "SELECT rowid, id FROM documents WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, _CHUNK)
            )
            if not rows:
                return
            batch = self.get_many([r[1] for r in rows])
            yield from (batch[r[1]] for r in rows if r[1] in batch)
            last = rows[-1][0]

    def count(self) -> int:
        return int(self._read("SELECT count(*) FROM documents")[0][0])

    def stats(self, top: int = 20) -> StoreStats:
        facets: dict[str, list[tuple[str, int]]] = {f: [] for f in FACETS}
        rows = (
            []
            if top <= 0
            else self._read(
                "SELECT json_extract(j.value, '$[0]') AS facet, json_extract(j.value, '$[1]') AS v,"
                " count(*) AS n FROM documents, json_each(documents.facets) AS j"
                " GROUP BY facet, v ORDER BY facet, n DESC, v"
            )
        )
        for facet, value, count in rows:
            if facet in facets and len(facets[facet]) < top:
                facets[facet].append((value, count))
        return StoreStats(
            self.count(),
            int(self._read("SELECT count(*) FROM sources")[0][0]),
            int(self._read("SELECT count(*) FROM quarantine")[0][0]),
            facets,
        )

    # -- the search index ledger ------------------------------------------------------

    def pending(self, limit: int) -> list[StoredDocument]:
        rows = self._read(
            "SELECT id FROM documents WHERE indexed_version < version ORDER BY rowid LIMIT ?", (limit,)
        )
        found = self.get_many([r[0] for r in rows])
        return [found[r[0]] for r in rows if r[0] in found]

    def versions(self) -> Iterator[tuple[str, int]]:
        last = 0
        while True:
            rows = self._read("SELECT rowid, id, version FROM documents WHERE rowid > ?"
                              " ORDER BY rowid LIMIT ?", (last, _CHUNK))
            if not rows:
                return
            yield from ((r[1], r[2]) for r in rows)
            last = rows[-1][0]

    def pending_ids(self, limit: int) -> list[tuple[str, int]]:
        return [
            (r[0], r[1])
            for r in self._read(
                "SELECT id, version FROM documents WHERE indexed_version < version ORDER BY rowid LIMIT ?",
                (limit,),
            )
        ]

    def mark_indexed(self, done: Sequence[tuple[str, int]]) -> None:
        with self._write() as conn:
            conn.executemany(
                "UPDATE documents SET indexed_version = ? WHERE id = ?",
                [(version, doc_id) for doc_id, version in done],
            )

    def indexed_count(self) -> int:
        # Every document less those never indexed (indexed_version 0 < version, so in the
        # small partial index documents_unindexed): two index scans, where counting
        # ``indexed_version > 0`` read the whole table (60-115 ms at 100,000 documents, on
        # every open: a server's every new worker thread waited on it).
        return int(self._read(
            "SELECT (SELECT count(*) FROM documents) - (SELECT count(*) FROM documents"
            " WHERE indexed_version < version AND indexed_version = 0)")[0][0])

    def pending_count(self) -> int:
        # the partial index documents_unindexed holds exactly these rows
        return int(self._read("SELECT count(*) FROM documents WHERE indexed_version < version")[0][0])

    def reset_index(self) -> None:
        with self._write() as conn:
            conn.execute("UPDATE documents SET indexed_version = 0")

    def check(self) -> list[str]:
        problems = [r[0] for r in self._read("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {tuple(r)}" for r in self._read("PRAGMA foreign_key_check")]
        return problems

    def close(self) -> None:
        self.conn.close()
