"""Links kept in the corpus database, so pages and the API read them by document.

``cablegraph ingest`` relinks what it changed (``relink_changed``: the new and changed
documents and those whose rules could pick them, found from the small ``link_keys`` table;
see ``cablegraph.link.incremental``), or the whole corpus when the keys do not cover it,
in one transaction; readers look links up by document through an index, and walk threads
link by link, without loading the corpus.

The table lives in the corpus database: a SQLite file, or a PostgreSQL database
(``LinkTable(store)`` borrows a ``PostgresStore``'s pool; ``LinkTable("postgresql://...")``
opens its own). On PostgreSQL the table is created on first use (``CREATE TABLE IF NOT
EXISTS``, under an advisory lock), ``replace_all`` is one transaction (DELETE + COPY) holding
a transaction-level advisory lock so that two relinks never interleave, text is ordered in
byte order (``COLLATE "C"``, as SQLite does), and NUL in evidence becomes U+FFFD (``text``
cannot hold NUL; see ``cablegraph.store.postgres``).
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from cablegraph.link.incremental import LinkKeys, affected
from cablegraph.link.linker import LinkIndex, find_links, links_from
from cablegraph.link.records import Record
from cablegraph.model.link import Link
from cablegraph.store.base import Store, on_backend

if TYPE_CHECKING:
    from cablegraph.store.postgres import PostgresStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS links (
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    target_document TEXT NOT NULL,
    kind TEXT NOT NULL,
    rule TEXT NOT NULL,
    confidence REAL NOT NULL,
    evidence TEXT NOT NULL,
    start INTEGER,
    stop INTEGER
);
CREATE INDEX IF NOT EXISTS links_source ON links (source);
CREATE INDEX IF NOT EXISTS links_target ON links (target_document);
CREATE TABLE IF NOT EXISTS link_keys (doc_id TEXT PRIMARY KEY, keys TEXT NOT NULL);
"""
PG_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS links (source text NOT NULL, target text NOT NULL,"
    " target_document text NOT NULL, kind text NOT NULL, rule text NOT NULL,"
    " confidence double precision NOT NULL, evidence text NOT NULL, start integer, stop integer)",
    "CREATE INDEX IF NOT EXISTS links_source ON links (source)",
    "CREATE INDEX IF NOT EXISTS links_target ON links (target_document)",
    "CREATE TABLE IF NOT EXISTS link_keys (doc_id text PRIMARY KEY, keys text NOT NULL)",
)
COLUMNS = "source, target, target_document, kind, rule, confidence, evidence, start, stop"
INSERT = f"INSERT INTO links ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
UPSERT_KEYS = (
    "INSERT INTO link_keys (doc_id, keys) VALUES (?, ?)"
    " ON CONFLICT (doc_id) DO UPDATE SET keys = excluded.keys"
)
SELECT = "SELECT source, target, kind, rule, confidence, evidence, start, stop FROM links"
PG_LOCK = zlib.crc32(b"cablegraph:links")  # the advisory lock of schema creation and relinks
THREAD_KINDS = ("reply_to", "relays", "references", "duplicate_of", "same_event")
MAX_THREAD = 500
# Kinds the enrichment pass computes (it needs the vectors); a relink keeps them.
ENRICHED = "('same_event')"

Row = tuple[Any, ...]


class _Backend(Protocol):
    collate: str  # appended to each ORDER BY column: byte order on both backends

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def replace(self, rows: list[Row], keys: list[Row], keep_enriched: bool) -> None: ...

    def update(self, sources: list[str], rows: list[Row], keys: list[Row]) -> None: ...

    def replace_touching(self, kind: str, documents: list[str], rows: list[Row]) -> None: ...

    def close(self) -> None: ...


class _SQLite(_Backend):
    collate = ""

    def __init__(self, path: str) -> None:
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA busy_timeout = 30000")
        self._db.executescript(SCHEMA)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._db.execute(sql, params).fetchall()

    def replace(self, rows: list[Row], keys: list[Row], keep_enriched: bool) -> None:
        with self._transaction():
            self._db.execute(f"DELETE FROM links WHERE kind NOT IN {ENRICHED}" if keep_enriched
                             else "DELETE FROM links")
            self._db.execute("DELETE FROM link_keys")
            self._db.executemany(INSERT, rows)
            self._db.executemany(UPSERT_KEYS, keys)

    def update(self, sources: list[str], rows: list[Row], keys: list[Row]) -> None:
        with self._transaction():
            self._db.executemany(f"DELETE FROM links WHERE source = ? AND kind NOT IN {ENRICHED}",
                                 [(s,) for s in sources])
            self._db.executemany(INSERT, rows)
            self._db.executemany(UPSERT_KEYS, keys)

    def replace_touching(self, kind: str, documents: list[str], rows: list[Row]) -> None:
        with self._transaction():
            self._db.executemany(
                "DELETE FROM links WHERE kind = ? AND (source = ? OR target_document = ?)",
                [(kind, d, d) for d in documents])
            self._db.executemany(INSERT, rows)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._db.close()


