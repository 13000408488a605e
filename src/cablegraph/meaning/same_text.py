"""``same_event`` links: one text in several documents (the same record on two sites
without a shared id, a translation published apart from its original, a telegram quoted
word for word in another) found after embedding.

Candidates are a document's nearest documents by passage vectors and its near-duplicates.
Two rules decide, each with its evidence (the words or the sentences that match):

- ``shared_text``: most of the shorter text's five-word shingles are in the longer one
  (90 %; or half, when the two are dated within two days or one is undated);
- ``translation``: dated within a day of each other, and most of the sentences of each
  have a counterpart in the other whose embedding is near-identical (cosine at least the
  encoder's ``near_cosine``: 0.70 for USE, 0.92 for e5, whose cosines crowd near 0.8);
- ``sentence_chain``: dated within two days (or one undated), and at least five sentences
  of one pair with sentences of the other in the same order, each pair the other's
  nearest and clearly nearer than the rest (a margin over each side's three nearest, as
  in bitext mining: an encoder whose cosines crowd near 0.8 calls unrelated sentences
  close, not each other's clear nearest; the margin is the encoder's ``chain_margin``:
  1.35 for USE, 1.04 for e5; a chain found only at half that excess, 1.02 for e5,
  counts when it pairs off half the shorter text's sentences: e5 sets Chinese and English
  less clearly apart than two European languages). Two translations of one letter, a text and its
  translation, a transcript in two renderings: their sentences pair off in order; two
  telegrams of the same day between the same people rarely do. Sentences that are the
  same word for word do not count (they are shared text, judged by its own rule: two
  cables with the same site furniture chained six identical sentences).

Measured on the hand-labelled pairs (tests/fixtures/meaning/same_text.json, hard negatives
included: the same people and days, different texts), both rules were chosen for
precision: a wrong "same text" misleads a historian more than a missing one.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from cablegraph.link.records import iso_date
from cablegraph.meaning.align import Segment, segments
from cablegraph.meaning.encoder import Encoder, Vectors
from cablegraph.meaning.passages import page_of
from cablegraph.meaning.vectors import VectorIndex
from cablegraph.model.link import Link
from cablegraph.store.base import Store, StoredDocument

SHINGLE = 5
CONTAINED = 0.9
CONTAINED_SAME_DAYS = 0.5
TRANSLATED_SHARE = 0.5  # of the sentences of each document (0.7 for the better side)
MAX_SENTENCES = 40
MIN_SENTENCE = 25
NEIGHBOURS = 8
# Documents (their text and sentence vectors, ~60 KB each) kept while linking a batch: the
# pass over a whole corpus holds this many, not every document it has read.
KEPT_TEXTS = 2_000
CHAIN = 5  # sentence pairs in order, at least
CHAIN_MARGIN = 1.04  # a pair's cosine over the mean of each side's nearest cosines (e5's scale)
CHAIN_NEIGHBOURS = 3
CHAIN_DAYS = 2
LOOSE_MARGIN = 0.5  # of the margin's excess over 1, ...
LOOSE_SHARE = 0.5  # ... when the chain pairs off at least this share of the shorter side
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
CJK_WEIGHT = 3  # letters a Chinese character stands for (one English word is ~5 letters, ~1.5 characters)


@dataclass(slots=True)
class TextOf:
    """What the rules compare of one document (built once per run)."""

    doc: StoredDocument
    page: str
    date: dt.date | None
    words: list[tuple[int, int]]  # spans of the body's words in ``page``
    shingles: dict[int, int] = field(default_factory=dict)  # shingle → first word index
    sentences: list[Segment] = field(default_factory=list)
    vectors: Vectors | None = None

    @classmethod
    def of(cls, doc: StoredDocument) -> TextOf:
        page = page_of(doc)
        blocks = [b for b in doc.data.get("texts") or []
                  if b.get("role") != "editorial" and isinstance(b.get("start"), int)]
        spans = [(int(b["start"]), int(b["stop"])) for b in blocks] or [(0, len(page))]
        words = [(m.start(), m.end()) for a, b in spans for m in _WORD.finditer(page, a, b)]
        folded = [_fold(page[a:b]) for a, b in words]
        shingles: dict[int, int] = {}
        for i in range(len(folded) - SHINGLE + 1):
            shingles.setdefault(zlib.crc32(" ".join(folded[i:i + SHINGLE]).encode()), i)
        sentences = [s for a, b in spans for s in segments(page, a, b)
                     if _weight(page, s.start, s.stop) >= MIN_SENTENCE]
        date = iso_date((doc.data.get("date") or {}).get("iso"))
        return cls(doc, page, date, words, shingles, sentences[:MAX_SENTENCES])

    def sentence_vectors(self, encoder: Encoder) -> Vectors:
        if self.vectors is None:
            self.vectors = encoder.passages([self.page[s.start:s.stop] for s in self.sentences])
        return self.vectors


def _weight(text: str, start: int, stop: int) -> int:
    """The length of ``text[start:stop]`` as the sentence rules read it: a Chinese or
    Japanese character, a word in itself, counts as :data:`CJK_WEIGHT` letters."""
    return stop - start + (CJK_WEIGHT - 1) * len(_CJK.findall(text, start, stop))


def _fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in word if not unicodedata.combining(c))


def _days_apart(a: TextOf, b: TextOf) -> int | None:
    return None if a.date is None or b.date is None else abs((a.date - b.date).days)


def shared_text(a: TextOf, b: TextOf) -> Link | None:
    """A ``same_event`` link when one text is mostly inside the other."""
    common = a.shingles.keys() & b.shingles.keys()
    smaller = min(len(a.shingles), len(b.shingles))
    if not smaller or not common:
        return None
    contained = len(common) / smaller
    days = _days_apart(a, b)
    if contained < CONTAINED and not (contained >= CONTAINED_SAME_DAYS and (days is None or days <= 2)):
        return None
    first = min(a.shingles[h] for h in common)
    start, stop = a.words[first][0], a.words[min(first + 24, len(a.words) - 1)][1]
    return Link(a.doc.id, b.doc.id, "same_event", "shared_text", 0.95 if contained >= CONTAINED else 0.85,
                a.page[start:stop], start, stop)


def translation(a: TextOf, b: TextOf, encoder: Encoder) -> Link | None:
    """A ``same_event`` link when the sentences of each have near-identical counterparts."""
    days = _days_apart(a, b)
    if days is None or days > 1 or not a.sentences or not b.sentences:
        return None
    similar = a.sentence_vectors(encoder) @ b.sentence_vectors(encoder).T
    share_a = float((similar.max(axis=1) >= encoder.near_cosine).mean())
    share_b = float((similar.max(axis=0) >= encoder.near_cosine).mean())
    if min(share_a, share_b) < TRANSLATED_SHARE or max(share_a, share_b) < 0.7:
        return None
    i, j = np.unravel_index(int(similar.argmax()), similar.shape)
    best = a.sentences[int(i)]
    twin = b.sentences[int(j)]
    evidence = f"{a.page[best.start:best.stop]} ≈ {b.page[twin.start:twin.stop]}"
    return Link(a.doc.id, b.doc.id, "same_event", "translation", 0.8, evidence[:400], best.start, best.stop)


def chained_pairs(similar: Vectors, neighbours: int = CHAIN_NEIGHBOURS,
                  margin: float = CHAIN_MARGIN) -> list[tuple[int, int]]:
    """The longest chain, in the order of both sides, of sentence pairs (i, j) that are each
    other's nearest in ``similar`` (cosines, rows one side's sentences, columns the
    other's) with a margin of at least ``margin``: the cosine over the mean of the two
    sides' ``neighbours`` nearest cosines."""
    rows, columns = similar.shape
    if not rows or not columns:
        return []
    near_rows = -np.sort(-similar, axis=1)[:, :min(neighbours, columns)].mean(axis=1)
    near_columns = -np.sort(-similar, axis=0)[:min(neighbours, rows), :].mean(axis=0)
    best_of_row, best_of_column = similar.argmax(axis=1), similar.argmax(axis=0)
    pairs = [(i, int(best_of_row[i])) for i in range(rows)
             if int(best_of_column[best_of_row[i]]) == i
             and similar[i, best_of_row[i]] * 2 >= margin * (near_rows[i] + near_columns[best_of_row[i]])]
    chain: list[list[tuple[int, int]]] = []  # the longest chain ending at each pair
    for pair in pairs:  # rows ascending: a chain needs the columns ascending too
        before = [c for c, other in zip(chain, pairs, strict=False) if other[1] < pair[1]]
        chain.append([*max(before, key=len, default=[]), pair])
    return max(chain, key=len, default=[])


