"""Links on PostgreSQL: the checks ``tests/link`` runs, the links table on both backends, and
``cablegraph ingest``/``links``/``thread`` giving the same answers as on SQLite.

- ``test_link_checks_on_stored_documents`` runs each check of ``tests/link/test_links.py``
  that takes the seed records, with the records read back from a PostgreSQL corpus.
- The ``test_table_*`` checks run against a ``LinkTable`` on a SQLite file and on a fresh
  PostgreSQL database (the ``where`` fixture), so both backends pass the same checks.
- The CLI checks ingest the same pages into a SQLite and a PostgreSQL corpus through
  ``cablegraph ingest`` (which relinks on both) and compare ``links`` and ``thread``.

One known difference, by design: PostgreSQL ``text`` cannot hold NUL, so NUL in evidence
is stored as U+FFFD (same length) there and kept on SQLite (``test_table_nul_in_evidence``).
"""

from __future__ import annotations

import inspect
import json
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pgserver import Server

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the shared checks live in the ``tests`` package
    sys.path.insert(0, str(ROOT))

import tests.link.test_links as shared  # noqa: E402
import tests.test_cli_corpus as shared_cli  # noqa: E402

from cablegraph import corpus as corpus_api  # noqa: E402
from cablegraph.cli import main  # noqa: E402
from cablegraph.errors import StoreError  # noqa: E402
from cablegraph.link import Link, Record, find_links  # noqa: E402
from cablegraph.link.table import LinkTable, relink  # noqa: E402
from cablegraph.store.postgres import PostgresStore  # noqa: E402

PAGES = ROOT / "examples" / "pages"
SEED_CHECKS: dict[str, Callable[..., Any]] = {
    name: fn
    for name, fn in vars(shared).items()
    if name.startswith("test_") and "seeds" in inspect.signature(fn).parameters
}


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def ingest(db: str, *folders: str) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(
        run("ingest", *(str(PAGES / f) for f in folders), "--db", db, "--format", "json")
    )
    assert report["failed"] == 0
    return report


