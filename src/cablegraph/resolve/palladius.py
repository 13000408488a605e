"""Palladius (the Russian system for Chinese) ↔ pinyin, syllable by syllable.

The table is built from rules over the pinyin syllable inventory (initial + final), so every
syllable has exactly one Cyrillic form: "zhou" → "чжоу", "hui" → "хуэй", "ju" → "цзюй".
`to_pinyin` reads a Cyrillic name back ("Ли Кэнун" → "Li Kenong", "Пэн Дэхуай" →
"Peng Dehuai"): a word is Chinese only when it splits entirely into Palladius syllables, so
Russian and Korean names come back as None.
"""

from __future__ import annotations

from functools import cache

__all__ = ["PALLADIUS_TO_PINYIN", "PINYIN_TO_PALLADIUS", "split_pinyin", "to_palladius", "to_pinyin"]

_INITIALS = {
    "b": "б", "p": "п", "m": "м", "f": "ф", "d": "д", "t": "т", "n": "н", "l": "л",
    "g": "г", "k": "к", "h": "х", "j": "цз", "q": "ц", "x": "с", "zh": "чж", "ch": "ч",
    "sh": "ш", "r": "ж", "z": "цз", "c": "ц", "s": "с",
}  # fmt: skip
# Finals after an initial. "i" after z/c/s is "ы", after zh/ch/sh/r it stays "и".
_FINALS = {
    "a": "а", "o": "о", "e": "э", "ai": "ай", "ei": "эй", "ao": "ао", "ou": "оу",
    "an": "ань", "en": "энь", "ang": "ан", "eng": "эн", "ong": "ун", "i": "и",
    "ia": "я", "ie": "е", "iao": "яо", "iu": "ю", "ian": "янь", "in": "инь",
    "iang": "ян", "ing": "ин", "iong": "юн", "u": "у", "ua": "уа", "uo": "о",
    "uai": "уай", "ui": "уй", "uan": "уань", "un": "унь", "uang": "уан",
    "ü": "юй", "üe": "юэ", "üan": "юань", "ün": "юнь",
}  # fmt: skip
_ZERO = {
    "a": "а", "ai": "ай", "an": "ань", "ang": "ан", "ao": "ао", "e": "э", "ei": "эй",
    "en": "энь", "eng": "эн", "er": "эр", "o": "о", "ou": "оу",
    "yi": "и", "ya": "я", "yao": "яо", "ye": "е", "you": "ю", "yan": "янь", "yin": "инь",
    "yang": "ян", "ying": "ин", "yong": "юн", "yu": "юй", "yue": "юэ", "yuan": "юань",
    "yun": "юнь", "wu": "у", "wa": "ва", "wo": "во", "wai": "вай", "wei": "вэй",
    "wan": "вань", "wen": "вэнь", "wang": "ван", "weng": "вэн",
}  # fmt: skip
# Which finals each initial takes (the pinyin inventory, less interjections).
_TAKES = {
    "b": "a o ai ei ao an en ang eng i ie iao ian in ing u",
    "p": "a o ai ei ao ou an en ang eng i ie iao ian in ing u",
    "m": "a o e ai ei ao ou an en ang eng i ie iao iu ian in ing u",
    "f": "a o ei ou an en ang eng u",
    "d": "a e ai ei ao ou an en ang eng ong i ia ie iao iu ian ing u uo ui uan un",
    "t": "a e ai ao ou an ang eng ong i ie iao ian ing u uo ui uan un",
    "n": "a e ai ei ao ou an en ang eng ong i ie iao iu ian in iang ing u uo uan ü üe",
    "l": "a e ai ei ao ou an ang eng ong i ia ie iao iu ian in iang ing u uo uan un ü üe",
    "g": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "k": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "h": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "j": "i ia ie iao iu ian in iang ing iong ü üe üan ün",
    "q": "i ia ie iao iu ian in iang ing iong ü üe üan ün",
    "x": "i ia ie iao iu ian in iang ing iong ü üe üan ün",
    "zh": "a e ai ei ao ou an en ang eng ong i u ua uo uai ui uan un uang",
    "ch": "a e ai ao ou an en ang eng ong i u ua uo uai ui uan un uang",
    "sh": "a e ai ei ao ou an en ang eng i u ua uo uai ui uan un uang",
    "r": "e ao ou an en ang eng ong i u ua uo ui uan un",
    "z": "a e ai ei ao ou an en ang eng ong i u uo ui uan un",
    "c": "a e ai ao ou an en ang eng ong i u uo ui uan un",
    "s": "a e ai ao ou an en ang eng ong i u uo ui uan un",
}  # fmt: skip


