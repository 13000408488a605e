"""Page-level carry of accepted person names: to their list neighbours, and to their other
occurrences on the page.

A name the enrichment pass accepted once on a page (by a title, a verb of speech, the
authority, a signature) makes a list it stands in a list of persons: "Dulles, Conant,
Merchant, and Morris" (Merchant an English word the running-text rules leave), "AGAH AND
FARHANG". The pass reads lists of single capitalised words joined by commas and "and"; when
every member but one is a person (the authority's, or a form accepted elsewhere on the page,
in any case: "AGAH" accepted, "Agah" listed), the remaining member is a person too (after a
plural title, "Messrs. Dulles and Merchant", every member is): the
authority's person of that surname at the page's year, else an unknown name when it is no
English word, place, title or office word.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from cablegraph.resolve.authority import TITLES, Authority
from cablegraph.resolve.normalize import fold
from cablegraph.resolve.offices import is_place_word
from cablegraph.resolve.words import is_english_word

_MEMBER = r"[A-Z][A-Za-z'’-]{2,}"
_JOIN = r"(?:[ \t]*,[ \t]*(?:(?:and|AND)[ \t]+)?|[ \t]+(?:and|AND)[ \t]+)"
# Two members or more; a member is one capitalised word (a surname), never "AND" itself.
_LIST = re.compile(rf"(?<![\w.’'-])(?!AND\b){_MEMBER}(?:{_JOIN}(?!AND\b){_MEMBER})+(?![\w’'-])")
_WORD = re.compile(rf"(?!AND\b){_MEMBER}")
_NOT_NAME = """and the mr mrs messrs ambassador secretary minister president embassy
    department ministry state soviet american british french chinese"""
_NOT_NAMES = frozenset(_NOT_NAME.split())
# A plural title before a list titles each member: "Messrs. Montague and Ruddock", "Cdes. Kozlov,
# Suslov and Ponomarev".
_PLURAL_TITLE = re.compile(
    r"\b(?:Messrs|Comrades|Cdes|Drs|Generals|Senators|Ambassadors|Messieurs)\.?[ \t]+$", re.IGNORECASE)
_MIN_MEMBERS = 3  # two persons vouch for a third: "Henry and Thursday", "Iraqi and Soviet" vouch for nothing


@dataclass(frozen=True, slots=True)
class Carried:
    """A list member read as a person: its offset in the block, its form, and the authority's
    entity (None: an unknown name)."""

    at: int
    form: str
    entity_id: str | None


def list_neighbours(
    text: str, authority: Authority, year: int | None, accepted: Collection[str]
) -> list[Carried]:
    """The members of the lists in `text` that the list makes persons: every other member is
    a person the authority reads there, or a form in `accepted` (folded words of the names the
    page's enrichment accepted)."""
    out: list[Carried] = []
    for found in _LIST.finditer(text):
        members = list(_WORD.finditer(found.group()))
        start = found.start()
        titled = _PLURAL_TITLE.search(text, max(0, start - 20), start) is not None
        if len(members) < _MIN_MEMBERS and not titled:
            continue
        window = authority.find_mentions(text, year=year, start=start, stop=found.end())
        persons = [(m.start, m.stop) for m in window if m.entity.kind == "person"]
        things = [(m.start, m.stop) for m in window if m.entity.kind != "person"]
        others = [w for w in members if not (
            fold(w.group()) in accepted
            or any(a <= start + w.start() < b for a, b in persons))]
        if len(others) != 1 and not titled:
            continue
        out += [c for c in (_carried(authority, year, start, m, things) for m in others) if c is not None]
    return out


def _carried(
    authority: Authority, year: int | None, start: int, member: re.Match[str], things: list[tuple[int, int]]
) -> Carried | None:
    """The list member as a person, or None where it is a body, a title, a place, a given name
    or an English word no person of the record bears."""
    form = member.group()
    word = fold(form)
    if any(a <= start + member.start() < b for a, b in things):
        return None  # "Dulles, Conant and NATO": a body the authority knows
    if word in _NOT_NAMES or word in TITLES or is_place_word(word, world=True):
        return None
    archive = authority.archive
    if archive is not None and archive.is_given_name(word):
        return None  # "Henry": a given name alone names nobody
    match = authority.lookup(form, year=year, kind="person")
    if match is not None:
        return Carried(start + member.start(), form, match.entity.id)
    if not is_english_word(word) and archive is not None and archive.is_name_word(word):
        return Carried(start + member.start(), form, None)
    return None


_MIN_SURNAME = 4  # "Li", "Kim", "Ho": too short to carry without a reader's eye
_POSSESSIVE = r"(?:[’']s)?"


def other_occurrences(
    blocks: Sequence[str], starts: Sequence[int], forms: Collection[str], taken: Collection[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """(start, stop, form) in the page of each other occurrence of an accepted name's surname:
    a name's last word of four letters or more that is no English word, written with a capital
    ("AGAH" accepted after "CHARGE", then "Agah", "AGAH'S"), where no span in `taken` (page
    offsets) already starts."""
    surnames = {form.split()[-1] for form in forms if form.split()}
    surnames = {s for s in surnames if len(s) >= _MIN_SURNAME and s.isalpha()
                and not is_english_word(s.casefold())}
    if not surnames:
        return []
    pattern = re.compile(
        r"(?<![\w’'-])(" + "|".join(sorted(map(re.escape, surnames), key=len, reverse=True))
        + rf"){_POSSESSIVE}(?![\w’'-])", re.IGNORECASE)
    begun = {a for a, _ in taken}
    out: list[tuple[int, int, str]] = []
    for text, offset in zip(blocks, starts, strict=True):
        for found in pattern.finditer(text):
            word = found.group(1)
            if not word[:1].isupper() or offset + found.start() in begun:
                continue
            begun.add(offset + found.start())
            out.append((offset + found.start(1), offset + found.end(1), word))
    return out
