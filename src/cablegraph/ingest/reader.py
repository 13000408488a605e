"""Read input files into :class:`~cablegraph.model.SourcePage` objects.

``read_page`` refuses what is not text before decoding it: files over the size limit
(checked with ``stat`` before reading), empty or whitespace-only files, binary files
(NUL bytes outside the UTF-16 pattern, image/archive signatures) and PDF files (which
need the PDF reader). Every error names the file, the byte offset and the offending
value. ``read_pages`` turns a list of files, folders and glob patterns into pages and
yields errors instead of raising them, so that one bad file does not stop a batch.
"""

from __future__ import annotations

import glob
import hashlib
import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from cablegraph.errors import BinaryInputError, EmptyInputError, InputError, TooLargeError
from cablegraph.ingest.encoding import LOW_CONFIDENCE, decode, utf16_pattern
from cablegraph.ingest.sniff import sniff_format
from cablegraph.model.source import SourcePage

__all__ = ["DEFAULT_MAX_BYTES", "MAX_PAGE_BYTES", "iter_paths", "read_page", "read_pages", "read_text"]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
# One page (text or HTML, one document) is parsed whole: 8 MiB keeps the biggest within
# 10 s and 700 MB (measured in docs/reliability.md); volumes (TEI, zip) stream their pages.
MAX_PAGE_BYTES = 8 * 1024 * 1024

_EXPECTED = "expected a text, HTML, XML or PDF file"

# Signatures (at offset 0) of binary formats we will never read as text: (magic, what).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"BM", "BMP image"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/ODT/EPUB)"),
    (b"PK\x05\x06", "empty ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document (old Word/Excel)"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_PDF_MAGIC = b"%PDF-"
# C0 control bytes that text files do not contain (tab, LF, VT, FF, CR, SUB, ESC allowed).
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (9, 10, 11, 12, 13, 26, 27)) + b"\x7f"
_CONTROL_SAMPLE = 64 * 1024
_MAX_CONTROL_SHARE = 0.05


def read_page(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourcePage:
    """Read one file into a SourcePage; raise an InputError subclass if it is no text.

    The size is checked with ``stat`` before anything is read: a file over
    ``max_bytes`` raises TooLargeError without being opened.
    """
    name = os.fspath(path)
    try:
        info = os.stat(name)
    except FileNotFoundError:
        raise InputError("no such file; expected an existing file", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot stat the file: {exc.strerror or exc}", path=name) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory; expected a file (use read_pages for folders)", path=name)
    _refuse_special(info.st_mode, name)
    _check_size(info.st_size, max_bytes, name)
    try:
        # O_NONBLOCK: a FIFO swapped in after the stat cannot block the open
        with open(os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            _refuse_special(os.fstat(handle.fileno()).st_mode, name)
            data = handle.read(max_bytes + 1)  # +1: notice a file that grew after stat
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path=name) from None
    if len(data) > max_bytes:
        raise TooLargeError(
            f"file is over the limit of {max_bytes} bytes (it grew after the size check: "
            f"{info.st_size} bytes then, more than {max_bytes} now); split it or raise max_bytes",
            path=name,
            offset=max_bytes,
        )
    return _page_from_bytes(data, name)


def read_text(text: str, path: str = "<string>") -> SourcePage:
    """Wrap in-memory text (already decoded) as a SourcePage, encoded as UTF-8."""
    raw = text.encode("utf-8", errors="surrogatepass")
    if not text or text.isspace():
        raise _empty(raw, path)
    warnings: list[str] = []
    text = _nfc(text, warnings)
    return SourcePage(
        path=path,
        sha256=hashlib.sha256(raw).hexdigest(),
        format=sniff_format(text, path),
        encoding="utf-8",
        text=text,
        raw=raw,
        encoding_confidence=1.0,
        warnings=warnings,
    )


def iter_paths(inputs: Iterable[str | os.PathLike[str]], *, follow_links: bool = False) -> Iterator[Path]:
    """Expand files, folders (recursively, sorted, hidden entries skipped) and glob
    patterns into file paths, each once. Raises InputError naming an input that
    does not exist, is not a regular file (a FIFO, socket or device) or a pattern that
    matches nothing. A link in a folder to a file outside it is skipped unless
    ``follow_links``."""
    seen: set[Path] = set()
    for item in inputs:
        for found in _expand(item, follow_links=follow_links):
            key = found.resolve()
            if key not in seen:
                seen.add(key)
                yield found


def read_pages(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int = MAX_PAGE_BYTES,
    follow_links: bool = False,
) -> Iterator[SourcePage | InputError]:
    """Read every file ``inputs`` name (see iter_paths). Yields the InputError for a
    missing input or a bad file instead of raising it, and goes on with the rest."""
    seen: set[Path] = set()
    for item in inputs:
        try:
            paths = _expand(item, follow_links=follow_links)
        except InputError as exc:
            yield exc
            continue
        for found in paths:
            key = found.resolve()
            if key in seen:
                continue
            seen.add(key)
            try:
                yield read_page(found, max_bytes=max_bytes)
            except InputError as exc:
                yield exc


# --------------------------------------------------------------------------- helpers


def _check_size(size: int, max_bytes: int, name: str) -> None:
    if size > max_bytes:
        raise TooLargeError(
            f"file is {size} bytes, too large for one page: over the limit of {max_bytes} bytes "
            f"({_mib(size)} > {_mib(max_bytes)}); split it into smaller pages",
            path=name,
            offset=max_bytes,
        )


def _refuse_special(mode: int, name: str) -> None:
    """A named pipe, socket or device is no page (reading a FIFO would wait forever)."""
    if stat.S_ISREG(mode):
        return
    kind = ("named pipe (FIFO)" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode)
            else "character device" if stat.S_ISCHR(mode) else "block device" if stat.S_ISBLK(mode)
            else f"special file (mode {stat.filemode(mode)})")  # fmt: skip
    raise InputError(f"is a {kind}, not a regular file; expected a text, HTML, XML or PDF file", path=name)


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


