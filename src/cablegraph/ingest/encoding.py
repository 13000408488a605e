"""Encoding detection for the few encodings Cold War telegram files come in.

Only these are ever reported (as Python codec names):

    ascii, utf-8 (``bom=True`` for a UTF-8 BOM), utf-16-le, utf-16-be,
    cp1251, koi8-r, cp866

Strategy, in order:

1. A byte-order mark decides (UTF-8, UTF-16 LE/BE).
2. NUL bytes in the UTF-16 pattern of ASCII or Cyrillic text (every other byte is
   ``00`` or ``04``) mean BOM-less UTF-16.
3. Strict UTF-8: pure ASCII is ``ascii`` with confidence 1.0; valid UTF-8 with
   non-ASCII characters is ``utf-8`` with high confidence. Text that is UTF-8 except
   for a multi-byte character cut at the very end, or a few stray bytes, is still
   UTF-8 (the bad bytes become U+FFFD and a warning says where).
4. Otherwise the three single-byte Cyrillic code pages are scored by decoding a
   sample and measuring how Russian it looks: frequent letters, frequent bigrams,
   the share of lowercase letters (prose is mostly lowercase; KOI8-R read as cp1251
   looks case-inverted) and the share of box-drawing or odd symbols (cp1251 read as
   cp866 is full of box characters).

``detect`` never raises; when nothing fits it returns its best guess with
confidence 0.0. ``decode`` raises :class:`~cablegraph.errors.EncodingError` in that
case, naming the file and the offset of the first byte no supported encoding explains.
A confidence under :data:`LOW_CONFIDENCE` means "guessed": callers should warn.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from cablegraph.errors import EncodingError

__all__ = [
    "ALLOWED_ENCODINGS",
    "LOW_CONFIDENCE",
    "Detection",
    "decode",
    "detect",
    "utf16_pattern",
]

#: Every encoding :func:`detect` may report.
ALLOWED_ENCODINGS: frozenset[str] = frozenset(
    {"ascii", "utf-8", "utf-16-le", "utf-16-be", "cp1251", "koi8-r", "cp866"}
)

#: Detections below this confidence are guesses.
LOW_CONFIDENCE = 0.6

SINGLE_BYTE = ("cp1251", "koi8-r", "cp866")  # order breaks ties: cp1251 is most common

_SUPPORTED = "UTF-8, UTF-16, cp1251, KOI8-R, cp866"

_SAMPLE_WINDOW = 128 * 1024  # bytes scored from the head, middle and tail of big inputs

# Below this score, a single-byte decoding is noise rather than text ...
_NOISE_SCORE = 0.25
# ... judged only on this many non-ASCII bytes or more: short Russian text can score
# as low as 0.2 (rare letters, names), random bytes score under 0.25 from ~64 bytes on.
_NOISE_MIN_HIGH = 64

# Relative frequencies of Russian letters (percent, ё folded into е).
_RU_FREQ: dict[str, float] = {
    "о": 10.97, "е": 8.49, "а": 8.01, "и": 7.35, "н": 6.70, "т": 6.26, "с": 5.47,
    "р": 4.73, "в": 4.54, "л": 4.40, "к": 3.49, "м": 3.21, "д": 2.98, "п": 2.81,
    "у": 2.62, "я": 2.01, "ы": 1.90, "ь": 1.74, "г": 1.70, "з": 1.65, "б": 1.59,
    "ч": 1.44, "й": 1.21, "х": 0.97, "ж": 0.94, "ш": 0.73, "ю": 0.64, "ц": 0.48,
    "щ": 0.36, "э": 0.32, "ф": 0.26, "ъ": 0.04,
}  # fmt: skip
_TOP_LETTERS = frozenset("оеаинтсрв")  # ~62 % of Russian letters
_TOP_LETTER_SHARE = 0.55  # a share at or above this counts as fully Russian
_BIGRAMS = (
    "ст но то на ен ов ни ра во ко ро ал ер ре по пр ли ан ть не ос ел ол ие ва "
    "ка ет от ор ла го та ит ог од ес ом ат ди ем ле ль ин он ой ми ам ны ры"
)
_COMMON_BIGRAMS = frozenset(_BIGRAMS.split())
_COMMON_BIGRAM_SHARE = 0.28  # share of in-word bigrams from the list in Russian prose

# Non-letter characters that ordinary typed text contains.
_GOOD_SYMBOLS = frozenset("«»—–…“”„‘’‚№•·°§\u00a0\u2116")
_ODD_SYMBOLS = frozenset("√∙■¤¦¬\u00ad")
_INTERNAL_SYMBOL = re.compile("(?<=[^\x00-\x7f])([^\x00-\x7fа-яёА-ЯЁ])(?=[^\x00-\x7f])")
_CYR_LOWER = re.compile("[а-яё]")
_CYR_UPPER = re.compile("[А-ЯЁ]")
_CYR_WORD = re.compile("[а-яё]+")
# The first letter of a common bigram, the second looked at but not taken: matches overlap.
_COMMON_BIGRAM_AT = re.compile(
    "|".join(
        f"{first}(?=[{''.join(sorted(b[1] for b in _COMMON_BIGRAMS if b[0] == first))}])"
        for first in sorted({b[0] for b in _COMMON_BIGRAMS})
    )
)
_SYMBOL = re.compile("[^\x00-\x7fа-яёА-ЯЁ]")  # the middle character of _INTERNAL_SYMBOL
_HIGH_CHARS = re.compile("[^\x00-\x7f]")
_ASCII_RUNS = re.compile("[\x00-\x7f]+")
# Latin, IPA, combining marks, Greek, Cyrillic, Latin Extended Additional (Vietnamese),
# punctuation, symbols, box drawing, CJK, Hangul, full-width forms.
_PLAUSIBLE = re.compile(
    "[\u0080-\u052f\u1e00-\u1eff\u2000-\u25ff"
    "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)
_SURROGATE_ESCAPES = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True, slots=True)
class Detection:
    """What :func:`detect` found.

    ``encoding`` is a Python codec name from :data:`ALLOWED_ENCODINGS`; ``bom`` says
    the data starts with a byte-order mark (which :func:`decode` strips);
    ``warnings`` explains anything the decoding had to repair.
    """

    encoding: str
    confidence: float
    bom: bool = False
    warnings: tuple[str, ...] = ()

    @property
    def low(self) -> bool:
        """True when the encoding is a guess (confidence under LOW_CONFIDENCE)."""
        return self.confidence < LOW_CONFIDENCE


@dataclass(frozen=True, slots=True)
class _Result:
    detection: Detection
    text: str | None  # None when nothing decodes
    error: tuple[int, str] | None = None  # (offset, reason) when text is None


def detect(data: bytes) -> Detection:
    """Detect the encoding of ``data``. Never raises; see the module docstring."""
    return _analyse(data).detection


def decode(data: bytes, path: str) -> tuple[str, Detection]:
    """Decode ``data`` (from the file ``path``) with the detected encoding.

    A BOM is stripped from the text. Raises EncodingError naming ``path`` and the
    offset of the first byte no supported encoding explains.
    """
    result = _analyse(data)
    if result.text is None:
        offset, reason = result.error or (0, "no supported encoding decodes it")
        raise EncodingError(reason, path=path, offset=offset)
    return result.text, result.detection


def utf16_pattern(data: bytes) -> str | None:
    """Return "utf-16-le" or "utf-16-be" when ``data`` has a UTF-16 BOM, or the NUL
    pattern of BOM-less UTF-16 ASCII/Cyrillic text; otherwise None."""
    if data.startswith(b"\xff\xfe"):
        return "utf-16-le"
    if data.startswith(b"\xfe\xff"):
        return "utf-16-be"
    found = _utf16_without_bom(data)
    return found[0] if found else None


# --------------------------------------------------------------------------- analysis


def _analyse(data: bytes) -> _Result:
    if not data:
        return _Result(Detection("ascii", 1.0), "")
    if data.startswith(b"\xef\xbb\xbf"):
        return _utf8(data, bom=True)
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return _utf16(data, codec, bom=True)
    if b"\x00" in data or b"\x04" in data:  # 04: the high byte of Cyrillic in UTF-16
        found = _utf16_without_bom(data)
        if found is not None:
            codec, strength = found
            result = _utf16(data, codec, bom=False, strength=strength)
            if result.text is not None:
                return result
    return _utf8(data, bom=False)


def _utf16(data: bytes, codec: str, *, bom: bool, strength: float = 1.0) -> _Result:
    body = data[2:] if bom else data
    start = 2 if bom else 0
    warnings: list[str] = []
    confidence = 1.0 if bom else round(0.75 + 0.2 * strength, 3)
    if len(body) % 2:
        warnings.append(
            f"odd number of bytes for {codec}: the last byte (0x{body[-1]:02X} at offset "
            f"{len(data) - 1}) is a truncated character, replaced with U+FFFD"
        )
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        if exc.reason == "truncated data" and exc.start >= len(body) - 3:
            text = body.decode(codec, errors="replace")
            if not warnings:
                warnings.append(
                    f"{codec} text ends in a truncated character at offset "
                    f"{start + exc.start}, replaced with U+FFFD"
                )
        else:
            bad = body[exc.start : exc.end]
            reason = (
                f"invalid {codec} ({exc.reason}): bytes {bad.hex(' ').upper()} at offset "
                f"{start + exc.start}" + ("; the file starts with a UTF-16 byte-order mark" if bom else "")
            )
            return _Result(Detection(codec, 0.0, bom), None, (start + exc.start, reason))
    if warnings:
        confidence = min(confidence, 0.9)
    return _Result(Detection(codec, confidence, bom, tuple(warnings)), text)


def _utf16_without_bom(data: bytes) -> tuple[str, float] | None:
    """Recognise BOM-less UTF-16 by where its NUL bytes fall.

    In UTF-16 ASCII text every high byte is 00, Cyrillic text 04, typographic
    punctuation 20/21; the low bytes are hardly ever 00.
    """
    sample = data[: 2 * _SAMPLE_WINDOW]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for codec, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        n = min(len(high), len(low))
        high, low = high[:n], low[:n]
        basic = high.count(0) + high.count(4)  # ASCII and Cyrillic
        typical = basic + high.count(0x20) + high.count(0x21)  # and punctuation, №
        if basic >= 0.5 * n and typical >= 0.9 * n and low.count(0) <= 0.05 * n:
            return codec, typical / n
    return None


def _utf8(data: bytes, *, bom: bool) -> _Result:
    body = data[3:] if bom else data
    start = 3 if bom else 0
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _broken_utf8(data, body, start, exc, bom=bom)
    if not bom and body.isascii():
        return _Result(Detection("ascii", 1.0), text)
    if bom:
        return _Result(Detection("utf-8", 1.0, True), text)
    # The more multi-byte characters, the surer: a cp1251 text is valid UTF-8 only by accident.
    multi = len(body) - len(text)  # extra bytes taken by multi-byte characters
    confidence = 0.99 if multi >= 6 else 0.85 + 0.02 * multi
    plausible = _plausible_share(text[:_SAMPLE_WINDOW])
    if plausible < 0.9:
        # Valid UTF-8 made of rare scripts ("тов." in cp866 reads as Tamil): a code page
        # may explain the bytes better.
        confidence *= plausible
        other = _single_byte(data, 0, "")
        if other.text is not None and other.detection.confidence > confidence:
            return other
    return _Result(Detection("utf-8", round(confidence, 3), False), text)


def _plausible_share(text: str) -> float:
    """Share of the non-ASCII characters of ``text`` from scripts telegrams use."""
    counts = high_counts(text)
    if not counts:
        return 1.0
    return sum(n for ch, n in counts.items() if _PLAUSIBLE.fullmatch(ch)) / counts.total()


def _broken_utf8(data: bytes, body: bytes, start: int, exc: UnicodeDecodeError, *, bom: bool) -> _Result:
    first_bad = start + exc.start
    # A multi-byte character cut at the end of the file (a truncated download or excerpt).
    cut = body[exc.start :]
    if (
        exc.reason == "unexpected end of data"
        and exc.end == len(body)
        and (len(cut) > 1 or not body[: exc.start].isascii())
    ):
        text = body[: exc.start].decode("utf-8") + "\ufffd"
        warning = (
            f"UTF-8 text ends in a truncated character (bytes {cut.hex(' ').upper()} at "
            f"offset {first_bad}), replaced with U+FFFD"
        )
        if bom or not body[: exc.start].isascii():
            return _Result(Detection("utf-8", 0.9, bom, (warning,)), text)
        # Nothing but ASCII before the cut: a code page may explain the last bytes better.
        other = _single_byte(data, first_bad, f"0x{body[exc.start]:02X}")
        if other.text is not None and other.detection.confidence > 0.5:
            return other
        return _Result(Detection("utf-8", 0.5, bom, (warning,)), text)

    escaped = body.decode("utf-8", errors="surrogateescape")
    n_bad = len(_SURROGATE_ESCAPES.findall(escaped))
    n_multi = len(_HIGH_CHARS.findall(escaped)) - n_bad
    bad_value = f"0x{body[exc.start]:02X}"
    if bom or (n_multi >= 8 and n_bad <= max(2, n_multi // 20)):
        # Mostly UTF-8 with a few stray bytes: keep the UTF-8 and mark the damage.
        text = body.decode("utf-8", errors="replace")
        warning = (
            f"{n_bad} byte(s) are not valid UTF-8 and were replaced with U+FFFD; "
            f"the first is {bad_value} at offset {first_bad}"
        )
        if bom and n_multi < 8 * n_bad:
            reason = (
                f"byte {bad_value} at offset {first_bad} is not valid UTF-8 ({exc.reason}), "
                f"though the file starts with a UTF-8 byte-order mark; "
                f"{n_bad} invalid bytes in all"
            )
            return _Result(Detection("utf-8", 0.0, True), None, (first_bad, reason))
        return _Result(Detection("utf-8", 0.5, bom, (warning,)), text)

    return _single_byte(data, first_bad, bad_value)


# ------------------------------------------------------------- single-byte code pages


def _sample(data: bytes) -> bytes:
    if len(data) <= 3 * _SAMPLE_WINDOW:
        return data
    mid = len(data) // 2
    return b"\n".join(
        (
            data[:_SAMPLE_WINDOW],
            data[mid - _SAMPLE_WINDOW // 2 : mid + _SAMPLE_WINDOW // 2],
            data[-_SAMPLE_WINDOW:],
        )
    )


# A cp1251 letter that only Mac Cyrillic capitals produce, starting a Russian word.
_MAC_CAPITALS = re.compile(r"(?<![^\W\d_])[ЂЃЉЊЌЋЏђѓљњќћџ][а-яё]")


def _single_byte(data: bytes, first_bad: int, bad_value: str) -> _Result:
    sample = _sample(data)
    scores: dict[str, float] = {}
    failures: dict[str, tuple[int, str]] = {}
    for codec in SINGLE_BYTE:
        try:
            data.decode(codec)  # the whole input must decode, not only the sample
        except UnicodeDecodeError as exc:
            failures[codec] = (exc.start, f"0x{data[exc.start]:02X}")
            continue
        scores[codec] = _score(sample.decode(codec))

    n_high = len(sample) - len(sample.translate(None, bytes(range(0x80, 0x100))))
    if not scores:
        return _no_encoding(first_bad, bad_value, failures, {})
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], SINGLE_BYTE.index(kv[0])))
    best, best_score = ranked[0]
    if best_score < _NOISE_SCORE and n_high >= _NOISE_MIN_HIGH:
        return _no_encoding(first_bad, bad_value, failures, scores)
    second_score = ranked[1][1] if len(ranked) > 1 else 0.0
    margin = (best_score - second_score) / best_score if best_score > 0 else 0.0
    # Sure when the text looks Russian, the runner-up does not, and there is enough of it.
    size_factor = min(1.0, (n_high / 40) ** 0.5)
    # ... and varied enough: "ИМЕЙТЕ ИМЕЙТЕ" has five letters, prose uses ~30.
    distinct = len(set(_CYR_LOWER.findall(sample.decode(best).lower())))
    size_factor *= min(1.0, (distinct / 16) ** 0.5)
    confidence = best_score * min(1.0, 0.4 + 1.5 * margin) * size_factor
    text = data.decode(best)
    warnings: tuple[str, ...] = ()
    if best == "cp1251" and len(_MAC_CAPITALS.findall(text)) >= 2:
        # Mac Cyrillic capitals read as cp1251 become Serbian letters before Russian ones
        # ("Џо нашему"): not a supported encoding, so say so instead of guessing.
        confidence = min(confidence, 0.3)
        warnings = (
            "the text may be Mac Cyrillic (not a supported encoding): capitals read as "
            "Serbian/Macedonian letters before Russian ones; check the original",
        )
    detection = Detection(best, round(max(0.01, min(confidence, 0.99)), 3), warnings=warnings)
    return _Result(detection, text)


def _no_encoding(
    first_bad: int,
    bad_value: str,
    failures: dict[str, tuple[int, str]],
    scores: dict[str, float],
) -> _Result:
    tried = [
        f"{codec}: byte {value} at offset {off} is undefined" for codec, (off, value) in failures.items()
    ]
    tried += [f"{codec}: reads as noise (score {score:.2f})" for codec, score in scores.items()]
    reason = (
        f"no supported encoding decodes the text: byte {bad_value} at offset {first_bad} "
        f"is not valid UTF-8 ({'; '.join(tried)}); supported: {_SUPPORTED}"
    )
    return _Result(Detection(SINGLE_BYTE[0], 0.0), None, (first_bad, reason))


@lru_cache(maxsize=4)
def high_counts(text: str) -> Counter[str]:
    """The non-ASCII characters of ``text`` and how often each occurs, in the order they
    first occur (what ``Counter(_HIGH_CHARS.findall(text))`` gives, without a list of one
    string per character). Remembered for the last few texts (the reader and the mojibake
    repair both count the same page): the caller must not change the count."""
    return Counter() if text.isascii() else Counter(_ASCII_RUNS.sub("", text))


def _score(text: str, counts: Counter[str] | None = None) -> float:
    """How much the non-ASCII part of ``text`` looks like Russian prose, 0..1 (``counts``:
    its ``high_counts`` when the caller has them)."""
    counts = high_counts(text) if counts is None else counts
    if not counts:
        return 1.0
    n_lower = sum(n for ch, n in counts.items() if _char_kind(ch)[0])
    n_upper = sum(n for ch, n in counts.items() if _char_kind(ch)[1])
    n_letters = n_lower + n_upper
    good = sum(n * _char_kind(ch)[2] for ch, n in counts.items())
    # A symbol between non-ASCII characters ("П„ЊЂ", "л╡н") is a wrong code page (only
    # looked for when the text has a non-ASCII character other than a Russian letter).
    if any(_char_kind(ch)[3] for ch in counts):
        good -= sum(_char_kind(ch)[2] for ch in _INTERNAL_SYMBOL.findall(text))
    if n_letters:
        good += n_letters * _letter_quality(text, counts, n_lower, n_letters)
    return good / counts.total()


@lru_cache(maxsize=1 << 16)
def _char_kind(ch: str) -> tuple[bool, bool, float, bool]:
    """A character as ``_score`` sees it, worked out once: Russian lower-case letter,
    upper-case letter, its ``_symbol_weight``, and whether it can be the middle of
    ``_INTERNAL_SYMBOL``."""
    return (
        _CYR_LOWER.fullmatch(ch) is not None,
        _CYR_UPPER.fullmatch(ch) is not None,
        _symbol_weight(ch),
        _SYMBOL.fullmatch(ch) is not None,
    )


def _symbol_weight(ch: str) -> float:
    """How plausible a non-ASCII character other than a Russian letter is in typed text."""
    if _CYR_LOWER.fullmatch(ch) or _CYR_UPPER.fullmatch(ch):
        return 0.0  # letters are judged by _letter_quality
    if ch in _GOOD_SYMBOLS:
        return 1.0
    if "\u0400" <= ch <= "\u04ff":
        return 0.3  # Ukrainian, Belarusian, Serbian letters: possible, but rare
    if "\u2190" <= ch <= "\u25ff" or ch in _ODD_SYMBOLS:
        return 0.0  # arrows, maths, box drawing, blocks
    if unicodedata.category(ch)[0] in "PS":
        return 0.2  # other punctuation and symbols (©, ®, ¤, ...)
    return 0.0  # controls, spacing oddities


def _letter_quality(text: str, counts: Counter[str], n_lower: int, n_letters: int) -> float:
    folded: Counter[str] = Counter()
    for ch, n in counts.items():
        if _char_kind(ch)[0] or _char_kind(ch)[1]:
            folded["е" if ch in "ёЁ" else ch.lower()] += n
    top_share = sum(folded[ch] for ch in _TOP_LETTERS) / n_letters
    unigram = min(1.0, top_share / _TOP_LETTER_SHARE)

    # In-word bigrams: each word of n letters has n - 1; the common ones (Russian letters
    # only) are counted where they occur, overlapping, by one scan.
    lowered = text.lower()
    words = _CYR_WORD.findall(lowered)
    n_bigrams = sum(map(len, words)) - len(words)
    n_common = len(_COMMON_BIGRAM_AT.findall(lowered)) if n_bigrams else 0
    bigram = min(1.0, n_common / n_bigrams / _COMMON_BIGRAM_SHARE) if n_bigrams else unigram

    lower_share = n_lower / n_letters
    case = 0.8 + 0.2 * lower_share  # prose is mostly lowercase; ALL-CAPS telegrams exist
    quality = (0.4 * unigram + 0.6 * bigram) ** 2 * case
    # Shrink towards a neutral 0.5 when there are only a few letters to judge by.
    prior = 8
    return (n_letters * quality + prior * 0.5) / (n_letters + prior)