class _Postgres(_Backend):
    """SQL written with ``?`` placeholders, sent with ``%s`` (no literal ``?`` or ``%`` in it)."""

    collate = ' COLLATE "C"'

    def __init__(self, store: PostgresStore, *, owned: bool) -> None:
        self._store, self._owned = store, owned
        with store.transaction() as conn:
            if conn.execute("SELECT to_regclass('links')").fetchone() == (None,):
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (PG_LOCK,))
                for statement in PG_SCHEMA:
                    conn.execute(statement.encode())

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._store.connection() as conn:
            return conn.execute(sql.replace("?", "%s").encode(), params).fetchall()

    def replace(self, rows: list[Row], keys: list[Row], keep_enriched: bool) -> None:
        with self._store.transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (PG_LOCK,))
            conn.execute((f"DELETE FROM links WHERE kind NOT IN {ENRICHED}" if keep_enriched
                          else "DELETE FROM links").encode())
            conn.execute("DELETE FROM link_keys")
            self._copy(conn, rows, keys)

    def update(self, sources: list[str], rows: list[Row], keys: list[Row]) -> None:
        with self._store.transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (PG_LOCK,))
            conn.execute(f"DELETE FROM links WHERE source = ANY(%s) AND kind NOT IN {ENRICHED}".encode(),
                         (sources,))
            conn.execute("DELETE FROM link_keys WHERE doc_id = ANY(%s)", ([k[0] for k in keys],))
            self._copy(conn, rows, keys)

    def replace_touching(self, kind: str, documents: list[str], rows: list[Row]) -> None:
        with self._store.transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (PG_LOCK,))
            conn.execute(
                "DELETE FROM links WHERE kind = %s AND (source = ANY(%s) OR target_document = ANY(%s))",
                (kind, documents, documents))
            self._copy(conn, rows, [])

    @staticmethod
    def _copy(conn: Any, rows: list[Row], keys: list[Row]) -> None:
        with conn.cursor().copy(f"COPY links ({COLUMNS}) FROM STDIN".encode()) as copy:
            for row in rows:
                copy.write_row([v.replace("\x00", "\ufffd") if isinstance(v, str) else v for v in row])
        with conn.cursor().copy(b"COPY link_keys (doc_id, keys) FROM STDIN") as copy:
            for row in keys:
                copy.write_row(row)

    def close(self) -> None:
        if self._owned:
            self._store.close()


def _backend(where: str | Store) -> _Backend:
    return on_backend(where, _SQLite, lambda store, owned: _Postgres(store, owned=owned), pool_max=2)