@pytest.fixture(scope="module")
def corpora(pg_server: Server, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The seeds, ingested through the CLI into a SQLite file and a PostgreSQL database."""
    dbs = {
        "sqlite": str(tmp_path_factory.mktemp("links") / "seeds.db"),
        "postgresql": pg_server.new_database(),
    }
    reports = {name: ingest(db, "seeds") for name, db in dbs.items()}
    assert reports["postgresql"]["links"] == reports["sqlite"]["links"] > 0  # ingest relinked on both
    return dbs


# -- the checks of tests/link, on documents read back from PostgreSQL ------------------------


@pytest.fixture(scope="module")
def stored_seeds(corpora: dict[str, str]) -> list[Record]:
    with corpus_api.open(corpora["postgresql"]) as corpus:
        docs = list(corpus.documents())
    # ``source`` (the page's path) is what the shared checks find a seed by; links ignore it
    return [Record.of({**d.data, "source": d.sources[0].to_json()}, d.texts[0]) for d in docs]


@pytest.mark.parametrize("name", list(SEED_CHECKS))
def test_link_checks_on_stored_documents(name: str, stored_seeds: list[Record], tmp_path: Path) -> None:
    check = SEED_CHECKS[name]
    arguments = {"seeds": stored_seeds, "tmp_path": tmp_path}
    check(**{p: arguments[p] for p in inspect.signature(check).parameters})


def test_stored_documents_link_like_the_pages(stored_seeds: list[Record]) -> None:
    assert find_links(stored_seeds) == find_links(shared._records("seeds"))


# -- the links table, on both backends -------------------------------------------------------

LINKS = [
    Link("d:2", "d:1", "reply_to", "ru_received", 0.8, "Ваши телеграммы получены", 12, 36),
    Link("d:3", "d:2", "references", "number", 0.7, "No. 3917", 5, 13),
    Link("d:2", "d:2#msg/0", "relays", "forwarded_own", 0.9, "передаю", None, None),
    Link("d:4", "d:5", "near_duplicate", "shingles", 0.95, ""),
    Link("d:6", "d:7", "same_event", "date_place", 0.5, "'); DROP TABLE links; -- %s $1 ?"),
    Link("d:3", "d:2", "references", "date", 0.6, "of 30 June", 20, 30),  # same ends, other rule
]


@pytest.fixture(params=["sqlite", "postgresql"])
def where(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a links table lives: a SQLite file, or a fresh PostgreSQL database's URL."""
    return str(tmp_path / "links.db") if request.param == "sqlite" else str(request.getfixturevalue("pg_url"))


@pytest.fixture
def table(where: str) -> Iterator[LinkTable]:
    opened = LinkTable(where)
    yield opened
    opened.close()


def test_table_starts_empty_and_replaces_all(table: LinkTable, where: str) -> None:
    assert table.count() == 0 and table.of("d:1") == [] and table.all() == (0, [])
    assert table.replace_all(LINKS) == len(LINKS) and table.count() == len(LINKS)
    assert table.replace_all(LINKS[:2]) == 2 and table.count() == 2
    again = LinkTable(where)  # another connection sees the committed table
    assert sorted(again.all()[1], key=repr) == sorted(LINKS[:2], key=repr)
    again.close()


def test_table_of_a_document(table: LinkTable) -> None:
    table.replace_all(LINKS)
    assert table.of("d:2") == [LINKS[5], LINKS[1], LINKS[2], LINKS[0]]  # kind, source, target, rule
    assert table.of("d:2", kind="reply_to") == [LINKS[0]]
    assert table.of("d:1") == [LINKS[0]] and table.of("nope") == []
    assert table.of("d:7") == [LINKS[4]]  # values with quotes and placeholders come back verbatim


def test_table_all_pages_in_one_order(table: LinkTable) -> None:
    table.replace_all(reversed(LINKS))
    total, every = table.all()
    assert total == len(LINKS) and sorted(every, key=repr) == sorted(LINKS, key=repr)
    assert [lk.kind for lk in every] == sorted(lk.kind for lk in every)
    pages = [table.all(limit=2, offset=o)[1] for o in range(0, len(LINKS), 2)]
    assert [lk for page in pages for lk in page] == every
    assert table.all(kind="references") == (2, [LINKS[5], LINKS[1]])
    assert table.all(kind="references", limit=1, offset=1) == (2, [LINKS[1]])


def test_table_thread_follows_document_links(table: LinkTable) -> None:
    table.replace_all(LINKS)
    members, joined = table.thread("d:1")
    assert members == ["d:1", "d:2", "d:3"]
    assert {(lk.source, lk.target, lk.kind) for lk in joined} == {
        ("d:2", "d:1", "reply_to"),
        ("d:3", "d:2", "references"),
    }
    assert table.thread("d:4") == (["d:4"], [])  # near-duplicates are no thread
    assert table.thread("d:6")[0] == ["d:6", "d:7"]


def test_table_failed_replace_keeps_the_old_links(table: LinkTable) -> None:
    table.replace_all(LINKS)
    broken = Link("d:8", "d:9", None, "rule", 1.0)  # type: ignore[arg-type]  # NOT NULL kind
    with pytest.raises((sqlite3.Error, StoreError)):
        table.replace_all([LINKS[0], broken])
    assert table.count() == len(LINKS)


def test_table_concurrent_replaces_do_not_interleave(where: str) -> None:
    sets = [[Link(f"w{i}:{j}", f"w{i}:t", "references", "number", 0.5) for j in range(300)] for i in range(4)]
    LinkTable(where).close()  # the table exists before the writers race
    errors: list[BaseException] = []

    def write(links: list[Link]) -> None:
        table = LinkTable(where)
        try:
            for _ in range(3):
                table.replace_all(links)
        except BaseException as exc:
            errors.append(exc)
        finally:
            table.close()

    threads = [threading.Thread(target=write, args=(s,)) for s in sets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    table = LinkTable(where)
    final = set(table.all(limit=10_000)[1])
    table.close()
    assert errors == [] and any(final == set(s) for s in sets)


def test_table_nul_in_evidence(table: LinkTable, where: str) -> None:
    table.replace_all([Link("d:1", "d:2", "references", "number", 0.5, "a\x00b", 0, 3)])
    stored = table.of("d:1")[0].evidence
    assert stored == ("a\ufffdb" if where.startswith("postgresql://") else "a\x00b")


def test_relink_stores_the_links_of_the_records(where: str) -> None:
    seeds = shared._records("seeds")
    assert relink(where, seeds) == len(find_links(seeds))
    table = LinkTable(where)
    assert table.count() == len(find_links(seeds))
    table.close()


# -- PostgreSQL specifics ----------------------------------------------------------------------


def test_pg_table_is_created_on_first_use_with_its_indexes(pg_url: str) -> None:
    tables: list[LinkTable] = []
    threads = [threading.Thread(target=lambda: tables.append(LinkTable(pg_url))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(tables) == 4  # four first uses at once: one creates, none fails
    for table in tables:
        table.close()
    store = PostgresStore(pg_url)
    with store.connection() as conn:
        rows = conn.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'links'").fetchall()
    assert sorted(r[0].split(" USING ")[1] for r in rows) == ["btree (source)", "btree (target_document)"]
    store.close()


def test_pg_table_borrows_the_store_and_leaves_it_open(pg_url: str) -> None:
    store = PostgresStore(pg_url)
    table = LinkTable.for_store(store)
    table.replace_all(LINKS)
    table.close()
    assert store.count() == 0  # the store still answers
    other = LinkTable(pg_url)
    assert other.count() == len(LINKS)
    other.close()
    store.close()


# -- the CLI on both backends -----------------------------------------------------------------


def test_cli_links_and_thread_on_postgresql(corpora: dict[str, str]) -> None:
    shared_cli.test_links_and_thread(corpora["postgresql"])


def test_cli_links_equal_sqlite(corpora: dict[str, str]) -> None:
    sqlite_db, pg_db = corpora["sqlite"], corpora["postgresql"]
    for fmt in ("json", "text"):
        pg_links = run("links", "--db", pg_db, "--format", fmt)
        assert pg_links == run("links", "--db", sqlite_db, "--format", fmt) and pg_links
    hits = run("search", "", "--db", sqlite_db, "--format", "json").splitlines()
    ids = [json.loads(line)["id"] for line in hits]
    assert len(ids) == 5
    for doc_id in ids:
        assert run("links", doc_id, "--db", pg_db) == run("links", doc_id, "--db", sqlite_db)
        for fmt in ("json", "text"):
            assert run("thread", doc_id, "--db", pg_db, "--format", fmt) == run(
                "thread", doc_id, "--db", sqlite_db, "--format", fmt
            )


def test_cli_ingest_relinks_postgresql_like_sqlite(pg_url: str, tmp_path: Path) -> None:
    dbs = {"sqlite": str(tmp_path / "all.db"), "postgresql": pg_url}
    for db in dbs.values():
        assert ingest(db, "seeds")["links"] > 0
        ingest(db, "wilson", "frus")  # more pages: the links of the whole corpus again
    assert run("links", "--db", dbs["postgresql"]) == run("links", "--db", dbs["sqlite"])
    grown = len(run("links", "--db", pg_url).splitlines())
    assert grown > len(find_links(shared._records("seeds")))
    report = json.loads(run("ingest", str(PAGES / "seeds"), "--db", pg_url, "--no-link", "--format", "json"))
    assert report["links"] is None and len(run("links", "--db", pg_url).splitlines()) == grown
