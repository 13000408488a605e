"""From inputs (files, folders, globs) to parsed documents, whatever the source family.

    read_and_parse(inputs, authority) -> Iterator[(SourcePage, Document) | CablegraphError]

A FRUS TEI volume streams one document per ``div[@type="document"]`` (never read whole);
a zip archive yields its pages; a PDF is read page by page (text layer, else OCR); a
saved HTML page becomes the text the text readers know; text pages with mojibake are
repaired (the raw bytes are kept). One bad input yields its error and the batch goes on.

With ``jobs`` > 1, files are parsed in that many worker processes, still yielded in input
order, with at most ``jobs * WINDOW`` files in flight (memory stays bounded); TEI volumes
stream in this process, as they may hold thousands of documents.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from cablegraph.errors import CablegraphError, ParseError
from cablegraph.ingest import MAX_PAGE_BYTES, iter_paths, read_page
from cablegraph.ingest.archive import read_zip_pages
from cablegraph.ingest.repair import join_hyphenation, repair_page
from cablegraph.ingest.xmltext import xml_page_as_text
from cablegraph.model import Document, SourcePage
from cablegraph.parse.document import parse_documents
from cablegraph.parse.frus_tei import is_tei_file, iter_tei_documents
from cablegraph.parse.html import html_page_as_text
from cablegraph.parse.pdf import join_pages, read_pdf
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


def _start_worker(authority: Authority | None) -> None:
    global _worker_authority
    end_with_parent()  # an ingest killed with -9 leaves no parser waiting forever
    _worker_authority = authority or Authority.builtin()


def _parse_file(path: Path, ocr: bool) -> list[Parsed | CablegraphError]:
    assert _worker_authority is not None
    return list(_one_file(path, _worker_authority, ocr=ocr))


def _one_file(path: Path, authority: Authority, *, ocr: bool) -> Iterator[Parsed | CablegraphError]:
    try:
        suffix = path.suffix.lower()
        if suffix == ".zip":
            for member in read_zip_pages(path):
                if isinstance(member, CablegraphError):
                    yield member
                else:
                    yield from _parse(member, authority)
        elif suffix == ".pdf" or _starts_with(path, b"%PDF-"):
            yield from _parse(_pdf_page(path, ocr=ocr), authority)
        elif suffix in (".xml", ".tei") and is_tei_file(path):
            yield from iter_tei_documents(path, path=str(path), authority=authority)
        else:
            yield from _parse(read_page(path, max_bytes=MAX_PAGE_BYTES), authority)
    except CablegraphError as exc:
        yield exc
    except Exception as exc:  # a reader bug must not stop the batch: report it, go on
        yield ParseError(f"internal reader error {type(exc).__name__}: {exc}", path=str(path))


def _parse(page: SourcePage, authority: Authority) -> list[Parsed]:
    """Every document on the page (several cables or FRUS documents on one page)."""
    prepared = prepare(page)
    return [(prepared, doc) for doc in parse_documents(prepared, authority)]


def prepare(page: SourcePage) -> SourcePage:
    """HTML and other (non-TEI) XML to text; mojibake repaired. The raw bytes stay as read."""
    if page.format == "html":
        page = html_page_as_text(page)
    elif page.format == "xml":
        page = xml_page_as_text(page)
    if page.format == "text":
        page, _repair = repair_page(page)
    return page


def _starts_with(path: Path, magic: bytes) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(magic)) == magic


def _pdf_page(path: Path, *, ocr: bool) -> SourcePage:
    """A PDF as one page of text; OCR text has its broken hyphenation joined."""
    pages = read_pdf(path, path=str(path), ocr=ocr)
    text, where = join_pages(pages)
    warnings = [
        f"{path}: read from PDF, {len(pages)} pages (page {number} at characters {start}-{stop})"
        for number, start, stop in where
    ]
    if any(page.source == "ocr" for page in pages):
        text = join_hyphenation(text).text
        warnings.append(f"{path}: text from OCR (Tesseract); word confidences are in the OCR result")
    raw = path.read_bytes()
    return SourcePage(
        path=str(path),
        sha256=hashlib.sha256(raw).hexdigest(),
        format="text",
        encoding="pdf",
        text=unicodedata.normalize("NFC", text),
        raw=raw,
        warnings=warnings,
    )
