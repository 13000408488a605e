"""An original and its translation aligned sentence by sentence, by meaning.

Each side is cut into segments (sentences; a short line such as a heading, a date, "No.
3917" or a signature is a segment of its own). Every pair of segments is scored by the
cosine of their sentence embeddings, made comparable across the page by a margin (a
pair's cosine over the mean cosine of each side's nearest neighbours, as in LASER-style
bitext mining), so that an encoder whose cosines crowd near 0.8 still ranks true pairs
first. A dynamic programme then finds the order-preserving alignment with 1-1, 1-2, 2-1,
1-0 and 0-1 beads that scores best, length ratio breaking near ties. Rows keep the spans
of their segments in the page, so they can be shown and checked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from cablegraph.meaning.encoder import Encoder, Vectors

NEIGHBOURS = 3
SKIP = 1.0  # the score of leaving one segment unpaired (a pair scoring below this is worse)
BEADS = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))
LENGTH_WEIGHT = 1.0
# A line of a few words may be a name or a signature ("Ким Ир Сен" / "KIM IL SUNG"), where a
# sentence encoder sees two unrelated strings: such a pair is compared by its sound, the
# original transliterated, and taken as a strong pair when it sounds alike.
NAME_WORDS = 4
NAME_SIMILARITY = 70  # rapidfuzz ratio, 0-100
NAME_Z = 3.0  # as far above the page's typical pair as a clear translation
_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
})


def sounds_alike(original: str, translation: str) -> bool:
    """Two short lines that are the same name in two scripts ("Ким Ир Сен", "KIM IL SUNG");
    an original without Cyrillic letters is left to the encoder (one script: it sees it)."""
    if len(original.split()) > NAME_WORDS or len(translation.split()) > NAME_WORDS:
        return False
    spoken = original.lower().translate(_LATIN)
    if spoken == original.lower():
        return False
    return fuzz.ratio(spoken, translation.lower()) >= NAME_SIMILARITY
_SENTENCE_END = re.compile(r"(?<=[.!?…;:])[\"'»”)\]]*\s+(?=[\"'«“(\[]*[A-ZА-ЯЁ0-9])"
                           r"|(?P<cjk>(?<=[。！？])[”」』）]*\s*(?=\S))")  # Chinese and Japanese: no space
_SHORT_LINE = 60
_LINE_ENDS = (".", "!", "?", ":", ";", "»", '"', "”", "。", "！", "？")  # a line ending so does not run on
_ABBREVIATIONS = {
    "тов", "гг", "см", "ст", "тт", "пп", "no", "nos", "cde", "cdes", "mr", "mrs", "dr", "gen",
    "col", "lt", "st", "vol", "pp", "ca", "cf", "etc", "jr", "sr", "ref", "para", "s",
}


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    stop: int


@dataclass(frozen=True, slots=True)
class Row:
    """Segments of the original and of the translation that say the same thing."""

    left: tuple[Segment, ...]
    right: tuple[Segment, ...]
    score: float

    def to_json(self) -> dict[str, object]:
        return {"left": [[s.start, s.stop] for s in self.left],
                "right": [[s.start, s.stop] for s in self.right], "score": round(self.score, 3)}


def segments(text: str, start: int = 0, stop: int | None = None) -> list[Segment]:
    """Sentences of ``text[start:stop]`` as spans of ``text``. A short line (a heading, a
    date, "No. 3917", a signature) is a segment of its own; a long line that does not end a
    sentence runs on into the next (wrapped text); initials and abbreviations ("U.S.",
    "тов.", "Cde.", "No.") do not end a sentence; a full-width stop ("。", "！", "？") ends
    one with or without a space after it."""
    stop = len(text) if stop is None else stop
    out: list[Segment] = []
    for unit_start, unit_stop in _units(text, start, stop):
        position = unit_start
        for cut in _SENTENCE_END.finditer(text, unit_start, unit_stop):
            if cut.group("cjk") is None and _abbreviation(text, unit_start, cut.start()):
                continue
            out.append(_trimmed(text, position, cut.start()))
            position = cut.end()
        out.append(_trimmed(text, position, unit_stop))
    return [s for s in out if s.stop > s.start]


def _units(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """Lines, a long line without a sentence end joined to the line after it."""
    units: list[tuple[int, int]] = []
    run_on = False
    for line in re.finditer(r"[^\n]+", text[start:stop]):
        a, b = start + line.start(), start + line.end()
        body = text[a:b].strip()
        if not body:
            run_on = False
            continue
        if run_on and units:
            units[-1] = (units[-1][0], b)
        else:
            units.append((a, b))
        run_on = len(body) > _SHORT_LINE and not body.endswith(_LINE_ENDS)
    return units


def _abbreviation(text: str, start: int, end: int) -> bool:
    """Whether the word before the full stop at ``end`` is an initial or abbreviation."""
    word = re.search(r"([\w.]+)\W*$", text[max(start, end - 20):end])
    if word is None:
        return False
    token = word.group(1).rstrip(".").split(".")[-1].casefold()
    return len(token) == 1 or token in _ABBREVIATIONS


def _trimmed(text: str, start: int, stop: int) -> Segment:
    while start < stop and text[start].isspace():
        start += 1
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    return Segment(start, stop)


def bilingual(data: dict[str, Any], text: str, encoder: Encoder) -> list[Row]:
    """The aligned rows of a parsed record with an original and a translation, else []."""
    blocks = [b for b in data.get("texts") or [] if isinstance(b, dict)]
    original = next((b for b in blocks if b.get("role") == "original"), None)
    translation = next((b for b in blocks if b.get("role") == "translation"), None)
    if original is None or translation is None:
        return []
    left = segments(text, int(original["start"]), int(original["stop"]))
    right = segments(text, int(translation["start"]), int(translation["stop"]))
    return align(text, left, right, encoder)


def align(text: str, left: Sequence[Segment], right: Sequence[Segment], encoder: Encoder) -> list[Row]:
    """The best order-preserving alignment of ``left`` (original) and ``right`` segments."""
    if not left or not right:
        return [Row(tuple(left), tuple(right), 0.0)] if left or right else []
    vectors = encoder.passages([text[s.start:s.stop] for s in (*left, *right)])
    return align_vectors(text, left, right, vectors[: len(left)], vectors[len(left):])


def align_vectors(text: str, left: Sequence[Segment], right: Sequence[Segment],
                  lv: Vectors, rv: Vectors) -> list[Row]:
    n, m = len(left), len(right)
    similar = lv @ rv.T
    mean, spread = float(similar.mean()), float(similar.std()) or 1.0
    lengths_l = np.array([s.stop - s.start for s in left], dtype=float)
    lengths_r = np.array([s.stop - s.start for s in right], dtype=float)
    ratio = lengths_r.sum() / max(lengths_l.sum(), 1.0)

    def bead(i: int, a: int, j: int, b: int) -> float:
        x = lv[i:a].sum(axis=0)
        y = rv[j:b].sum(axis=0)
        cosine = float(x @ y / max(np.linalg.norm(x) * np.linalg.norm(y), 1e-12))
        z = (cosine - mean) / spread  # how far above this page's typical pair
        if a - i == 1 and b - j == 1 and sounds_alike(text[left[i].start:left[i].stop],
                                                      text[right[j].start:right[j].stop]):
            z = max(z, NAME_Z)
        la, lb = lengths_l[i:a].sum() * ratio, lengths_r[j:b].sum()
        mismatch = abs(la - lb) / (la + lb + 1)
        return float((z - LENGTH_WEIGHT * mismatch) * ((a - i) + (b - j)) / 2)

    best = np.full((n + 1, m + 1), -np.inf)
    back = np.zeros((n + 1, m + 1, 2), dtype=int)
    best[0, 0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if best[i, j] == -np.inf:
                continue
            for di, dj in BEADS:
                a, b = i + di, j + dj
                if a > n or b > m:
                    continue
                gain = SKIP * (di + dj) / 2 if not (di and dj) else bead(i, a, j, b)
                if best[i, j] + gain > best[a, b]:
                    best[a, b] = best[i, j] + gain
                    back[a, b] = (i, j)
    rows: list[Row] = []
    i, j = n, m
    while i or j:
        pi, pj = (int(v) for v in back[i, j])
        score = bead(pi, i, pj, j) / max(((i - pi) + (j - pj)) / 2, 1) if i > pi and j > pj else 0.0
        rows.append(Row(tuple(left[pi:i]), tuple(right[pj:j]), score))
        i, j = pi, pj
    return rows[::-1]
