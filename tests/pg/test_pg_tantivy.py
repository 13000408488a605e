"""PostgreSQL store with the tantivy search index (``pg_index_dir``): same results as SQLite.

The shared search checks (``tests/search/test_search_index.py``) run against PostgreSQL
corpora whose index is a tantivy folder kept in step by the ledger in the database; then
switching a database between the two search engines refills the one switched to.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import test_search_index as shared
from pgserver import Server
from searchkit import TinyAuthority, documents
from test_pg_search import CASES, swapped_in

from cablegraph.corpus import Corpus
from cablegraph.pg import PostgresCorpus, postgres_corpus
from cablegraph.search.index import SearchIndex
from cablegraph.search.postgres_fts import PostgresSearch
from cablegraph.store.postgres import PostgresStore


def _corpus(url: str, folder: Path, authority: TinyAuthority | None) -> Corpus:
    corpus = PostgresCorpus(PostgresStore(url, pool_max=4), authority=authority, index_dir=folder)
    for doc, src in documents():
        corpus.add(doc, src)
    corpus.sync()
    return corpus


@pytest.fixture(scope="module")
def tantivy_corpora(
    pg_server: Server, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Corpus]]:
    with swapped_in({
        "authority": _corpus(pg_server.new_database(), tmp_path_factory.mktemp("ta"), TinyAuthority()),
        "none": _corpus(pg_server.new_database(), tmp_path_factory.mktemp("tn"), None),
    }) as corpora:
        yield corpora


@pytest.mark.parametrize(("name", "kwargs"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_same_behaviour_as_sqlite(
    name: str, kwargs: dict[str, Any], tantivy_corpora: dict[str, Corpus]
) -> None:
    assert all(isinstance(c.index, SearchIndex) for c in tantivy_corpora.values())
    check: Callable[..., Any] = getattr(shared, name)
    assert set(kwargs) <= set(inspect.signature(check).parameters)
    check(**kwargs)


def test_switching_engines_refills_the_one_switched_to(pg_url: str, tmp_path: Path) -> None:
    first = _corpus(pg_url, tmp_path / "index", None)
    assert first.search("перемирие").total == 1 and first.check() == []
    first.close()
    in_db = postgres_corpus(pg_url, authority=None, index_dir="")
    assert isinstance(in_db.index, PostgresSearch)
    in_db.sync()  # the search table was never filled: the ledger was reset on opening
    assert in_db.search("перемирие").total == 1 and in_db.check() == []
    in_db.close()
    again = postgres_corpus(pg_url, authority=None, index_dir=tmp_path / "other")
    assert isinstance(again.index, SearchIndex)
    again.sync()
    assert again.search("перемирие").total == 1 and again.check() == []
    again.close()


def test_the_setting_chooses_the_folder(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CABLEGRAPH_PG_INDEX_DIR", str(tmp_path / "from-env"))
    corpus = postgres_corpus(pg_url, authority=None)
    assert isinstance(corpus.index, SearchIndex) and corpus.index.path == tmp_path / "from-env"
    corpus.close()
