"""What every command of ``cablegraph`` shares: the ``--db`` and ``--format`` options, the
turning of library errors into one-line messages (exit code 1), opening the corpus, and
reading its documents as records for the link rules."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from functools import wraps
from typing import Any, TypeVar

import click

from cablegraph import corpus as corpus_api
from cablegraph import settings
from cablegraph.errors import CablegraphError, StoreError
from cablegraph.link import Record
from cablegraph.store.base import StoredDocument

F = TypeVar("F", bound=Callable[..., Any])


DB = settings.setting("db")
# ``--format text|json``, the output choice most commands offer.
text_or_json = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


def db_option(function: F) -> F:
    """``--db FILE``: the corpus database (default: CABLEGRAPH_DB, else cablegraph.db)."""
    return click.option(
        "--db",
        "db",
        default=None,
        metavar="FILE",
        envvar=DB.env,
        help=f"Corpus database [default: {DB.default}; env {DB.env}].",
    )(function)


def reports_errors(function: F) -> F:
    """Turn a CablegraphError into a one-line message on stderr and exit code 1."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except CablegraphError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def open_corpus(db: str | None) -> corpus_api.Corpus:
    return corpus_api.open(db or settings.str_value("db"))


CATCH_UP_SHOWN = 1_000  # documents waiting for the search index before a command says so


def catch_up_index(corpus: corpus_api.Corpus) -> None:
    """Index what waits before a command reads the index; when that is a long wait (the
    whole corpus after an upgrade changed the index: minutes at 100,000 documents), say
    why on stderr and show progress instead of seeming to hang. Stopped, it resumes."""
    waiting = corpus.store.pending_count()
    if waiting < CATCH_UP_SHOWN:
        return
    why = corpus.index.stale or "is behind the store"
    click.echo(f"the search index {why}: indexing {waiting:,} documents, once", err=True)
    with click.progressbar(length=waiting, label="indexing", file=sys.stderr) as bar:
        shown = 0

        def advance(done: int) -> None:
            nonlocal shown
            bar.update(done - shown)
            shown = done

        try:
            corpus.sync(progress=advance)
        except StoreError as exc:  # another process holds the index: it stays pending
            click.echo(f"warning: the search index cannot be updated now: {exc}", err=True)


def record_of(doc: StoredDocument) -> Record:
    return Record.of(doc.data, doc.texts[0] if doc.texts else "")


def records(corpus: corpus_api.Corpus) -> list[Record]:
    return [record_of(doc) for doc in corpus.documents()]


PAGES_PER_WORKER = 100  # below this, starting worker processes costs more than it saves


def default_jobs(files: int) -> int:
    """One parsing process per core for a batch worth it, else parse in this process."""
    return max(1, min(os.cpu_count() or 1, files // PAGES_PER_WORKER))


class CorpusRecords:
    """The corpus as a relink reads it (``cablegraph.link.table.RecordSource``)."""

    def __init__(self, corpus: corpus_api.Corpus) -> None:
        self.corpus = corpus

    def count(self) -> int:
        return self.corpus.store.count()

    def records(self, ids: Sequence[str] | None = None) -> Iterable[Record]:
        if ids is None:
            return (record_of(doc) for doc in self.corpus.documents())
        found = self.corpus.store.get_many(ids)
        return (record_of(found[i]) for i in ids if i in found)


def people_names(people: list[dict[str, Any]]) -> str:
    """The names of a record's people, comma-separated."""
    return ", ".join(str(p.get("name")) for p in people) or "-"
