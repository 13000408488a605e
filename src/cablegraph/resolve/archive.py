"""The archive layer: ~16,000 FRUS persons and the State Department's office holders.

Built from the derived file `data/archive.json.gz` (see `hs_import`; sources: the Office of
the Historian's `people` and `pocom` datasets). It is read on first use, not at import, and
answers only what the hand-made authority does not know:

- a full name ("McGeorge Bundy", "Foy D. Kohler", "Bundy, McGeorge") resolves when one person
  has it, or one person active in the page's year has it;
- a surname alone ("Kohler") resolves only with a year, when exactly one person of that
  surname is active that year (a FRUS volume covering the year lists him, or he held an
  office then) and, in running text, when the word is capitalised, is no common word of the
  page, and starts no name of the hand-made authority (it decides those);
- a person of the hand-made authority found here too (same names, compatible birth year) is
  merged: one Dean Acheson, with the archive's name forms and their volumes as provenance.

Offices by date (`tenures`) are read by `resolve.offices`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from cablegraph import settings
from cablegraph.resolve.hs_import import name_key, person_keys, read_derived, reading_order

__all__ = ["ArchiveLayer", "ArchivePerson", "Hit", "name_key"]

BUILTIN = "archive.json.gz"
_YEAR0 = 1700
_VOLUME_YEARS = re.compile(r"^frus(\d{4})(?:-(\d{2,4}))?")
# Capitalised words of running text that are surnames in the data but seldom names on a page.
_COMMON_WORDS = """
    the a an and or but if of in on at to for by with from as he she it we they his her
    this that these those there then when while after before during under over since until
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    secretary president ambassador minister embassy department government state states
    united soviet american british french chinese korean german japanese communist party
    north south east west central committee council foreign office army navy air force
    general admiral chairman premier prime deputy under acting mission delegation
    white house will hope long young strong rich little most best good great new old
    paris london rome bonn berlin moscow peking warsaw prague vienna geneva tokyo seoul
    christian church king queen
    page pages note notes file files see also telegram telegrams memorandum document source
    no number copy top secret confidential restricted box folder record records series
    volume part section chapter paragraph text subject enclosure annex message letter
    draft press news post service services bureau division branch staff"""
_COMMON = frozenset(_COMMON_WORDS.split())
MAX_WORDS = 5
BIRTH_DISAGREES = 5  # years two sources may differ on a birth when they agree on the death
# Particles a surname may start with: in running text "de Gaulle" starts at "de".
PARTICLES = frozenset({"de", "van", "von", "du", "da", "di", "del", "della", "der", "den", "ter", "le", "la"})
_BEFORE, _AFTER = 30, 40  # years around a person's documented ones where a page may name him


@dataclass(frozen=True, slots=True)
class ArchivePerson:
    """One person of the archive layer: forms with their volumes, years, VIAF, pocom id."""

    id: str
    name: str
    forms: tuple[tuple[str, tuple[str, ...]], ...]
    born: int | None
    died: int | None
    viaf: str | None
    pocom_id: str | None
    years: int  # bit (year - 1700) set for each year the person is documented as active

    def active_in(self, year: int) -> bool:
        """Whether a source places the person in `year` (a volume, an office)."""
        return year >= _YEAR0 and bool(self.years >> (year - _YEAR0) & 1)

    def last_year(self) -> int | None:
        """The last year a source places the person in (None when none does)."""
        return _YEAR0 + self.years.bit_length() - 1 if self.years else None

    def alive_in(self, year: int) -> bool:
        """False only when the birth or death year rules `year` out."""
        return not ((self.born and year < self.born + 15) or (self.died and year > self.died))

    def near(self, year: int) -> bool:
        """Whether `year` is near the years a source documents the person in (from 30 years
        before the first to 40 after the last; true when none is known): a page of 1899
        does not name a diplomat of the 1980s."""
        if not self.years:
            return True
        first = _YEAR0 + (self.years & -self.years).bit_length() - 1
        last = _YEAR0 + self.years.bit_length() - 1
        return first - _BEFORE <= year <= last + _AFTER


@dataclass(frozen=True, slots=True)
class Hit:
    """An archive answer: the person's entity id, the rule and the confidence."""

    entity_id: str
    rule: str
    confidence: float


