"""Saying why: an explanation for every resolution, and unresolved names grouped for curators.

`explain(match)` reads like razdel's debug mode: "resolved 'Filippov' to Joseph Stalin
(person:stalin) by rule pseudonym (valid 1948–1953), confidence 0.90". `group_unresolved`
puts the names nobody resolved under one key per person, across scripts, case endings,
titles and initials ("Араушкина", "ARAUSHKIN", "Cde. Araushkin" → "araushk"), so a curator
sees "Araushkin (3)" and adds him.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cablegraph.resolve.authority import TITLES, Match, Name
from cablegraph.resolve.normalize import CYRILLIC, fold, key, script_of, tokens
from cablegraph.resolve.transliterate import readings, romanize

__all__ = ["explain", "group_unresolved", "unresolved_key"]

_LATIN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
        "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
        "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
        "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
        "і": "i",
    }
)  # fmt: skip
_LATIN_ENDINGS = (
    "ovym",
    "evym",
    "inym",
    "ovoi",
    "ovoy",
    "ova",
    "eva",
    "ina",
    "ym",
    "om",
    "em",
    "oi",
    "oy",
    "ogo",
    "omu",
    "a",
    "u",
    "e",
    "y",
)
_NAME_ENDINGS = ("ov", "ev", "in", "yn")
_WORDY = re.compile(r"[^\W\d_]")
# Ranks and titles dropped from grouping keys, besides the authority's TITLES.
_RANKS = frozenset(
    {
        "полковник", "полковника", "подполковник", "майор", "майора", "капитан", "капитана",
        "лейтенант", "colonel", "col"
    }
)  # fmt: skip


def _years(name: Name) -> str:
    start = str(name.start_year) if name.start_year is not None else ""
    end = str(name.end_year) if name.end_year is not None else ""
    return f"valid {start}–{end}" if start or end else ""


def _name_used(match: Match) -> Name | None:
    """The entity's name that the text matched (by its word keys), if one can be told."""
    written = tuple(key(t[2]) for t in tokens(match.as_written) if len(t[2]) > 2)
    for name in match.entity.names:
        if tuple(key(t[2]) for t in tokens(name.text) if len(t[2]) > 2) == written:
            return name
    return None


def _detail(match: Match) -> str:
    name = _name_used(match)
    parts: list[str] = []
    if match.rule in ("palladius", "korean_ru", "wade_giles"):
        read = next((r for rule, r in readings(match.as_written) if rule == match.rule), None)
        parts.append(f"read as '{read}'" if read else "")
    if name is not None:
        if match.rule == "context":
            parts.append(f"{name.system} '{name.text}', counts with {', '.join(name.context_with)}")
        elif name.system not in ("preferred", "english", "surname", "russian", "variant"):
            parts.append(f"{name.system} '{name.text}'" if match.rule != "pseudonym" else "")
        parts.append(_years(name))
        if name.sources:  # where the archive layer read the form ("people:frus1951v05")
            more = f" and {len(name.sources) - 2} more" if len(name.sources) > 2 else ""
            parts.append(f"from {', '.join(name.sources[:2])}{more}")
    text = "; ".join(p for p in parts if p)
    return f" ({text})" if text else ""


def explain(match: Match) -> str:
    """One line: what was resolved to what, by which rule and name, with what confidence."""
    entity = match.entity
    return (
        f"resolved '{match.as_written}' to {entity.name} ({entity.id}) by rule "
        f"{match.rule}{_detail(match)}, confidence {match.confidence:.2f}"
    )


def _latin_stem(word: str) -> str:
    for ending in _LATIN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[: -len(ending)]
            break
    for ending in _NAME_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def unresolved_key(name: str) -> str:
    """The grouping key of an unresolved name: no titles or initials, one script, no endings."""
    toks = [t for t in tokens(name) if len(t[2]) > 1 and t[2] not in TITLES and t[2] not in _RANKS]
    if not toks:
        return fold(name)
    text = " ".join(name[a:b] for a, b, _ in toks)
    romanized = romanize(text)
    if romanized is not None and script_of(text) == CYRILLIC:
        return fold(romanized)
    words = [fold(name[a:b]).translate(_LATIN) for a, b, _ in toks]
    return " ".join(_latin_stem(w) for w in words if _WORDY.search(w))


def group_unresolved(names: Iterable[str]) -> dict[str, list[str]]:
    """Unresolved names under their key, each name as written, repeats kept (one per mention).

    `{"araushk": ["Araushkin", "Араушкина", "ARAUSHKIN"]}`: the list's length is the count
    a curator sees. Keys come in order of first appearance.
    """
    out: dict[str, list[str]] = {}
    for name in names:
        if name.strip():
            out.setdefault(unresolved_key(name), []).append(name)
    return out
