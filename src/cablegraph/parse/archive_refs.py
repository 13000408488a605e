"""Archival references: "APRF, f. 45, op. 1, d. 339, ll. 95-96" split into their parts.

Both the abbreviated form (f./op./d./p./l./ll.) and the written-out one
(Fond/Opis/Delo/Papka/List/Listy) are read; archive names are normalised
("AVPRF" and "AVP RF" are one archive) while ``text`` keeps what was printed.
"""

from __future__ import annotations

import re

from cablegraph.model import ArchiveRef, Span

# Canonical archive abbreviations, keyed by the letters of any spelling (spaces removed).
ARCHIVES: dict[str, str] = {
    "APRF": "APRF",  # Archive of the President of the Russian Federation
    "AVPRF": "AVP RF",  # Foreign Policy Archive of the Russian Federation
    "RGASPI": "RGASPI",  # Russian State Archive of Socio-Political History
    "RGANI": "RGANI",
    "TSAMO": "TsAMO",  # Central Archive of the Ministry of Defence
    "TSAMORF": "TsAMO",
    "GARF": "GARF",
    "RGAE": "RGAE",
    "RGVA": "RGVA",
    "RGAVMF": "RGAVMF",
    "TSKHSD": "TsKhSD",
    "RTSKHIDNI": "RTsKhIDNI",
    "AVPSSSR": "AVP SSSR",
    "SAPMO": "SAPMO-BArch",
    "AAN": "AAN",  # Polish Archive of Modern Records
    "AMSZ": "AMSZ",  # Polish Foreign Ministry archive
}

_ARCHIVE = (
    r"(?P<archive>AP\s?RF|AVP\s?RF|AVP\s?SSSR|RGASPI|RGANI|TsAMO(?:\s?RF)?|GARF|RGAE|RGVA|RGAVMF|"
    r"TsKhSD|RTsKhIDNI|SAPMO(?:-BArch)?|AAN|AMSZ)"
)
_VALUE = r"[0-9IVXivx][0-9A-Za-zА-Яа-я/]*(?:\s?[-–]\s?[0-9][0-9A-Za-z]*)?"
_PART = (
    r"(?P<label>f\.|fond|op\.|opis|d\.|delo|p\.|papka|ll\.|l\.|listy|list|k\.|karton|r\.|reel)"
    rf"\s*(?P<value>{_VALUE})"
)
_REF = re.compile(
    rf"\b{_ARCHIVE}[,:]?\s+(?P<parts>(?:(?:f\.|fond|op\.|opis|d\.|delo|p\.|papka|ll\.|l\.|listy|list|k\.|karton)\s*{_VALUE}(?:,\s*|\s+(?=(?:f\.|fond|op\.|opis|d\.|delo|p\.|papka|ll\.|l\.|listy|list)\s*[0-9]))?)+)",
    re.IGNORECASE,
)
_PART_RE = re.compile(_PART, re.IGNORECASE)

_FIELD_OF_LABEL = {
    "f.": "fond",
    "fond": "fond",
    "op.": "opis",
    "opis": "opis",
    "d.": "delo",
    "delo": "delo",
    "p.": "papka",
    "papka": "papka",
    "l.": "listy",
    "ll.": "listy",
    "list": "listy",
    "listy": "listy",
}


def canonical_archive(name: str) -> str:
    key = re.sub(r"[\s-]", "", name).upper()
    if key.startswith("SAPMO"):
        key = "SAPMO"
    return ARCHIVES.get(key, name)


