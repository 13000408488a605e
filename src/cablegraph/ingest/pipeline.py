"""From inputs (files, folders, globs) to parsed documents, whatever the source family.

    read_and_parse(inputs, authority) -> Iterator[(SourcePage, Document) | CablegraphError]

One direction: ``ingest`` turns the bytes of every format into pages
(:mod:`cablegraph.ingest.pages`: zip members, PDF text or OCR, HTML and XML as text,
mojibake repaired), then ``parse`` turns each page into its documents. A FRUS TEI volume
is the exception that is read by its own reader, one document per
``div[@type="document"]`` (streamed, never read whole). One bad input yields its error and
the batch goes on.

With ``jobs`` > 1, files are parsed in that many worker processes, still yielded in input
order, with at most ``jobs * WINDOW`` files in flight (memory stays bounded); TEI volumes
stream in this process, as they may hold thousands of documents.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from cablegraph.errors import CablegraphError, ParseError
from cablegraph.ingest.pages import file_pages
from cablegraph.ingest.reader import iter_paths
from cablegraph.model import Document, SourcePage
from cablegraph.parse.document import parse_documents
from cablegraph.parse.frus_tei import is_tei_file, iter_tei_documents
from cablegraph.processes import end_with_parent
from cablegraph.resolve import Authority

Parsed = tuple[SourcePage, Document]
WINDOW = 16  # files submitted ahead per worker process

_worker_authority: Authority | None = None


def read_and_parse(
    inputs: Iterable[str], authority: Authority | None = None, *, ocr: bool = True, jobs: int = 1
) -> Iterator[Parsed | CablegraphError]:
    """Every document in ``inputs``, or the error met on the way, in input order."""
    authority = authority or Authority.builtin()
    if jobs > 1:
        yield from _in_workers(_paths(inputs), authority, ocr=ocr, jobs=jobs)
        return
    for path in _paths(inputs):
        if isinstance(path, CablegraphError):
            yield path
        else:
            yield from _one_file(path, authority, ocr=ocr)


def _paths(inputs: Iterable[str]) -> Iterator[Path | CablegraphError]:
    for item in inputs:
        try:
            yield from list(iter_paths([item]))
        except CablegraphError as exc:
            yield exc


def _in_workers(
    paths: Iterator[Path | CablegraphError], authority: Authority, *, ocr: bool, jobs: int
) -> Iterator[Parsed | CablegraphError]:
    """``read_and_parse`` with the parsing in ``jobs`` processes, in input order."""
    custom = None if authority is Authority.builtin() else authority
    _read_whole(authority)  # before the workers fork: they share it instead of each reading it
    pending: deque[Future[list[Parsed | CablegraphError]] | Path | CablegraphError] = deque()
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(custom,)) as pool:
        for path in paths:
            if isinstance(path, Path) and not _streams(path):
                pending.append(pool.submit(_parse_file, path, ocr))
            else:
                pending.append(path)
            while len(pending) > jobs * WINDOW or (pending and not isinstance(pending[-1], Future)):
                yield from _settle(pending.popleft(), authority, ocr)
        while pending:
            yield from _settle(pending.popleft(), authority, ocr)


def _settle(
    item: Future[list[Parsed | CablegraphError]] | Path | CablegraphError, authority: Authority, ocr: bool
) -> Iterator[Parsed | CablegraphError]:
    if isinstance(item, Future):
        yield from item.result()
    elif isinstance(item, Path):
        yield from _one_file(item, authority, ocr=ocr)
    else:
        yield item


def _streams(path: Path) -> bool:
    """TEI volumes stream document by document in this process."""
    return path.suffix.lower() in (".xml", ".tei")


def _read_whole(authority: Authority) -> None:
    """Read now what the authority reads on first use (its archive layer: FRUS persons and
    office holders, ~0.5 s of CPU), so that worker processes forked after this share the
    parent's copy instead of each reading the file again."""
    if authority.archive is not None:
        authority.archive.starts  # noqa: B018 (read for its side effect: the layer is loaded)


def _start_worker(authority: Authority | None) -> None:
    global _worker_authority
    end_with_parent()  # an ingest killed with -9 leaves no parser waiting forever
    _worker_authority = authority or Authority.builtin()


def _parse_file(path: Path, ocr: bool) -> list[Parsed | CablegraphError]:
    assert _worker_authority is not None
    return list(_one_file(path, _worker_authority, ocr=ocr))


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
