"""Holders of non-US offices with their terms: `data/office_holders.json`.

The Office of the Historian's pocom holds US officials only. This file holds, transcribed by
hand from public pages (Wikipedia, FRUS; each record names its source, see
`data/office_holders.README.md`), who was foreign minister of the USSR, the PRC, Poland,
Hungary, the GDR, the DPRK or Czechoslovakia and who was Soviet ambassador where, from when
to when, as precisely as the page gives it (a day, a month or a year; null where the page
gives nothing).

Each holder becomes a person of the authority (or adds to the hand-made person of that name:
one Dobrynin), with the office as a role and every name form marked with its source
(`office_holders:<source key>`), and each term becomes a dated tenure that `resolve.offices`
reads like pocom's: "Polish Foreign Minister" on 1 October 1980 is Józef Czyrek.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from cablegraph.errors import AuthorityError
from cablegraph.resolve.normalize import fold, script_of, slug

__all__ = ["BUILTIN", "DatedTerm", "Holder", "Term", "merge_holders", "read_holders"]

BUILTIN = "office_holders.json"
FORMAT = 1
SOURCE = "office_holders"  # the tenure source name `resolve.offices` sees
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Term:
    """One office held from `start` to `end` (ISO dates as precise as the source; None: not given)."""

    office: str
    start: str | None
    end: str | None
    sources: tuple[str, ...]  # keys of the file's "sources"


@dataclass(frozen=True, slots=True)
class Holder:
    """A person of the file: name, other forms, life years, terms."""

    name: str
    forms: tuple[str, ...]
    born: str | None
    died: str | None
    terms: tuple[Term, ...]


def _field(record: dict[str, Any], key: str, where: str, *, optional: bool = False) -> Any:
    if key not in record:
        raise AuthorityError(f"{where}: field {key!r} missing", path=BUILTIN)
    value = record[key]
    if value is None and not optional:
        raise AuthorityError(f"{where}: field {key!r} is null", path=BUILTIN)
    return value


def _date(record: dict[str, Any], key: str, where: str) -> str | None:
    value = _field(record, key, where, optional=True)
    if value is not None and (not isinstance(value, str) or not _DATE.match(value)):
        problem = f"{where}: field {key!r}: {value!r} is no ISO date (YYYY[-MM[-DD]])"
        raise AuthorityError(problem, path=BUILTIN)
    return value


def parse_holders(data: Any, path: str = BUILTIN) -> tuple[dict[str, dict[str, str]], list[Holder]]:
    """The sources and the holders (terms of one name joined) of a parsed file; every problem
    raises AuthorityError naming the record and the field."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise AuthorityError(f"field 'format': {found!r}, expected {FORMAT}", path=path)
    sources = data.get("sources")
    records = data.get("holders")
    if not isinstance(sources, dict) or not isinstance(records, list):
        raise AuthorityError("fields 'sources' (object) and 'holders' (list) expected", path=path)
    for key, source in sources.items():
        for needed in ("url", "licence"):
            if not isinstance(source, dict) or not source.get(needed):
                raise AuthorityError(f"source {key!r}: field {needed!r} missing", path=path)
    by_name: dict[str, Holder] = {}
    for i, record in enumerate(records):
        where = f"holders[{i}]"
        if not isinstance(record, dict):
            raise AuthorityError(f"{where}: not an object", path=path)
        name, office = _field(record, "name", where), _field(record, "office", where)
        refs = tuple(_field(record, "source", where))
        unknown = [r for r in refs if r not in sources]
        if not refs or unknown:
            problem = f"{where} ({name}): field 'source': {unknown or refs!r} not in 'sources'"
            raise AuthorityError(problem, path=path)
        start, end = _date(record, "start", where), _date(record, "end", where)
        if start and end and end[: len(start)] < start[: len(end)]:
            raise AuthorityError(f"{where} ({name}): end {end} before start {start}", path=path)
        term = Term(office, start, end, refs)
        forms = tuple(_field(record, "forms", where))
        found = by_name.get(name)
        if found is None:
            by_name[name] = Holder(name, forms, record.get("born"), record.get("died"), (term,))
        else:
            merged_forms = found.forms + tuple(f for f in forms if f not in found.forms)
            by_name[name] = replace(found, forms=merged_forms, terms=(*found.terms, term))
    return sources, list(by_name.values())


