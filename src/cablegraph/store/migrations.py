"""Named migrations of the SQLite schema, each applied once and recorded in a table.

Each migration runs in its own ``BEGIN IMMEDIATE`` transaction together with the row that
records it, so a crash leaves the schema either before or after it, never half-way. Add
new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class Migration:
    """A named list of SQL statements."""

    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "0001_documents_sources_quarantine",
        (
            """CREATE TABLE documents (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            record_key TEXT UNIQUE,
            title TEXT,
            date_iso TEXT,
            doc_type TEXT,
            page_kind TEXT,
            data TEXT NOT NULL,
            choices TEXT NOT NULL DEFAULT '{}',
            version INTEGER NOT NULL DEFAULT 1,
            indexed_version INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
            """CREATE INDEX documents_unindexed ON documents(rowid)
            WHERE indexed_version < version""",
            """CREATE TABLE sources (
            sha256 TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id),
            path TEXT NOT NULL,
            format TEXT NOT NULL,
            encoding TEXT NOT NULL,
            text TEXT NOT NULL,
            doc_json TEXT NOT NULL,
            added_at TEXT NOT NULL
        )""",
            "CREATE INDEX sources_doc ON sources(doc_id)",
            """CREATE TABLE quarantine (
            sha256 TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            error TEXT NOT NULL,
            raw_text TEXT NOT NULL,
            at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 1
        )""",
        ),
    ),
    Migration(
        "0002_facets",
        (
            # (facet, value) pairs as a JSON array: one column write per document instead of
            # ~40 index rows (measured: the rows halved ingest throughput).
            "ALTER TABLE documents ADD COLUMN facets TEXT NOT NULL DEFAULT '[]'",
        ),
    ),
    Migration(
        "0003_near_duplicates",
        (
            "ALTER TABLE documents ADD COLUMN sketch TEXT NOT NULL DEFAULT '[]'",
            """CREATE TABLE sketch_bands (
            value INTEGER NOT NULL,
            doc_id TEXT NOT NULL,
            PRIMARY KEY (value, doc_id)
        ) WITHOUT ROWID""",
            """CREATE TABLE near_duplicates (
            doc_id TEXT NOT NULL,
            other_id TEXT NOT NULL,
            resemblance REAL NOT NULL,
            PRIMARY KEY (doc_id, other_id)
        ) WITHOUT ROWID""",
        ),
    ),
    Migration(
        "0004_hit_cards",
        (
            # What a search hit shows, readable without decoding the whole record.
            "ALTER TABLE documents ADD COLUMN record_id TEXT",
            "ALTER TABLE documents ADD COLUMN date_text TEXT",
            "UPDATE documents SET record_id = json_extract(data, '$.record_id'),"
            " date_text = json_extract(data, '$.date.text')",
        ),
    ),
    Migration(
        "0005_store_generation",
        (
            # One number that every write to the documents, their sources or near
            # duplicates (and so the index ledger) moves on, whichever connection or process
            # writes: the web layer keeps what it derives while the number stays
            # (``SQLiteStore.generation``). A trigger per row: a few microseconds a row.
            """CREATE TABLE store_generation (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            value INTEGER NOT NULL
        )""",
            "INSERT INTO store_generation (id, value) VALUES (1, 0)",
            "CREATE TRIGGER store_generation_documents_insert AFTER INSERT ON documents"
            " BEGIN UPDATE store_generation SET value = value + 1 WHERE id = 1; END",
            "CREATE TRIGGER store_generation_documents_update AFTER UPDATE ON documents"
            " BEGIN UPDATE store_generation SET value = value + 1 WHERE id = 1; END",
            "CREATE TRIGGER store_generation_documents_delete AFTER DELETE ON documents"
            " BEGIN UPDATE store_generation SET value = value + 1 WHERE id = 1; END",
            "CREATE TRIGGER store_generation_sources_insert AFTER INSERT ON sources"
            " BEGIN UPDATE store_generation SET value = value + 1 WHERE id = 1; END",
            "CREATE TRIGGER store_generation_sources_update AFTER UPDATE ON sources"
            " BEGIN UPDATE store_generation SET value = value + 1 WHERE id = 1; END",
            "CREATE TRIGGER store_generation_sources_delete AFTER DELETE ON sources"
            " BEGIN UPDATE store_generation SET value = value + 1 WHERE id = 1; END",
            "CREATE TRIGGER store_generation_near_duplicates_insert AFTER INSERT ON near_duplicates"
            " BEGIN UPDATE store_generation SET value = value + 1 WHERE id = 1; END",
            "CREATE TRIGGER store_generation_near_duplicates_update AFTER UPDATE ON near_duplicates"
            " BEGIN UPDATE store_generation SET value = value + 1 WHERE id = 1; END",
            "CREATE TRIGGER store_generation_near_duplicates_delete AFTER DELETE ON near_duplicates"
            " BEGIN UPDATE store_generation SET value = value + 1 WHERE id = 1; END",
        ),
    ),
    Migration(
        "0006_documents_id_version",
        (
            # A document's version without reading its row: ``version`` is stored after
            # ``data``, so reading it walked the record's overflow pages (the stamps of a
            # person's 500 documents: 3 ms of a 4 ms query at 100,000 documents).
            "CREATE INDEX documents_id_version ON documents(id, version)",
        ),
    ),
)


def _ensure_table(conn: sqlite3.Connection) -> None:
    conn.execute("""CREATE TABLE IF NOT EXISTS migrations (
        name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)""")


def applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations already applied, in order."""
    _ensure_table(conn)
    return [row[0] for row in conn.execute("SELECT name FROM migrations ORDER BY rowid")]


def _all_applied(conn: sqlite3.Connection, migrations: tuple[Migration, ...]) -> bool:
    """Whether every migration is recorded, found without a write lock."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").fetchone()
    if has_table is None:
        return False
    recorded = {row[0] for row in conn.execute("SELECT name FROM migrations")}
    return all(migration.name in recorded for migration in migrations)


def migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[str]:
    """Apply every migration not yet recorded; return the names applied now.

    ``conn`` must be in autocommit mode (``isolation_level=None``). A database whose
    migrations are all applied is only read: opening it takes no write lock, so a reader
    (a server's new worker thread) opens while another connection holds one.
    """
    if _all_applied(conn, migrations):
        return []
    done_now: list[str] = []
    for migration in migrations:
        conn.execute("BEGIN IMMEDIATE")
        try:
            _ensure_table(conn)
            seen = conn.execute("SELECT 1 FROM migrations WHERE name = ?", (migration.name,)).fetchone()
            if seen is None:
                for statement in migration.statements:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                    (migration.name, datetime.now(UTC).isoformat()),
                )
                done_now.append(migration.name)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return done_now
