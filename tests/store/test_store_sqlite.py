"""SQLite specifics: WAL, busy timeout, migrations, atomic writes, parameterised SQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from storekit import LOREM, doc, source

from cablegraph.errors import CablegraphError, StoreError
from cablegraph.store import SQLiteStore
from cablegraph.store.migrations import MIGRATIONS, Migration, applied, migrate


def test_wal_busy_timeout_and_migrations_recorded(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "c.db", busy_timeout_ms=1234)
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 1234
    assert applied(store.conn) == [m.name for m in MIGRATIONS]
    assert migrate(store.conn) == []  # idempotent
    store.close()
    again = SQLiteStore(tmp_path / "c.db")
    assert applied(again.conn) == [m.name for m in MIGRATIONS]
    assert again.check() == []
    again.close()


def test_a_failing_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = SQLiteStore(tmp_path / "c.db")

    def boom(*args: object) -> None:
        raise RuntimeError("crash in the middle of a document")

    monkeypatch.setattr(store, "sketches_sharing", boom)  # after the document row, before its source
    text = "page " + LOREM
    with pytest.raises(RuntimeError):
        store.put(source(text), text, doc("d:1", senders=[{"name": "X"}]))
    monkeypatch.undo()
    assert store.count() == 0 and not store.has_source(source(text).sha256)
    assert store.put(source(text), text, doc("d:1")).outcome == "added"
    store.close()


def test_hostile_values_are_stored_verbatim(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "c.db")
    evil = "'); DROP TABLE documents; --"
    text = evil + LOREM
    store.put(source(text, evil), text, doc(evil, title=evil, archive=evil, record_id=evil))
    got = store.get(evil)
    assert got is not None and got.data["title"] == evil and got.sources[0].path == evil
    assert store.count() == 1
    store.close()


def test_unopenable_database_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as info:
        SQLiteStore(tmp_path / "missing-dir" / "c.db")
    assert isinstance(info.value, CablegraphError) and "c.db" in str(info.value)


def test_a_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    first = SQLiteStore(path)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    second = SQLiteStore.__new__(SQLiteStore)
    second.path = str(path)
    second.conn = sqlite3.connect(path, isolation_level=None, timeout=0.2)
    text = "page " + LOREM
    with pytest.raises(StoreError):
        second.put(source(text), text, doc("d:1"))
    blocker.execute("ROLLBACK")
    assert second.put(source(text), text, doc("d:1")).outcome == "added"
    for conn in (blocker, second.conn):
        conn.close()
    first.close()


def test_a_migrated_database_opens_while_a_writer_holds_the_lock(tmp_path: Path) -> None:
    """Opening a current database only reads: a server's new worker thread opens it while
    an edit elsewhere holds the write lock (it once waited out the busy timeout and failed)."""
    path = tmp_path / "c.db"
    SQLiteStore(path).close()
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        store = SQLiteStore(path, busy_timeout_ms=50)
        assert store.stats().documents == 0
        store.close()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def test_a_new_migration_is_applied_once_under_the_lock(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "c.db", isolation_level=None)
    assert migrate(conn) == [m.name for m in MIGRATIONS]
    assert migrate(conn) == []
    extra = (*MIGRATIONS, Migration("9999_probe", ("CREATE TABLE probe (x)",)))
    assert migrate(conn, extra) == ["9999_probe"]
    assert applied(conn)[-1] == "9999_probe"
    conn.close()
