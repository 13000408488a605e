"""Snippets: a window of the text around the matched words, marked and HTML-escaped.

Words match when their folded form equals a query term, their stem equals a query
term's stem, or (for ``word*``) they start with the prefix. The window with the most
matches wins; everything is escaped with ``html.escape`` and matches wrapped in
``<mark>…</mark>``, so the result can go straight into a page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from cablegraph.search import analyze
from cablegraph.search.query import Phrase, Term

OPEN, CLOSE = "<mark>", "</mark>"


@dataclass(frozen=True, slots=True)
class Matcher:
    """What counts as a matched word."""

    words: frozenset[str]
    stems: frozenset[str]
    prefixes: tuple[str, ...]

    @classmethod
    def from_leaves(cls, leaves: list[Term | Phrase], extra: list[str] | None = None
                    ) -> Matcher:
        words: set[str] = set()
        prefixes: list[str] = []
        for leaf in leaves:
            if isinstance(leaf, Term) and leaf.prefix:
                prefixes.append(leaf.token)
            elif isinstance(leaf, Term):
                words.add(leaf.token)
            else:
                words.update(leaf.tokens)
        for name in extra or ():
            words.update(analyze.tokens(name))
        return cls(frozenset(words), frozenset(analyze.stem(w) for w in words),
                   tuple(prefixes))

    def matches(self, folded: str) -> bool:
        return (folded in self.words or analyze.stem(folded) in self.stems
                or folded.startswith(self.prefixes))


def snippet(text: str, matcher: Matcher, width: int = 30) -> str:
    """The best window of ``width`` words, escaped, matches marked ('' for no text)."""
    found = list(analyze.spans(text))
    if not found:
        return ""
    hits = [i for i, (_, _, tok) in enumerate(found) if matcher.matches(tok)]
    first = _best_window(hits, width) if hits else 0
    window = found[first:first + width]
    marked = {i for i in hits if first <= i < first + width}
    out: list[str] = ["… " if first > 0 else ""]
    cursor = window[0][0]
    for offset, (start, stop, _) in enumerate(window):
        out.append(html.escape(text[cursor:start]))
        word = html.escape(text[start:stop])
        out.append(f"{OPEN}{word}{CLOSE}" if first + offset in marked else word)
        cursor = stop
    if first + width < len(found):
        out.append(" …")
    else:
        out.append(html.escape(text[cursor:cursor + 20]))
    return " ".join("".join(out).split())


def _best_window(hits: list[int], width: int) -> int:
    """Start of the window of ``width`` words holding the most hits (a little context)."""
    best, best_count, lo = hits[0], 0, 0
    for hi, end in enumerate(hits):
        while end - hits[lo] >= width:
            lo += 1
        if hi - lo + 1 > best_count:
            best_count, best = hi - lo + 1, hits[lo]
    return max(0, best - 3)
