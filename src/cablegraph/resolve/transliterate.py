"""Readings of a name in another romanisation, for names the authority does not list as written.

Cyrillic: Palladius → pinyin ("Ли Кэнун" → "Li Kenong"), then a Russian rendering of a Korean
name → English ("Ким Ир Сен" → "Kim Il Sung"). Latin: Wade-Giles → pinyin ("Chou En-lai" →
"Zhou Enlai"). Each reading is named by its rule ("palladius", "korean_ru", "wade_giles").
"""

from __future__ import annotations

import re

from cablegraph.resolve import korean_ru, palladius, wade_giles
from cablegraph.resolve.normalize import CYRILLIC, script_of

__all__ = ["readings", "romanize"]

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
