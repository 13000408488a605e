"""Search on PostgreSQL: the checks the tantivy index passes, then the real pages.

``test_same_behaviour_as_tantivy`` runs every ``test_*`` function of
``tests/search/test_search_index.py`` (each parametrized case, and the property test) with
that module's corpora swapped for PostgreSQL ones built from the same ``searchkit``
telegrams; the swap is undone afterwards. The real pages of ``examples/pages`` are then
ingested through the parser into PostgreSQL and into SQLite, and the hits compared.

Known differences from the tantivy/SQLite results are listed in the docstring of
``cablegraph.search.postgres_fts`` (ranking scores, very long documents, stop words inside
phrases); ``test_real_pages_same_hits_as_sqlite`` checks they do not change which documents
the bundled queries find.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import test_search_index as shared
from pgserver import Server
from searchkit import TinyAuthority, documents

import cablegraph.corpus
from cablegraph.corpus import Corpus
from cablegraph.pg import PostgresCorpus, is_postgres_url, postgres_corpus
from cablegraph.search.postgres_fts import PostgresSearch, lexeme
from cablegraph.store.postgres import PostgresStore

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "examples" / "pages"
FAMILIES = ("seeds", "wilson", "frus")


def _cases() -> list[tuple[str, dict[str, Any]]]:
    """(test name, keyword arguments) for every case of the shared search tests."""
    out: list[tuple[str, dict[str, Any]]] = []
    for name, fn in sorted(vars(shared).items()):
        if not name.startswith("test_") or not callable(fn):
            continue
        marks = [m for m in getattr(fn, "pytestmark", []) if m.name == "parametrize"]
        if not marks:
            out.append((name, {}))
            continue
        argnames, values = marks[0].args[0], marks[0].args[1]
        keys = [a.strip() for a in argnames.split(",")] if isinstance(argnames, str) else list(argnames)
        for value in values:
            row = value if len(keys) > 1 else (value,)
            out.append((name, dict(zip(keys, row, strict=True))))
    return out


CASES = _cases()


def _pg_corpus(url: str, authority: TinyAuthority | None) -> Corpus:
    corpus = PostgresCorpus(PostgresStore(url, pool_max=4), authority=authority)
    for doc, src in documents():
        corpus.add(doc, src)
    corpus.sync()
    return corpus


@contextmanager
def swapped_in(corpora: dict[str, Corpus]) -> Iterator[dict[str, Corpus]]:
    """The shared search tests' corpora replaced by these, then restored (and these closed)."""
    saved = dict(shared._CORPORA)
    shared._CORPORA.clear()
    shared._CORPORA.update(corpora)
    try:
        yield corpora
    finally:
        shared._CORPORA.clear()
        shared._CORPORA.update(saved)
        for corpus in corpora.values():
            corpus.close()


@pytest.fixture(scope="module")
def pg_corpora(pg_server: Server) -> Iterator[dict[str, Corpus]]:
    with swapped_in({
        "authority": _pg_corpus(pg_server.new_database(), TinyAuthority()),
        "none": _pg_corpus(pg_server.new_database(), None),
    }) as corpora:
        yield corpora


