"""The text scores the reader and the mojibake repair use are computed from counts of each
distinct character (issue 19: ~0.9 ms a page less); these tests hold them to the plain
definitions they replaced (a list per character, a Python loop per bigram), exactly, on
the bundled pages and on the same pages mangled by every wrong code page."""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from cablegraph.ingest import encoding, repair

PAGES = Path(__file__).resolve().parents[2] / "examples" / "pages"
_HIGH = re.compile("[^\x00-\x7f]")


def reference_symbol_weight(ch: str) -> float:
    if re.fullmatch("[а-яёА-ЯЁ]", ch):
        return 0.0
    if ch in encoding._GOOD_SYMBOLS:
        return 1.0
    if "\u0400" <= ch <= "\u04ff":
        return 0.3
    if "\u2190" <= ch <= "\u25ff" or ch in encoding._ODD_SYMBOLS:
        return 0.0
    return 0.2 if unicodedata.category(ch)[0] in "PS" else 0.0


def reference_score(text: str) -> float:
    high = _HIGH.findall(text)
    if not high:
        return 1.0
    counts = Counter(high)
    n_lower = sum(n for ch, n in counts.items() if re.fullmatch("[а-яё]", ch))
    n_upper = sum(n for ch, n in counts.items() if re.fullmatch("[А-ЯЁ]", ch))
    n_letters = n_lower + n_upper
    good = sum(n * reference_symbol_weight(ch) for ch, n in counts.items())
    good -= sum(reference_symbol_weight(ch) for ch in encoding._INTERNAL_SYMBOL.findall(text))
    if n_letters:
        folded: Counter[str] = Counter()
        for ch, n in counts.items():
            if re.fullmatch("[а-яёА-ЯЁ]", ch):
                folded["е" if ch in "ёЁ" else ch.lower()] += n
        top_share = sum(folded[ch] for ch in encoding._TOP_LETTERS) / n_letters
        unigram = min(1.0, top_share / encoding._TOP_LETTER_SHARE)
        n_bigrams = n_common = 0
        for word in re.findall("[а-яё]+", text.lower()):
            for i in range(len(word) - 1):
                n_bigrams += 1
                n_common += word[i : i + 2] in encoding._COMMON_BIGRAMS
        bigram = min(1.0, n_common / n_bigrams / encoding._COMMON_BIGRAM_SHARE) if n_bigrams else unigram
        case = 0.8 + 0.2 * (n_lower / n_letters)
        quality = (0.4 * unigram + 0.6 * bigram) ** 2 * case
        good += n_letters * ((n_letters * quality + 8 * 0.5) / (n_letters + 8))
    return good / len(high)


def reference_plausible_share(text: str) -> float:
    high = _HIGH.findall(text)
    return len(encoding._PLAUSIBLE.findall("".join(high))) / len(high) if high else 1.0


def reference_reread(text: str) -> tuple[str, str] | None:
    letters = len(re.findall(r"[^\W\d_]", text)) or 1
    latin_share = len(re.findall("[\u00c0-\u00ff]", text)) / letters
    cyrillic_share = len(re.findall("[\u0400-\u04ff]", text)) / letters
    before = reference_score(text) if cyrillic_share > 0.3 else 0.0
    if before + 0.25 >= 1.0:
        return None
    for wrong, right in repair._REREADINGS:
        if (wrong != "cp1251" and latin_share < 0.3) or (wrong == "cp1251" and cyrillic_share < 0.3):
            continue
        candidate = text.encode(wrong, errors="replace").decode(right, errors="replace")
        if reference_score(candidate) > max(before + 0.25, 0.6):
            return candidate, f"re-read {wrong} text as {right}"
    return None


def _texts() -> list[str]:
    pages = sorted(PAGES.rglob("*.txt"))
    assert len(pages) >= 20, f"expected the bundled pages under {PAGES}"
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in pages]
    mangled = [
        t.encode(wrong, errors="replace").decode(right, errors="replace")
        for t in texts
        for wrong, right in (("cp1251", "latin-1"), ("cp1251", "cp1252"), ("koi8_r", "cp1251"),
                             ("utf-8", "cp1251"), ("utf-8", "latin-1"), ("cp1251", "koi8_r"))
    ]  # fmt: skip
    rnd = random.Random(19)
    noise = [
        "".join(chr(rnd.choice((rnd.randrange(32, 127), rnd.randrange(0x400, 0x500),
                                rnd.randrange(0x80, 0x3000)))) for _ in range(rnd.randrange(300)))
        for _ in range(200)
    ]  # fmt: skip
    return texts + mangled + noise + ["", "abc", "ёЁ", "Ст", "«Сталин» — №"]


TEXTS = _texts()


def test_the_texts_include_ones_the_repair_rereads() -> None:
    assert sum(reference_reread(t) is not None for t in TEXTS) >= 8


@pytest.mark.parametrize("function, reference", [
    (encoding._score, reference_score),
    (encoding._plausible_share, reference_plausible_share),
    (repair._reread, reference_reread),
])  # fmt: skip
def test_the_counted_scores_equal_the_plain_definitions(function, reference) -> None:  # type: ignore[no-untyped-def]
    for text in TEXTS:
        assert function(text) == reference(text), f"{function.__name__} differs on {text[:60]!r}"
