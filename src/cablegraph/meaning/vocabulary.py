"""Query words across languages: the corpus's own vocabulary, embedded word by word, so
that a query word finds its translations among the words the pages use ("перемирие" →
"armistice", "truce"; "войск" → "troops") and the full-text index can be asked for them.

A Russian query against English pages shares no word with them: the full-text ranking of
hybrid search finds nothing and the query rests on the encoder's passages alone. The
vocabulary gives full text a ranking of its own for it: each query word of one script is
replaced by the terms of the other scripts nearest it (cosine at least :data:`NEAR`, at
most :data:`PER_WORD`), searched as one OR query and fused by reciprocal rank
(:mod:`cablegraph.meaning.hybrid`).

The terms are the words of the embedded passages (three letters or more, in
:data:`MIN_DOCUMENTS` documents or more), the :data:`TERMS_PER_SCRIPT` most frequent of
each script, embedded by the second encoder (USE: its single words translate, "война" →
"war" 0.83, where e5's crowd near 0.9 whatever the word). They live beside the passages
they were counted from (a ``terms`` table of that index's SQLite file), derived like them:
``cablegraph enrich`` recounts them after each pass and embeds only the terms it lacks.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from cablegraph.meaning.encoder import Encoder, Vectors
from cablegraph.meaning.scripts import CJK, CYRILLIC

TERMS_PER_SCRIPT = 20_000
MIN_DOCUMENTS = 2
NEAR = 0.70  # a translation: "войск" → troops 0.82, army 0.78; unrelated words below 0.6
PER_WORD = 5  # dev recall@10: 1 0.707, 3 0.723, 4 0.723, 5 0.749, 6 0.749, 8 0.721
BATCH = 512
SCHEMA = """
CREATE TABLE IF NOT EXISTS terms (
    term TEXT PRIMARY KEY,
    script TEXT NOT NULL,
    documents INTEGER NOT NULL,
    vector BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS counted (documents INTEGER NOT NULL);
"""
_TERM = re.compile(r"[^\W\d_]{3,}")
_SCRIPTS = (("cyrillic", re.compile(f"[{CYRILLIC}]")),
            ("cjk", re.compile(f"[{CJK}]")),
            ("latin", re.compile(r"[A-Za-z\u00c0-\u024f]")))


def script_of_word(word: str) -> str | None:
    """The script of a word's first letter ("latin", "cyrillic", "cjk"), None for others."""
    return next((name for name, pattern in _SCRIPTS if pattern.match(word)), None)


def words_of(text: str) -> set[str]:
    """The distinct terms of ``text``, lower-cased, in a script the vocabulary keeps."""
    return {w for w in (m.lower() for m in _TERM.findall(text)) if script_of_word(w) is not None}


def count_terms(documents: Iterable[str], *, per_script: int = TERMS_PER_SCRIPT,
                min_documents: int = MIN_DOCUMENTS) -> tuple[dict[str, tuple[str, int]], int]:
    """term → (script, documents it occurs in): the ``per_script`` most frequent of each
    script among those in at least ``min_documents`` of ``documents`` (one text each);
    and how many documents were read."""
    counts: Counter[str] = Counter()
    total = 0
    for text in documents:
        counts.update(words_of(text))
        total += 1
    kept: dict[str, tuple[str, int]] = {}
    taken: Counter[str] = Counter()
    for term, count in counts.most_common():
        if count < min_documents:
            break
        script = script_of_word(term)
        if script is not None and taken[script] < per_script:
            taken[script] += 1
            kept[term] = (script, count)
    return kept, total


@dataclass(slots=True)
class UpdateReport:
    terms: int = 0  # terms kept
    embedded: int = 0  # of which embedded by this update
    dropped: int = 0  # terms no longer frequent enough


def update_terms(db: sqlite3.Connection, encoder: Encoder, documents: Iterable[str],
                 **limits: int) -> UpdateReport:
    """Recount the vocabulary of ``documents`` into ``db``'s ``terms`` table: new terms
    embedded by ``encoder`` (in batches, each committed), those no longer kept dropped,
    the counts of the rest refreshed. Resumable: an interrupted update keeps the batches
    it committed and the next one embeds only the rest."""
    db.executescript(SCHEMA)
    wanted, total = count_terms(documents, **limits)
    held = {str(t) for (t,) in db.execute("SELECT term FROM terms")}
    report = UpdateReport(terms=len(wanted))
    gone = [(t,) for t in held if t not in wanted]
    with db:
        db.execute("DELETE FROM counted")
        db.execute("INSERT INTO counted (documents) VALUES (?)", (total,))
        db.executemany("DELETE FROM terms WHERE term = ?", gone)
        db.executemany("UPDATE terms SET documents = ? WHERE term = ?",
                       [(count, term) for term, (_, count) in wanted.items() if term in held])
    report.dropped = len(gone)
    new = [t for t in wanted if t not in held]
    for start in range(0, len(new), BATCH):
        chunk = new[start:start + BATCH]
        vectors = encoder.passages(chunk).astype(np.float16)
        with db:
            db.executemany("INSERT INTO terms (term, script, documents, vector) VALUES (?, ?, ?, ?)",
                           [(t, wanted[t][0], wanted[t][1], v.tobytes())
                            for t, v in zip(chunk, vectors, strict=True)])
        report.embedded += len(chunk)
    return report


class Vocabulary:
    """The embedded terms of one index, read once into a matrix (and again when the
    table changed); :meth:`translate` maps query words to the other scripts' terms."""

    def __init__(self, terms: Sequence[str], scripts: Sequence[str], vectors: Vectors,
                 documents: Sequence[int] = (), total: int = 0) -> None:
        self.terms = list(terms)
        self.scripts = np.asarray(scripts)
        self.vectors = vectors
        self.documents = dict(zip(self.terms, documents, strict=False))  # term → documents with it
        self.total = total  # documents counted

    @classmethod
    def read(cls, db: sqlite3.Connection, dimensions: int) -> Vocabulary:
        try:
            rows = db.execute("SELECT term, script, vector, documents FROM terms ORDER BY term").fetchall()
            total = int((db.execute("SELECT max(documents) FROM counted").fetchone() or (0,))[0] or 0)
        except sqlite3.OperationalError:  # never counted
            rows, total = [], 0
        matrix = np.frombuffer(b"".join(r[2] for r in rows), dtype=np.float16).reshape(len(rows), dimensions)
        return cls([str(r[0]) for r in rows], [str(r[1]) for r in rows], matrix.astype(np.float32),
                   [int(r[3]) for r in rows], total)

    def __len__(self) -> int:
        return len(self.terms)

    def translate(self, query: str, encoder: Encoder, *, near: float = NEAR,
                  per_word: int = PER_WORD) -> list[str]:
        """The terms of other scripts nearest the words of ``query`` (each at least
        ``near``, at most ``per_word`` of them a word, best first), without repeats."""
        words = list(dict.fromkeys(w for w in (m.lower() for m in _TERM.findall(query)) if script_of_word(w)))
        if not words or not self.terms:
            return []
        found: list[str] = []
        for word, vector in zip(words, encoder.passages(words), strict=True):
            other = self.scripts != script_of_word(word)
            if not other.any():
                continue
            similarity = np.where(other, self.vectors @ vector, -1.0)
            best = np.argpartition(-similarity, min(per_word, len(similarity) - 1))[:per_word]
            best = best[np.argsort(-similarity[best])]
            found += [self.terms[i] for i in best if similarity[i] >= near]
        return list(dict.fromkeys(found))


    def distinctive(self, texts: Iterable[str], count: int) -> list[str]:
        """The ``count`` terms most particular to ``texts`` (occurrences times the log of
        how rare the term is in the corpus), for pseudo-relevance feedback."""
        seen: Counter[str] = Counter()
        for text in texts:
            seen.update(w for w in (m.lower() for m in _TERM.findall(text)) if w in self.documents)
        total = max(self.total, 1)
        scored = {t: n * math.log(total / self.documents[t]) for t, n in seen.items()
                  if self.documents[t] < total}
        return sorted(scored, key=lambda t: -scored[t])[:count]


class TermsCache:
    """One :class:`Vocabulary` per index, read again when another connection committed to
    its file (SQLite's ``data_version``) or after :meth:`clear` (this one wrote)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: Vocabulary | None = None
        self._stamp: int | None = None

    def get(self, db: sqlite3.Connection, dimensions: int) -> Vocabulary:
        with self._lock:
            stamp = int(db.execute("PRAGMA data_version").fetchone()[0])
            if self._held is None or stamp != self._stamp:
                self._held, self._stamp = Vocabulary.read(db, dimensions), stamp
            return self._held

    def clear(self) -> None:
        with self._lock:
            self._held = None
