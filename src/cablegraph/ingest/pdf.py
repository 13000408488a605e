"""PDFs and scans: text PDFs through pypdf, scanned pages through Tesseract.

The archives hand out the translation as a text PDF and the original as a scan.
:func:`read_pdf` returns one :class:`PdfPage` per page, numbered from 1: the text layer
when the page has one, else (with ``ocr=True``) Tesseract's reading of the page's
images, marked ``source="ocr"`` with a confidence per word. :func:`ocr_image` reads one
image file. :func:`join_pages` makes one text of the pages and says where each page
lies in it, so every span keeps its page number.

Tesseract is Debian's ``tesseract-ocr`` (with ``tesseract-ocr-rus`` for Russian), run as
a subprocess with ``tsv`` output; :func:`tesseract_available` says whether it is there.
Nothing is downloaded. Errors are :class:`~cablegraph.errors.InputError` (not a PDF,
encrypted, too large, too many pages) or :class:`~cablegraph.errors.ParseError` (a PDF
pypdf cannot read), each naming the file and page.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PageObject, PdfReader
from pypdf.errors import PdfReadError

from cablegraph.errors import InputError, ParseError, TooLargeError

__all__ = [
    "DEFAULT_OCR_LANGUAGES",
    "MAX_PDF_BYTES",
    "MAX_PDF_PAGES",
    "OcrResult",
    "OcrWord",
    "PdfPage",
    "join_pages",
    "ocr_image",
    "read_pdf",
    "tesseract_available",
]

DEFAULT_OCR_LANGUAGES = "rus+eng"
MAX_PDF_BYTES = 256 * 1024 * 1024
MAX_PDF_PAGES = 2000
OCR_TIMEOUT_S = 300
# A page with fewer letters than this in its text layer is taken for a scan.
MIN_TEXT_CHARS = 20


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One word as Tesseract read it: its place in the OCR text and its confidence (0-100)."""

    text: str
    confidence: float
    start: int
    stop: int
    page: int
    box: tuple[int, int, int, int]  # left, top, width, height in pixels


@dataclass(slots=True)
class OcrResult:
    """The text of one image and its words."""

    text: str
    words: list[OcrWord] = field(default_factory=list)

    @property
    def mean_confidence(self) -> float:
        return sum(w.confidence for w in self.words) / len(self.words) if self.words else 0.0


@dataclass(slots=True)
class PdfPage:
    """One page of a PDF: its number (from 1), its text and where the text came from."""

    number: int
    text: str
    source: str  # "text" (the PDF's text layer) or "ocr"
    words: list[OcrWord] = field(default_factory=list)  # OCR words, offsets into ``text``
    warnings: list[str] = field(default_factory=list)

    @property
    def mean_confidence(self) -> float | None:
        if self.source != "ocr":
            return None
        return sum(w.confidence for w in self.words) / len(self.words) if self.words else 0.0


# --------------------------------------------------------------------------- text PDFs


def read_pdf(
    source: str | os.PathLike[str] | bytes,
    *,
    path: str | None = None,
    ocr: bool = False,
    languages: str = DEFAULT_OCR_LANGUAGES,
    max_pages: int = MAX_PDF_PAGES,
) -> list[PdfPage]:
    """Read every page of a PDF: the text layer, or OCR of the page images for scans."""
    name, data = _load(source, path)
    reader = _reader(data, name)
    count = len(reader.pages)
    if count > max_pages:
        raise TooLargeError(f"{count} pages, over the limit of {max_pages}; split the PDF", path=name)
    pages: list[PdfPage] = []
    for index, page in enumerate(reader.pages, start=1):
        text = _extract(page, name, index)
        if sum(ch.isalpha() for ch in text) >= MIN_TEXT_CHARS or not ocr:
            pages.append(PdfPage(index, text, "text"))
            continue
        pages.append(_ocr_page(page, index, name, languages))
    return pages


def _load(source: str | os.PathLike[str] | bytes, path: str | None) -> tuple[str, bytes]:
    if isinstance(source, bytes):
        name = path or "<bytes>"
        data = source
    else:
        name = path or os.fspath(source)
        try:
            size = os.stat(source).st_size
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror or exc}", path=name) from None
        if size > MAX_PDF_BYTES:
            raise TooLargeError(f"file is {size} bytes, over the PDF limit of {MAX_PDF_BYTES}", path=name)
        data = Path(source).read_bytes()
    if len(data) > MAX_PDF_BYTES:
        raise TooLargeError(f"{len(data)} bytes, over the PDF limit of {MAX_PDF_BYTES}", path=name)
    start = data[:1024].find(b"%PDF-")
    if start < 0:
        raise InputError("not a PDF (no '%PDF-' signature in the first 1024 bytes); expected a PDF file",
                         path=name, offset=0)  # fmt: skip
    return name, data


