"""Russian renderings of Korean names → the English spelling of scholarship (McCune-Reischauer
without diacritics, syllables as separate words: "Ким Ир Сен" → "Kim Il Sung").

Soviet telegrams write each Korean syllable as one word, render 어/여 as "е"/"ё" and a final
ㄹ as "р", and drop the -ng of 영 ("Ен"). Rules, in order:
  1. a table of the syllables that the letter rules would get wrong (Сен → Sung, Ен → Yong);
  2. letters: aspirated clusters (чх → ch', кх → k'), vowels (ы → u, э → ae, е → o after a
     consonant, ё → yo), a final р → l.
A name is read as Korean only when every word is one plausible Korean syllable.
"""

from __future__ import annotations

import re

__all__ = ["SYLLABLES", "is_korean", "to_english"]

# Syllables whose English spelling the letter rules do not reach (conventional spellings).
SYLLABLES = {
    "ким": "Kim", "ир": "Il", "ил": "Il", "сен": "Sung", "сон": "Song", "хен": "Hon", "ен": "Yong",
    "ён": "Yong", "ёп": "Yop", "ын": "Un", "ли": "Li", "пак": "Pak", "нам": "Nam", "чве": "Choe",
    "чхве": "Choe", "чхэк": "Chaek", "чак": "Chaek", "гон": "Gon", "ду": "Tu", "бон": "Bong",
    "бен": "Byong", "пен": "Pyong", "мен": "Myong", "чен": "Chong", "хо": "Ho", "га": "Ka",
    "сын": "Sung", "ман": "Man", "хак": "Hak", "чан": "Chang", "сок": "Sok", "ок": "Ok",
    "хон": "Hong", "ун": "Un", "у": "U", "и": "I", "чу": "Chu", "тэ": "Tae", "ги": "Ki",
    "гу": "Ku", "ку": "Ku", "чун": "Chun", "хва": "Hwa", "сан": "San", "дже": "Che",
    "джо": "Cho", "чо": "Cho", "му": "Mu", "со": "So", "ё": "Yo", "ю": "Yu", "ян": "Yang",
    "кан": "Kang", "ко": "Ko", "кук": "Kuk", "тхэ": "T'ae", "пхё": "P'yo", "чхон": "Ch'on",
}  # fmt: skip
_CLUSTERS = (("чх", "ch'"), ("кх", "k'"), ("тх", "t'"), ("пх", "p'"), ("дж", "ch"), ("нъ", "n"))
_LETTERS = {
    "к": "k", "г": "k", "т": "t", "д": "t", "п": "p", "б": "p", "ч": "ch", "ц": "ch", "с": "s",
    "ш": "s", "х": "h", "м": "m", "н": "n", "р": "r", "л": "l", "в": "w", "ж": "ch",
    "а": "a", "о": "o", "у": "u", "ы": "u", "э": "ae", "и": "i", "й": "i", "ю": "yu",
    "я": "ya", "ё": "yo", "ь": "", "ъ": "",
}  # fmt: skip
_VOWELS = "аоуыэиеёюя"
_ENDINGS = ("ом", "ем", "ым", "ому", "ему", "а", "у", "е")
# One Korean syllable as Russians write it: consonants, a vowel group, a final consonant.
_SYLLABLE = re.compile(
    r"^(?:чх|кх|тх|пх|дж|[кгтдпбчцсшхмнрлвж])?(?:[аоуыэиеёюя]|[ую][аэеио]|[оу]э|ы[ий])"
    r"(?:нъ|[кпмнлрт]|н|п)?$"
)


def is_korean(name: str) -> bool:
    """Whether every word of `name` looks like one Korean syllable written in Cyrillic."""
    words = name.replace("-", " ").split()
    return bool(words) and all(w.lower() in SYLLABLES or _SYLLABLE.match(w.lower()) for w in words)


def _letters(word: str) -> str:
    out = ""
    i = 0
    while i < len(word):
        pair = next((latin for cy, latin in _CLUSTERS if word.startswith(cy, i)), None)
        if pair is not None:
            out += pair
            i += 2
            continue
        ch = word[i]
        if ch == "е":
            out += "yo" if i == 0 or word[i - 1] in _VOWELS else "o"
        elif ch == "р" and i == len(word) - 1:
            out += "l"
        else:
            out += _LETTERS.get(ch, ch)
        i += 1
    return out


def syllable(word: str) -> str:
    """English for one Korean syllable written in Cyrillic ("Хен" → "Hon")."""
    low = word.lower().replace("ё", "ё")
    latin = SYLLABLES.get(low) or _letters(low).capitalize()
    return latin.upper() if word.isupper() and len(word) > 1 else latin


def to_english(name: str) -> str | None:
    """ "Ким Ир Сен" → "Kim Il Sung", "Пак Хен Ен" → "Pak Hon Yong"; None if not Korean."""
    words = name.replace("-", " ").split()
    if words and not is_korean(name):  # a case form: "Ким Ир Сеном", "Пак Хен Ена"
        last = words[-1]
        stem = next((last[: -len(e)] for e in _ENDINGS if last.lower().endswith(e)), None)
        words = [*words[:-1], stem] if stem else []
    if not words or not is_korean(" ".join(words)):
        return None
    return " ".join(syllable(w) for w in words)
