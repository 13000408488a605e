"""Lines and paragraphs with their offsets into the page text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablegraph.model import Span

_LINE = re.compile(r"[^\n]*")
# Spaces a page may use between words or on "empty" separator lines.
SPACE_CHARS = (
    " \t\r\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000\ufeff\u200b"
)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the page, stripped of surrounding spaces (offsets of the stripped text)."""

    start: int
    stop: int
    text: str

    @property
    def span(self) -> Span:
        return Span(self.start, self.stop)

    @property
    def blank(self) -> bool:
        return not self.text


_CACHE: dict[tuple[str, int, int], list[Line]] = {}


def split_lines(text: str, start: int = 0, stop: int | None = None) -> list[Line]:
    """Every line of ``text[start:stop]``; whitespace-only lines (NBSP too) become blank.

    A page is split once: the readers that ask again for the same stretch of the same
    text get a copy of the lines already made (the last few texts are kept)."""
    stop = len(text) if stop is None else stop
    cache_key = (text, start, stop)
    cached = _CACHE.get(cache_key)
    if cached is not None:
        return list(cached)
    lines = _split(text, start, stop)
    if len(_CACHE) >= 16:
        _CACHE.clear()
    _CACHE[cache_key] = lines
    return list(lines)


def _split(text: str, start: int, stop: int) -> list[Line]:
    lines: list[Line] = []
    pos = start
    while pos <= stop:
        end = text.find("\n", pos, stop)
        end = stop if end == -1 else end
        raw = text[pos:end]
        stripped = raw.strip(SPACE_CHARS)
        lead = len(raw) - len(raw.lstrip(SPACE_CHARS))
        lines.append(Line(pos + lead, pos + lead + len(stripped), stripped))
        if end == stop:
            break
        pos = end + 1
    return lines


def nonblank(lines: list[Line]) -> list[Line]:
    return [line for line in lines if not line.blank]


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Groups of consecutive non-blank lines."""
    groups: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.blank:
            if current:
                groups.append(current)
                current = []
        else:
            current.append(line)
    if current:
        groups.append(current)
    return groups


def uses_blank_separators(lines: list[Line]) -> bool:
    """True when the page separates its blocks by blank lines (not one line per block)."""
    blank = sum(1 for line in lines if line.blank)
    return blank * 3 >= len(lines)


def strip_span(text: str, start: int, stop: int, chars: str = SPACE_CHARS + "\n") -> Span:
    """Shrink ``[start, stop)`` so it has no leading or trailing ``chars``."""
    while start < stop and text[start] in chars:
        start += 1
    while stop > start and text[stop - 1] in chars:
        stop -= 1
    return Span(start, stop)


def squash(text: str) -> str:
    """Collapse runs of whitespace (NBSP included) to one space."""
    return re.sub(r"[\s\u00a0\u200b]+", " ", text).strip()
