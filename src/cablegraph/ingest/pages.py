"""Files of every format as the text pages the parser reads.

    file_pages(path, *, ocr) -> Iterator[SourcePage | CablegraphError]
    prepare(page) -> SourcePage

A zip archive yields its members' pages; a PDF is one page of text (its text layer, else
OCR); a saved HTML page and other (non-TEI) XML become the line-structured text the text
readers know; text with mojibake is repaired. The raw bytes stay as read, so the ledger's
hash is the file's. FRUS TEI volumes are not pages: they are read document by document by
:mod:`cablegraph.parse.frus_tei` (see :mod:`cablegraph.ingest.pipeline`).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from cablegraph.errors import CablegraphError
from cablegraph.ingest.archive import read_zip_pages
from cablegraph.ingest.html import html_page_as_text
from cablegraph.ingest.pdf import join_pages, read_pdf
from cablegraph.ingest.reader import MAX_PAGE_BYTES, read_page
from cablegraph.ingest.repair import join_hyphenation, repair_page
from cablegraph.ingest.xmltext import xml_page_as_text
from cablegraph.model import SourcePage

__all__ = ["file_pages", "is_pdf", "prepare"]


def file_pages(path: Path, *, ocr: bool = True) -> Iterator[SourcePage | CablegraphError]:
    """The pages of one file (not a TEI volume), each prepared; a bad zip member is its
    error and the others follow. A file that cannot be read raises its error."""
    if path.suffix.lower() == ".zip":
        for member in read_zip_pages(path):
            yield member if isinstance(member, CablegraphError) else prepare(member)
    elif is_pdf(path):
        yield pdf_page(path, ocr=ocr)
    else:
        yield prepare(read_page(path, max_bytes=MAX_PAGE_BYTES))


def prepare(page: SourcePage) -> SourcePage:
    """HTML and other (non-TEI) XML to text; mojibake repaired. The raw bytes stay as read."""
    if page.format == "html":
        page = html_page_as_text(page)
    elif page.format == "xml":
        page = xml_page_as_text(page)
    if page.format == "text":
        page, _repair = repair_page(page)
    return page


def is_pdf(path: Path) -> bool:
    """A ``.pdf`` name, or a file that starts as PDFs do."""
    if path.suffix.lower() == ".pdf":
        return True
    with path.open("rb") as handle:
        return handle.read(5) == b"%PDF-"


def pdf_page(path: Path, *, ocr: bool) -> SourcePage:
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