# The same in Russian: "АП РФ. Ф. 39. Оп. 1. Д. 31. Л. 32.", "АВП РФ, ф. 0100, оп. 43, д. 8"
_RU_ARCHIVE = (
    r"(?P<archive>АП\s?РФ|АВП\s?РФ|АВП\s?СССР|РГАСПИ|РГАНИ|ЦАМО(?:\s?РФ)?|ГАРФ|РГАЭ|РГВА|ЦХСД|РЦХИДНИ)"
)
_RU_LABEL = r"(?:ф|оп|д|п|лл|л)\."
_RU_REF = re.compile(
    rf"{_RU_ARCHIVE}[.,:]?\s*(?P<parts>(?:{_RU_LABEL}\s*{_VALUE}(?:[.,;]?\s*(?={_RU_LABEL})|[.,;]?\s*$|[.,;]?\s+)?)+)",
    re.IGNORECASE | re.MULTILINE,
)
_RU_PART = re.compile(rf"(?P<label>{_RU_LABEL})\s*(?P<value>{_VALUE})", re.IGNORECASE)
_RU_FIELD = {"ф.": "fond", "оп.": "opis", "д.": "delo", "п.": "papka", "л.": "listy", "лл.": "listy"}
_RU_CANONICAL = {
    "АПРФ": "APRF", "АВПРФ": "AVP RF", "АВПСССР": "AVP SSSR", "РГАСПИ": "RGASPI", "РГАНИ": "RGANI",
    "ЦАМО": "TsAMO", "ЦАМОРФ": "TsAMO", "ГАРФ": "GARF", "РГАЭ": "RGAE", "РГВА": "RGVA", "ЦХСД": "TsKhSD",
    "РЦХИДНИ": "RTsKhIDNI",
}


def find_archive_refs(text: str, start: int = 0, stop: int | None = None) -> list[ArchiveRef]:
    """Every archival reference in ``text[start:stop]``, with exact spans: Russian ones
    ("АП РФ. Ф. 39. Оп. 1.") first, then those in Latin script ("APRF, F. 45, Op. 1")."""
    stop = len(text) if stop is None else stop
    refs: list[ArchiveRef] = []
    for match in _RU_REF.finditer(text, start, stop):
        archive = re.sub(r"\s", "", match.group("archive")).upper()
        refs.append(_ref(text, match, _RU_CANONICAL.get(archive, match.group("archive")),
                         "archive_ref_parts_ru", _RU_PART, _RU_FIELD))
    for match in _REF.finditer(text, start, stop):
        refs.append(_ref(text, match, canonical_archive(match.group("archive")),
                         "archive_ref_parts", _PART_RE, _FIELD_OF_LABEL))
    for match in _AUSTRALIAN_REF.finditer(text, start, stop):
        refs.append(ArchiveRef(text=match.group("ref"), archive="National Archives of Australia",
                               span=Span(match.start("ref"), match.end("ref")), rule="archive_ref_naa"))
    return refs


# The Australian Archives' citation an edition prints under a document: "[AA:A981, AUSTRALIA 151, i]"
_AUSTRALIAN_REF = re.compile(r"(?m)^[ \t]*\[(?P<ref>N?AA\s*:\s*[A-Z]{1,3}\d+[^\]\n]{0,100})\][ \t]*$")


def _ref(text: str, match: re.Match[str], archive: str, rule: str, part: re.Pattern[str],
         fields: dict[str, str]) -> ArchiveRef:
    """The reference ``match`` found, its trailing punctuation left out, its labelled
    parts (fond, opis, delo, papka, listy) read by ``part`` and named by ``fields``."""
    ref_stop = match.end()
    while ref_stop > match.start() and text[ref_stop - 1] in " ,;.\n":
        ref_stop -= 1
    ref = ArchiveRef(text=text[match.start() : ref_stop], archive=archive,
                     span=Span(match.start(), ref_stop), rule=rule)
    for found in part.finditer(text, match.start("parts"), ref_stop):
        field = fields.get(found.group("label").lower())
        if field and getattr(ref, field) is None:
            setattr(ref, field, found.group("value").strip())
    return ref


def dedupe_refs(refs: list[ArchiveRef]) -> list[ArchiveRef]:
    """Keep the first of references that print the same parts."""
    seen: set[tuple[str | None, ...]] = set()
    out: list[ArchiveRef] = []
    for ref in refs:
        key: tuple[str | None, ...] = (ref.archive, ref.fond, ref.opis, ref.delo, ref.papka, ref.listy)
        if not any(key):  # a reference read as text only: two different texts are two references
            key = (" ".join(ref.text.split()).casefold(),)
        if key not in seen:
            seen.add(key)
            out.append(ref)
    return out