def _written(initial: str, final: str) -> str:
    """The pinyin spelling: ü is written u after j, q, x (and kept as ü after n, l)."""
    if initial in ("j", "q", "x") and final.startswith("ü"):
        final = "u" + final[1:]
    return initial + final


def _cyrillic(initial: str, final: str) -> str:
    if initial in ("z", "c", "s") and final == "i":
        return _INITIALS[initial] + "ы"
    if initial == "h" and final == "ui":
        return "хуэй"
    if initial in ("j", "q", "x") and final in ("ü", "üe", "üan", "ün"):
        return _INITIALS[initial] + _FINALS[final]
    return _INITIALS[initial] + _FINALS[final]


def _table() -> dict[str, str]:
    out = dict(_ZERO)
    for initial, finals in _TAKES.items():
        for final in finals.split():
            out[_written(initial, final)] = _cyrillic(initial, final)
    return out


PINYIN_TO_PALLADIUS: dict[str, str] = _table()
PALLADIUS_TO_PINYIN: dict[str, str] = {}
for _py, _cy in PINYIN_TO_PALLADIUS.items():
    PALLADIUS_TO_PINYIN.setdefault(_cy, _py)
_LONGEST_CY = max(map(len, PALLADIUS_TO_PINYIN))
_LONGEST_PY = max(map(len, PINYIN_TO_PALLADIUS))


@cache
def _split(word: str, table: frozenset[str], longest: int) -> tuple[str, ...] | None:
    """Split `word` into the fewest syllables of `table`, or None when it cannot be split."""
    best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
    best[0] = ()
    for i in range(len(word)):
        here = best[i]
        if here is None:
            continue
        for j in range(i + 1, min(len(word), i + longest) + 1):
            piece = word[i:j]
            if piece in table:
                candidate = (*here, piece)
                known = best[j]
                if known is None or len(candidate) < len(known):
                    best[j] = candidate
    return best[len(word)]


_CY_SET = frozenset(PALLADIUS_TO_PINYIN)
_PY_SET = frozenset(PINYIN_TO_PALLADIUS)


def split_pinyin(word: str) -> tuple[str, ...] | None:
    """The pinyin syllables of one word ("kenong" → ("ke", "nong")), or None."""
    out: tuple[str, ...] = ()
    for piece in word.lower().replace("’", "'").split("'"):
        parts = _split(piece, _PY_SET, _LONGEST_PY) if piece else None
        if parts is None:
            return None
        out += parts
    return out


def _join_pinyin(syllables: tuple[str, ...]) -> str:
    """Join syllables, with the apostrophe before a/o/e inside a word ("Xi'an")."""
    out = syllables[0]
    for syllable in syllables[1:]:
        out += ("'" if syllable[0] in "aoe" else "") + syllable
    return out


def _case_like(word: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def to_pinyin(name: str) -> str | None:
    """Pinyin for a Palladius name ("Чжоу Эньлай" → "Zhou Enlai"), or None if not Palladius."""
    joined = _rejoin_hyphens(name)
    if not joined:
        return None
    out: list[str] = []
    for word in joined:
        parts = _split(word.lower().replace("ё", "е").replace("ъ", ""), _CY_SET, _LONGEST_CY)
        if parts is None:
            return None
        out.append(_case_like(_join_pinyin(tuple(PALLADIUS_TO_PINYIN[p] for p in parts)), word))
    return " ".join(out)


def _rejoin_hyphens(name: str) -> list[str]:
    """Words of a name with hyphenated syllables joined ("Кэ-нун" → "Кэнун")."""
    return [w.replace("-", "").replace("\u2010", "") for w in name.split() if w.strip("-")]


def to_palladius(name: str) -> str | None:
    """Palladius for a pinyin name ("Li Kenong" → "Ли Кэнун"), or None if not pinyin."""
    out: list[str] = []
    for word in _rejoin_hyphens(name):
        parts = split_pinyin(word)
        if parts is None:
            return None
        out.append(_case_like("".join(PINYIN_TO_PALLADIUS[p] for p in parts), word))
    return " ".join(out) if out else None
