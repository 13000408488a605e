"""Readings of a name in another romanisation, for names the authority does not list as written.

Cyrillic: Palladius → pinyin ("Ли Кэнун" → "Li Kenong"), then a Russian rendering of a Korean
name → English ("Ким Ир Сен" → "Kim Il Sung"). Latin: Wade-Giles → pinyin ("Chou En-lai" →
"Zhou Enlai"). Each reading is named by its rule ("palladius", "korean_ru", "wade_giles").
"""

from __future__ import annotations

import re

from cablegraph.resolve import korean_ru, palladius, wade_giles
from cablegraph.resolve.normalize import CYRILLIC, script_of

__all__ = ["readings", "romanize", "russian_to_latin"]

_CLEAN = re.compile(r"[^\w\s'’\-]")
# Spellings only Wade-Giles has: an aspiration apostrophe, hs-, ts-/tz-, -ih, -ieh, -eh, a hyphen.
_WG_MARK = re.compile(r"['’‘]|\bhs|\bts|\btz|ih\b|ieh\b|eh\b|-|\bchou\b", re.IGNORECASE)


def readings(name: str) -> list[tuple[str, str]]:
    """(rule, reading) pairs for `name`, most likely first; empty when no rule applies."""
    name = " ".join(_CLEAN.sub(" ", name).split())
    if not name:
        return []
    if script_of(name) == CYRILLIC:
        out: list[tuple[str, str]] = []
        if (pinyin := palladius.to_pinyin(name)) is not None:
            out.append(("palladius", pinyin))
        if (english := korean_ru.to_english(name)) is not None:
            out.append(("korean_ru", english))
        return out
    return [("wade_giles", c) for c in wade_giles.candidates(name) if c.casefold() != name.casefold()]


def romanize(name: str) -> str | None:
    """The name in the romanisation of scholarship, for names the authority lacks.

    "Ли Кэнун" → "Li Kenong", "Пак Хен Ен" → "Pak Hon Yong", "Chou En-lai" → "Zhou Enlai";
    None when no rule reads it (a Russian or English name). Latin names are read as
    Wade-Giles only when they show its marks (apostrophes, hs-, ts-, -ih, hyphens).
    """
    found = readings(name)
    if not found:
        return None
    rule, reading = found[0]
    if rule == "wade_giles" and not _WG_MARK.search(name):
        return None
    return reading


# Russian in Latin letters as English-language sources (FRUS) write Russian names: BGN/PCGN-like,
# without diacritics ("Павлов" -> "Pavlov", "Хрущёв" -> "Khrushchev", "Георгий" -> "Georgy").
_RU_LATIN = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t",
     "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
    strict=True,
))
_RU_VOWELS = set("аеёиоуыэюяьъ")
# A surname's case ending after -ov/-ev/-in ("Павлову", "Павловым": Pavlov).
_RU_CASE = re.compile(r"(?<=(?:ов|ев|ин))(?:а|у|ым|ом|е)$")


def russian_to_latin(name: str) -> str | None:
    """A Russian name in Latin letters as English-language sources write it ("В. Павлову" ->
    "V. Pavlov"); the surname's case ending dropped; None for a name not in Cyrillic."""
    if script_of(name) != CYRILLIC:
        return None
    out = []
    for word in name.split():
        lower = _RU_CASE.sub("", word.lower()) if len(word) > 4 else word.lower()
        lower = re.sub(r"[ий]й$", "y", lower)  # Георгий -> Georgy, Грозный -> Grozny
        letters = []
        for i, ch in enumerate(lower):
            after_vowel = i == 0 or lower[i - 1] in _RU_VOWELS
            if ch == "е" and after_vowel and i > 0:
                letters.append("ye")
            else:
                letters.append(_RU_LATIN.get(ch, ch))
        latin = "".join(letters)
        out.append(latin[:1].upper() + latin[1:] if word[:1].isupper() else latin)
    return " ".join(out)
