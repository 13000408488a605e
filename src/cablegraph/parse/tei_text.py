"""Render one TEI ``div`` as plain, line-structured text, remembering where each element went.

The text is what a reader sees: the source note, the heading, the dateline and
classification lines, the paragraphs (a blank line between blocks), the closer, then the
footnotes as "1. ..." lines. Whitespace inside a block is collapsed to single spaces.
Every element of interest (``persName``, ``gloss``, ``date``, ``placeName``, ``ref``,
``seg``, ``signed``, ``p``, ...) leaves a :class:`Mark` with its offsets into that text and
its attributes, so the FRUS reader can turn structure into spans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# Elements that start and end a line of their own.
BLOCKS = frozenset(
    {
        "p", "ab", "head", "opener", "closer", "dateline", "salute", "signed", "postscript",
        "quote", "lg", "l", "item", "row", "trailer", "byline", "docAuthor", "argument",
        "div", "figure", "caption", "listBibl", "bibl", "frus:attachment", "attachment",
    }
)  # fmt: skip
# Inline elements whose offsets the readers need.
MARKED = frozenset(
    {"persName", "gloss", "date", "placeName", "ref", "seg", "term", "orgName", "name", "rs", "signed", "p"}
)
_SELF_PLACED = BLOCKS | {"list", "table", "note", "pb", "lb"}


def local(tag: object) -> str:
    """The local name of an lxml tag ("{ns}p" -> "p"); "" for comments and PIs."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


@dataclass(slots=True)
class Mark:
    """Where one element's text landed: ``[start, stop)`` in the rendered text."""

    name: str
    start: int
    stop: int
    attrs: dict[str, str]
    zone: str  # "source", "head", "opener", "body", "closer", "notes"
    note: str | None = None  # the number of the footnote a mark sits in


_OPENERS = frozenset("([{“‘«„")
_CLOSERS = frozenset(")]},.;:!?”’»")
_WS = re.compile(r"[\s\u00a0]+")
_PARTS = re.compile(r"([\s\u00a0]*)(.*?)([\s\u00a0]*)\Z", re.DOTALL)


@dataclass(slots=True)
class Builder:
    """Accumulates text, collapsing whitespace, with line and blank-line breaks.

    Spaces are held back until the next word arrives, so none ever ends a line, and
    indentation whitespace (a run with a newline in it) next to a bracket or punctuation
    is dropped: ``(<persName>⏎  Steere⏎</persName>)`` gives "(Steere)".
    """

    parts: list[str] = field(default_factory=list)
    length: int = 0
    last: str = "\n"
    pending: bool = False
    pending_newline: bool = False

    @property
    def pos(self) -> int:
        return self.length

    def write(self, chunk: str) -> None:
        parts = _PARTS.match(chunk)
        assert parts is not None  # the pattern matches every string
        lead, words, trail = parts.groups()
        if lead:
            self.pending = True
            self.pending_newline = self.pending_newline or "\n" in lead
        if words:
            self._space_before(words[0])
            self._append(_WS.sub(" ", words))
            if trail:
                self.pending, self.pending_newline = True, "\n" in trail

    def _space_before(self, following: str) -> None:
        if self.pending and self.last not in " \n":
            indentation = self.pending_newline and (self.last in _OPENERS or following in _CLOSERS)
            if not indentation:
                self._append(" ")
        self.pending = self.pending_newline = False

    def _append(self, chunk: str) -> None:
        self.parts.append(chunk)
        self.length += len(chunk)
        self.last = chunk[-1]

    def raw(self, chunk: str) -> None:
        """Append ``chunk`` as is (no whitespace folding); drops a held-back space."""
        self.pending = self.pending_newline = False
        if chunk:
            self._append(chunk)

    def newline(self) -> None:
        self.pending = self.pending_newline = False
        if self.last != "\n":
            self._append("\n")

    def blank_line(self) -> None:
        self.newline()
        if self.parts and not "".join(self.parts[-2:]).endswith("\n\n"):
            self._append("\n")

    def text(self) -> str:
        return "".join(self.parts)


