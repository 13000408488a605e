"""From inputs (files, folders, globs) to parsed documents, whatever the source family.

    read_and_parse(inputs, authority) -> Iterator[(SourcePage, Document) | CablegraphError]

One direction: ``ingest`` turns the bytes of every format into pages
(:mod:`cablegraph.ingest.pages`: zip members, PDF text or OCR, HTML and XML as text,
mojibake repaired), then ``parse`` turns each page into its documents. A FRUS TEI volume
is the exception that is read by its own reader, one document per
``div[@type="document"]`` (streamed, never read whole). One bad input yields its error and
the batch goes on.

With ``jobs`` > 1, files are parsed in that many worker processes, ``CHUNK`` files a task,
still yielded in input order, with at most about ``jobs * WINDOW`` files in flight (memory
stays bounded); TEI volumes
stream in this process, as they may hold thousands of documents.

With ``rows=True`` each document comes as the :class:`~cablegraph.ingest.rows.PageRow` the
store and the index take (its JSON, its row, its index record made with ``authority``),
worked out in the worker process that parsed it: the writer then only writes, and what
travels back from a worker is plain data, not the parsed objects.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Literal, cast, overload

from cablegraph.errors import CablegraphError, ParseError
from cablegraph.ingest.pages import file_pages
from cablegraph.ingest.reader import iter_paths
from cablegraph.ingest.rows import PageRow, page_row
from cablegraph.model import Document, SourcePage
from cablegraph.parse.document import parse_documents
from cablegraph.parse.frus_tei import is_tei_file, iter_tei_documents
from cablegraph.processes import end_with_parent
from cablegraph.resolve import Authority, preload
from cablegraph.search.names import AuthorityLike, CachedAuthority

Parsed = tuple[SourcePage, Document]
Item = Parsed | PageRow | CablegraphError
WINDOW = 16  # files submitted ahead per worker process
CHUNK = 8  # files per task sent to a worker process

_worker_authority: Authority | None = None
_worker_names: CachedAuthority | None = None  # the index records' names, remembered


@overload
def read_and_parse(
    inputs: Iterable[str],
    authority: Authority | None = None,
    *,
    ocr: bool = True,
    jobs: int = 1,
    rows: Literal[False] = False,
) -> Iterator[Parsed | CablegraphError]: ...


@overload
def read_and_parse(
    inputs: Iterable[str], authority: Authority | None = None, *, ocr: bool = True, jobs: int = 1, rows: bool
) -> Iterator[Item]: ...


def read_and_parse(
    inputs: Iterable[str],
    authority: Authority | None = None,
    *,
    ocr: bool = True,
    jobs: int = 1,
    rows: bool = False,
) -> Iterator[Item]:
    """Every document in ``inputs`` (a ``Parsed`` pair, or its ``PageRow`` with ``rows``),
    or the error met on the way, in input order."""
    authority = authority or Authority.builtin()
    if jobs > 1:
        yield from _in_workers(_paths(inputs), authority, ocr=ocr, jobs=jobs, rows=rows)
        return
    names = _names(authority) if rows else None
    for path in _paths(inputs):
        if isinstance(path, CablegraphError):
            yield path
        else:
            yield from _as_rows(_one_file(path, authority, ocr=ocr), names)


def _as_rows(items: Iterable[Parsed | CablegraphError], names: CachedAuthority | None) -> Iterator[Item]:
    """The items as rows whose index records take their names from ``names``; as they are
    when it is None. A page whose row cannot be made stays a pair: the writer makes what it
    needs itself, and meets the same error where it always did."""
    for item in items:
        if names is None or isinstance(item, CablegraphError):
            yield item
            continue
        try:
            yield page_row(*item, names)
        except Exception:  # reported by the writer, see above
            yield item


def _paths(inputs: Iterable[str]) -> Iterator[Path | CablegraphError]:
    for item in inputs:
        try:
            yield from list(iter_paths([item]))
        except CablegraphError as exc:
            yield exc


def _in_workers(
    paths: Iterator[Path | CablegraphError], authority: Authority, *, ocr: bool, jobs: int, rows: bool
) -> Iterator[Item]:
    """``read_and_parse`` with the parsing in ``jobs`` processes, in input order."""
    custom = None if authority is Authority.builtin() else authority
    preload(authority)  # before the workers fork: they share it instead of each reading it
    names = _names(authority) if rows else None  # for the volumes read here
    pending: deque[Future[list[Item]] | Path | CablegraphError] = deque()
    size = max(1, min(CHUNK, WINDOW // 2))  # files per task
    chunk: list[Path] = []
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(custom,)) as pool:
        for path in paths:
            if isinstance(path, Path) and not _streams(path):
                chunk.append(path)
                if len(chunk) < size:
                    continue
            if chunk:  # a full chunk, or the files before a volume or an error, in order
                pending.append(pool.submit(_parse_files, chunk, ocr, rows))
                chunk = []
            if not isinstance(path, Path) or _streams(path):
                pending.append(path)
            while len(pending) > jobs * WINDOW // size or (pending and not isinstance(pending[-1], Future)):
                yield from _settle(pending.popleft(), authority, ocr, names)
        if chunk:
            pending.append(pool.submit(_parse_files, chunk, ocr, rows))
        while pending:
            yield from _settle(pending.popleft(), authority, ocr, names)


def _settle(
    item: Future[list[Item]] | Path | CablegraphError, authority: Authority, ocr: bool,
    names: CachedAuthority | None,
) -> Iterator[Item]:
    if isinstance(item, Future):
        yield from item.result()
    elif isinstance(item, Path):
        yield from _as_rows(_one_file(item, authority, ocr=ocr), names)
    else:
        yield item


def _streams(path: Path) -> bool:
    """TEI volumes stream document by document in this process."""
    return path.suffix.lower() in (".xml", ".tei")


def _names(authority: Authority) -> CachedAuthority:
    """The authority as the search index asks it for names (each answer remembered)."""
    return CachedAuthority(cast(AuthorityLike, authority))


def _start_worker(authority: Authority | None) -> None:
    global _worker_authority, _worker_names
    end_with_parent()  # an ingest killed with -9 leaves no parser waiting forever
    _worker_authority = authority or Authority.builtin()
    _worker_names = _names(_worker_authority)


def _parse_files(paths: list[Path], ocr: bool, rows: bool = False) -> list[Item]:
    """What a worker does with a task: its files, in order (several files per trip between
    the processes: ~80 µs of CPU per trip saved on each side)."""
    return [item for path in paths for item in _parse_file(path, ocr, rows)]


def _parse_file(path: Path, ocr: bool, rows: bool = False) -> list[Item]:
    assert _worker_authority is not None
    items = _one_file(path, _worker_authority, ocr=ocr)
    return list(_as_rows(items, _worker_names if rows else None))


def _one_file(path: Path, authority: Authority, *, ocr: bool) -> Iterator[Parsed | CablegraphError]:
    try:
        if path.suffix.lower() in (".xml", ".tei") and is_tei_file(path):
            yield from iter_tei_documents(path, path=str(path), authority=authority)
            return
        for page in file_pages(path, ocr=ocr):
            if isinstance(page, CablegraphError):
                yield page
            else:  # every document on the page (several cables or FRUS documents on one page)
                yield from [(page, doc) for doc in parse_documents(page, authority)]
    except CablegraphError as exc:
        yield exc
    except Exception as exc:  # a reader bug must not stop the batch: report it, go on
        yield ParseError(f"internal reader error {type(exc).__name__}: {exc}", path=str(path))