def _reader(data: bytes, name: str) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise InputError(
                "the PDF is encrypted; expected an unencrypted PDF (remove the password)", path=name
            )
        return reader
    except PdfReadError as exc:
        raise ParseError(f"pypdf cannot read the PDF ({exc}); expected a valid PDF", path=name) from None


def _extract(page: PageObject, name: str, number: int) -> str:
    try:
        text = page.extract_text()
    except Exception as exc:
        raise ParseError(
            f"page {number}: text extraction failed ({type(exc).__name__}: {exc})", path=name
        ) from None
    return str(text or "").replace("\r\n", "\n")


def _ocr_page(page: PageObject, number: int, name: str, languages: str) -> PdfPage:
    """OCR every image on the page, in order; their texts are joined by blank lines."""
    try:
        images = list(page.images)
    except Exception as exc:  # pypdf raises many kinds on damaged images
        raise ParseError(
            f"page {number}: cannot read its images ({type(exc).__name__}: {exc})", path=name
        ) from None
    if not images:
        return PdfPage(number, "", "ocr", warnings=[f"{name}: page {number} has no text layer and no image"])
    parts: list[str] = []
    words: list[OcrWord] = []
    offset = 0
    for image in images:
        suffix = Path(getattr(image, "name", "") or "image.png").suffix or ".png"
        result = ocr_image(
            image.data, languages=languages, page=number, path=f"{name} page {number}", suffix=suffix
        )
        if parts:
            offset += 2
        words += [
            OcrWord(w.text, w.confidence, w.start + offset, w.stop + offset, number, w.box)
            for w in result.words
        ]
        parts.append(result.text)
        offset += len(result.text)
    return PdfPage(number, "\n\n".join(parts), "ocr", words)


def join_pages(pages: Sequence[PdfPage]) -> tuple[str, list[tuple[int, int, int]]]:
    """One text of all pages (a blank line between pages) and ``(page, start, stop)`` of each."""
    parts: list[str] = []
    where: list[tuple[int, int, int]] = []
    pos = 0
    for page in pages:
        text = page.text.rstrip("\n")
        if parts:
            parts.append("\n\n")
            pos += 2
        where.append((page.number, pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
    return "".join(parts) + "\n", where


# --------------------------------------------------------------------------- OCR


def tesseract_available(languages: str = DEFAULT_OCR_LANGUAGES) -> bool:
    """Whether the ``tesseract`` binary is on PATH with every language in ``languages``."""
    binary = shutil.which("tesseract")
    if binary is None:
        return False
    try:
        listed = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    have = set(listed.stdout.split())
    return all(lang in have for lang in languages.split("+"))


def ocr_image(
    image: str | os.PathLike[str] | bytes,
    *,
    languages: str = DEFAULT_OCR_LANGUAGES,
    page: int = 1,
    path: str | None = None,
    suffix: str = ".png",
    psm: int = 6,
) -> OcrResult:
    """Read one image with Tesseract; the text keeps Tesseract's lines and paragraphs."""
    binary = shutil.which("tesseract")
    name = path or ("<bytes>" if isinstance(image, bytes) else os.fspath(image))
    if binary is None:
        raise InputError(
            "OCR needs the tesseract binary, which is not installed "
            "(Debian: apt-get install tesseract-ocr tesseract-ocr-rus)",
            path=name,
        )
    with tempfile.TemporaryDirectory(prefix="cablegraph-ocr-") as tmp:
        if isinstance(image, bytes):
            target = Path(tmp) / f"page{suffix}"
            target.write_bytes(image)
        else:
            target = Path(image)
        command = [binary, str(target), "stdout", "-l", languages, "--psm", str(psm), "tsv"]
        try:
            done = subprocess.run(command, capture_output=True, timeout=OCR_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise ParseError(f"tesseract took over {OCR_TIMEOUT_S} s on the image", path=name) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise ParseError(f"tesseract failed (exit {done.returncode}): {message[0]}", path=name)
    return parse_tsv(done.stdout.decode("utf-8", "replace"), page=page)


def parse_tsv(tsv: str, *, page: int = 1) -> OcrResult:
    """Tesseract's TSV as text: words joined by spaces, a line per line, a blank line
    between paragraphs; each word keeps its offsets and confidence."""
    rows = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    parts: list[str] = []
    words: list[OcrWord] = []
    pos = 0
    last_line: tuple[str, ...] | None = None
    last_par: tuple[str, ...] | None = None
    for row in rows:
        word = (row.get("text") or "").strip()
        if row.get("level") != "5" or not word:
            continue
        par = (row["block_num"], row["par_num"])
        line = (*par, row["line_num"])
        if last_line is not None:
            sep = "\n\n" if par != last_par else "\n" if line != last_line else " "
            parts.append(sep)
            pos += len(sep)
        last_line, last_par = line, par
        box = (int(row["left"]), int(row["top"]), int(row["width"]), int(row["height"]))
        words.append(OcrWord(word, float(row["conf"]), pos, pos + len(word), page, box))
        parts.append(word)
        pos += len(word)
    return OcrResult("".join(parts), words)
