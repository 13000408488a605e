"""The Python API of a corpus: ingest pages, search them, read them back.

    import cablegraph.corpus
    with cablegraph.corpus.open("cablegraph.db") as corpus:
        report = corpus.ingest(["examples/pages"])
        for hit in corpus.search("Stalin", date_from="1951").hits:
            print(hit.id, hit.title)

The store (SQLite by default, ``":memory:"`` for a throwaway in-memory one) is the system
of record; the search index is derived from it and brought up to date after ingest and
before a search (see ``cablegraph.search.index``). The CLI and the web app call only this.
"""

from __future__ import annotations

import hashlib
import importlib
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, cast

from cablegraph import settings
from cablegraph.errors import CablegraphError, StoreError
from cablegraph.ingest.rows import PageRow, page_row
from cablegraph.link.table import LinkTable
from cablegraph.meaning.encoder import default_encoder, sentence_encoder
from cablegraph.meaning.enrich import EmbedReport, embed_pending
from cablegraph.meaning.hybrid import FEEDBACK_TERMS, MODES, search_by_meaning
from cablegraph.meaning.vectors import Embedding, VectorIndex, shared_vectors
from cablegraph.model.document import Document
from cablegraph.model.source import SourcePage
from cablegraph.search.filters import Filters
from cablegraph.search.index import SearchIndex
from cablegraph.search.names import AuthorityLike
from cablegraph.search.result import SearchResult
from cablegraph.store.base import Failure, PutResult, SourceInfo, Store, StoredDocument, StoreStats
from cablegraph.store.memory import MemoryStore
from cablegraph.store.sqlite import SQLiteStore

Parser = Callable[[SourcePage], Document]
Reader = Callable[[Iterable[str]], Iterable["SourcePage | CablegraphError"]]
OnPage = Callable[[str, str], None]  # (path, outcome) after each page
Parsed = tuple[SourcePage, Document]  # a page with its document, parsed by a volume reader

BUILTIN = "builtin"
_CONTAINERS = frozenset({".zip", ".xml", ".tei"})  # one file, many pages with hashes of their own


def _file_sha256(name: str) -> str | None:
    """The SHA-256 of a regular file's bytes; None if it cannot be read (the reader will say why)."""
    digest = hashlib.sha256()
    try:
        with Path(name).open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class IngestFailure:
    path: str
    reason: str


@dataclass(slots=True)
class IngestReport:
    """What one ``ingest`` did. ``merged`` counts pages that joined a known record."""

    pages_read: int = 0
    added: int = 0
    updated: int = 0
    merged: int = 0
    unchanged: int = 0
    failed: int = 0
    indexed: int = 0
    failures: list[IngestFailure] = field(default_factory=list)
    near_duplicates: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # ids of documents added or updated (to relink)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "pages_read": self.pages_read,
            "added": self.added,
            "updated": self.updated,
            "merged": self.merged,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "indexed": self.indexed,
            "failures": [{"path": f.path, "reason": f.reason} for f in self.failures],
            "near_duplicates": [list(p) for p in self.near_duplicates],
            "warnings": list(self.warnings),
            "seconds": round(self.seconds, 3),
        }

    def summary(self) -> str:
        """The plain summary printed when not on a terminal."""
        lines = [
            f"pages read: {self.pages_read}",
            f"documents added: {self.added}",
            f"documents updated: {self.updated}",
            f"duplicates merged: {self.merged + self.updated}",
            f"unchanged: {self.unchanged}",
            f"failures: {self.failed}",
        ]
        lines += [f"  {f.path}: {f.reason}" for f in self.failures]
        lines += [f"near-duplicate: {a} ~ {b}" for a, b in self.near_duplicates]
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines)