def sentence_chain(a: TextOf, b: TextOf, encoder: Encoder) -> Link | None:
    """A ``same_event`` link when :data:`CHAIN` sentences or more of each pair off in order
    (:func:`chained_pairs`); the evidence is the first matched pairs."""
    days = _days_apart(a, b)
    if (days is not None and days > CHAIN_DAYS) or min(len(a.sentences), len(b.sentences)) < CHAIN:
        return None
    similar = a.sentence_vectors(encoder) @ b.sentence_vectors(encoder).T
    pairs = _distinct(a, b, chained_pairs(similar, margin=encoder.chain_margin))
    if len(pairs) < CHAIN:  # a looser margin, when the chain then spans most of the shorter text
        loose = _distinct(a, b, chained_pairs(similar, margin=1 + (encoder.chain_margin - 1) * LOOSE_MARGIN))
        pairs = loose if len(loose) >= max(CHAIN, LOOSE_SHARE * min(similar.shape)) else []
    if len(pairs) < CHAIN:
        return None
    shown = [f"{_said(a, i)} ≈ {_said(b, j)}" for i, j in pairs[:2]]
    first = a.sentences[pairs[0][0]]
    return Link(a.doc.id, b.doc.id, "same_event", "sentence_chain", 0.75,
                f"{len(pairs)} sentences in order: " + " | ".join(shown)[:360], first.start, first.stop)