@pytest.mark.parametrize(("name", "kwargs"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_same_behaviour_as_tantivy(name: str, kwargs: dict[str, Any], pg_corpora: dict[str, Corpus]) -> None:
    check: Callable[..., Any] = getattr(shared, name)
    assert set(kwargs) <= set(inspect.signature(check).parameters)
    check(**kwargs)


def test_lexemes_are_quoted() -> None:
    assert lexeme("word") == "'word'"
    assert lexeme("it's") == "'it''s'" and lexeme("a\\b") == "'a\\\\b'"


def test_headline_snippets_escape_and_mark(pg_corpora: dict[str, Corpus]) -> None:
    corpus = pg_corpora["authority"]
    assert isinstance(corpus.index, PostgresSearch)
    corpus.index.snippets = "headline"
    try:
        [hit] = corpus.search("armistice", type="Report").hits
        assert "<script>" not in hit.snippet and "alert(1) &amp; &quot;" in hit.snippet
        assert "Pyongyang" not in hit.snippet  # ts_headline drops what looks like a tag
        assert "<mark>armistice</mark>" in hit.snippet
        [hit] = corpus.search("перемирие").hits
        assert "<mark>перемирии</mark>" in hit.snippet
    finally:
        corpus.index.snippets = "python"


def test_similar_names_use_trigrams(pg_corpora: dict[str, Corpus]) -> None:
    index = pg_corpora["authority"].index
    assert isinstance(index, PostgresSearch)
    assert index.similar_names("Filipov")[0][0] in {"Filippov", "Филиппов"}
    assert "Krasovsky" in [n for n, _ in index.similar_names("Krasowsky")]
    for text in ("", "%", "' OR 1=1 --", "_" * 50, "x" * 20_000):
        index.similar_names(text)


def test_check_and_rebuild(pg_url: str) -> None:
    corpus = _pg_corpus(pg_url, None)
    assert corpus.check() == []
    assert isinstance(corpus.index, PostgresSearch)
    assert corpus.index.rebuild(corpus.store) == 5
    assert corpus.check() == [] and corpus.search("перемирие").total == 1
    corpus.close()


def test_search_timeout_is_a_store_error(pg_url: str) -> None:
    import psycopg

    from cablegraph.errors import StoreError

    corpus = _pg_corpus(pg_url, None)
    assert isinstance(corpus.index, PostgresSearch)
    corpus.index.timeout_ms = 200
    # Another session holds the search table: the search waits on the lock, and the wait
    # counts against statement_timeout (a slow query, every time, on any machine).
    with psycopg.connect(pg_url) as other:
        other.execute("LOCK TABLE search_docs IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        with pytest.raises(StoreError, match="statement timeout"):
            corpus.search("Ridgway OR armistice")
        assert time.monotonic() - started < 10  # the search's 200 ms, not the store's 30 s
        other.rollback()
    assert corpus.search("Ridgway OR armistice").total > 0  # the lock gone, it answers
    corpus.close()


# -- the real pages -----------------------------------------------------------------------


def _page_files() -> list[str]:
    return [str(p) for family in FAMILIES for p in sorted((PAGES / family).glob("*.txt"))]


@pytest.fixture(scope="module")
def real(pg_server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Corpus, Corpus]]:
    """The same pages through the real reader and parser, into PostgreSQL and SQLite."""
    pg = postgres_corpus(pg_server.new_database())
    sqlite = cablegraph.corpus.open(tmp_path_factory.mktemp("real") / "c.db")
    for corpus in (pg, sqlite):
        report = corpus.ingest(_page_files())
        assert report.failed == 0, report.failures
    yield pg, sqlite
    pg.close()
    sqlite.close()


def _paths(corpus: Corpus, query: str) -> set[str]:
    found = set()
    for hit in corpus.search(query, limit=100).hits:
        doc = corpus.get(hit.id)
        assert doc is not None
        found |= {Path(s.path).parent.name + "/" + Path(s.path).name[:3] for s in doc.sources}
    return found


def test_real_pages_are_stored_and_indexed(real: tuple[Corpus, Corpus]) -> None:
    pg, sqlite = real
    assert is_postgres_url(pg.store.path)
    assert pg.stats().sources == len(_page_files()) == sqlite.stats().sources
    assert pg.store.count() == sqlite.store.count()
    assert pg.check() == []
    ours, theirs = pg.stats(), sqlite.stats()
    for name in ("year", "type", "archive", "lang"):
        assert dict(ours.facets[name]) == dict(theirs.facets[name]), name


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("Stalin", "seeds/001"),
        ("Stalin", "seeds/000"),
        ("Stalin", "seeds/002"),
        ("перемирие", "seeds/001"),
        ("Kaesong", "seeds/001"),
        ("Риджуэй", "seeds/001"),
        ("Kim Il Sung", "seeds/002"),
        ("No. 26044", "seeds/000"),
        ("21.XI.1951", "seeds/000"),
        ("negotiat*", "seeds/002"),
        ('"armistice"', "seeds/001"),
    ],
)
def test_real_queries_find_the_right_pages(real: tuple[Corpus, Corpus], query: str, page: str) -> None:
    assert page in _paths(real[0], query)


