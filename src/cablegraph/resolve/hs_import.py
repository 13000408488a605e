"""Import the Office of the Historian's `people` and `pocom` datasets into a derived authority.

`people` (HistoryAtState/people; US government work): ~16,300 persons of the FRUS volumes'
persons lists and other publications, each with every original name form and the volumes it
comes from, and a VIAF slot. `pocom` (HistoryAtState/pocom; CC0): the principal officers of
the Department of State and the chiefs of mission, with the dates each held the post.

Both are read from their repository folder or from a .tar.gz of it. The derived file
(`resolve/data/archive.json.gz`, read by `resolve.archive`) keeps, compactly:

    {"format": 1, "sources": {...}, "volumes": ["frus1951v05", ...],
     "people": [[hs_id, preferred, born, died, viaf, pocom_id, [[form, [volume index...]], ...]], ...],
     "pocom_persons": [[pocom_id, surname, forename, [altnames], born, died], ...],
     "tenures": [[office, pocom_id, start, end, title], ...],
     "keys": {"people": [[full keys], [surname keys]] per person, "pocom": {pocom_id: [...]}}}

where `office` is "principal:<position id>" or "chief:<territory or organisation id>" and
dates are ISO (YYYY-MM-DD, or as precise as the data says). Importing one dataset keeps the
other's part of an existing file, so `import people` then `import pocom` fill one file.
"""

from __future__ import annotations

import gzip
import json
import re
import tarfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cablegraph.errors import AuthorityError
from cablegraph.resolve.normalize import tokens

__all__ = [
    "FORMAT", "import_people", "import_pocom", "name_key", "person_keys", "read_derived",
    "reading_order", "surname_of", "write_derived",
]  # fmt: skip

FORMAT = 1
PEOPLE_SOURCE = {
    "dataset": "people",
    "repository": "https://github.com/HistoryAtState/people",
    "licence": "US government work (public domain in the US)",
}
POCOM_SOURCE = {
    "dataset": "pocom",
    "repository": "https://github.com/HistoryAtState/pocom",
    "licence": "CC0 1.0",
}
_VOLUME = re.compile(r"/historicaldocuments/(?P<vol>[^/#]+)")
_POCOM_URL = re.compile(r"/departmenthistory/people/(?P<slug>[a-z0-9-]+)$")
_PERSON_FILE = re.compile(r"(?:^|/)data/.*?/(\d+)\.xml$")
_DROP_WORDS = """
    sir lord lady dame general gen lieutenant lt major maj colonel col captain capt admiral
    adm vice rear commander marshal mr mrs miss dr rev father prince princess king queen
    sheikh shaikh emir amir jr sr ii iii"""
_DROP = frozenset(_DROP_WORDS.split())
_MIN_SURNAME = 3

# ---------------------------------------------------------------------------- name keys


def reading_order(form: str) -> str:
    """ "Caccia, Sir Harold" -> "Sir Harold Caccia"; "Kennedy, John F., Jr." -> "John F. Kennedy Jr."."""
    form = re.sub(r"\s*\([^)]*\)\s*", " ", form).strip()
    surname, comma, given = form.partition(", ")
    if not comma or not given:
        return form
    given, _, suffix = given.partition(", ")
    return " ".join(p for p in (given, surname, suffix) if p)


def surname_of(form: str) -> str | None:
    """The surname of a "Surname, Given" form, else None (a name in native order)."""
    surname, comma, given = form.partition(", ")
    return surname.strip() if comma and given.strip() else None


def name_key(text: str) -> str:
    """Folded words of a name without initials, titles and suffixes ("Foy D. Kohler" -> "foy kohler")."""
    out = []
    for _start, stop, folded in tokens(text):
        if folded in _DROP or (len(folded) == 1 and text[stop : stop + 1] == "."):
            continue
        out.append(folded)
    return " ".join(out)