def _year_of(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def _years_of(volumes: Iterable[str]) -> int:
    mask = 0
    for volume in volumes:
        found = _VOLUME_YEARS.match(volume)
        if not found:
            continue
        first = int(found.group(1))
        last_part = found.group(2)
        last = first if last_part is None else int(str(first)[: 4 - len(last_part)] + last_part)
        for year in range(first, max(first, last) + 1):
            mask |= 1 << (year - _YEAR0)
    return mask


def _span_years(start: str | None, end: str | None) -> int:
    first = int(start[:4]) if start and start[:4].isdigit() else None
    if first is None:
        return 0
    last = int(end[:4]) if end and end[:4].isdigit() else first
    return sum(1 << (y - _YEAR0) for y in range(max(first, _YEAR0), max(first, last) + 1))


class ArchiveLayer:
    """The archive persons, indexed by full name and by surname; loaded on first use."""

    def __init__(self, path: Path | None = None, data: dict[str, Any] | None = None) -> None:
        self._path = path
        self._data = data
        self._core: dict[str, tuple[str, ...]] = {}
        self._core_years: dict[str, tuple[int | None, int | None]] = {}

    @staticmethod
    def shipped() -> bool:
        """Whether there is a derived file to read (the package's, or CABLEGRAPH_ARCHIVE's)."""
        return ArchiveLayer.builtin_path().is_file()

    @staticmethod
    def builtin_path() -> Path:
        """The derived file: CABLEGRAPH_ARCHIVE when set, else the one the package ships."""
        chosen = settings.str_value("archive")
        if chosen:
            return Path(chosen)
        return Path(str(resources.files("cablegraph.resolve").joinpath("data", BUILTIN)))

    @classmethod
    def builtin(cls) -> ArchiveLayer:
        """The layer shipped in the package (its file is read on first use)."""
        return cls(cls.builtin_path())

    def attach_core(self, persons: Iterable[tuple[str, Sequence[str], int | None, int | None]]) -> None:
        """The hand-made persons (id, names, birth and death years) that archive persons merge into."""
        for entity_id, names, born, died in persons:
            keys = tuple(k for k in {name_key(n) for n in names} if " " in k)
            self._core[entity_id] = keys
            self._core_years[entity_id] = (born, died)

    # ------------------------------------------------------------------ loading

    @cached_property
    def _loaded(self) -> _Loaded:
        data = self._data if self._data is not None else read_derived(self._path or Path(BUILTIN))
        return _Loaded(data, self._core, self._core_years)

    @property
    def tenures(self) -> list[list[Any]]:
        """pocom tenures: [office, pocom id, start, end, title]."""
        return self._loaded.tenures

    def person(self, entity_id: str) -> ArchivePerson | None:
        """The archive person behind an entity id (an archive id or a merged hand-made id)."""
        return self._loaded.by_id.get(entity_id)

    def persons(self) -> Sequence[ArchivePerson]:
        """Every person of the layer (merged ones under the hand-made id)."""
        return self._loaded.persons

    def pocom_entity(self, pocom_id: str) -> str | None:
        """The entity id of a pocom person."""
        return self._loaded.by_pocom.get(pocom_id)

    def roles_of(self, pocom_id: str) -> Iterator[tuple[str, int | None, int | None]]:
        """The offices a pocom person held: (label, first year, last year)."""
        for office, holder, start, end, title in self.tenures:
            if holder == pocom_id:
                place = office.partition(":")[2].replace("-", " ").title()
                label = title if office.startswith("principal:") else f"{title}, {place}"
                yield label, _year_of(start), _year_of(end)

    @property
    def starts(self) -> set[str]:
        """The first words of the indexed names that running text may start a name with.

        Common words and one- or two-letter words are left out ("The", "In", "I", "July"): a
        name that starts with one ("In Tam") is still found by `lookup`, not in running text.
        """
        return self._loaded.starts

    def is_common(self, folded: str) -> bool:
        return folded in _COMMON

    def is_name_word(self, folded: str) -> bool:
        """Whether any person's name holds the word (a given name or a surname)."""
        return folded in self._loaded.given or folded in self._loaded.surnames

    def is_given_name(self, folded: str) -> bool:
        """Whether more persons have the word as their first name than as their surname
        ("Frederick", "Alexander"): alone on a page it is seldom the surname."""
        loaded = self._loaded
        return loaded.given.get(folded, 0) > len(loaded.surnames.get(folded, ()))

    def __len__(self) -> int:
        return len(self._loaded.persons)

    # ------------------------------------------------------------------ resolving

    def lookup(self, key: str, *, year: int | None, running: bool) -> Hit | str | None:
        """The person a name (its `name_key`) names: a Hit, "ambiguous" or None.

        `running`: the name was found in running text (surnames then need a year). Without a
        year nothing bounds a surname alone: "Arcos" on an 1899 page is a 1990s ambassador
        unless the caller passes the page's date.
        """
        loaded = self._loaded
        full = loaded.full.get(key) if " " in key else None
        if full:
            return self._pick(full, year, rule="archive_name", surname=False)
        surname = loaded.surnames.get(key)
        if not surname or (running and year is None):
            return None
        return self._pick(surname, year, rule="archive_surname", surname=True)

    def active_ids(self, key: str, year: int) -> list[str]:
        """The persons of a surname active in `year` (for a title to choose among)."""
        persons = self._loaded.persons
        found = self._loaded.surnames.get(key, [])
        return list(dict.fromkeys(
            persons[c].id for c in found
            if persons[c].alive_in(year) and persons[c].near(year) and persons[c].active_in(year)
        ))  # fmt: skip

    def near_ids(self, key: str, year: int) -> list[str]:
        """The persons of a surname whose documented years and life `year` falls near (the
        candidates a surname alone is chosen among before activity narrows them)."""
        persons = self._loaded.persons
        found = self._loaded.surnames.get(key, [])
        return list(dict.fromkeys(
            persons[c].id for c in found if persons[c].alive_in(year) and persons[c].near(year)
        ))  # fmt: skip

    def in_volume(self, key: str, volume: str) -> list[str]:
        """The persons of a surname (its `name_key`) that a FRUS volume's persons list names
        ("barnes" in frus1955-57v25: Nathan Spencer Barnes)."""
        loaded = self._loaded
        return list(dict.fromkeys(
            loaded.persons[c].id for c in loaded.surnames.get(key, [])
            if any(volume in volumes for _form, volumes in loaded.persons[c].forms)
        ))  # fmt: skip

    def _pick(self, found: list[int], year: int | None, *, rule: str, surname: bool) -> Hit | str | None:
        persons = self._loaded.persons
        candidates = list(dict.fromkeys(found))
        if year is not None:
            candidates = [c for c in candidates if persons[c].alive_in(year) and persons[c].near(year)]
            active = [c for c in candidates if persons[c].active_in(year)]
        else:
            active = []
        if surname:
            if year is not None:
                chosen = active
                confidence = 0.8
            else:
                chosen, confidence = candidates, 0.7
        elif len(candidates) == 1:
            chosen, confidence = candidates, 0.9 if (year is None or active) else 0.8
        else:
            chosen, confidence = active, 0.85
        ids = list(dict.fromkeys(persons[c].id for c in chosen))  # two records merged into one person
        if len(ids) == 1:
            return Hit(ids[0], rule, confidence)
        return "ambiguous" if len({persons[c].id for c in candidates}) > 1 else None


class _Loaded:
    """The parsed file: persons and their indexes (keys precomputed at import)."""

    def __init__(
        self,
        data: dict[str, Any],
        core: dict[str, tuple[str, ...]],
        core_years: dict[str, tuple[int | None, int | None]],
    ) -> None:
        volume_years = [_years_of((v,)) for v in data["volumes"]]
        volumes: list[str] = data["volumes"]
        self.tenures: list[list[Any]] = data["tenures"]
        office_years: dict[str, int] = {}
        for _office, pocom_id, start, end, _title in self.tenures:
            office_years[pocom_id] = office_years.get(pocom_id, 0) | _span_years(start, end)
        keys = data.get("keys") or {}
        people_keys = keys.get("people") or [person_keys([f for f, _ in p[6]]) for p in data["people"]]
        pocom_keys: dict[str, Any] = keys.get("pocom") or {}
        self.persons: list[ArchivePerson] = []
        self.by_id: dict[str, ArchivePerson] = {}
        self.by_pocom: dict[str, str] = {}
        self.full: dict[str, list[int]] = {}
        self.surnames: dict[str, list[int]] = {}
        self.starts: set[str] = set()
        self.given: dict[str, int] = {}  # persons by the first word of their full names
        merge = _Merger(core, core_years)
        pocom_people = {p[0]: p for p in data["pocom_persons"]}
        for (hs_id, preferred, born, died, viaf, pocom_id, names), (full, surnames) in zip(
            data["people"], people_keys, strict=True
        ):
            forms = tuple((form, tuple(volumes[v] for v in vols)) for form, vols in names)
            years = office_years.get(pocom_id or "", 0)
            for _, vols in names:
                for v in vols:
                    years |= volume_years[v]
            extra = pocom_people.pop(pocom_id, None) if pocom_id else None
            if extra is not None:
                known = {f for f, _ in forms}
                forms += tuple((alt, ("pocom",)) for alt in extra[3] if alt not in known)
                more_full, more_surnames = pocom_keys.get(pocom_id) or person_keys(list(extra[3]))
                full, surnames = sorted({*full, *more_full}), sorted({*surnames, *more_surnames})
            person = ArchivePerson(
                f"person:hs-{hs_id}", reading_order(preferred), forms, born, died, viaf, pocom_id, years
            )
            self._add(person, full, surnames, merge)
        for pocom_id, surname, forename, alts, born, died in pocom_people.values():
            preferred = f"{surname}, {forename}" if forename else surname
            forms = ((preferred, ("pocom",)), *((alt, ("pocom",)) for alt in alts))
            full, surnames = pocom_keys.get(pocom_id) or person_keys([f for f, _ in forms])
            slug = re.sub(r"[^a-z0-9]+", "-", pocom_id.lower()).strip("-")
            years = office_years.get(pocom_id, 0)
            person = ArchivePerson(
                f"person:pocom-{slug}", reading_order(preferred), forms, born, died, None, pocom_id, years
            )
            self._add(person, full, surnames, merge)

    def _add(self, person: ArchivePerson, full: list[str], surnames: list[str], merge: _Merger) -> None:
        core_id = merge.find(full, person.born, person.died)
        if core_id is not None:
            person = replace(person, id=core_id)
        index = len(self.persons)
        self.persons.append(person)
        self.by_id.setdefault(person.id, person)
        if person.pocom_id:
            self.by_pocom[person.pocom_id] = person.id
        for first in {k.partition(" ")[0] for k in full} - {s.partition(" ")[0] for s in surnames}:
            self.given[first] = self.given.get(first, 0) + 1
        for k in full:
            self.full.setdefault(k, []).append(index)
            self._start(k.partition(" ")[0])
        for k in surnames:
            self.surnames.setdefault(k, []).append(index)
            self._start(k.partition(" ")[0])

    def _start(self, word: str) -> None:
        if (len(word) > 2 and word not in _COMMON) or word in PARTICLES:
            self.starts.add(word)  # "de" of "de Gaulle", "von" of "von Brentano"


class _Merger:
    """Finds the hand-made person an archive person is: a shared full name and compatible
    years (births a year apart at most; or sources that disagree on the birth, as they
    do for James F. Byrnes, 1879 or 1882, but agree on the death)."""

    def __init__(self, core: dict[str, tuple[str, ...]],
                 years: dict[str, tuple[int | None, int | None]]) -> None:
        self._by_key: dict[str, list[str]] = {}
        self._years = years
        for entity_id, keys in core.items():
            for k in keys:
                self._by_key.setdefault(k, []).append(entity_id)

    def find(self, keys: list[str], born: int | None, died: int | None = None) -> str | None:
        ids = {i for k in keys for i in self._by_key.get(k, ())}
        fits = [i for i in ids if _same_years((born, died), self._years.get(i, (None, None)))]
        return fits[0] if len(fits) == 1 else None


def _same_years(a: tuple[int | None, int | None], b: tuple[int | None, int | None]) -> bool:
    (born_a, died_a), (born_b, died_b) = a, b
    if born_a is None or born_b is None or abs(born_a - born_b) <= 1:
        return True
    return died_a is not None and died_a == died_b and abs(born_a - born_b) <= BIRTH_DISAGREES