def _distinct(a: TextOf, b: TextOf, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``pairs`` less those of one sentence word for word (shared text's to judge)."""
    return [(i, j) for i, j in pairs if _words(_said(a, i)) != _words(_said(b, j))]


def _words(text: str) -> list[str]:
    return _WORD.findall(_fold(text))


def _said(text: TextOf, number: int) -> str:
    sentence = text.sentences[number]
    return text.page[sentence.start:sentence.stop]


def same_event(a: TextOf, b: TextOf, encoder: Encoder) -> Link | None:
    return shared_text(a, b) or translation(a, b, encoder) or sentence_chain(a, b, encoder)


def candidates(doc_id: str, vectors: VectorIndex, twins: Sequence[str]) -> list[str]:
    """Documents near ``doc_id`` by any of its passages, and its near-duplicates."""
    found: dict[str, None] = dict.fromkeys(twins)
    for vector in vectors.vectors_of(doc_id):
        for hit in vectors.documents(vector, NEIGHBOURS):
            if hit.doc_id != doc_id:
                found[hit.doc_id] = None
    return list(found)


def find_same_events(changed: Sequence[str], store: Store, vectors: VectorIndex,
                     encoder: Encoder, *, keep: int = KEPT_TEXTS) -> list[Link]:
    """The ``same_event`` links of the documents ``changed`` (one per pair, from the
    document with the smaller id); at most ``keep`` documents' texts are held at once."""
    texts: OrderedDict[str, TextOf] = OrderedDict()  # the most recently used last

    def load(ids: Iterable[str]) -> None:
        ids = list(ids)
        for doc_id in ids:
            if doc_id in texts:
                texts.move_to_end(doc_id)
        for doc_id, doc in store.get_many([i for i in ids if i not in texts]).items():
            if doc.data.get("page_kind") != "listing":
                texts[doc_id] = TextOf.of(doc)
        while len(texts) > max(keep, len(ids)):
            texts.popitem(last=False)

    found: dict[tuple[str, str], Link] = {}
    for doc_id in changed:
        load([doc_id])
        if doc_id not in texts:
            continue
        others = [o for o in candidates(doc_id, vectors, texts[doc_id].doc.near_duplicates) if o != doc_id]
        load([doc_id, *others])
        for other in others:
            pair = (min(doc_id, other), max(doc_id, other))
            if pair in found or other not in texts:
                continue
            link = same_event(texts[pair[0]], texts[pair[1]], encoder)
            if link is not None:
                found[pair] = link
    return list(found.values())