def test_stalin_finds_the_filippov_telegrams(real: tuple[Corpus, Corpus]) -> None:
    pg, _ = real
    hits = pg.search("Stalin", limit=100).hits
    signed = [
        h
        for h in hits
        if "Филиппов" in _text(pg, h.id) or "FILIPPOV" in _text(pg, h.id) or "Filippov" in _text(pg, h.id)
    ]
    assert signed, "no hit for Stalin is a telegram signed Filippov"
    first = {h.id: h for h in hits}
    assert any("<mark>" in first[h.id].snippet for h in signed)


def test_stems_and_place_variants(real: tuple[Corpus, Corpus]) -> None:
    pg, _ = real
    [hit] = [h for h in pg.search("перемирие", limit=100).hits if "перемирии" in h.snippet]
    assert "<mark>перемирии</mark>" in hit.snippet
    kaesong = {h.id for h in pg.search("Kaesong", limit=100).hits}
    written = {d.id for d in pg.documents() if any("Кайдзио" in t for t in d.texts)}
    assert written and written <= kaesong


QUERIES = [
    "Stalin",
    "Сталин",
    "перемирие",
    "Kaesong",
    "Kim Il Sung",
    '"Kim Il Sung"',
    "No. 26044",
    "21.XI.1951",
    "negotiat*",
    "armistice -Ridgway",
    "Gromyko OR Vyshinsky",
    "Mao Zedong Filippov",
    "prisoners of war",
    '"demarcation line"',
    "Пхеньян",
    "ceasefire AND (Kaesong OR Panmunjom)",
    "telegram",
    "",
]


@pytest.mark.parametrize("query", QUERIES)
def test_real_pages_same_hits_as_sqlite(real: tuple[Corpus, Corpus], query: str) -> None:
    pg, sqlite = real
    ours, theirs = pg.search(query, limit=200), sqlite.search(query, limit=200)
    assert {h.id for h in ours.hits} == {h.id for h in theirs.hits}
    assert ours.total == theirs.total
    for name, counts in theirs.facets.items():
        assert {(f.value, f.count) for f in ours.facets[name]} == {(f.value, f.count) for f in counts}, name


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "AND",
        "OR",
        "NOT",
        "-",
        "*",
        ":",
        "(",
        ")",
        "",
        "'",
        "\\",
        "&",
        "|",
        "!",
        "<->",
        "a:*",
        "'a' & 'b'",
        "!!x",
        "No. 26044",
        "21.XI.1951",
        "don't",
        "x" * 10_000,
        'a OR (b AND -c*) "d',
        "Сталин:* | !Мао",
        "\x00",
        "%s %(x)s $1",
        "é" * 5_000,
        " ".join(f"w{i}" for i in range(3_000)),
        "(" * 3_000,
        "NOT " * 3_000,
    ],
)
def test_hostile_queries_on_real_pages(real: tuple[Corpus, Corpus], query: str) -> None:
    result = real[0].search(query)
    assert result.total >= 0 and all(h.snippet is not None for h in result.hits)
    result.to_json()


def test_reingest_changes_nothing(real: tuple[Corpus, Corpus]) -> None:
    pg, _ = real
    before = [(d.id, d.version) for d in pg.documents()]
    report = pg.ingest(_page_files())
    assert (report.added, report.updated, report.merged, report.failed) == (0, 0, 0, 0)
    assert [(d.id, d.version) for d in pg.documents()] == before


def _text(corpus: Corpus, doc_id: str) -> str:
    doc = corpus.get(doc_id)
    return "\n".join(doc.texts) if doc is not None else ""
