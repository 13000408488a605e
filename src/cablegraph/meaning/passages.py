"""The passages of a document that are embedded: what it is about, in each language.

A document gives its title and summary as one passage, then its text blocks (original and
translation alike, editorial notes and site furniture left out) cut at paragraph and
sentence ends into passages of about ``SIZE`` characters; at most ``MAX_PASSAGES`` per
document, taken evenly across its blocks, so a long report costs what a telegram does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from cablegraph.store.base import StoredDocument

SIZE = 600
MAX_PASSAGES = 6
SKIPPED_ROLES = {"editorial", "furniture", "header", "listing"}
_BREAK = re.compile(r"\n\s*\n|(?<=[.!?。])\s+")


@dataclass(frozen=True, slots=True)
class Passage:
    doc_id: str
    number: int  # 0: title and summary; then the text's passages in order
    language: str | None
    text: str


def passages(doc: StoredDocument) -> list[Passage]:
    """The passages to embed for ``doc`` (never empty when it has any text)."""
    data = doc.data
    head = " — ".join(str(data[k]) for k in ("title", "summary") if data.get(k))
    out: list[Passage] = []
    if head.strip():
        out.append(Passage(doc.id, 0, None, head.strip()))
    body = [
        (block.get("language"), chunk)
        for block in doc.text_blocks()
        if block.get("role") not in SKIPPED_ROLES
        for chunk in chunks(str(block.get("text") or ""))
    ]
    for language, text in _spread(body, MAX_PASSAGES - len(out)):
        out.append(Passage(doc.id, len(out), language, text))
    if not out and doc.texts:
        out.extend(Passage(doc.id, i, None, t) for i, t in enumerate(chunks(doc.texts[0])[:MAX_PASSAGES]))
    return out


def page_of(doc: StoredDocument) -> str:
    """The page text the record's text blocks point into (the source chosen for them)."""
    holder = doc.choices.get("texts", {}).get("source")
    shas = [s.sha256 for s in doc.sources]
    return doc.texts[shas.index(holder)] if holder in shas else (doc.texts[0] if doc.texts else "")


def chunks(text: str, size: int = SIZE) -> list[str]:
    """``text`` cut at paragraph or sentence ends into pieces of about ``size`` characters."""
    found: list[str] = []
    current = ""
    for piece in _pieces(text):
        if current and len(current) + len(piece) + 1 > size:
            found.append(current)
            current = ""
        current = f"{current} {piece}".strip() if current else piece
        while len(current) > 2 * size:  # no sentence end for a long stretch
            found.append(current[:size])
            current = current[size:]
    if current:
        found.append(current)
    return found


def _pieces(text: str) -> Iterator[str]:
    for piece in _BREAK.split(text):
        piece = " ".join(piece.split())
        if len(piece) >= 3:
            yield piece


def _spread(items: list[tuple[str | None, str]], room: int) -> list[tuple[str | None, str]]:
    """At most ``room`` items, evenly spaced, in order."""
    if room <= 0:
        return []
    if len(items) <= room:
        return items
    step = len(items) / room
    return [items[int(i * step)] for i in range(room)]
