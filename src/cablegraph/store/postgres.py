"""The PostgreSQL store: the same interface and the same semantics as ``SQLiteStore``.

For a corpus shared by a team or too large for one file. psycopg 3 with a connection pool
(``psycopg_pool``), so several web workers and ingesters share one database; every
connection has a ``statement_timeout``; only parameterised SQL.

What is the same as SQLite: the content-hash ledger (``sources.sha256``), one transaction
per page (document, source, facets, near-duplicate flags and ledger rows together), the
merge of pages that share archive and record id (``merge.py``), quarantine, named
migrations recorded in a table (``pg_migrations.py``), and the index ledger
(``version`` / ``indexed_version``). SQLite serialises writers with ``BEGIN IMMEDIATE``;
here each ``put`` takes transaction-level advisory locks on the page hash, the record key
and the document id (in a fixed order, so two writers never deadlock), so concurrent
ingesters of the same record wait for each other and writers of different records run in
parallel.

What differs, and why:

- PostgreSQL ``text`` cannot hold NUL (U+0000). Page text, paths, errors and titles are
  stored with each NUL replaced by U+FFFD (same length, so every span's offsets still
  hold); SQLite keeps the NUL. The JSON columns are unaffected (``json.dumps`` escapes it).
- Facet ties in ``stats`` are ordered by value in byte order (``COLLATE "C"``), like
  SQLite, not by the database's locale.
- ``check`` reports documents without a source (foreign keys make the other SQLite checks
  impossible to fail here; page-level integrity is the server's business, e.g.
  ``pg_amcheck``).
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
import psycopg_pool
from psycopg import errors as pg_errors

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
from cablegraph.store.ledger import (
    DocumentRow,
    NewDocument,
    StoredRow,
    add_mentions,
    key_text,
    now,
    put_page,
)
from cablegraph.store.pg_migrations import migrate

Conn = psycopg.Connection[tuple[Any, ...]]

_CHUNK = 400  # ids per batch when loading documents
_PASSWORD = re.compile(r"(://[^:/@]*):[^@/]*@")


def _t(value: Any) -> Any:
    """A text parameter PostgreSQL can store (NUL replaced, see the module docstring)."""
    return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


def _lock_key(text: str) -> int:
    """A signed 64-bit advisory-lock key for a string (two CRCs, stable across runs)."""
    data = text.encode("utf-8", "surrogatepass")
    value = (zlib.crc32(data) << 32) | zlib.crc32(data[::-1] + b"\x01")
    return value - (1 << 64) if value >= 1 << 63 else value


def redact(url: str) -> str:
    """The URL without its password, for messages and ``Store.path``."""
    return _PASSWORD.sub(r"\1:***@", url)


class PostgresStore(Store):
    """A corpus in a PostgreSQL database, reached through a pool of connections."""

    def __init__(
        self,
        url: str,
        *,
        statement_timeout_ms: int = 30_000,
        pool_min: int = 1,
        pool_max: int = 8,
        connect_timeout_s: float = 10.0,
    ) -> None:
        self.url = url
        self.path = redact(url)
        self.statement_timeout_ms = statement_timeout_ms
        try:
            self.pool = psycopg_pool.ConnectionPool(
                url,
                min_size=pool_min,
                max_size=max(pool_max, pool_min),
                kwargs={"autocommit": True},
                configure=self._configure,
                open=False,
                name="cablegraph",
                timeout=connect_timeout_s,
            )
            self.pool.open(wait=True, timeout=connect_timeout_s)
            with self.pool.connection() as conn:
                migrate(conn)
        except (psycopg.Error, psycopg_pool.PoolTimeout) as exc:
            self._close_quietly()
            raise StoreError(f"cannot open the database: {_message(exc)}", path=self.path) from exc

    def _configure(self, conn: Conn) -> None:
        """Every new connection: a statement timeout, UTC, our application name."""
        conn.execute(
            "SELECT set_config('statement_timeout', %s, false),"
            " set_config('TimeZone', 'UTC', false),"
            " set_config('application_name', 'cablegraph', false)",
            (str(int(self.statement_timeout_ms)),),
        )

    def _close_quietly(self) -> None:
        pool = getattr(self, "pool", None)
        if pool is not None:
            pool.close()

    # -- transactions -----------------------------------------------------------------

    @contextmanager
    def connection(self) -> Iterator[Conn]:
        """A pooled connection (autocommit); psycopg errors become ``StoreError``."""
        try:
            with self.pool.connection() as conn:
                yield conn
        except pg_errors.QueryCanceled as exc:
            raise StoreError(
                f"query took longer than the statement timeout"
                f" ({self.statement_timeout_ms} ms): {_message(exc)}",
                path=self.path,
            ) from exc
        except (psycopg.Error, psycopg_pool.PoolTimeout) as exc:
            raise StoreError(f"database error: {_message(exc)}", path=self.path) from exc

    @contextmanager
    def transaction(self, *, read_only: bool = False, timeout_ms: int | None = None) -> Iterator[Conn]:
        """One transaction on a pooled connection, committed at the end or rolled back."""
        with self.connection() as conn, conn.transaction():
            if read_only:
                conn.execute("SET TRANSACTION READ ONLY")
            if timeout_ms is not None:
                conn.execute("SELECT set_config('statement_timeout', %s, true)", (str(int(timeout_ms)),))
            yield conn

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self.connection() as conn:
            return conn.execute(sql.encode(), params).fetchall()

    # -- writing ----------------------------------------------------------------------

    def has_source(self, sha256: str) -> bool:
        return bool(self._read("SELECT 1 FROM sources WHERE sha256 = %s", (sha256,)))

    def put(self, source: SourceInfo, text: str, doc: JSON) -> PutResult:
        return self.put_many([(source, text, doc)])[0]

    def put_many(
        self, pages: Sequence[tuple[SourceInfo, str, JSON]], new: Sequence[NewDocument | None] | None = None
    ) -> list[PutResult]:
        """Every page in one transaction: one commit (one WAL flush) for the batch.

        The advisory locks of every page are taken first, in one sorted order, so two
        processes ingesting overlapping batches wait for each other instead of deadlocking.
        """
        names = []
        for source, _, doc in pages:
            key = key_text(doc)
            names += [f"sha:{source.sha256}", f"id:{doc['id']}"] + ([f"key:{key}"] if key else [])
        with self.transaction() as conn:
            self._lock(conn, names)
            return [
                put_page(self, conn, source, text, doc, made)
                for (source, text, doc), made in zip(pages, new or [None] * len(pages), strict=True)
            ]

    @staticmethod
    def _lock(conn: Conn, names: list[str]) -> None:
        """Advisory locks for this transaction, always taken in the same order."""
        keys = sorted({_lock_key(name) for name in names})
        conn.execute("SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) AS k", (keys,))

    def add_mentions(self, doc_id: str, mentions: Sequence[JSON]) -> int:
        with self.transaction() as conn:
            try:
                return add_mentions(self, conn, doc_id, list(mentions))
            except KeyError:
                raise KeyError(f"no document {doc_id!r} in the PostgreSQL store") from None

    # -- the ledger's statements (see ``ledger.py``, which runs them) ----------------------

    def source_owner(self, conn: Conn, sha256: str) -> str | None:
        row = conn.execute("SELECT doc_id FROM sources WHERE sha256 = %s", (sha256,)).fetchone()
        return None if row is None else str(row[0])

    def find(self, conn: Conn, key: str | None, doc_id: str, *, for_update: bool = False) -> StoredRow | None:
        sql = "SELECT id, data, choices, record_key FROM documents WHERE "
        lock = " FOR UPDATE" if for_update else ""
        row = None
        if key is not None:
            row = conn.execute((sql + "record_key = %s" + lock).encode(), (_t(key),)).fetchone()
        row = row or conn.execute((sql + "id = %s" + lock).encode(), (_t(doc_id),)).fetchone()
        return None if row is None else StoredRow(row[0], json.loads(row[1]), json.loads(row[2]), row[3])

    def first_source(self, conn: Conn, doc_id: str) -> str | None:
        row = conn.execute(
            "SELECT sha256 FROM sources WHERE doc_id = %s ORDER BY seq LIMIT 1", (doc_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    def insert_document(self, conn: Conn, doc_id: str, row: DocumentRow, sketch: list[int]) -> None:
        stamp = now()
        conn.execute(
            "INSERT INTO documents (id, record_key, title, date_iso, date_text, doc_type,"
            " record_id, page_kind, data, facets, sketch, created_at, updated_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s, %s, %s)",
            (_t(doc_id), _t(row.record_key), _t(row.title), _t(row.date_iso), _t(row.date_text),
             _t(row.doc_type), _t(row.record_id), _t(row.page_kind), row.data, row.facets, sketch,
             stamp, stamp),
        )

    def update_document(self, conn: Conn, doc_id: str, row: DocumentRow, choices: str) -> None:
        conn.execute(
            "UPDATE documents SET data = %s, choices = %s, record_key = %s, title = %s,"
            " date_iso = %s, date_text = %s, doc_type = %s, record_id = %s,"
            " facets = %s::jsonb, version = version + 1, updated_at = %s WHERE id = %s",
            (row.data, choices, _t(row.record_key), _t(row.title), _t(row.date_iso),
             _t(row.date_text), _t(row.doc_type), _t(row.record_id), row.facets, now(), doc_id),
        )

    def sketches_sharing(self, conn: Conn, doc_id: str, bands: list[int]) -> list[tuple[str, list[int]]]:
        rows = conn.execute(
            "SELECT d.id, d.sketch FROM documents d WHERE d.id IN (SELECT DISTINCT b.doc_id"
            " FROM sketch_bands b WHERE b.value = ANY(%s::bigint[]) AND b.doc_id <> %s"
            " LIMIT 50) ORDER BY d.seq",
            (bands, _t(doc_id)),
        ).fetchall()
        return [(other, list(sketch)) for other, sketch in rows]

    def add_near_duplicate(self, conn: Conn, doc_id: str, other: str, score: float) -> None:
        conn.execute(
            "INSERT INTO near_duplicates (doc_id, other_id, resemblance) VALUES"
            " (%s, %s, %s), (%s, %s, %s) ON CONFLICT DO NOTHING",
            (_t(doc_id), other, score, other, _t(doc_id), score),
        )

    def add_bands(self, conn: Conn, doc_id: str, bands: list[int]) -> None:
        conn.execute(
            "INSERT INTO sketch_bands (value, doc_id) SELECT v, %s"
            " FROM unnest(%s::bigint[]) AS v ON CONFLICT DO NOTHING",
            (_t(doc_id), bands),
        )

    def add_source(self, conn: Conn, source: SourceInfo, doc_id: str, text: str, doc_json: str) -> None:
        conn.execute(
            "INSERT INTO sources (sha256, doc_id, path, format, encoding, text, doc_json,"
            " added_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            (source.sha256, doc_id, _t(source.path), _t(source.format), _t(source.encoding),
             _t(text), doc_json, source.added_at or now()),
        )

    def lift_quarantine(self, conn: Conn, sha256: str) -> None:
        conn.execute("DELETE FROM quarantine WHERE sha256 = %s", (sha256,))

    def quarantine(self, failure: Failure) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO quarantine (sha256, path, error, raw_text, at) VALUES"
                " (%s, %s, %s, %s, %s) ON CONFLICT (sha256) DO UPDATE SET"
                " error = excluded.error, path = excluded.path, at = excluded.at,"
                " attempts = quarantine.attempts + 1",
                (
                    failure.sha256,
                    _t(failure.path),
                    _t(failure.error),
                    _t(failure.raw_text),
                    failure.at or now(),
                ),
            )

    def failures(self) -> list[Failure]:
        rows = self._read("SELECT sha256, path, error, raw_text, at FROM quarantine ORDER BY seq")
        return [Failure(*row) for row in rows]

    # -- reading ----------------------------------------------------------------------

    def get(self, doc_id: str) -> StoredDocument | None:
        return self.get_many([doc_id]).get(doc_id)

    def get_many(self, doc_ids: Sequence[str]) -> dict[str, StoredDocument]:
        out: dict[str, StoredDocument] = {}
        ids = [_t(i) for i in dict.fromkeys(doc_ids)]
        for start in range(0, len(ids), _CHUNK):
            out.update(self._load(ids[start : start + _CHUNK]))
        return out

    def _load(self, ids: list[str]) -> dict[str, StoredDocument]:
        with self.transaction(read_only=True) as conn:
            docs = {
                row[0]: StoredDocument(row[0], row[1], json.loads(row[2]), json.loads(row[3]))
                for row in conn.execute(
                    "SELECT id, version, data, choices FROM documents WHERE id = ANY(%s)", (ids,)
                )
            }
            for sha, doc_id, path, fmt, enc, added, text in conn.execute(
                "SELECT sha256, doc_id, path, format, encoding, added_at, text"
                " FROM sources WHERE doc_id = ANY(%s) ORDER BY seq",
                (ids,),
            ):
                docs[doc_id].sources.append(SourceInfo(sha, path, fmt, enc, added))
                docs[doc_id].texts.append(text)
            for doc_id, other in conn.execute(
                "SELECT n.doc_id, n.other_id FROM near_duplicates n JOIN documents d"
                " ON d.id = n.other_id WHERE n.doc_id = ANY(%s) ORDER BY d.seq",
                (ids,),
            ):
                docs[doc_id].near_duplicates.append(other)
        return docs

    def stamps(self, doc_ids: Sequence[str]) -> dict[str, Stamp]:
        ids = [_t(i) for i in dict.fromkeys(doc_ids)]
        rows = self._read(
            "SELECT d.id, d.version, ARRAY(SELECT n.other_id FROM near_duplicates n WHERE n.doc_id = d.id)"
            " FROM documents d WHERE d.id = ANY(%s)",
            (ids,),
        ) if ids else []
        return {doc_id: (version, frozenset(near)) for doc_id, version, near in rows}

    def copies(self, doc_ids: Sequence[str]) -> dict[str, Copies]:
        ids = [_t(i) for i in dict.fromkeys(doc_ids)]
        rows = self._read(
            "SELECT d.id, (SELECT count(*) FROM sources s WHERE s.doc_id = d.id),"
            " ARRAY(SELECT n.other_id FROM near_duplicates n WHERE n.doc_id = d.id)"
            " FROM documents d WHERE d.id = ANY(%s)",
            (ids,),
        ) if ids else []
        return {doc_id: (int(sources), frozenset(near)) for doc_id, sources, near in rows}

    def cards(self, doc_ids: Sequence[str]) -> dict[str, Card]:
        ids = [_t(i) for i in list(dict.fromkeys(doc_ids))[:_CHUNK]]
        rows = (
            self._read(
                "SELECT d.id, d.title, coalesce(d.date_iso, d.date_text), d.doc_type, d.record_id,"
                " coalesce((SELECT s.text FROM sources s WHERE s.doc_id = d.id"
                "  AND s.sha256 = d.choices::jsonb #>> '{texts,source}'),"
                "  (SELECT s.text FROM sources s WHERE s.doc_id = d.id ORDER BY s.seq LIMIT 1)),"
                " d.data::jsonb -> 'texts'"
                " FROM documents d WHERE d.id = ANY(%s)",
                (ids,),
            )
            if ids
            else []
        )
        return {r[0]: Card(r[0], r[1], r[2], r[3], r[4], body_text(r[5] or "", r[6])) for r in rows}

    def documents(self) -> Iterator[StoredDocument]:
        last = 0
        while True:
            rows = self._read(
                "SELECT seq, id FROM documents WHERE seq > %s ORDER BY seq LIMIT %s", (last, _CHUNK)
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
                "SELECT facet, v, n FROM (SELECT f->>0 AS facet, f->>1 AS v, count(*) AS n,"
                " row_number() OVER (PARTITION BY f->>0 ORDER BY count(*) DESC,"
                ' (f->>1) COLLATE "C") AS r FROM documents, jsonb_array_elements(facets) AS f'
                " GROUP BY f->>0, f->>1) t WHERE r <= %s ORDER BY facet, r",
                (top,),
            )
        )
        for facet, value, count in rows:
            if facet in facets:
                facets[facet].append((value, int(count)))
        totals = self._read(
            "SELECT (SELECT count(*) FROM documents),"
            " (SELECT count(*) FROM sources), (SELECT count(*) FROM quarantine)"
        )
        documents, sources, failures = (int(x) for x in totals[0])
        return StoreStats(documents, sources, failures, facets)

    # -- the search index ledger ------------------------------------------------------

    def pending(self, limit: int) -> list[StoredDocument]:
        wanted = self.pending_ids(limit)
        found = self.get_many([i for i, _ in wanted])
        return [found[i] for i, _ in wanted if i in found]

    def versions(self) -> Iterator[tuple[str, int]]:
        last = -1
        while True:
            rows = self._read(
                "SELECT seq, id, version FROM documents WHERE seq > %s ORDER BY seq LIMIT %s", (last, 2_000)
            )
            if not rows:
                return
            yield from ((r[1], r[2]) for r in rows)
            last = rows[-1][0]

    def pending_ids(self, limit: int) -> list[tuple[str, int]]:
        return [
            (r[0], r[1])
            for r in self._read(
                "SELECT id, version FROM documents WHERE indexed_version < version ORDER BY seq LIMIT %s",
                (limit,),
            )
        ]

    def mark_indexed(self, done: Sequence[tuple[str, int]]) -> None:
        with self.transaction() as conn:
            mark_indexed(conn, done)

    def indexed_count(self) -> int:
        return int(self._read("SELECT count(*) FROM documents WHERE indexed_version > 0")[0][0])

    def pending_count(self) -> int:
        # the partial index documents_unindexed holds exactly these rows
        return int(self._read("SELECT count(*) FROM documents WHERE indexed_version < version")[0][0])

    def reset_index(self) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE documents SET indexed_version = 0")

    def check(self) -> list[str]:
        rows = self._read(
            "SELECT d.id FROM documents d WHERE NOT EXISTS"
            " (SELECT 1 FROM sources s WHERE s.doc_id = d.id) ORDER BY d.seq"
            " LIMIT 100"
        )
        return [f"{r[0]}: document without a source" for r in rows]

    def close(self) -> None:
        self.pool.close()


def mark_indexed(conn: Conn, done: Sequence[tuple[str, int]]) -> None:
    """Set ``indexed_version`` for these (id, version) pairs, inside the caller's transaction."""
    if done:
        conn.execute(
            "UPDATE documents d SET indexed_version = v.version FROM unnest(%s::text[],"
            " %s::integer[]) AS v(id, version) WHERE d.id = v.id",
            ([_t(i) for i, _ in done], [int(v) for _, v in done]),
        )


def _message(exc: BaseException) -> str:
    """The first line of a driver error (no connection string, no password)."""
    text = str(exc).strip().splitlines()
    return redact(text[0]) if text else type(exc).__name__
