"""Every setting of Cablegraph, declared once: name, default, help, environment variable.

A setting's value comes from (first wins) an explicit argument, its environment variable,
then its default. ``value(name)`` reads one; ``SETTINGS`` lists them all, so the CLI's help
and the documentation can be generated from this table (and a test can check they are).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from cablegraph.errors import SettingsError

Value = str | int


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: its name, default, one-line help and environment variable."""

    name: str
    default: Value
    help: str
    env: str

    def parse(self, text: str) -> Value:
        """Convert the text of an environment variable to this setting's type."""
        if isinstance(self.default, str):
            return text
        try:
            number = int(text.strip())
        except ValueError:
            raise SettingsError(f"{self.env}={text!r} is not an integer (default {self.default})") from None
        if number < 0:
            raise SettingsError(f"{self.env}={number} must be zero or more")
        return number


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "db", "cablegraph.db", "SQLite database file of the corpus, or a postgresql:// URL.", "CABLEGRAPH_DB"
    ),
    Setting(
        "archive",
        "",
        "A derived archive authority (written by `cablegraph authority import`) read instead of"
        " the one the package ships; empty: the shipped one.",
        "CABLEGRAPH_ARCHIVE",
    ),
    Setting(
        "busy_timeout_ms",
        10_000,
        "How long a writer waits for another writer's lock, in milliseconds.",
        "CABLEGRAPH_BUSY_TIMEOUT_MS",
    ),
    Setting(
        "index_heap_mb",
        64,
        "Memory for the search index writer, in MiB (at least 15).",
        "CABLEGRAPH_INDEX_HEAP_MB",
    ),
    Setting(
        "index_batch",
        2_000,
        "Documents stored between two commits of the search index during ingest.",
        "CABLEGRAPH_INDEX_BATCH",
    ),
    Setting(
        "write_batch",
        100,
        "Pages stored in one transaction during ingest (each page still whole or not at"
        " all; after a crash the next ingest stores the batch that was lost).",
        "CABLEGRAPH_WRITE_BATCH",
    ),
    Setting(
        "search_limit", 20, "Hits returned by a search unless told otherwise.", "CABLEGRAPH_SEARCH_LIMIT"
    ),
    Setting("facet_size", 20, "Values shown per facet.", "CABLEGRAPH_FACET_SIZE"),
    Setting(
        "max_query_chars",
        10_000,
        "Longer queries are cut to this many characters (with a warning).",
        "CABLEGRAPH_MAX_QUERY_CHARS",
    ),
    Setting(
        "max_query_terms",
        64,
        "Query words beyond this many are ignored (with a warning).",
        "CABLEGRAPH_MAX_QUERY_TERMS",
    ),
    Setting("snippet_words", 30, "Words of context in a search snippet.", "CABLEGRAPH_SNIPPET_WORDS"),
    Setting(
        "search_threads",
        2,
        "Threads one full-text search may use: with 2, the count and facets of a search run"
        " beside its top hits (on a second core); 1 keeps each search on one thread (a"
        " machine whose cores are busy with other searches).",
        "CABLEGRAPH_SEARCH_THREADS",
    ),
    Setting(
        "statement_timeout_ms",
        30_000,
        "PostgreSQL: longest a statement may run, in milliseconds.",
        "CABLEGRAPH_STATEMENT_TIMEOUT_MS",
    ),
    Setting(
        "search_timeout_ms",
        5_000,
        "PostgreSQL: longest a search may run, in milliseconds.",
        "CABLEGRAPH_SEARCH_TIMEOUT_MS",
    ),
    Setting("pg_pool_max", 8, "PostgreSQL: most connections per process.", "CABLEGRAPH_PG_POOL_MAX"),
    Setting(
        "pg_index_dir",
        "",
        "PostgreSQL: a folder for a tantivy search index of the database (fast search for"
        " one machine or a search host); empty: full-text search inside PostgreSQL.",
        "CABLEGRAPH_PG_INDEX_DIR",
    ),
)

_BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def setting(name: str) -> Setting:
    """The declaration of one setting; a SettingsError lists the valid names."""
    try:
        return _BY_NAME[name]
    except KeyError:
        valid = ", ".join(sorted(_BY_NAME))
        raise SettingsError(f"no setting {name!r}; valid: {valid}") from None


def value(name: str, environ: Mapping[str, str] | None = None) -> Value:
    """The setting's value from the environment, else its default."""
    decl = setting(name)
    env = os.environ if environ is None else environ
    text = env.get(decl.env)
    if text is None or text == "":
        return decl.default
    return decl.parse(text)


def int_value(name: str, environ: Mapping[str, str] | None = None) -> int:
    """An integer setting's value."""
    result = value(name, environ)
    if not isinstance(result, int):
        raise SettingsError(f"setting {name!r} is not an integer")
    return result


def str_value(name: str, environ: Mapping[str, str] | None = None) -> str:
    """A text setting's value."""
    return str(value(name, environ))