@dataclass(slots=True)
class Rendered:
    """A rendered div: its text, marks, zone spans and the footnotes it held."""

    text: str
    marks: list[Mark]
    zones: dict[str, tuple[int, int]]
    pages: list[str]


class Renderer:
    """Renders the parts of one document div in reading order."""

    def __init__(self) -> None:
        self.out = Builder()
        self.marks: list[Mark] = []
        self.notes: list[Any] = []
        self.pages: list[str] = []
        self.zone = "body"
        self.note_number: str | None = None
        self.glue = False  # the next block continues the current line ("3. " + first <p>)

    # ----------------------------------------------------------------- elements

    def content(self, elem: Any) -> None:
        """``elem``'s own text, its children and their tails."""
        if elem.text:
            self.out.write(elem.text)
        for child in elem:
            self.node(child)
            if child.tail:
                self.out.write(child.tail)

    def node(self, elem: Any) -> None:
        name = local(elem.tag)
        if not name:
            return  # comment or processing instruction
        if name == "note":
            self.notes.append(elem)
        elif name == "pb":
            if elem.get("n"):
                self.pages.append(elem.get("n"))
        elif name == "lb":
            self.out.newline()
        elif name == "list":
            self.numbered(elem)
        elif name == "table":
            self.table(elem)
        elif name in BLOCKS:
            self.block(elem)
        else:
            self.inline(elem, name)

    def inline(self, elem: Any, name: str) -> None:
        start = self.out.pos
        self.content(elem)
        if name in MARKED:
            self.mark(name, start, elem)

    def block(self, elem: Any) -> None:
        if self.glue:
            self.glue = False
        else:
            self.out.newline()
        start = self.out.pos
        self.content(elem)
        self.out.newline()
        name = local(elem.tag)
        if name in MARKED:
            self.mark(name, start, elem)

    def numbered(self, elem: Any) -> None:
        """ "<label>1.</label><item>..." gives "1. ..." on a line of its own."""
        self.out.newline()
        if elem.text:
            self.out.write(elem.text)
        labelled = False
        for child in elem:
            name = local(child.tag)
            if name == "label":
                self.out.newline()
                self.content(child)
                self.out.write(" ")
                labelled = True
            elif name == "item":
                if not labelled:
                    self.out.newline()
                self.content(child)
                self.out.newline()
                labelled = False
            else:
                self.node(child)
            if child.tail:
                self.out.write(child.tail)
        self.out.newline()

    def table(self, elem: Any) -> None:
        """One line per row, cells separated by a space."""
        self.out.newline()
        for row in elem.iter(f"{{{TEI_NS}}}row"):
            for cell in row:
                if local(cell.tag) == "cell":
                    self.content(cell)
                    self.out.write(" ")
            self.out.newline()

    def mark(self, name: str, start: int, elem: Any) -> None:
        attrs = {local(k): v for k, v in elem.attrib.items()}
        self.marks.append(Mark(name, start, self.out.pos, attrs, self.zone, self.note_number))

    # ----------------------------------------------------------------- sections

    def section(self, zone: str, elems: Sequence[Any], *, blank: bool) -> tuple[int, int]:
        """Render ``elems`` as blocks of ``zone``; returns the zone's ``[start, stop)``."""
        self.zone = zone
        self.out.newline()
        start = self.out.pos
        for elem in elems:
            if isinstance(elem, str):
                self.out.write(elem)
                continue
            if local(elem.tag) in _SELF_PLACED:
                self.node(elem)
            else:
                self.block(elem)
            if blank:
                self.out.blank_line()
        self.out.newline()
        return start, self.out.pos

    def footnotes(self, skip: set[int]) -> tuple[int, int]:
        """Every note met so far (and notes inside them), as numbered lines."""
        self.zone = "notes"
        self.out.blank_line()
        start = self.out.pos
        index = 0
        while index < len(self.notes):
            note = self.notes[index]
            index += 1
            if id(note) in skip:
                continue
            self.out.newline()
            self.note_number = note.get("n") or str(index)
            self.out.write(f"{self.note_number}. ")
            first = note[0] if len(note) else None
            self.glue = first is not None and not (note.text or "").strip() and local(first.tag) in BLOCKS
            self.content(note)
            self.glue = False
            self.out.newline()
        self.note_number = None
        return start, self.out.pos