def _load(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise CablegraphError(f"{module}.{name} is not available: {exc}") from exc


def builtin_authority() -> AuthorityLike | None:
    """The bundled authority, or None when the resolver is not installed."""
    for module in ("cablegraph.resolve", "cablegraph.resolve.authority"):
        try:
            authority = _load(module, "Authority")
            return cast(AuthorityLike, authority.builtin())
        except CablegraphError:
            continue
    return None


class Corpus:
    """A store, its search index and the pipeline that fills them."""

    _vectors: VectorIndex | None = None  # an in-memory corpus's own vectors
    _sentence_vectors: VectorIndex | None = None  # ... and those of the second encoder

    def __init__(
        self,
        store: Store,
        *,
        parser: Parser | None = None,
        reader: Reader | None = None,
        authority: AuthorityLike | str | None = BUILTIN,
    ) -> None:
        self.store = store
        self._ready: dict[str, StoredDocument] = {}  # just added, not yet indexed
        self._records: dict[str, Any] = {}  # their index records (as the index holds them)
        self._parser = parser
        self._reader = reader
        self.authority = (
            builtin_authority()
            if authority == BUILTIN
            else (None if isinstance(authority, str) else authority)
        )
        self.index = SearchIndex.for_store(
            store,
            authority=self.authority,
            heap_mb=settings.int_value("index_heap_mb"),
            max_chars=settings.int_value("max_query_chars"),
            max_terms=settings.int_value("max_query_terms"),
            facet_size=settings.int_value("facet_size"),
            snippet_words=settings.int_value("snippet_words"),
            threads=settings.int_value("search_threads"),
        )

    # -- writing ----------------------------------------------------------------------

    def ingest(self, paths: Iterable[str | Path], *, on_page: OnPage | None = None) -> IngestReport:
        """Read, parse and store every page under ``paths`` (files, folders, globs; text,
        HTML, FRUS TEI volumes, PDF and zip archives)."""
        if self._reader is None and self._parser is None:
            from cablegraph.ingest import iter_paths
            from cablegraph.ingest.pipeline import read_and_parse

            files: list[str] = []
            for item in paths:
                try:
                    files += [str(p) for p in iter_paths([item])]
                except CablegraphError:
                    files.append(str(item))  # the reader reports it, in its place
            todo, known = self.skip_unchanged(files)
            report = self.ingest_pages(read_and_parse(todo), on_page=on_page)
            report.pages_read += known
            report.unchanged += known
            return report
        reader = self._reader or cast(Reader, _load("cablegraph.ingest", "read_pages"))
        return self.ingest_pages(reader([str(p) for p in paths]), on_page=on_page)

    def skip_unchanged(self, files: Sequence[str]) -> tuple[list[str], int]:
        """The files still to read, and how many were left out: a file whose bytes are
        already a stored source (its SHA-256 is in the content-hash ledger) is neither read
        nor parsed again. Archives and volumes are always read (their pages have hashes
        of their own)."""
        todo: list[str] = []
        for name in files:
            digest = None if Path(name).suffix.lower() in _CONTAINERS else _file_sha256(name)
            if digest is None or not self.store.has_source(digest):
                todo.append(name)
        return todo, len(files) - len(todo)

    def ingest_pages(
        self,
        pages: Iterable[SourcePage | Parsed | PageRow | CablegraphError],
        *,
        on_page: OnPage | None = None,
    ) -> IngestReport:
        """Store pages already read (or the errors met reading them), parsed or not, or
        made into rows already (``cablegraph.ingest.rows``, by the processes that parsed
        them: ``read_and_parse(..., rows=True)``, whose index records must have been made
        with this corpus's authority).

        Parsed pages are written ``write_batch`` at a time in one transaction; the index
        catches up every ``index_batch`` documents.
        """
        started = time.perf_counter()
        report = IngestReport()
        parser = self.parser()  # a missing parser is an error now, not 1,000 failures
        batch = max(settings.int_value("index_batch"), 1)
        writes = max(settings.int_value("write_batch"), 1)
        waiting: list[PageRow] = []
        since_sync = 0

        def tell(page: SourcePage | PageRow | SourceInfo | CablegraphError | None, outcome: str) -> None:
            if on_page is not None:
                on_page(getattr(page, "path", "") or "", outcome)

        def flush() -> None:
            nonlocal since_sync
            for row, result in zip(waiting, self._put_rows(waiting), strict=True):
                self._count(report, result)
                since_sync += result.outcome in ("added", "updated", "merged")
                tell(row.source, result.outcome)
            waiting.clear()
            if since_sync >= batch:
                self._sync_into(report)
                since_sync = 0

        for item in pages:
            report.pages_read += 1
            ready = self._prepare(parser, item, report)
            if isinstance(ready, str):
                tell(item[0] if isinstance(item, tuple) else item, ready)
                continue
            waiting.append(ready)
            if len(waiting) >= writes:
                flush()
        flush()
        self._sync_into(report)
        report.seconds = time.perf_counter() - started
        return report

    def _sync_into(self, report: IngestReport) -> None:
        """Index what was stored; if another process holds the index, leave it pending."""
        try:
            report.indexed += self.sync()
        except StoreError as exc:
            if exc.reason not in report.warnings:
                report.warnings.append(exc.reason)

    def _prepare(
        self, parser: Parser, item: SourcePage | Parsed | PageRow | CablegraphError, report: IngestReport
    ) -> PageRow | str:
        """The row of the page to store, or the outcome when there is nothing to store."""
        if isinstance(item, CablegraphError):
            path = item.path or "?"
            self._fail(
                report,
                Failure(
                    hashlib.sha256(f"unreadable:{path}".encode()).hexdigest(), path, str(item.reason), ""
                ),
            )
            return "failed"
        if isinstance(item, PageRow):  # parsed and made into a row by a parsing process
            if self.store.has_source(item.sha256):
                report.unchanged += 1
                return "unchanged"
            return item
        if isinstance(item, tuple):  # already parsed (a document of a TEI volume, a PDF, ...)
            page, parsed = item
            if self.store.has_source(page.sha256):
                report.unchanged += 1
                return "unchanged"
            return self._row(parsed, page)
        if self.store.has_source(item.sha256):
            report.unchanged += 1
            return "unchanged"
        try:
            doc = parser(item)
        except Exception as exc:  # any parser failure is quarantined, never lost
            reason = f"{type(exc).__name__}: {exc}"
            self._fail(report, Failure(item.sha256, item.path, reason, item.text))
            return "failed"
        return self._row(doc, item)

    def parser(self) -> Parser:
        """The parser in use (``cablegraph.parse.parse_page`` unless one was given)."""
        return self._parser or cast(Parser, _load("cablegraph.parse", "parse_page"))

    def add(self, doc: Document, page: SourcePage) -> PutResult:
        """Store one parsed page (atomically); the index catches up at the next sync."""
        return self.add_many([(doc, page)])[0]

    def add_many(self, parsed: Sequence[tuple[Document, SourcePage]]) -> list[PutResult]:
        """Store parsed pages in one transaction (each whole or not at all)."""
        return self._put_rows([self._row(doc, page) for doc, page in parsed])

    def _row(self, doc: Document, page: SourcePage) -> PageRow:
        """A parsed page as a row; its index record is made only for a tantivy index (a
        PostgreSQL search table is built from the documents)."""
        tantivy = isinstance(self.index, SearchIndex)
        return page_row(page, doc, self.index.authority if tantivy else None, record=tantivy)

    def _put_rows(self, rows: Sequence[PageRow]) -> list[PutResult]:
        """Store rows in one transaction (each page whole or not at all); the documents
        they add wait, with their index records, for the next sync."""
        results = self.store.put_many([(r.source, r.text, r.doc) for r in rows], [r.new for r in rows])
        for row, result in zip(rows, results, strict=True):
            if result.outcome != "added":
                continue
            if row.record is not None and isinstance(self.index, SearchIndex):
                # what the index takes (as its tantivy document: less memory while it
                # waits for the sync); the document itself is not kept
                self._records[result.doc_id] = self.index.document(row.record)
            else:
                data = {k: v for k, v in row.doc.items() if k != "source"}
                self._ready[result.doc_id] = StoredDocument(
                    result.doc_id, 1, data, sources=[row.source], texts=[row.text]
                )
        return results

    def _fail(self, report: IngestReport, failure: Failure) -> None:
        self.store.quarantine(failure)
        report.failed += 1
        report.failures.append(IngestFailure(failure.path, failure.error))

    @staticmethod
    def _count(report: IngestReport, result: PutResult) -> None:
        if result.outcome == "added":
            report.added += 1
        elif result.outcome == "updated":
            report.updated += 1
        elif result.outcome == "merged":
            report.merged += 1
        else:
            report.unchanged += 1
        if result.outcome != "unchanged":
            report.changed.append(result.doc_id)
        report.near_duplicates += [(result.doc_id, other) for other in result.near_duplicates]

    def sync(self, progress: Callable[[int], None] | None = None) -> int:
        """Bring the search index up to the store; how many documents were indexed.
        ``progress`` hears the running count after each batch."""
        try:
            return self.index.sync(
                self.store, settings.int_value("index_batch"), progress=progress,
                ready=self._ready, records=self._records,
            )
        finally:
            self._ready.clear()
            self._records.clear()

    # -- reading ----------------------------------------------------------------------

    def search(
        self,
        query: str | None = "",
        *,
        person: str | None = None,
        place: str | None = None,
        via: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        type: str | None = None,
        lang: str | None = None,
        archive: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        facets: bool = True,
        sync: bool = True,
        facet_filters: Sequence[tuple[str, str]] = (),
        sort: str = "relevance",
        mode: str = "auto",
        snippets: bool = True,
    ) -> SearchResult:
        """Ranked hits for any text; filters narrow them (all must hold).

        ``facet_filters`` are exact facet values, all required (``("sender", "Mao Zedong")``
        keeps what the sender facet counted, ``("kind", "document")`` drops listings);
        ``sort`` is "relevance", "date" (oldest first) or "-date".
        ``mode`` is "text" (full text), "meaning" (nearest passages by a multilingual
        sentence encoder, after ``enrich``), "hybrid" (both, fused by reciprocal rank) or
        "auto" (hybrid once the corpus is embedded, else text).
        ``sync=False`` reads the index as it is (a read-only server must not write it).
        ``snippets=False`` gives bare hits (id and score) of a full-text search: for a
        caller that reads the documents themselves, the snippets would be wasted work.
        """
        if mode not in ("auto", *MODES):
            raise CablegraphError(f"unknown search mode {mode!r}: use auto, {', '.join(MODES)}")
        warnings: list[str] = []
        try:
            if sync:
                self.sync()
        except StoreError as exc:
            warnings.append(f"search index not up to date: {exc.reason}")
        filters = Filters(person, place, via, date_from, date_to, type, lang, archive,
                          tuple(facet_filters))
        limit = settings.int_value("search_limit") if limit is None else limit
        mode = self.search_mode(mode)
        if mode != "text" and (query or "").strip():
            if self._embedded():
                more = self.sentence_vectors() if mode == "meaning" else None  # hybrid: e5 alone
                second = Embedding(more, sentence_encoder()) if more is not None and len(more) else None
                result = search_by_meaning(self.index, self.store, self.vectors(), default_encoder(),
                                           query or "", filters, mode=mode, limit=limit,
                                           offset=offset, facets=facets, sort=sort,
                                           second=second, **(self._words() if mode == "hybrid" else {}))
                result.warnings[:0] = warnings
                return result
            warnings.append("no meaning index yet (run `cablegraph enrich`): full text only")
        result = self.index.search(self.store, query, filters, facets=facets, offset=offset,
                                   sort=sort, limit=limit, snippets=snippets)
        result.warnings[:0] = warnings
        return result

    def _words(self) -> dict[str, Any]:
        """Hybrid's rankings by the corpus's vocabulary (embedded by ``enrich`` beside the
        second encoder's passages): ``translate`` (a query's words as the terms of the
        other scripts) and ``feedback`` (the terms particular to the passages found by
        meaning); none before ``enrich`` has counted it."""
        vocabulary = self.sentence_vectors().vocabulary()
        if not len(vocabulary):
            return {}
        encoder = sentence_encoder()
        return {"translate": lambda query: vocabulary.translate(query, encoder),
                "feedback": lambda texts: vocabulary.distinctive(texts, FEEDBACK_TERMS)}

    def search_mode(self, mode: str) -> str:
        """The mode a search asked in ``mode`` runs in: "auto" is "hybrid" once the corpus
        is embedded, else "text"; any other mode is itself."""
        if mode == "auto":
            return "hybrid" if self._embedded() else "text"
        return mode

    # -- meaning ----------------------------------------------------------------------

    def vectors(self) -> VectorIndex:
        """The passage vectors of this corpus (``<db>.vectors/``), opened once."""
        encoder = default_encoder()
        folder = self._vector_folder()
        if folder is not None:  # shared by every corpus of this process
            return shared_vectors(folder, encoder=encoder.name, dimensions=encoder.dimensions)
        if self._vectors is None:
            self._vectors = VectorIndex(None, encoder=encoder.name, dimensions=encoder.dimensions)
        return self._vectors

    def sentence_vectors(self) -> VectorIndex:
        """The passage vectors of the second encoder (``<db>.vectors/sentences/``): a
        second ranking for search by meaning alone (``same_event`` reads e5's)."""
        encoder = sentence_encoder()
        folder = self._vector_folder()
        if folder is not None:
            return shared_vectors(folder / "sentences", encoder=encoder.name, dimensions=encoder.dimensions)
        if self._sentence_vectors is None:
            self._sentence_vectors = VectorIndex(None, encoder=encoder.name, dimensions=encoder.dimensions)
        return self._sentence_vectors

    def _vector_folder(self) -> Path | None:
        """``<db>.vectors`` beside the search index's folder; None in memory."""
        path = self.index.path
        if path is None:
            return None
        if "://" in str(path):
            raise StoreError("search by meaning keeps its vectors in a folder: set"
                             " CABLEGRAPH_PG_INDEX_DIR for a PostgreSQL corpus", path=str(path))
        return VectorIndex.beside_path(Path(path))

    def _embedded(self) -> bool:
        try:
            folder = self._vector_folder()
        except StoreError:
            return False
        if folder is not None and not (folder / "passages.sqlite").exists():
            return False  # never enriched: no need to open (or create) anything
        return len(self.vectors()) > 0

    def alignment(self, doc_id: str) -> list[dict[str, Any]] | None:
        """The sentence alignment of a bilingual document, once ``enrich`` has run."""
        return self.vectors().alignment(doc_id) if self._embedded() else None

    def enrich(self, *, progress: Callable[[int, int], None] | None = None) -> EmbedReport:
        """Embed the passages of every new or changed document (resumable)."""
        links = LinkTable.for_store(self.store)
        try:
            return embed_pending(self.store, self.vectors(), default_encoder(), progress=progress,
                                 sentences=Embedding(self.sentence_vectors(), sentence_encoder()),
                                 links=links)
        finally:
            links.close()

    def get(self, doc_id: str) -> StoredDocument | None:
        """One document with its sources, choices and near-duplicates."""
        return self.store.get(doc_id)

    def documents(self) -> Iterator[StoredDocument]:
        return self.store.documents()

    def stats(self, top: int = 20, *, sync: bool = True) -> StoreStats:
        """Totals from the store; facet counts from the search index when it is in step
        (milliseconds at any size), else from the store (a scan)."""
        try:
            if sync:
                self.sync()
        except StoreError:
            return self.store.stats(top)
        totals = self.store.stats(0)
        totals.facets = {
            name: [(f.value, f.count) for f in counts]
            for name, counts in self.index.facet_counts(size=top).items()
        }
        return totals

    def failures(self) -> list[Failure]:
        return self.store.failures()

    def check(self, *, full: bool = True) -> list[str]:
        """Integrity problems of the database and the search index (empty: all well)."""
        return self.store.check() + self.index.check(self.store, full=full)

    def close(self) -> None:
        for vectors in (self._vectors, self._sentence_vectors):
            if vectors is not None:
                vectors.close()
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def open(path: str | Path | None = None, *, parser: Parser | None = None,
         reader: Reader | None = None,
         authority: AuthorityLike | str | None = BUILTIN, any_thread: bool = False) -> Corpus:
    """Open (creating if needed) the corpus at ``path``; default: the ``db`` setting.

    ``":memory:"`` gives an in-memory corpus; a ``postgresql://`` URL a PostgreSQL one.
    ``parser``/``reader`` default to
    ``cablegraph.parse.parse_page`` and ``cablegraph.ingest.read_pages``; ``authority``
    to the bundled one (None: match only the names written into the documents).
    ``any_thread``: a SQLite corpus may be closed from another thread than its opener's.
    """
    where = str(path) if path is not None else settings.str_value("db")
    if where.startswith(("postgresql://", "postgres://")):
        from cablegraph.pg import postgres_corpus

        return postgres_corpus(where, parser=parser, reader=reader, authority=authority)
    store: Store = MemoryStore() if where == ":memory:" else SQLiteStore(
        where, busy_timeout_ms=settings.int_value("busy_timeout_ms"), any_thread=any_thread)
    try:
        return Corpus(store, parser=parser, reader=reader, authority=authority)
    except BaseException:
        store.close()
        raise
