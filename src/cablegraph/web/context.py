"""What every router of the web layer shares: the corpus (one connection per thread), the
views over it, curation, the authority, the templates and the curator secret.

One ``Web`` is made per app by ``create_app`` and kept as ``app.state.web``; routes reach it
through the ``web`` dependency. No HTTP routes are declared here.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import anyio
from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from cablegraph import __version__
from cablegraph import corpus as corpus_api
from cablegraph.resolve import Authority
from cablegraph.resolve.authority import Entity
from cablegraph.search.result import SearchResult
from cablegraph.store.base import StoredDocument
from cablegraph.web.curation import Curation
from cablegraph.web.views import CorpusViews

HERE = Path(__file__).parent
QUERY_SECONDS = 5.0


class ApiError(Exception):
    """An error with its HTTP status and machine-readable code (JSON on /api, a page elsewhere)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(version=__version__, quote=lambda s: quote(str(s), safe=""))
    return templates


class Web:
    """The state of one app: opened at start-up, closed at shutdown."""

    def __init__(self, db: str, secret: str | None) -> None:
        self.db = db
        self.secret = secret
        self._local = threading.local()
        self.opened: list[corpus_api.Corpus] = []
        self.closed = False
        self._opening = threading.Lock()  # tantivy must not open one index folder from two threads at once
        self.corpus().close()  # fail early, at start-up, if the database cannot be opened
        self._local.corpus = None
        self.opened.clear()
        self.views = CorpusViews(self.corpus, db)
        self.curation = Curation(db)
        self.authority = Authority.builtin()
        self.templates = make_templates()

    def corpus(self) -> corpus_api.Corpus:
        """This thread's connection to the corpus (opened on first use)."""
        mine: corpus_api.Corpus | None = getattr(self._local, "corpus", None)
        if mine is None:
            with self._opening:
                if self.closed:
                    raise ApiError(503, "shutting_down", "the server is shutting down")
                # closed at shutdown by the event loop's thread, once the requests are done
                mine = self._local.corpus = corpus_api.open(self.db, any_thread=True)
                self.opened.append(mine)
        return mine

    def close(self) -> None:
        """Close every thread's connection (at shutdown, after the last request)."""
        with self._opening:
            self.closed = True
            opened, self.opened = list(self.opened), []
        self.curation.close()
        for each in opened:
            each.close()

    async def search(
        self, *, then: Callable[[SearchResult], Any] | None = None, kept_as: Hashable = None, **kwargs: Any
    ) -> Any:
        """``Corpus.search`` in a worker thread, cut off after ``QUERY_SECONDS``: the answer
        (503) does not wait for the thread, which finishes on its own and is dropped.
        ``then`` is applied to the result in the same thread (``SearchResult.dress`` reads
        that thread's connection). The answer is kept under ``kept_as`` and the arguments
        while the store's generation holds (``cablegraph.web.kept``); a search by meaning
        is not kept (its vectors change without the store)."""

        def run() -> Any:
            def compute() -> Any:
                result = self.corpus().search(**kwargs, sync=False)
                return result if then is None else then(result)

            if kept_as is None or self.corpus().search_mode(str(kwargs.get("mode", "auto"))) != "text":
                return compute()
            key = (kept_as, *sorted((k, frozen(v)) for k, v in kwargs.items()))
            return self.views.kept.get(self.views.generation(), key, compute)

        try:
            with anyio.fail_after(QUERY_SECONDS):
                return await anyio.to_thread.run_sync(run, abandon_on_cancel=True)
        except TimeoutError:
            raise ApiError(
                503, "query_timeout", f"the query took longer than {QUERY_SECONDS:.0f} s"
            ) from None

    def require_document(self, doc_id: str) -> StoredDocument:
        doc = self.corpus().get(doc_id)
        if doc is None:
            raise ApiError(404, "not_found", "no such document")
        return doc

    def require_entity(self, entity_id: str) -> Entity:
        entity = self.authority.get(entity_id)
        if entity is None:
            raise ApiError(404, "not_found", "no such entity")
        return entity

    def person_id(self, name: str | None) -> str | None:
        """The authority id of a person's name (or the name itself when unknown)."""
        if not name:
            return None
        entity = self.authority.named(name)
        return entity.id if entity else name


def frozen(value: Any) -> Any:
    """A search argument as a key (lists of facet filters as tuples)."""
    if isinstance(value, list | tuple):
        return tuple(frozen(v) for v in value)
    return value


def web(request: Request) -> Web:
    """The dependency that gives a route its app's ``Web``."""
    found: Web = request.app.state.web
    return found


def day(value: str | None, name: str) -> dt.date | None:
    """ "1951", "1951-06" or "1951-06-30" as a date (the first day of the period)."""
    if not value:
        return None
    parts = value.split("-")
    try:
        return dt.date(
            int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
        )
    except (ValueError, IndexError, OverflowError):  # "1951-13", "x", a year of 20 digits
        raise ApiError(400, "invalid_date", f"{name}: use 1951, 1951-06 or 1951-06-30") from None


WebDep = Annotated[Web, Depends(web)]
