"""Snippets: a stretch of text around the matched words, marked and HTML-escaped.

Words match when their folded form equals a query term, their stem equals a query term's
stem, or (for ``word*``) they start with the prefix. Candidates are found with one regular
expression built from the query (stems are prefixes of the words they come from), then
checked word by word, so a long page costs one C-level scan. The stretch holding the most
matches wins; everything is escaped with ``html.escape`` and matches wrapped in
``<mark>…</mark>``, so the result can go straight into a page.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from cablegraph.search import analyze
from cablegraph.search.query import Phrase, Term

OPEN, CLOSE = "<mark>", "</mark>"
_CHARS_PER_WORD = 7
MIN_NAME_WORD = 3  # shorter words of an entity's other names are never highlighted
_BOUNDARY = re.compile(r"\s")
MAX_MATCHES = 500  # matched words a snippet looks at, at most
MAX_CANDIDATES = 20_000  # words the pattern finds that are checked, at most


def _pattern(prefixes: set[str]) -> re.Pattern[str] | None:
    if not prefixes:
        return None
    parts = sorted((re.escape(p).replace("е", "[её]") for p in prefixes if p), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")[^\W_]*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Matcher:
    """What counts as a matched word."""

    words: frozenset[str]
    stems: frozenset[str]
    prefixes: tuple[str, ...]
    pattern: re.Pattern[str] | None = field(default=None, compare=False)

    @classmethod
    def from_leaves(cls, leaves: list[Term | Phrase], extra: list[str] | None = None) -> Matcher:
        words: set[str] = set()
        prefixes: list[str] = []
        for leaf in leaves:
            if isinstance(leaf, Term) and leaf.prefix:
                prefixes.append(leaf.token)
            elif isinstance(leaf, Term):
                words.add(leaf.token)
            else:
                words.update(leaf.tokens)
        for name in extra or ():  # other names of a matched entity: whole words only, and
            # none of their initials or short particles ("I. V. Stalin", "Feng Xi", "в")
            words.update(t for t in analyze.tokens(name) if len(t) >= MIN_NAME_WORD)
        stems = frozenset(analyze.stem(w) for w in words)
        starts = {min(w, analyze.stem(w), key=len) for w in words}
        return cls(
            frozenset(words),
            stems,
            tuple(prefixes),
            _pattern(starts | set(prefixes) | {s[:-1] for s in stems if len(s) > 3}),
        )

    def matches(self, folded: str) -> bool:
        return folded in self.words or analyze.stem(folded) in self.stems or folded.startswith(self.prefixes)

    def find(self, text: str, *, most: int = MAX_MATCHES,
             candidates: int = MAX_CANDIDATES) -> list[tuple[int, int]]:
        """(start, stop) of the matched words in ``text``, in order: the first ``most`` of
        them, from the first ``candidates`` words the pattern finds. The caps keep a
        snippet cheap on a huge page (a one-line 8 MiB page holds millions of words);
        the densest stretch among the first matches is still a fair snippet."""
        if self.pattern is None:
            return []
        found: list[tuple[int, int]] = []
        for seen, m in enumerate(self.pattern.finditer(text)):
            if seen >= candidates or len(found) >= most:
                break
            if self.matches(analyze.fold(m.group())):
                found.append(m.span())
        if self.words - FUNCTION_WORDS:
            found = _without_lone_function_words(text, found)
        return found


# Words that carry no meaning alone: in "Secretary of State" the "of" is marked where the
# phrase is, not in every sentence of the page. A query of such words only keeps them all.
_ENGLISH_AND_MORE = "a an and as at be by de der des die du for from in is it la le of on or the to was with"
_RUSSIAN = "и в во на с со к ко по о об от до из за у не а но что как для при"
FUNCTION_WORDS = frozenset(f"{_ENGLISH_AND_MORE} {_RUSSIAN}".split(" "))
_JOINS = re.compile(r"[\s,.;:'’\-]{1,3}")


def _without_lone_function_words(text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop a matched function word unless a run of touching matches (only spaces or a
    little punctuation between) joins it to a word that is none: "Secretary <of> State",
    "Ministry <of the> Interior", not "<of> the embassy"."""
    keep = [analyze.fold(text[a:b]) not in FUNCTION_WORDS for a, b in found]
    touching = [_JOINS.fullmatch(text, found[i][1], found[i + 1][0]) is not None
                for i in range(len(found) - 1)]
    for order in (range(len(found) - 1), reversed(range(len(found) - 1))):
        for i in order:  # spread from the meaningful words along each run, both ways
            if touching[i] and (keep[i] or keep[i + 1]):
                keep[i] = keep[i + 1] = True
    return [span for span, kept in zip(found, keep, strict=True) if kept]


def snippet(text: str, matcher: Matcher, width: int = 30, found: list[tuple[int, int]] | None = None) -> str:
    """About ``width`` words around the densest matches, escaped, matches marked."""
    hits = matcher.find(text) if found is None else found
    span = width * _CHARS_PER_WORD
    start = _best_start(hits, span) if hits else 0
    start = _snap(text, max(0, start - 3 * _CHARS_PER_WORD), backwards=True)
    stop = _snap(text, min(len(text), start + span), backwards=False)
    out = ["… " if start > 0 else ""]
    cursor = start
    for a, b in hits:
        if a < start or b > stop:
            continue
        out += [html.escape(text[cursor:a]), OPEN, html.escape(text[a:b]), CLOSE]
        cursor = b
    out.append(html.escape(text[cursor:stop]))
    if stop < len(text):
        out.append(" …")
    return " ".join("".join(out).split())


def _best_start(hits: list[tuple[int, int]], span: int) -> int:
    """Start of the stretch of ``span`` characters holding the most matches."""
    best, best_count, lo = hits[0][0], 0, 0
    for hi, (a, _) in enumerate(hits):
        while a - hits[lo][0] >= span:
            lo += 1
        if hi - lo + 1 > best_count:
            best_count, best = hi - lo + 1, hits[lo][0]
    return best


def _snap(text: str, at: int, *, backwards: bool) -> int:
    """Move ``at`` to the nearest whitespace so no word is cut (within 30 characters)."""
    if at <= 0 or at >= len(text):
        return max(0, min(at, len(text)))
    if backwards:
        space = text.rfind(" ", max(0, at - 30), at)
        newline = text.rfind("\n", max(0, at - 30), at)
        found = max(space, newline)
        return found + 1 if found >= 0 else at
    match = _BOUNDARY.search(text, at, min(len(text), at + 30))
    return match.start() if match else at
