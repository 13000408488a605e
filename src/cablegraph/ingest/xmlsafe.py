"""Safe XML reading: refuse DTDs before the parser sees them, map parser errors to ours.

A document type declaration is where every XML attack lives: entity expansion
("billion laughs", quadratic blow-up), external entities that read local files or URLs
(XXE), external DTDs fetched over the network. TEI volumes need none of it, so any
``<!DOCTYPE`` or ``<!ENTITY`` in the prolog is refused with an
:class:`~cablegraph.errors.InputError` naming the file and the offset, before a parser
is started. The parser itself then runs with ``resolve_entities=False,
no_network=True, load_dtd=False, huge_tree=False`` and a second check of the parsed
document's DOCTYPE, so nothing is ever read from disk or network but the file itself.

check_prolog(head, path)                   refuse a DTD in the first bytes of an XML file
open_xml(source, path) -> BinaryIO         a checked binary stream over a file or bytes
safe_iterparse(stream, path, events)       lxml iterparse, errors as ParseError
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from lxml import etree

from cablegraph.errors import InputError, ParseError

__all__ = ["MAX_PROLOG_BYTES", "check_prolog", "open_xml", "safe_iterparse"]

#: The XML declaration, comments and processing instructions before the root element
#: may take at most this many bytes (a longer prolog is refused, not scanned forever).
MAX_PROLOG_BYTES = 1024 * 1024

_NAME_START = re.compile(r"[A-Za-z_:\u00c0-\uffff]")
_WHY = (
    "DTDs can declare entities (billion laughs, quadratic blow-up) and external entities "
    "that read local files or URLs; TEI volumes need none: remove the DOCTYPE"
)


def _decoded_head(head: bytes) -> str:
    """The head as text, good enough to find markup: UTF-16 by BOM, else Latin-1."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    if head[:2] in (b"<\x00", b"\x00<"):
        return head.decode("utf-16-le" if head[0] == 0x3C else "utf-16-be", errors="replace")
    return head.decode("latin-1")


def check_prolog(head: bytes, path: str) -> None:
    """Raise InputError if the XML prolog in ``head`` holds a DTD or an entity declaration.

    ``head`` is the first bytes of the file (up to :data:`MAX_PROLOG_BYTES`). A prolog
    that does not end within them is refused too.
    """
    text = _decoded_head(head).lstrip("\ufeff").replace("\u00ef\u00bb\u00bf", "", 1)
    pos = 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        if pos >= len(text):
            if len(head) >= MAX_PROLOG_BYTES:
                raise InputError(
                    f"no root element in the first {MAX_PROLOG_BYTES} bytes (the prolog of comments "
                    "and processing instructions is too long to check); expected an XML file whose "
                    "root element starts near the top",
                    path=path,
                    offset=len(head),
                )
            return  # empty or cut short: the parser reports it
        if text.startswith("<?", pos):
            pos = _skip(text, pos, "?>", head, path)
        elif text.startswith("<!--", pos):
            pos = _skip(text, pos, "-->", head, path)
        elif text[pos : pos + 9].upper() == "<!DOCTYPE":
            raise InputError(
                f"XML with a document type declaration (DTD) is refused: {_WHY}", path=path, offset=pos
            )
        elif text[pos : pos + 8].upper() == "<!ENTITY":
            raise InputError(f"XML with an entity declaration is refused: {_WHY}", path=path, offset=pos)
        else:
            return  # the root element (or not XML at all: the parser says so)


def _skip(text: str, pos: int, end: str, head: bytes, path: str) -> int:
    found = text.find(end, pos)
    if found < 0:
        if len(head) >= MAX_PROLOG_BYTES:
            raise InputError(
                f"the XML prolog runs past {MAX_PROLOG_BYTES} bytes without reaching the root "
                f"element (an unterminated {text[pos : pos + 4]!r}); expected a short prolog",
                path=path,
                offset=pos,
            )
        return len(text)
    return found + len(end)


def open_xml(source: str | os.PathLike[str] | bytes, path: str) -> IO[bytes]:
    """A binary stream over ``source`` (a file path, or the XML bytes themselves) whose
    prolog has been checked by :func:`check_prolog`. The caller closes it."""
    if isinstance(source, bytes):
        check_prolog(source[:MAX_PROLOG_BYTES], path)
        return io.BytesIO(source)
    name = os.fspath(source)
    if Path(name).is_dir():
        raise InputError("is a directory; expected a TEI XML file", path=path)
    try:
        stream = open(name, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path=path) from None
    try:
        check_prolog(stream.read(MAX_PROLOG_BYTES), path)
        stream.seek(0)
    except BaseException:
        stream.close()
        raise
    return stream


def safe_iterparse(
    stream: IO[bytes], path: str, events: tuple[str, ...] = ("start", "end")
) -> Iterator[tuple[str, Any]]:
    """``lxml.etree.iterparse`` with every unsafe feature off; a DOCTYPE the prolog check
    missed is refused at the root, and parser errors become ParseError with the line."""
    parser = etree.iterparse(
        stream,
        events=events,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )
    checked = False
    try:
        for event, elem in parser:
            if not checked:
                checked = True
                if elem.getroottree().docinfo.doctype:
                    raise InputError(
                        f"XML with a document type declaration (DTD) is refused: {_WHY}", path=path
                    )
            yield event, elem
    except etree.XMLSyntaxError as exc:
        line, message = _first_cause(exc)
        where = f"line {line}: " if line else ""
        raise ParseError(
            f"{where}not well-formed XML ({message}); expected a TEI XML file", path=path
        ) from None


def _first_cause(exc: Any) -> tuple[int | None, str]:
    """The line and message of the error that stopped the parser (lxml's own message is
    sometimes only "no element found", the cause being in its error log)."""
    line = exc.position[0] if exc.position and exc.position[0] else None
    if line is None:
        last = exc.error_log.last_error if exc.error_log else None
        if last is not None:
            return last.line or None, str(last.message).strip()
    return line, str(exc.msg).strip()