class LinkTable:
    """The ``links`` table of one corpus database (SQLite or PostgreSQL).

    ``where`` is a SQLite file, a ``postgresql://`` URL, or a corpus's store (whose
    database holds the table; a PostgreSQL store's pool is borrowed, not closed).
    """

    def __init__(self, where: str | Store) -> None:
        self._backend = _backend(where)

    @classmethod
    def for_store(cls, store: Store) -> LinkTable:
        """The links table in the database of ``store``."""
        return cls(store)

    def close(self) -> None:
        self._backend.close()

    def replace_all(self, links: Iterable[Link], keys: Iterable[LinkKeys] = (), *,
                    keep_enriched: bool = False) -> int:
        """Replace every link (and the documents' link keys) in one transaction; returns
        how many links were written. ``keep_enriched`` keeps the links the enrichment pass
        made (``same_event``), as a relink does."""
        rows = [_row(lk) for lk in links]
        self._backend.replace(rows, [_key_row(k) for k in keys], keep_enriched)
        return len(rows)

    def replace_from(self, sources: Iterable[str], links: Iterable[Link], keys: Iterable[LinkKeys]) -> int:
        """Replace the links whose source is one of ``sources`` and store ``keys``, in one
        transaction; returns how many links were written."""
        rows = [_row(lk) for lk in links]
        self._backend.update(sorted(set(sources)), rows, [_key_row(k) for k in keys])
        return len(rows)

    def replace_touching(self, kind: str, documents: Iterable[str], links: Iterable[Link]) -> int:
        """Replace the links of ``kind`` from or to ``documents`` (what a pass recomputed)."""
        rows = [_row(lk) for lk in links]
        self._backend.replace_touching(kind, sorted(set(documents)), rows)
        return len(rows)

    def keys(self) -> dict[str, LinkKeys]:
        """Every linked document's keys (written by the last relink)."""
        return {
            str(doc_id): LinkKeys.from_json(str(doc_id), json.loads(data))
            for doc_id, data in self._backend.rows("SELECT doc_id, keys FROM link_keys")
        }

    def count(self) -> int:
        return int(self._backend.rows("SELECT count(*) FROM links")[0][0])

    def _order(self) -> str:
        c = self._backend.collate
        return f" ORDER BY kind{c}, source{c}, target{c}, rule{c}, evidence{c}"

    def of(self, doc_id: str, kind: str | None = None) -> list[Link]:
        """Links from or to a document (its nested messages included)."""
        sql = f"{SELECT} WHERE (source = ? OR target_document = ?)"
        params: tuple[str, ...] = (doc_id, doc_id)
        if kind:
            sql += " AND kind = ?"
            params += (kind,)
        return [_link(row) for row in self._backend.rows(sql + self._order(), params)]

    def all(self, kind: str | None = None, limit: int = 100, offset: int = 0) -> tuple[int, list[Link]]:
        where, params = ("WHERE kind = ?", (kind,)) if kind else ("", ())
        total = int(self._backend.rows(f"SELECT count(*) FROM links {where}", params)[0][0])
        sql = f"{SELECT} {where}{self._order()} LIMIT ? OFFSET ?"
        rows = self._backend.rows(sql, (*params, limit, offset))
        return total, [_link(row) for row in rows]

    def thread(self, doc_id: str) -> tuple[list[str], list[Link]]:
        """The documents joined to ``doc_id`` by document-to-document links (breadth first)."""
        seen = {doc_id}
        joined: dict[tuple[str, str, str], Link] = {}
        queue = deque([doc_id])
        while queue and len(seen) < MAX_THREAD:
            current = queue.popleft()
            for link in self.of(current):
                if "#" in link.target or link.kind not in THREAD_KINDS:
                    continue
                joined[(link.source, link.target, link.kind)] = link
                for other in (link.source, link.target):
                    if other not in seen:
                        seen.add(other)
                        queue.append(other)
        return sorted(seen), list(joined.values())


def _row(lk: Link) -> Row:
    return (lk.source, lk.target, lk.target.split("#")[0], lk.kind, lk.rule, lk.confidence,
            lk.evidence, lk.start, lk.stop)


def _key_row(keys: LinkKeys) -> Row:
    return (keys.doc_id, json.dumps(keys.to_json(), ensure_ascii=False, separators=(",", ":")))


def _link(row: Row) -> Link:
    source, target, kind, rule, confidence, evidence, start, stop = row
    return Link(
        str(source),
        str(target),
        kind,
        str(rule),
        float(confidence),
        str(evidence),
        start if isinstance(start, int) else None,
        stop if isinstance(stop, int) else None,
    )


class RecordSource(Protocol):
    """Where a relink reads documents: all of them, or some by id."""

    def count(self) -> int: ...

    def records(self, ids: Sequence[str] | None = None) -> Iterable[Record]: ...


def relink(where: str | Store, records: Iterable[Record]) -> int:
    """Compute every link among ``records`` and store them as the corpus's links."""
    table = LinkTable(where)
    try:
        return _relink_all(table, list(records))
    finally:
        table.close()


def _relink_all(table: LinkTable, records: list[Record]) -> int:
    return table.replace_all(find_links(records), (LinkKeys.of(r) for r in records), keep_enriched=True)


@dataclass(slots=True)
class Relinked:
    """What a relink did: ``full`` or only the ``sources`` it reran; links written."""

    full: bool
    sources: int
    written: int


def relink_changed(where: str | Store, corpus: RecordSource, changed: Iterable[str]) -> Relinked:
    """Relink after an ingest that added or changed the documents ``changed``.

    Reruns the rules on those documents and on the ones whose rules could pick them (see
    ``cablegraph.link.incremental``), against the keys of every document. Falls back to a
    full relink when the keys do not cover the corpus (an older database, an import).
    """
    table = LinkTable(where)
    try:
        changed_ids = set(changed)
        keys = table.keys()
        if len(keys.keys() | changed_ids) != corpus.count():
            records = list(corpus.records())
            return Relinked(True, len(records), _relink_all(table, records))
        if not changed_ids:
            return Relinked(False, 0, 0)
        fresh = list(corpus.records(sorted(changed_ids)))
        new_keys = {r.id: LinkKeys.of(r) for r in fresh}
        probes = [*new_keys.values(), *(keys[i] for i in changed_ids if i in keys)]
        keys.update(new_keys)
        others = affected(keys.values(), probes, skip=changed_ids)
        sources = fresh + list(corpus.records(sorted(others)))
        index = LinkIndex(k.as_candidate() for k in keys.values())
        written = table.replace_from((r.id for r in sources), links_from(sources, index), new_keys.values())
        return Relinked(False, len(sources), written)
    finally:
        table.close()
