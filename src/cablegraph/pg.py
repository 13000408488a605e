"""Corpora on PostgreSQL: ``open_store`` and ``postgres_corpus`` for ``postgresql://`` URLs.

    from cablegraph.pg import postgres_corpus
    with postgres_corpus("postgresql://cablegraph@db.example/cables") as corpus:
        corpus.ingest(["examples/pages"])
        print(corpus.search("Stalin").total)

``cablegraph.corpus.open`` hands URLs that start with ``postgresql://`` or ``postgres://``
here. The corpus is a ``cablegraph.corpus.Corpus`` whose search index is, by default,
``cablegraph.search.postgres_fts.PostgresSearch`` (inside the same database, so web workers
on several machines share it); with ``index_dir`` (setting ``pg_index_dir``) it is the
tantivy index of the SQLite backend in that folder, kept in step by the same ledger in the
database: the fast choice for one machine or a dedicated search host (``docs/benchmarks.md``
measures both). Everything else (ingest, merge, quarantine, the index ledger, search syntax
and results) is the same code.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from cablegraph import settings
from cablegraph.corpus import BUILTIN, Corpus, Parser, Reader, builtin_authority
from cablegraph.errors import SettingsError
from cablegraph.search.index import SearchIndex
from cablegraph.search.names import AuthorityLike
from cablegraph.search.postgres_fts import PostgresSearch, Snippets
from cablegraph.store.base import Store, StoredDocument
from cablegraph.store.postgres import PostgresStore

SCHEMES = ("postgresql://", "postgres://")

# Settings this backend reads; until they are declared in ``settings.py`` their
# environment variables are read here with these defaults.
PG_SETTINGS: dict[str, tuple[int, str]] = {
    "statement_timeout_ms": (30_000, "CABLEGRAPH_STATEMENT_TIMEOUT_MS"),
    "search_timeout_ms": (5_000, "CABLEGRAPH_SEARCH_TIMEOUT_MS"),
    "pg_pool_max": (8, "CABLEGRAPH_PG_POOL_MAX"),
}


def is_postgres_url(where: str) -> bool:
    """Whether a ``--db`` value names a PostgreSQL database."""
    return where.startswith(SCHEMES)


def setting(name: str) -> int:
    """A PostgreSQL setting: from ``settings.py`` once declared there, else its variable."""
    try:
        return settings.int_value(name)
    except SettingsError:
        default, env = PG_SETTINGS[name]
        text = os.environ.get(env, "")
        if not text.strip():
            return default
        try:
            return max(int(text), 0)
        except ValueError:
            raise SettingsError(f"{env}={text!r} is not an integer (default {default})") from None


def open_store(url: str) -> Store:
    """The PostgreSQL store at ``url`` (migrated to the current schema)."""
    return PostgresStore(
        url, statement_timeout_ms=setting("statement_timeout_ms"), pool_max=setting("pg_pool_max")
    )


class PostgresCorpus(Corpus):
    """A ``Corpus`` on a PostgreSQL database; its search inside it or in a tantivy folder."""

    index: PostgresSearch | SearchIndex  # type: ignore[assignment]  # the same interface

    def __init__(
        self,
        store: PostgresStore,
        *,
        parser: Parser | None = None,
        reader: Reader | None = None,
        authority: AuthorityLike | str | None = BUILTIN,
        snippets: Snippets = "python",
        index_dir: str | Path | None = None,
    ) -> None:
        # Corpus.__init__ would open a tantivy folder named after the store's path: set the
        # same attributes here, with the PostgreSQL index.
        self.store = store
        self._ready: dict[str, StoredDocument] = {}
        self._records: dict[str, Any] = {}
        self._parser = parser
        self._reader = reader
        self.authority = (
            builtin_authority()
            if authority == BUILTIN
            else (None if isinstance(authority, str) else authority)
        )
        options = {
            "authority": self.authority,
            "max_chars": settings.int_value("max_query_chars"),
            "max_terms": settings.int_value("max_query_terms"),
            "facet_size": settings.int_value("facet_size"),
            "snippet_words": settings.int_value("snippet_words"),
        }
        threads = settings.int_value("search_threads")
        if index_dir:
            self.index = SearchIndex.for_store(
                store, Path(index_dir), heap_mb=settings.int_value("index_heap_mb"), threads=threads,
                **options,
            )
            return
        self.index = PostgresSearch(
            store,
            timeout_ms=setting("search_timeout_ms"),
            snippets=snippets,
            **options,  # type: ignore[arg-type]
        )
        if self.index.num_docs() < store.indexed_count():
            store.reset_index()  # indexed by a tantivy folder before: fill the search table


def postgres_corpus(
    url: str,
    *,
    parser: Parser | None = None,
    reader: Reader | None = None,
    authority: AuthorityLike | str | None = BUILTIN,
    snippets: Snippets = "python",
    index_dir: str | Path | None = None,
) -> Corpus:
    """Open (creating the schema if needed) the corpus in the database at ``url``.

    ``index_dir``: a folder for a tantivy search index (default: the ``pg_index_dir``
    setting; empty: PostgreSQL full-text search).
    """
    if index_dir is None:
        index_dir = settings.str_value("pg_index_dir").strip() or None
    store = PostgresStore(
        url, statement_timeout_ms=setting("statement_timeout_ms"), pool_max=setting("pg_pool_max")
    )
    try:
        return PostgresCorpus(
            store, parser=parser, reader=reader, authority=authority, snippets=snippets, index_dir=index_dir
        )
    except BaseException:
        store.close()
        raise
