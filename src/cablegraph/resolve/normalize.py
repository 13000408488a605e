"""Text folding for name matching: never applied to stored text, only to match keys.

`fold` makes two spellings that a reader would call the same compare equal: case, width,
diacritics, Unicode spaces, invisible characters, dash and apostrophe variants, and
Latin/Cyrillic look-alike letters inside one word. `tokens` cuts text into word tokens whose
offsets point into the original text. `stem_ru` and `key` turn a folded token into the key
used by the authority index (Russian tokens by their stem, OCR "II" as "il").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer  # type: ignore[import-untyped,unused-ignore]

__all__ = [
    "CYRILLIC",
    "LATIN",
    "fold",
    "fold_token",
    "key",
    "keyed_tokens",
    "same_token",
    "script_of",
    "stem_ru",
    "tokens",
]

LATIN = "Latn"
CYRILLIC = "Cyrl"

# Invisible characters dropped outright: soft hyphen, zero-width space/joiners, word joiner, BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
# Every dash and minus sign becomes '-', every apostrophe-like mark becomes "'".
_PUNCT = str.maketrans(
    {
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
        **dict.fromkeys("\u2018\u2019\u201b\u02bc\u02b9\u0060\u00b4\u2032\uff07", "'"),
    }
)
# Look-alike letters, by the script they are mapped into.
_TO_CYRILLIC = str.maketrans(
    "aceopxyiABCEHKMOPTXYI",
    "асеорхуіАВСЕНКМОРТХУІ",
)
_TO_LATIN = str.maketrans(
    "асеорхуіјѕАВСЕНКМОРТХУІЈЅ",
    "aceopxyijsABCEHKMOPTXYIJS",
)
_LETTERS = re.compile(r"[^\W\d_]+")
_SPACES = re.compile(r"\s+")
# Letters form a token, digits another: "Alexander1" (a FRUS footnote mark) is "Alexander", "1".
_TOKEN = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f\u00ad\u200b-\u200d\u2060\ufeff])+|\d+")
_SHORT_I = "\ue000"  # keeps й (a letter, not и with a diacritic) through the NFD step
_SHORT_I_UPPER = "\ue001"

_stemmer = Stemmer.Stemmer("russian")
_RU_SUFFIXES = ("ов", "ев", "ин", "ын")
_RU_VOWELS = "аяоеиыуюйь"


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _is_latin(ch: str) -> bool:
    return (ch.isascii() and ch.isalpha()) or "\u00c0" <= ch <= "\u024f"


def script_of(text: str) -> str | None:
    """The dominant script of `text` ("Latn" or "Cyrl"), or None when it has neither."""
    cyr = sum(1 for ch in text if _is_cyrillic(ch))
    lat = sum(1 for ch in text if _is_latin(ch))
    if not cyr and not lat:
        return None
    return CYRILLIC if cyr > lat else LATIN


def _unmix(match: re.Match[str]) -> str:
    """Map look-alike letters of a mixed word into the word's dominant script."""
    word = match.group()
    cyr = sum(1 for ch in word if _is_cyrillic(ch))
    lat = sum(1 for ch in word if _is_latin(ch))
    if not cyr or not lat or cyr == lat:
        return word
    return word.translate(_TO_CYRILLIC if cyr > lat else _TO_LATIN)


def _strip_marks(text: str) -> str:
    """Drop combining diacritics (ё→е, é→e) but keep й."""
    text = text.replace("й", _SHORT_I).replace("Й", _SHORT_I_UPPER)
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text.replace(_SHORT_I, "й").replace(_SHORT_I_UPPER, "Й"))