def person_keys(forms: list[str]) -> tuple[list[str], list[str]]:
    """The full-name keys (two words or more) and the surname keys of a person's name forms.

    "Kohler, Foy David" gives "foy david kohler", "kohler foy david" and "foy kohler" (the first
    given name and the surname), and the surname "kohler".
    """
    full = {name_key(reading_order(form)) for form in forms}
    full |= {name_key(form.replace(",", " ")) for form in forms if surname_of(form)}
    surnames = {name_key(s) for form in forms if (s := surname_of(form))}
    for form in forms:
        surname = surname_of(form)
        ordered = reading_order(form)
        if not surname or not ordered.endswith(surname):
            continue
        given = name_key(ordered[: -len(surname)])
        if given:
            full.add(f"{given.split()[0]} {name_key(surname)}")
    return (
        sorted(k for k in full if " " in k),
        sorted(k for k in surnames if len(k.replace(" ", "")) >= _MIN_SURNAME),
    )


# ---------------------------------------------------------------------------- reading files


def _xml_files(path: Path, pattern: re.Pattern[str]) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of every file under `path` (a folder or a .tar.gz) whose name matches."""
    if path.is_dir():
        for file in sorted(path.rglob("*.xml")):
            name = file.relative_to(path).as_posix()
            if pattern.search(name):
                yield name, file.read_bytes()
        return
    if not path.is_file():
        raise AuthorityError("no such folder or .tar.gz", path=str(path))
    try:
        with tarfile.open(path, "r:*") as archive:
            for member in archive:
                if member.isfile() and pattern.search(member.name):
                    handle = archive.extractfile(member)
                    if handle is not None:
                        yield member.name, handle.read()
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise AuthorityError(f"not a readable folder or tar archive: {exc}", path=str(path)) from exc


def _parse(name: str, data: bytes, source: Path) -> ET.Element:
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise AuthorityError(f"malformed XML in {name}: {exc}", path=str(source)) from exc


def _text(elem: ET.Element | None) -> str:
    return " ".join("".join(elem.itertext()).split()) if elem is not None else ""


def _year(value: str) -> int | None:
    found = re.match(r"^\d{3,4}", value.strip())
    return int(found.group()) if found else None


# ---------------------------------------------------------------------------- people


def _person(root: ET.Element, volumes: dict[str, int]) -> list[Any] | None:
    hs_id = _text(root.find("id"))
    preferred = _text(root.find("names/preferred/name"))
    if not hs_id.isdigit() or not preferred:
        return None
    forms: dict[str, set[int]] = {}
    pocom_id: str | None = None
    for original in root.iterfind("names/originals/original"):
        form = _text(original.find("name"))
        if not form:
            continue
        vols = forms.setdefault(form, set())
        for url in original.iterfind("source-url"):
            link = _text(url)
            volume = _VOLUME.search(link)
            if volume:
                vols.add(volumes.setdefault(volume.group("vol"), len(volumes)))
            slug = _POCOM_URL.search(link)
            if slug:
                pocom_id = slug.group("slug")
    for alternate in root.iterfind("names/alternates/name"):
        form = _text(alternate)
        if form:
            forms.setdefault(form, set())
    forms.setdefault(preferred, set())
    viaf = _text(root.find("authorities/authority[@service='viaf']")) or None
    names = [[form, sorted(vols)] for form, vols in forms.items()]
    born, died = _year(_text(root.find("birth-year"))), _year(_text(root.find("death-year")))
    return [int(hs_id), preferred, born, died, viaf, pocom_id, names]


def import_people(source: Path) -> dict[str, Any]:
    """The `people` part of a derived authority, read from the dataset at `source`."""
    volumes: dict[str, int] = {}
    people = []
    for name, data in _xml_files(source, _PERSON_FILE):
        record = _person(_parse(name, data, source), volumes)
        if record is not None:
            people.append(record)
    if not people:
        raise AuthorityError("no person records (data/…/NNNNNN.xml) found", path=str(source))
    people.sort(key=lambda r: r[0])
    return {"volumes": list(volumes), "people": people}


# ---------------------------------------------------------------------------- pocom


def _date(elem: ET.Element, event: str) -> str | None:
    return _text(elem.find(f"{event}/date")) or None


def _tenure(elem: ET.Element, office: str, title: str) -> list[Any] | None:
    person = _text(elem.find("person-id"))
    start = _date(elem, "started") or _date(elem, "arrived") or _date(elem, "appointed")
    if not person or start is None:
        return None
    return [office, person, start, _date(elem, "ended"), title]


def _titles(source: Path) -> dict[str, str]:
    """Role title ids (role-title-id) to their singular names."""
    pattern = re.compile(r"(?:^|/)(?:roles-country-chiefs|positions-principals|missions-orgs)/[^/]+\.xml$")
    found: dict[str, str] = {}
    for name, data in _xml_files(source, pattern):
        root = _parse(name, data, source)
        ident, singular = _text(root.find("id")), _text(root.find("names/singular"))
        if ident and singular:
            found[ident] = singular
    return found


def import_pocom(source: Path) -> dict[str, Any]:
    """The `pocom` part of a derived authority: its persons and every dated tenure."""
    titles = _titles(source)
    persons = []
    for name, data in _xml_files(source, re.compile(r"(?:^|/)people/[a-z]/[^/]+\.xml$")):
        root = _parse(name, data, source)
        ident = _text(root.find("id"))
        if not ident:
            continue
        alt = [_text(a) for a in root.iterfind("persName/altname") if _text(a)]
        persons.append([
            ident,
            _text(root.find("persName/surname")),
            _text(root.find("persName/forename")),
            alt,
            _year(_text(root.find("birth"))),
            _year(_text(root.find("death"))),
        ])  # fmt: skip
    tenures = []
    principals = re.compile(r"(?:^|/)positions-principals/[^/]+\.xml$")
    for name, data in _xml_files(source, principals):
        root = _parse(name, data, source)
        office = f"principal:{_text(root.find('id'))}"
        title = _text(root.find("names/singular"))
        for elem in root.iterfind("principals/principal"):
            tenure = _tenure(elem, office, title)
            if tenure is not None:
                tenures.append(tenure)
    chiefs = re.compile(r"(?:^|/)(?:missions-countries|missions-orgs)/[^/]+\.xml$")
    for name, data in _xml_files(source, chiefs):
        root = _parse(name, data, source)
        place = _text(root.find("territory-id")) or _text(root.find("id"))
        for elem in root.iterfind("chiefs/chief"):
            title = titles.get(_text(elem.find("role-title-id")), _text(elem.find("role-title-id")))
            tenure = _tenure(elem, f"chief:{place}", title)
            if tenure is not None:
                tenures.append(tenure)
    if not persons or not tenures:
        raise AuthorityError("no pocom people/ or tenures found", path=str(source))
    persons.sort()
    tenures.sort(key=lambda t: (t[0], t[2], t[1]))
    return {"pocom_persons": persons, "tenures": tenures}


# ---------------------------------------------------------------------------- the derived file


def read_derived(path: Path) -> dict[str, Any]:
    """A derived authority file (gzip'd JSON), checked for its format."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, EOFError, json.JSONDecodeError) as exc:
        raise AuthorityError(f"derived authority unreadable: {exc}", path=str(path)) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise AuthorityError(f"field 'format': {found!r}, expected {FORMAT}", path=str(path))
    return data


def write_derived(path: Path, part: dict[str, Any], source: dict[str, str]) -> dict[str, Any]:
    """Write `part` into the derived file at `path`, keeping the other dataset's part."""
    data: dict[str, Any] = read_derived(path) if path.exists() else {"format": FORMAT, "sources": {}}
    data.update(part)
    data["sources"][source["dataset"]] = source
    data.setdefault("volumes", [])
    data.setdefault("people", [])
    data.setdefault("pocom_persons", [])
    data.setdefault("tenures", [])
    data["keys"] = {
        "people": [person_keys([form for form, _ in p[6]]) for p in data["people"]],
        "pocom": {p[0]: person_keys(_pocom_forms(p)) for p in data["pocom_persons"]},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    with path.open("wb") as raw, gzip.GzipFile("", "wb", compresslevel=9, fileobj=raw, mtime=0) as handle:
        handle.write(payload.encode("utf-8"))  # no name, no time: the same data gives the same bytes
    return data


def _pocom_forms(record: list[Any]) -> list[str]:
    """Name forms of a pocom person: "Surname, Forename" and its altnames."""
    _ident, surname, forename, alts, _born, _died = record
    return [f"{surname}, {forename}" if forename else surname, *alts]