def render_document(div: Any) -> Rendered:
    """Render a FRUS ``div type="document"``: source note, head, opener, body, closer, notes."""
    renderer = Renderer()
    zones: dict[str, tuple[int, int]] = {}
    source = _source_note(div)
    skip: set[int] = set()
    if source is not None:
        skip.add(id(source))
        renderer.zone = "source"
        start = renderer.out.pos
        renderer.content(source)
        renderer.out.newline()
        zones["source"] = (start, renderer.out.pos)
    heads = [c for c in div if local(c.tag) == "head"][:1]
    openers = [c for c in div if local(c.tag) in ("opener", "dateline")]
    closers = [c for c in div if local(c.tag) in ("closer", "postscript")]
    taken = {id(e) for e in heads + openers + closers}
    if source is not None:
        taken.add(id(source))
    body = [c for c in div if id(c) not in taken and local(c.tag)]
    if heads:
        zones["head"] = renderer.section("head", heads, blank=False)
    if openers:
        zones["opener"] = _opener(renderer, openers)
    renderer.out.blank_line()
    zones["body"] = renderer.section("body", body, blank=True)
    if closers:
        zones["closer"] = renderer.section("closer", closers, blank=False)
    notes = renderer.footnotes(skip)
    if notes[1] > notes[0]:
        zones["notes"] = notes
    text = renderer.out.text().rstrip() + "\n"
    marks = [_clamp(m, text) for m in renderer.marks]
    zones = {k: _trim(text, a, b) for k, (a, b) in zones.items()}
    return Rendered(text, [m for m in marks if m.stop > m.start], zones, renderer.pages)


def _opener(renderer: Renderer, openers: list[Any]) -> tuple[int, int]:
    """Dateline, then each classification ``seg`` on its own line."""
    renderer.zone = "opener"
    renderer.out.newline()
    start = renderer.out.pos
    for opener in openers:
        if local(opener.tag) == "dateline":
            renderer.block(opener)
            continue
        if opener.text and opener.text.strip():
            renderer.out.write(opener.text)
        for child in opener:
            name = local(child.tag)
            if name == "seg":
                renderer.out.newline()
                renderer.inline(child, name)
                renderer.out.newline()
            elif name:
                renderer.node(child)
            if child.tail and child.tail.strip():
                renderer.out.write(child.tail)
    renderer.out.newline()
    return start, renderer.out.pos


def _source_note(div: Any) -> Any:
    """The document's source note: an inline ``note type="source"`` or one in the head."""
    for child in div:
        if local(child.tag) == "note" and child.get("type") == "source":
            return child
    for child in div:
        if local(child.tag) == "head":
            for note in child.iter(f"{{{TEI_NS}}}note"):
                if note.get("type") == "source":
                    return note
    return None


def _clamp(mark: Mark, text: str) -> Mark:
    start, stop = _trim(text, mark.start, min(mark.stop, len(text)))
    mark.start, mark.stop = start, stop
    return mark


def _trim(text: str, start: int, stop: int) -> tuple[int, int]:
    stop = min(stop, len(text))
    start = min(start, stop)
    while start < stop and text[start] in " \n":
        start += 1
    while stop > start and text[stop - 1] in " \n":
        stop -= 1
    return start, stop
