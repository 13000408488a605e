"""Repairs of messy text, each recorded: mojibake (ftfy) and OCR's broken hyphenation.

``repair_mojibake`` undoes UTF-8 that was decoded as cp1251 (or Latin-1, cp1252), once or
twice ("Р’С‹С€РёРЅ" -> "Вышин"), using only ftfy's encoding fixes: quotes, dashes, line
breaks and HTML entities are left alone. ``join_hyphenation`` joins words broken at a
line end by OCR ("negotia-\\ntions" -> "negotiations"); a hyphen before a capital stays
("Sino-\\nTibetan" -> "Sino-Tibetan"). Both return a :class:`Repair` holding the original
text, the new text and what was done, so nothing is lost and every change is explained.
``repair_page`` applies the mojibake repair to a SourcePage: the repaired text becomes
the page text (the raw bytes are kept as read) and the repair is recorded as a warning.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ftfy import TextFixerConfig, fix_and_explain

from cablegraph.ingest.encoding import _score, high_counts
from cablegraph.model import SourcePage

__all__ = ["Repair", "join_hyphenation", "repair_mojibake", "repair_page"]

_ENCODING_ONLY = TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=False,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)
# Letters typical of UTF-8 read as cp1251 ("Р" and "С" before what cp1251 makes of a
# second byte, 0x80-0xBF: "Рё", "СЃ", "Р°"; never a Russian letter, so "Сталин" is not
# suspect), cp1252 ("Ð", "Ñ") or Latin-1: only texts with them are handed to ftfy.
_CP1251_SECOND = re.escape(bytes(range(0x80, 0xC0)).decode("cp1251", errors="ignore"))
_SUSPECT = re.compile(rf"[РС][{_CP1251_SECOND}]|[ÐÑ][\u0080-\u00bf\u2018-\u203a]|Ã.")
_LETTER = re.compile(r"[^\W\d_]")
_NOT_ASCII_LETTERS = re.compile(r"[^A-Za-z]+")
_BROKEN = re.compile(
    r"(?P<left>[^\W\d_]{2,})-[ \t]*\n[ \t]*(?P<right>[^\W\d_]+[.,;:!?»”\"')]*)(?P<end>[ \t]+|$)?", re.M
)


@dataclass(slots=True)
class Repair:
    """A repaired text, the text before, and the steps taken (empty when unchanged)."""

    original: str
    text: str
    steps: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != self.original


# Re-readings of Russian text decoded in the wrong single-byte code page (what ftfy's
# UTF-8 repairs do not cover): (what it was read as, what it really was).
_REREADINGS = (("latin-1", "cp1251"), ("cp1252", "cp1251"), ("cp1251", "koi8_r"))


@lru_cache(maxsize=1 << 16)
def _is_letter(ch: str) -> bool:
    """What ``_LETTER`` matches: a letter (\\w less digits and the underscore)."""
    return _LETTER.fullmatch(ch) is not None


def _reread(text: str) -> tuple[str, str] | None:
    """Russian text that was read in the wrong single-byte code page, read right."""
    # The shares from each distinct non-ASCII character, not from a list per letter.
    high = high_counts(text)
    ascii_letters = len(_NOT_ASCII_LETTERS.sub("", text))  # what _LETTER matches in ASCII
    letters = (ascii_letters + sum(n for ch, n in high.items() if _is_letter(ch))) or 1
    latin_share = sum(n for ch, n in high.items() if "\u00c0" <= ch <= "\u00ff") / letters
    cyrillic_share = sum(n for ch, n in high.items() if "\u0400" <= ch <= "\u04ff") / letters
    before = _score(text, high) if cyrillic_share > 0.3 else 0.0
    if before + 0.25 >= 1.0:
        return None  # no re-reading can score higher than the text as it is (1.0 at most)
    for wrong, right in _REREADINGS:
        if wrong != "cp1251" and latin_share < 0.3:
            continue  # "Ïî íàøåìó": most letters in À..ÿ
        if wrong == "cp1251" and cyrillic_share < 0.3:
            continue
        try:
            candidate = text.encode(wrong, errors="replace").decode(right, errors="replace")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if _score(candidate) > max(before + 0.25, 0.6):
            return candidate, f"re-read {wrong} text as {right}"
    return None


def repair_mojibake(text: str) -> Repair:
    """Undo UTF-8 decoded in the wrong single-byte encoding, as often as it was done, and
    Russian text read in the wrong single-byte code page (cp1251 as Latin-1, KOI8-R as
    cp1251)."""
    if not _SUSPECT.search(text):
        reread = _reread(text)
        return Repair(text, reread[0], [reread[1]]) if reread else Repair(text, text)
    fixed, explanation = fix_and_explain(text, config=_ENCODING_ONLY)
    steps = [f"{action} {codec}" for action, codec in (explanation or [])]
    if fixed == text:
        reread = _reread(text)
        return Repair(text, reread[0], [reread[1]]) if reread else Repair(text, text)
    return Repair(text, fixed, steps)


def join_hyphenation(text: str) -> Repair:
    """Join words that OCR broke at a line end with a hyphen. The whole word goes on the
    first line and the rest of the second line stays on its own line, so the number of
    lines does not change: "negotia-\\ntions began" -> "negotiations\\nbegan"."""
    steps: list[str] = []

    def join(match: re.Match[str]) -> str:
        left, right = match.group("left"), match.group("right")
        rest_of_line = "\n" if match.group("end") else ""
        if right[0].isupper():
            steps.append(f"kept hyphen at {match.start()}: {left}-{right}")
            return f"{left}-{right}{rest_of_line}"
        steps.append(f"joined at {match.start()}: {left}{right}")
        return f"{left}{right}{rest_of_line}"

    fixed = _BROKEN.sub(join, text)
    return Repair(text, fixed, steps if fixed != text else [])


def repair_page(page: SourcePage) -> tuple[SourcePage, Repair]:
    """The page with its mojibake repaired (raw bytes unchanged) and the repair made."""
    repair = repair_mojibake(page.text)
    if not repair.changed:
        return page, repair
    first = next((i for i, (a, b) in enumerate(zip(repair.original, repair.text, strict=False)) if a != b), 0)
    sample_before = repair.original[first : first + 12]
    sample_after = repair.text[first : first + 6]
    warning = (
        f"mojibake repaired ({'; '.join(repair.steps) or 'ftfy'}): "
        f"{len(repair.original)} -> {len(repair.text)} characters, first change at character {first}: "
        f"{sample_before!r} -> {sample_after!r}; the original text is in the raw bytes"
    )
    return dataclasses.replace(page, text=repair.text, warnings=[*page.warnings, warning]), repair
