"""The PostgreSQL store: every check the SQLite store passes, then PostgreSQL specifics.

``test_same_behaviour_as_sqlite`` runs each ``test_*`` function of
``tests/store/test_store_interface.py`` against a ``PostgresStore`` on a real server (the
``store`` fixture of ``conftest.py``), so a check added there is run here too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
import test_store_interface as shared
from storekit import LOREM, doc, source

from cablegraph.errors import CablegraphError, StoreError
from cablegraph.store import Failure
from cablegraph.store.pg_migrations import MIGRATIONS, applied, migrate
from cablegraph.store.postgres import PostgresStore, redact

CHECKS: dict[str, Callable[..., Any]] = {
    name: fn for name, fn in vars(shared).items() if name.startswith("test_") and callable(fn)
}


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_same_behaviour_as_sqlite(name: str, store: PostgresStore) -> None:
    CHECKS[name](store)


def test_migrations_are_recorded_and_idempotent(pg_url: str) -> None:
    store = PostgresStore(pg_url)
    with store.connection() as conn:
        assert applied(conn) == [m.name for m in MIGRATIONS]
        assert migrate(conn) == []
    store.close()
    again = PostgresStore(pg_url)  # a second open applies nothing
    with again.connection() as conn:
        assert applied(conn) == [m.name for m in MIGRATIONS]
    assert again.check() == []
    again.close()


def test_two_processes_opening_at_once_migrate_once(pg_url: str) -> None:
    stores: list[PostgresStore] = []
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            stores.append(PostgresStore(pg_url, pool_max=1))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(stores) == 4
    with stores[0].connection() as conn:
        assert applied(conn) == [m.name for m in MIGRATIONS]
    for s in stores:
        s.close()


def test_statement_timeout_is_set_and_reported(pg_url: str) -> None:
    store = PostgresStore(pg_url, statement_timeout_ms=150)
    with store.connection() as conn:
        assert conn.execute("SHOW statement_timeout").fetchone() == ("150ms",)
    with pytest.raises(StoreError, match="statement timeout"), store.connection() as conn:
        conn.execute("SELECT pg_sleep(2)")
    assert store.count() == 0  # the pool recovered the connection
    store.close()


def test_a_failing_write_leaves_nothing(store: PostgresStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object) -> None:
        raise RuntimeError("crash in the middle of a document")

    monkeypatch.setattr(store, "sketches_sharing", boom)  # after the document row, before its source
    text = "page " + LOREM
    with pytest.raises(RuntimeError):
        store.put(source(text), text, doc("d:1", senders=[{"name": "X"}]))
    monkeypatch.undo()
    assert store.count() == 0 and not store.has_source(source(text).sha256)
    assert store.put(source(text), text, doc("d:1")).outcome == "added"


def test_hostile_values_are_stored_verbatim(store: PostgresStore) -> None:
    evil = "'); DROP TABLE documents; -- %s %(x)s $1 \\"
    text = evil + LOREM
    store.put(source(text, evil), text, doc(evil, title=evil, archive=evil, record_id=evil))
    got = store.get(evil)
    assert got is not None and got.data["title"] == evil and got.sources[0].path == evil
    assert got.texts == [text] and store.count() == 1


def test_nul_is_replaced_in_text_and_kept_in_json(store: PostgresStore) -> None:
    text = "before\x00after " + LOREM
    store.put(source(text, "nul\x00.txt"), text, doc("d:nul", title="a\x00b"))
    got = store.get("d:nul")
    assert got is not None and got.data["title"] == "a\x00b"  # JSON keeps it
    assert got.texts[0] == text.replace("\x00", "\ufffd")  # same length: spans still hold
    store.quarantine(Failure("f" * 64, "bad\x00.txt", "err\x00", "raw\x00"))
    assert store.failures()[0].raw_text == "raw\ufffd"


def test_unreachable_server_is_a_store_error_without_password() -> None:
    url = "postgresql://someone:s3cret@127.0.0.1:1/nodb"
    with pytest.raises(StoreError) as info:
        PostgresStore(url, connect_timeout_s=1.0)
    assert isinstance(info.value, CablegraphError)
    assert "s3cret" not in str(info.value) and "127.0.0.1:1" in str(info.value)
    assert redact(url) == "postgresql://someone:***@127.0.0.1:1/nodb"


def test_driver_errors_never_leak(store: PostgresStore) -> None:
    with pytest.raises(StoreError), store.connection() as conn:
        conn.execute("SELECT * FROM no_such_table")
    with pytest.raises(StoreError), store.transaction(read_only=True) as conn:
        conn.execute("DELETE FROM documents")
    assert not issubclass(StoreError, psycopg.Error)


def test_concurrent_writers_of_one_record_make_one_document(store: PostgresStore) -> None:
    pages = [f"mirror {i} " + LOREM for i in range(8)]
    outcomes: list[str] = []

    def write(text: str) -> None:
        result = store.put(
            source(text), text, doc(f"sha256:{hash(text)}", archive="Wilson", record_id="113658")
        )
        outcomes.append(result.outcome)

    threads = [threading.Thread(target=write, args=(p,)) for p in pages]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes).count("added") == 1 and len(outcomes) == 8
    assert store.count() == 1
    [only] = list(store.documents())
    assert len(only.sources) == 8 and only.version == 8


def test_many_writers_of_different_records(store: PostgresStore) -> None:
    def write(worker: int) -> None:
        for i in range(20):
            text = f"worker {worker} page {i} unique{worker * 100 + i} " + LOREM[:60]
            store.put(source(text), text, doc(f"d:{worker}:{i}"))

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.count() == 80 and store.stats().sources == 80
