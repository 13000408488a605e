"""Wade-Giles → pinyin ("Chou En-lai" → "Zhou Enlai", "Mao Tse-tung" → "Mao Zedong").

Telegrams and FRUS often drop the aspiration apostrophes ("Peng Teh-huai" for P'eng Te-huai),
so a syllable without one can stand for two pinyin syllables (peng: beng or peng; chou: zhou
or chou). `candidates` gives every reading, most likely first (the unaspirated reading
unless it is rare in names and the aspirated one is common); `to_pinyin` gives the first.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from cablegraph.resolve.palladius import PINYIN_TO_PALLADIUS, split_pinyin

__all__ = ["candidates", "syllable", "to_pinyin"]

_PINYIN = frozenset(PINYIN_TO_PALLADIUS)
# Syllables common in names: decides the order of readings when the apostrophe is missing.
_COMMON = frozenset(
    {
        "zhou", "zhu", "zhang", "zhao", "zhen", "zheng", "zhi", "zhong", "zhuo", "chen",
        "cheng", "chang", "chao", "chu", "chi", "chun", "peng", "pei", "pu", "ping", "po",
        "pan", "tang", "tian", "tan", "tao", "teng", "tong", "kang", "kong", "kuai", "kuang",
        "ke", "kai", "de", "dong", "deng", "dai", "dao", "du", "duan", "ding", "qi", "qian",
        "qiao", "qin", "qing", "qiu", "quan", "jia", "jian", "jiang", "jin", "jing", "ju",
        "jun", "xi", "xia", "xian", "xiang", "xiao", "xie", "xin", "xing", "xiong", "xu", "xue",
        "xun", "zi", "ze", "zeng", "zuo", "zong", "cai", "cao", "ci", "cui"
    }
)  # fmt: skip
_INITIALS = (
    ("ch'", ("ch", "q")), ("ts'", ("c",)), ("tz'", ("c",)), ("hs", ("x",)),
    ("ch", ("zh", "j")), ("ts", ("z",)), ("tz", ("z",)), ("ss", ("s",)), ("sz", ("s",)),
    ("sh", ("sh",)), ("p'", ("p",)), ("t'", ("t",)), ("k'", ("k",)),
    ("p", ("b",)), ("t", ("d",)), ("k", ("g",)), ("m", ("m",)), ("f", ("f",)), ("n", ("n",)),
    ("l", ("l",)), ("h", ("h",)), ("j", ("r",)), ("s", ("s",)), ("w", ("w",)), ("y", ("y",)),
    ("", ("",)),
)  # fmt: skip
_ASPIRATED = {"zh": "ch", "j": "q", "b": "p", "d": "t", "g": "k", "z": "c"}
_WHOLE = {
    "erh": "er", "yu": "you", "yü": "yu", "yung": "yong", "yeh": "ye", "yen": "yan",
    "i": "yi", "yi": "yi", "jih": "ri", "ssu": "si", "szu": "si", "tzu": "zi", "tz'u": "ci",
    "yüeh": "yue", "yüan": "yuan", "yün": "yun", "o": "e", "ê": "e", "en": "en", "eh": "e",
}  # fmt: skip
_SPLIT = re.compile(r"[\s]+")


def _clean(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'").replace("ʻ", "'").replace("`", "'")
    text = text.replace("ŭ", "u").replace("ê", "e").replace("é", "e").replace("è", "e")
    return unicodedata.normalize("NFC", text)


def _final(initial: str, final: str) -> str:
    """The pinyin final for a Wade-Giles final after a pinyin initial."""
    palatal = initial in ("j", "q", "x")
    if final in ("ih", "u") and initial in ("zh", "ch", "sh", "r", "z", "c", "s") and final == "ih":
        return "i"
    for old, new in (("ieh", "ie"), ("ien", "ian"), ("iung", "iong"), ("ung", "ong"), ("uei", "ui")):
        if final == old:
            return new
    if final in ("eh", "e"):
        return "e"
    if final == "o":
        return "e" if initial in ("g", "k", "h") else ("o" if initial in ("b", "p", "m", "f", "") else "uo")
    if final.startswith("ü"):
        return ("u" if palatal else "ü") + final[1:].replace("eh", "e")
    return final


def syllable(text: str) -> list[str]:
    """Pinyin readings of one Wade-Giles syllable, most likely first ([] when none)."""
    text = _clean(text)
    if text in _WHOLE:
        out = [_WHOLE[text]]
        return out + (["yu"] if text == "yu" else [])
    if text in ("tzu", "ssu", "szu"):
        return [_WHOLE[text]]
    for wg, readings in _INITIALS:
        if not text.startswith(wg):
            continue
        rest = text[len(wg) :]
        if not rest:
            continue
        found: list[str] = []
        for initial in readings:
            if wg == "ch" and rest[0] in "iü":
                initial = "j"
            elif wg == "ch" and initial == "j":
                continue
            if wg == "ch'" and rest[0] in "iü":
                initial = "q"
            elif wg == "ch'" and initial == "q":
                continue
            if (
                initial in ("z", "c", "s")
                and rest in ("u", "ŭ")
                and wg in ("ts", "tz", "ts'", "tz'", "ss", "sz")
            ):
                rest_final = "i"
            else:
                rest_final = _final(initial, rest)
            readings_here = [initial + rest_final]
            if "'" not in wg and initial in _ASPIRATED:
                readings_here.append(_ASPIRATED[initial] + rest_final)
            found += [r for r in readings_here if r in _PINYIN and r not in found]
        return _ordered(found)
    return []


def _ordered(found: list[str]) -> list[str]:
    """Put a common reading before a rare literal one ("peng" before "beng")."""
    if len(found) > 1 and found[0] not in _COMMON and found[1] in _COMMON:
        return [found[1], found[0], *found[2:]]
    return found


def _word(word: str) -> list[str]:
    """Pinyin readings of one word: hyphenated Wade-Giles syllables joined ("Tse-tung")."""
    parts = [p for p in re.split(r"[-\u2010\u2011]", word) if p]
    options = [syllable(p) for p in parts]
    if all(options):
        return ["".join(combo) for combo in itertools.islice(itertools.product(*options), 8)]
    if len(parts) == 1 and split_pinyin(word) is not None:
        return [_clean(word)]
    return []


def candidates(name: str, limit: int = 16) -> list[str]:
    """Pinyin readings of a Wade-Giles name, most likely first, capitalised like pinyin."""
    words = [w for w in _SPLIT.split(name.strip()) if w]
    options = [_word(w) for w in words]
    if not words or not all(options):
        return []
    out = []
    for combo in itertools.islice(itertools.product(*options), limit):
        out.append(" ".join(w[:1].upper() + w[1:] for w in combo))
    return out


def to_pinyin(name: str) -> str | None:
    """The most likely pinyin for a Wade-Giles name, or None when it is not one."""
    found = candidates(name, limit=1)
    return found[0] if found else None