def fold(text: str) -> str:
    """Fold `text` for matching only: the result is a key, never text to store or show."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_PUNCT)
    text = _LETTERS.sub(_unmix, text)
    text = _strip_marks(text.casefold())
    return _SPACES.sub(" ", text).strip()


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """An id-safe form of a name: folded, runs of other characters one hyphen ("Józef
    Czyrek" -> "jozef-czyrek"); empty for a name with no Latin letter or digit."""
    return _NOT_SLUG.sub("-", fold(text)).strip("-")


@lru_cache(maxsize=1 << 16)
def fold_token(token: str) -> str:
    """`fold` for one word token, cached (names repeat)."""
    if token.isascii():
        return token.lower()
    return fold(token).replace(" ", "")


def tokens(text: str, start: int = 0, stop: int | None = None) -> list[tuple[int, int, str]]:
    """Word tokens of `text[start:stop]` as (start, stop, folded), offsets into `text`.

    Runs of letters and runs of digits form tokens; hyphens, apostrophes and all other punctuation split
    them ("Heon-yeong" gives "heon", "yeong"). Invisible characters inside a word are kept
    in its span but folded away.
    """
    end = len(text) if stop is None else stop
    out: list[tuple[int, int, str]] = []
    for match in _TOKEN.finditer(text, start, end):
        folded = fold_token(match.group())
        if folded:
            out.append((match.start(), match.end(), folded))
    return out


@lru_cache(maxsize=1 << 16)
def stem_ru(token: str) -> str:
    """A stable stem of a folded Cyrillic token, equal across the case forms of a name.

    Snowball leaves some name endings in place ("филиппова" → "филиппов", but
    "филиппов" → "филипп"; "дэхуая" → "дэху"), so the residual -ов/-ев/-ин/-ын and
    trailing vowels are cut too, never below three letters.
    """
    stem: str = _stemmer.stemWord(token)
    for suffix in _RU_SUFFIXES:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
            stem = stem[: -len(suffix)]
            break
    while len(stem) > 3 and stem[-1] in _RU_VOWELS:
        stem = stem[:-1]
    return stem


@lru_cache(maxsize=1 << 16)
def key(folded: str) -> str:
    """Index key of a folded token: Russian stem for Cyrillic, OCR "ii" read as "il"."""
    if folded and _is_cyrillic(folded[0]):
        return stem_ru(folded)
    if folded == "ii":
        return "il"
    return folded


def same_token(written: str, name: str) -> str | None:
    """How folded token `written` matches folded name token `name` with an equal key.

    Returns "exact"; "stem_ru" for a Russian case form (the name less its final vowels must
    be a prefix, so "стали" never passes for "сталин"); "ocr_variant" for "ii" read as "il";
    or None when the keys collide without the words being the same.
    """
    if written == name:
        return "exact"
    if written == "ii" and name == "il":
        return "ocr_variant"
    if name and _is_cyrillic(name[0]):
        base = name
        while len(base) > 3 and base[-1] in _RU_VOWELS:
            base = base[:-1]
        if written.startswith(base):
            return "stem_ru"
    return None


@lru_cache(maxsize=1 << 16)
def _fold_key(token: str) -> tuple[str, str]:
    folded = fold_token(token)
    return folded, key(folded)


def keyed_tokens(
    text: str, start: int = 0, stop: int | None = None
) -> tuple[list[tuple[int, int, str]], list[str]]:
    """`tokens` plus the index key of each token (the hot loop of mention finding).

    ASCII words are folded by one `lower()` of the whole stretch (their fold is their lower
    case); other words go through `fold`.
    """
    end = len(text) if stop is None else stop
    out: list[tuple[int, int, str]] = []
    keys: list[str] = []
    low = text[start:end].lower()
    if len(low) != end - start:  # a letter whose lower case is longer ("İ"): fold each word
        low = ""
    for match in _TOKEN.finditer(text, start, end):
        first, last = match.span()
        word = low[first - start : last - start] if low else ""
        if word and word.isascii():
            out.append((first, last, word))
            keys.append("il" if word == "ii" else word)
            continue
        folded, k = _fold_key(match.group())
        if folded:
            out.append((first, last, folded))
            keys.append(k)
    return out, keys
