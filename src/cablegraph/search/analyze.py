"""Text analysis shared by indexing, querying and snippets.

A token is a run of letters and digits. Folding (for matching only; stored text is never
changed): case, ``ё``→``е``, zero-width characters and soft hyphens removed, and Latin or
Cyrillic look-alike letters inside a word mapped to the word's majority script (OCR and
typing slips such as a Latin ``o`` in ``Филиппoв``). Stemming is Snowball (PyStemmer):
Russian for Cyrillic words, English for Latin ones (each stemmer leaves the other script's
words as they are).

Documents go through ``analyzed_lists``: each distinct raw token is folded and stemmed
once per process and remembered (``_FOLDED``, ``_STEMMED``), so a page costs one regular
expression scan and two dictionary look-ups per word, all in C (``benchmarks/
ingest_costs.py``: ~145 instead of ~180 µs for a 4.3 KB telegram, caches warm). tantivy's
own analyzers (Rust Snowball stemmers registered on the index) were measured and not
used: they stem every occurrence again, with no cache (~250 ns a word), and the ``pairs``
field needs the stems in Python anyway (``docs/benchmarks.md``, "Text analysis and
indexed fields").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

import Stemmer

MAX_TOKEN = 64  # longer runs are cut (no real word is longer; keeps the index sane)

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_TOKEN = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[a-z]")

# Look-alike letters (after casefolding): Latin -> Cyrillic and back.
_LAT_TO_CYR = str.maketrans("aceopxykmtbh", "асеорхукмтвн")
_CYR_TO_LAT = str.maketrans("асеорхукмтвні", "aceopxykmtbhi")

_RUSSIAN = Stemmer.Stemmer("russian")
_ENGLISH = Stemmer.Stemmer("english")


def clean(text: str) -> str:
    """Remove characters that must not split or change a word (soft hyphen, zero-width)."""
    return _INVISIBLE.sub("", text)


@lru_cache(maxsize=262_144)
def fold(token: str) -> str:
    """The folded form of one token (see the module docstring)."""
    word = token.casefold().replace("ё", "е")[:MAX_TOKEN]
    cyr = len(_CYRILLIC.findall(word))
    lat = len(_LATIN.findall(word))
    if cyr and lat:
        word = word.translate(_LAT_TO_CYR if cyr >= lat else _CYR_TO_LAT)
    return word


@lru_cache(maxsize=262_144)
def stem(folded: str) -> str:
    """The Snowball stem of a folded token: Russian, then English.

    Each stemmer leaves the other script's words as they are, so one pipeline serves
    both languages (and runs over a whole text at C speed in ``stems``).
    """
    return str(_ENGLISH.stemWord(_RUSSIAN.stemWord(folded)))


def stems(folded: list[str]) -> list[str]:
    """``stem`` of every token (cached per token: faster than stemming lists in C)."""
    return [stem(t) for t in folded]


# Raw token -> fold(token) and -> stem(fold(token)), learnt as documents come; cleared
# when it grows past _REMEMBER words (OCR noise and numbers make the vocabulary open).
# Full, the two hold ~60 MB (200,000 words of 3-12 letters, half Cyrillic, measured with
# tracemalloc; the lru caches of fold and stem held ~100 MB when full); theirs
# are left to queries, snippets and names.
_FOLDED: dict[str, str] = {}
_STEMMED: dict[str, str] = {}
_REMEMBER = 200_000


def _learn(raw: list[str]) -> None:
    new = set(raw).difference(_FOLDED)
    if len(_FOLDED) + len(new) > _REMEMBER:
        _FOLDED.clear()
        _STEMMED.clear()
        new = set(raw)
    for token in new:
        folded = fold.__wrapped__(token)
        _STEMMED[token] = stem.__wrapped__(folded)
        _FOLDED[token] = folded


def _looked_up(table: dict[str, str], raw: list[str], make: Callable[[str], str]) -> list[str]:
    """``table[t]`` for every token, learning the new ones first (another thread may have
    cleared the table in between: then ``make`` computes what is missing)."""
    try:
        return list(map(table.__getitem__, raw))
    except KeyError:
        _learn(raw)
        return [table.get(t) or make(t) for t in raw]


def analyzed_lists(text: str) -> tuple[list[str], list[str]]:
    """(folded tokens, their stems) of a text: ``tokens`` and ``stems(tokens)``, faster."""
    raw = _TOKEN.findall(clean(text))
    return (_looked_up(_FOLDED, raw, fold),
            _looked_up(_STEMMED, raw, lambda t: stem(fold(t))))


def tokens(text: str) -> list[str]:
    """The folded tokens of a text."""
    return _looked_up(_FOLDED, _TOKEN.findall(clean(text)), fold)


def spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, stop, folded token) for each token of ``text``, offsets into ``text``.

    Invisible characters inside a word are skipped by matching on the raw text, so the
    offsets stay true to the original.
    """
    for match in _TOKEN.finditer(text):
        yield match.start(), match.end(), fold(match.group())


def analyzed(text: str) -> tuple[str, str]:
    """(plain, stemmed) forms of a text in one pass: what the two text fields index."""
    plain, stemmed = analyzed_lists(text)
    return " ".join(plain), " ".join(stemmed)


def plain_text(text: str) -> str:
    """Folded tokens joined by spaces: what the unstemmed fields index."""
    return " ".join(tokens(text))


@lru_cache(maxsize=65_536)
def plain_name(text: str) -> str:
    """``plain_text`` for short strings that repeat (names, types, languages), cached."""
    return plain_text(text)


def stemmed_text(text: str) -> str:
    """Stemmed tokens joined by spaces: what the stemmed field indexes."""
    return " ".join(stems(tokens(text)))
