"""Named migrations of the PostgreSQL schema, each applied once and recorded in a table.

The same rule as the SQLite migrations (``migrations.py``): each migration runs in its own
transaction together with the row that records it, so a crash leaves the schema before or
after it, never half-way. A transaction-level advisory lock makes two processes that open
the same database at once apply each migration exactly once. Add new migrations at the
end; never edit one that has shipped.

The schema mirrors SQLite's (documents, sources, quarantine, near-duplicates, the index
ledger) and adds the search tables that ``cablegraph.search.postgres_fts`` keeps in step:
on PostgreSQL the full-text index lives in the same database, so indexing a document and
marking it indexed are one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

# pg_advisory_xact_lock key for "migrating this database" (any fixed bigint).
MIGRATION_LOCK = 0x6361626C65  # "cable"


@dataclass(frozen=True, slots=True)
class Migration:
    """A named list of SQL statements (constants only: nothing user-supplied)."""

    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "0001_documents_sources_quarantine",
        (
            """CREATE TABLE documents (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id text NOT NULL UNIQUE,
            record_key text UNIQUE,
            title text,
            date_iso text,
            date_text text,
            doc_type text,
            record_id text,
            page_kind text,
            data text NOT NULL,
            choices text NOT NULL DEFAULT '{}',
            facets jsonb NOT NULL DEFAULT '[]',
            sketch bigint[] NOT NULL DEFAULT '{}',
            version integer NOT NULL DEFAULT 1,
            indexed_version integer NOT NULL DEFAULT 0,
            created_at text NOT NULL,
            updated_at text NOT NULL
        )""",
            "CREATE INDEX documents_unindexed ON documents (seq) WHERE indexed_version < version",
            """CREATE TABLE sources (
            sha256 text PRIMARY KEY,
            seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
            doc_id text NOT NULL REFERENCES documents (id),
            path text NOT NULL,
            format text NOT NULL,
            encoding text NOT NULL,
            text text NOT NULL,
            doc_json text NOT NULL,
            added_at text NOT NULL
        )""",
            "CREATE INDEX sources_doc ON sources (doc_id, seq)",
            """CREATE TABLE quarantine (
            sha256 text PRIMARY KEY,
            seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
            path text NOT NULL,
            error text NOT NULL,
            raw_text text NOT NULL,
            at text NOT NULL,
            attempts integer NOT NULL DEFAULT 1
        )""",
            """CREATE TABLE sketch_bands (
            value bigint NOT NULL,
            doc_id text NOT NULL REFERENCES documents (id),
            PRIMARY KEY (value, doc_id)
        )""",
            """CREATE TABLE near_duplicates (
            doc_id text NOT NULL REFERENCES documents (id),
            other_id text NOT NULL REFERENCES documents (id),
            resemblance double precision NOT NULL,
            PRIMARY KEY (doc_id, other_id)
        )""",
        ),
    ),
    Migration(
        "0002_search",
        (
            # pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it.
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            """CREATE TABLE search_docs (
            id text PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
            seq bigint NOT NULL,
            version integer NOT NULL,
            tsv tsvector NOT NULL,
            entities text[] NOT NULL DEFAULT '{}',
            f_person tsvector NOT NULL,
            f_place tsvector NOT NULL,
            f_via tsvector NOT NULL,
            e_person text[] NOT NULL DEFAULT '{}',
            e_place text[] NOT NULL DEFAULT '{}',
            e_via text[] NOT NULL DEFAULT '{}',
            k_type text[] NOT NULL DEFAULT '{}',
            k_lang text[] NOT NULL DEFAULT '{}',
            k_archive text[] NOT NULL DEFAULT '{}',
            facets text[] NOT NULL DEFAULT '{}',
            date_min integer,
            date_max integer
        )""",
            "CREATE INDEX search_docs_tsv ON search_docs USING gin (tsv)",
            "CREATE INDEX search_docs_entities ON search_docs USING gin (entities)",
            "CREATE INDEX search_docs_e_person ON search_docs USING gin (e_person)",
            "CREATE INDEX search_docs_f_person ON search_docs USING gin (f_person)",
            "CREATE INDEX search_docs_dates ON search_docs (date_min, date_max)",
            "CREATE INDEX search_docs_seq ON search_docs (seq)",
            """CREATE TABLE search_names (
            name text PRIMARY KEY,
            folded text NOT NULL
        )""",
            "CREATE INDEX search_names_trgm ON search_names USING gin (folded gin_trgm_ops)",
        ),
    ),
    Migration(
        "0003_search_tsv_uncompressed",
        (
            # ts_rank reads the tsvector of every match: stored out of line but uncompressed,
            # ranking 20,000 matches took 119 ms instead of 191 ms (rows written from now on).
            "ALTER TABLE search_docs ALTER COLUMN tsv SET STORAGE EXTERNAL",
        ),
    ),
)


def _ensure_table(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    conn.execute("""CREATE TABLE IF NOT EXISTS migrations (
        seq bigint GENERATED ALWAYS AS IDENTITY,
        name text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now())""")


def applied(conn: psycopg.Connection[tuple[object, ...]]) -> list[str]:
    """Names of the migrations already applied, in order."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        _ensure_table(conn)
        rows = conn.execute("SELECT name FROM migrations ORDER BY seq").fetchall()
    return [str(row[0]) for row in rows]


def migrate(
    conn: psycopg.Connection[tuple[object, ...]], migrations: tuple[Migration, ...] = MIGRATIONS
) -> list[str]:
    """Apply every migration not yet recorded; return the names applied now.

    ``conn`` must be in autocommit mode (each migration opens its own transaction).
    """
    done_now: list[str] = []
    for migration in migrations:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            _ensure_table(conn)
            seen = conn.execute("SELECT 1 FROM migrations WHERE name = %s", (migration.name,)).fetchone()
            if seen is None:
                for statement in migration.statements:
                    conn.execute(statement.encode())
                conn.execute("INSERT INTO migrations (name) VALUES (%s)", (migration.name,))
                done_now.append(migration.name)
    return done_now
