"""Search filters: who, where, when, what kind, which language and archive.

Free text never fails; a filter with a value that cannot mean anything (a date that is
not a date) raises ``QueryError`` naming the filter, the value and what would be valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import Any

from cablegraph.errors import QueryError

LANGUAGES = {
    "russian": "ru",
    "english": "en",
    "chinese": "zh",
    "korean": "ko",
    "polish": "pl",
    "german": "de",
    "french": "fr",
    "japanese": "ja",
    "hungarian": "hu",
    "czech": "cs",
    "romanian": "ro",
    "bulgarian": "bg",
    "mongolian": "mn",
    "vietnamese": "vi",
}

_DATE = re.compile(r"^\s*(\d{4})(?:[-./](\d{1,2})(?:[-./](\d{1,2}))?)?\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*$")


@dataclass(frozen=True, slots=True)
class Filters:
    """Every filter is optional; all given filters must hold (AND)."""

    person: str | None = None
    place: str | None = None
    via: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    type: str | None = None
    lang: str | None = None
    archive: str | None = None
    # Exact facet values, all required: ("sender", "Mao Zedong") keeps the documents whose
    # sender facet is Mao Zedong (the role the facet counted), ("kind", "document") drops
    # listing pages. The names are those of ``cablegraph.store.facets.FACETS``.
    facets: tuple[tuple[str, str], ...] = ()

    def with_inline(self, inline: dict[str, str], warnings: list[str] | None = None) -> Filters:
        """Add filters typed inside the query (``person:Stalin``); explicit ones win.

        Typed text never fails: an inline date that is not a date is dropped, with a
        warning appended to ``warnings``.
        """
        names = {"from": "date_from", "to": "date_to"}
        updates: dict[str, Any] = {}
        for key, text in inline.items():
            name = names.get(key, key)
            if getattr(self, name) is not None:
                continue
            if key in names:
                try:
                    date_number(text, end=key == "to", name=key)
                except QueryError as exc:
                    if warnings is not None:
                        warnings.append(f"ignored {key}:{text} ({exc.reason})")
                    continue
            updates[name] = text
        return replace(self, **updates)

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "", ()) for f in fields(self))


def date_number(text: str, *, end: bool, name: str) -> int:
    """YYYYMMDD for a --from/--to value (the first or last day it covers)."""
    match = _DATE.match(text)
    if match:
        year, month, day = match.groups()
    elif (dmy := _DMY.match(text)) is not None:
        day, month, year = dmy.groups()
    else:
        raise QueryError(f"--{name} {text!r} is not a date; use YYYY, YYYY-MM, YYYY-MM-DD or DD.MM.YYYY")
    m = int(month) if month else (12 if end else 1)
    d = int(day) if day else (31 if end else 1)
    if not (1 <= m <= 12 and 1 <= d <= 31):
        raise QueryError(f"--{name} {text!r} has no such month or day; use YYYY-MM-DD")
    return int(year) * 10_000 + m * 100 + d


def language_code(text: str) -> str:
    """'Russian' -> 'ru'; codes pass through, folded."""
    value = text.strip().casefold()
    return LANGUAGES.get(value, value)


SORTS = ("relevance", "date", "-date")


def check_facets(pairs: tuple[tuple[str, str], ...], known: tuple[str, ...]) -> None:
    """Facet filters must name a facet: say which ones exist."""
    for name, value in pairs:
        if name not in known:
            raise QueryError(
                f"facet filter {name}:{value!r}: no facet {name!r}; facets are {', '.join(known)}"
            )


def check_sort(sort: str) -> None:
    if sort not in SORTS:
        raise QueryError(f"sort {sort!r}: use one of {', '.join(SORTS)}")