def _page_from_bytes(data: bytes, name: str) -> SourcePage:
    if not data:
        raise EmptyInputError(f"empty file (0 bytes); {_EXPECTED}", path=name, offset=0)
    _refuse_binary(data, name)
    text, detection = decode(data, name)
    if not text or text.isspace():
        raise _empty(data, name)
    warnings = list(detection.warnings)
    if detection.confidence < LOW_CONFIDENCE:
        warnings.append(
            f"encoding guessed as {detection.encoding} with low confidence "
            f"{detection.confidence:.2f}; check the text"
        )
    text = _nfc(text, warnings)
    return SourcePage(
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        format=sniff_format(text, name),
        encoding=detection.encoding,
        text=text,
        raw=data,
        encoding_confidence=detection.confidence,
        warnings=warnings,
    )


def _refuse_binary(data: bytes, name: str) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BinaryInputError(
                f"binary content ({what} signature {_show(magic)} at offset 0); {_EXPECTED}",
                path=name,
                offset=0,
            )
    head = data[:1024]
    start = len(head) - len(head.lstrip(b"\xef\xbb\xbf \t\r\n"))
    if data[start:].startswith(_PDF_MAGIC):
        version = data[start : start + 8]
        raise InputError(
            f"PDF input needs the pdf reader (not yet supported): found {_show(version)} "
            f"at offset {start}; convert it to text or wait for the PDF reader",
            path=name,
            offset=start,
        )
    utf16 = utf16_pattern(data)
    if utf16 is not None:
        return
    nul = data.find(b"\x00")
    if nul >= 0:
        raise BinaryInputError(
            f"binary content (NUL byte at offset {nul}, not in a UTF-16 pattern); {_EXPECTED}",
            path=name,
            offset=nul,
        )
    head = data[:_CONTROL_SAMPLE]
    n_control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if n_control > _MAX_CONTROL_SHARE * len(head):
        first = next(i for i, b in enumerate(head) if b in _CONTROL_BYTES)
        raise BinaryInputError(
            f"binary content ({n_control} control bytes in the first {len(head)} bytes; "
            f"the first is 0x{head[first]:02X} at offset {first}); {_EXPECTED}",
            path=name,
            offset=first,
        )


def _show(value: bytes) -> str:
    return "'" + value.decode("latin-1").encode("unicode_escape").decode("ascii") + "'"


def _empty(raw: bytes, name: str) -> EmptyInputError:
    return EmptyInputError(
        f"only whitespace ({len(raw)} bytes); {_EXPECTED} with some content",
        path=name,
        offset=0,
    )


def _nfc(text: str, warnings: list[str]) -> str:
    if unicodedata.is_normalized("NFC", text):
        return text
    normal = unicodedata.normalize("NFC", text)
    pairs = zip(text, normal, strict=False)
    first = next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(text), len(normal)))
    before, after = text[first : first + 3], normal[first : first + 3]
    warnings.append(
        f"text normalised to NFC ({len(text)} -> {len(normal)} characters; "
        f"first change at character {first}: {before!r} -> {after!r})"
    )
    return normal


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


# Inside a folder only these are taken as pages (a file named explicitly is always read).
PAGE_SUFFIXES = frozenset({".txt", ".text", ".htm", ".html", ".xml", ".tei", ".pdf", ".zip", ""})


def _walk(folder: Path, *, follow_links: bool = False) -> list[Path]:
    """The page files under ``folder``. Links to folders are not descended; a link to a
    file outside ``folder`` is skipped unless ``follow_links`` (a page found in a folder
    must come from that folder)."""
    found: list[Path] = []
    inside = folder.resolve()
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not _is_hidden(d)]
        base = Path(root)
        found.extend(
            base / f
            for f in files
            if not _is_hidden(f)
            and Path(f).suffix.lower() in PAGE_SUFFIXES
            and (base / f).is_file()
            and (follow_links or not (base / f).is_symlink() or _within((base / f).resolve(), inside))
        )
    return sorted(found, key=lambda p: p.parts)  # a.txt, b/c.txt, z.txt


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _expand(item: str | os.PathLike[str], *, follow_links: bool = False) -> list[Path]:
    name = os.fspath(item)
    path = Path(name)
    if path.is_dir():
        return _walk(path, follow_links=follow_links)
    if path.exists():
        _refuse_special(path.stat().st_mode, name)
        return [path]
    if any(ch in name for ch in "*?["):
        matches = sorted(glob.glob(name, recursive=True))
        if not matches:
            raise InputError(f"the pattern {name!r} matches no file", path=name)
        found: list[Path] = []
        for match in matches:
            candidate = Path(match)
            if candidate.is_dir():
                found.extend(_walk(candidate, follow_links=follow_links))
            elif candidate.is_file():
                found.append(candidate)
        return found
    raise InputError("no such file or directory; expected a file, folder or glob pattern", path=name)