def read_holders(path: Path | None = None) -> tuple[dict[str, dict[str, str]], list[Holder]]:
    """The shipped file (or the one at `path`)."""
    try:
        if path is None:
            text = resources.files("cablegraph.resolve").joinpath("data", BUILTIN).read_text(encoding="utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, json.JSONDecodeError) as exc:
        raise AuthorityError(f"office holders unreadable: {exc}", path=str(path or BUILTIN)) from exc
    return parse_holders(data, str(path or BUILTIN))


def holder_id(name: str) -> str:
    """The entity id of a holder no hand-made record has: "person:jozef-czyrek"."""
    return "person:" + slug(name)


def _key(text: str) -> str:
    """A name compared loosely: folded, its words joined by single spaces ("Pak Song-chol" =
    "Pak Song Chol")."""
    return " ".join(_WORDS.findall(fold(text)))


def _surname(form: str) -> bool:
    """A one-word Latin form ("Czyrek"): a surname, never used to join a holder to a person."""
    return " " not in form.strip() and (script_of(form) or "Latn") == "Latn"


_BEFORE, _AFTER = 30, 40  # years around a holder's terms where a page may name him (as archive.py)


def _period(holder: Holder) -> dict[str, int]:
    """The years a holder of unknown life may be named by his surname alone: from 30 years
    before his first term to 40 after his last ("Menshikov" in 1959 is the ambassador; in
    1720 he is not)."""
    starts = [int(t.start[:4]) for t in holder.terms if t.start]
    ends = [int((t.end or t.start or "0")[:4]) for t in holder.terms]
    return {"from": min(starts) - _BEFORE, "to": max(ends) + _AFTER} if starts else {}


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date else None


# A dated term for `Offices`: entity id, office, start, end, its sources ("office_holders:wp-czyrek").
DatedTerm = tuple[str, str, str | None, str | None, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Merged:
    """What the holders add: person records (new or the hand-made ones enlarged) and dated
    tenures (entity id, office, start, end, sources) for `Offices`."""

    persons: list[dict[str, Any]]
    tenures: list[DatedTerm]


def merge_holders(records: Sequence[dict[str, Any]], holders: Iterable[Holder]) -> Merged:
    """Add the holders to the hand-made person records (authority JSON records): a holder whose
    name (or a form of several words) one hand-made person bears is that person; else a new
    person record. Every name form added carries its source."""
    persons = [dict(r) for r in records if r.get("kind") == "person"]
    by_name: dict[str, int] = {}
    for i, record in enumerate(persons):
        long_names = [n["text"] for n in record.get("names", []) if n.get("system") != "surname"]
        for text in [record["name"], *long_names]:
            by_name.setdefault(_key(text), i)
    tenures: list[DatedTerm] = []
    for holder in holders:
        provenance = sorted({f"{SOURCE}:{s}" for t in holder.terms for s in t.sources})
        long_forms = [holder.name, *(f for f in holder.forms if not _surname(f))]
        index = next((by_name[_key(f)] for f in long_forms if _key(f) in by_name), None)
        if index is None:
            ident = holder_id(holder.name)
            if any(p["id"] == ident for p in persons):
                raise AuthorityError(f"holder {holder.name!r}: id {ident} is another person's", path=BUILTIN)
            new: dict[str, Any] = {
                "id": ident, "kind": "person", "name": holder.name, "wikidata": None,
                "born": holder.born, "died": holder.died, "roles": [], "coords": None, "names": [],
                "description": "; ".join(f"{t.office} {t.start or '?'}–{t.end or '?'}" for t in holder.terms),
            }  # fmt: skip
            persons.append(new)
            index = len(persons) - 1
            by_name[_key(holder.name)] = index
        record = persons[index] = dict(persons[index])
        names = list(record.get("names", []))
        period = _period(holder) if not (record.get("born") or record.get("died")) else {}
        known = {n["text"] for n in names}
        for form in [holder.name, *holder.forms]:
            if form in known:
                continue
            known.add(form)
            script = script_of(form) or "Latn"
            system = "surname" if _surname(form) else ("english" if script == "Latn" else "variant")
            lang = {"Hang": "ko", "Cyrl": "ru", "Hani": "zh"}.get(script, "en")
            name: dict[str, Any] = {"text": form, "lang": lang, "script": script, "system": system,
                                    "sources": provenance}  # fmt: skip
            if system == "surname":  # a surname alone names him near his terms only, his life unknown
                name.update(period)
            names.append(name)
        record["names"] = names
        roles = list(record.get("roles", []))
        for term in holder.terms:
            role = {"role": term.office, "from": _year(term.start), "to": _year(term.end)}
            if role not in roles:
                roles.append(role)
            tenures.append((record["id"], term.office, term.start, term.end,
                            tuple(f"{SOURCE}:{key}" for key in term.sources)))  # fmt: skip
        record["roles"] = roles
    return Merged(persons, tenures)
