"""FRUS volumes as TEI XML (HistoryAtState/frus ``volumes/*.xml``), streamed.

A volume is one file of 4-15 MB. :func:`iter_tei_documents` reads it with
``lxml.etree.iterparse`` (no DTD, no entities, no network: see
:mod:`cablegraph.ingest.xmlsafe`) and clears every element once read, so memory stays
bounded whatever the file size. It yields one ``(SourcePage, Document)`` pair per
``div[@type="document"]``; the SourcePage holds the document's plain text (rendered by
:mod:`cablegraph.parse.tei_text`) and every span of the Document points into it.

Read from the structure, each with its rule:

- id ``frus:<volume>/<xml:id>``, the history.state.gov URL, the citation;
- title from ``head``; senders and recipients from ``persName``/``gloss`` with
  ``@type="from"``/``"to"`` (``@corresp`` into the volume's List of Persons, else the
  name as printed), resolved through the authority (Wade-Giles "Chou En-lai" is Zhou Enlai);
- date and time from ``dateline/date/@when``, else ``frus:doc-dateTime-min/max``; place
  from ``dateline/placeName``;
- classification and precedence from the opener's ``seg`` or the source note;
- the telegram number: the first token of the first paragraph ("440.", "JCS 95438.");
- the source note as archive reference; footnotes as editorial text;
- ``ref`` targets to other FRUS documents as ``references`` links.

:func:`volume_persons` and :func:`glossary` read the volume's List of Persons and List of
Abbreviations (terms) without reading past the front matter.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from cablegraph import __version__
from cablegraph.errors import ParseError
from cablegraph.ingest.xmlsafe import open_xml, safe_iterparse
from cablegraph.model import (
    ArchiveRef,
    DateValue,
    Document,
    EnvelopeEvent,
    Mention,
    Message,
    PersonRef,
    Provenance,
    SourcePage,
    Span,
    TextBlock,
)
from cablegraph.parse.dates import parse_date
from cablegraph.parse.people import resolve_person
from cablegraph.parse.tei_text import TEI_NS, XML_ID, Mark, Rendered, local, render_document
from cablegraph.resolve import Authority, Match

__all__ = [
    "FRUS_NS",
    "GlossaryEntry",
    "VolumePerson",
    "glossary",
    "is_tei_file",
    "iter_tei_documents",
    "match_persons",
    "volume_persons",
]

FRUS_NS = "http://history.state.gov/frus/ns/1.0"
HSG_URL = "https://history.state.gov/historicaldocuments"
ARCHIVE = "FRUS"
_DOC = f"{{{TEI_NS}}}div"
_WHEN = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})(?:T(?P<hh>\d{2}):(?P<mm>\d{2}))?)?)?")
_CLASSIFICATIONS = ("top secret", "secret", "confidential", "official use only", "restricted", "unclassified")
_PRECEDENCES = (
    "flash", "niact", "operational immediate", "emergency", "priority", "immediate", "routine",
    "eyes only", "noforn", "limited distribution", "air pouch", "personal",
)  # fmt: skip
_MARK_WORDS = re.compile(
    r"\b(?:"
    + "|".join(re.escape(w) for w in sorted(_CLASSIFICATIONS + _PRECEDENCES, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
# "Official Use Only." / "Secret; Priority." as a sentence of the source note.
_NOTE_MARKS = re.compile(
    r"(?:^|[.;]\s+)(?P<marks>(?:Top Secret|Secret|Confidential|Official Use Only|Restricted|Unclassified)"
    r"(?:[;,]\s*(?:Niact|Priority|Flash|Operational Immediate|Emergency|Immediate|Eyes Only|Noforn|"
    r"Limit Distribution|Limited Distribution))*)(?=[.;])"
)
_NUMBER = re.compile(r"(?P<series>[A-Z][a-z]{1,7}\s)?(?P<number>(?:[A-Z]{1,6}[\s–-]?)?\d{1,7})\.(?=\s|$)")
_DECIMAL_FILE = re.compile(r"\b\d{3}[A-Z]?\.\d+[A-Z]?(?:\s[A-Z]{2,5})?/[\d–-]+")
_DOC_TYPE_NOTE = re.compile(r":\s*(?P<type>[A-Z][\w ]+?)\s*$")
# A sentence ends after a word of four letters or a number, not after "Acc." or "No.".
_SENTENCE_END = re.compile(r"(?<=[a-z\d]{4})\.\s+(?=[A-Z])|(?<=\d)\.\s+(?=[A-Z])")
_HEAD_BY = re.compile(r",?\s+by\s+(?:the\s+)?(?P<office>[^()]+?)\s*\((?P<name>[^()]+)\)")
_HEAD_TO = re.compile(
    r"^(?:\d+\.\s+)?(?:(?:Telegram|Letter|Despatch|Airgram|Memorandum|Message|Note)\s+[Ff]rom\s+)?(?:the\s+)?"
    r"(?P<from>.+?)\s+to\s+(?:the\s+)?(?P<to>.+?)$",
    re.IGNORECASE,
)
_PARENS = re.compile(r"\((?P<name>[A-Z][^()]+)\)")
_DOC_TYPES = (
    ("memorandum of conversation", "Memorandum of Conversation"),
    ("editorial note", "Editorial Note"),
    ("telegram", "Telegram"),
    ("despatch", "Despatch"),
    ("airgram", "Airgram"),
    ("letter", "Letter"),
    ("memorandum", "Memorandum"),
    ("minutes", "Minutes"),
    ("report", "Report"),
    ("message", "Message"),
    ("note", "Note"),
)


@dataclass(frozen=True, slots=True)
class VolumePerson:
    """One entry of a volume's List of Persons."""

    id: str  # the xml:id, e.g. "p_JUA1"
    listed: str  # as printed: "Johnson, U. Alexis"
    name: str  # in reading order: "U. Alexis Johnson"
    description: str  # "Ambassador to Czechoslovakia to December 1957; ..."


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One entry of a volume's List of Abbreviations and Symbols."""

    id: str  # "t_Deptel1"
    term: str  # "Deptel"
    expansion: str  # "Department of State telegram"


@dataclass(slots=True)
class _Volume:
    """What the stream has learnt about the volume so far."""

    id: str
    path: str
    title: str | None = None
    persons: dict[str, VolumePerson] | None = None
    terms: dict[str, GlossaryEntry] | None = None
    resolved: dict[str, Match | None] | None = None


# ----------------------------------------------------------------------- public API


def is_tei_file(path: str | os.PathLike[str]) -> bool:
    """Whether the file at ``path`` is TEI XML, judged from its first bytes only."""
    with open(path, "rb") as handle:
        head = handle.read(8192)
    return b"http://www.tei-c.org/ns/1.0" in head or re.search(rb"<(?:\w+:)?TEI[\s>]", head) is not None


def iter_tei_documents(
    source: str | os.PathLike[str] | bytes, *, path: str | None = None, authority: Authority | None = None
) -> Iterator[tuple[SourcePage, Document]]:
    """Stream a FRUS TEI volume: one ``(SourcePage, Document)`` per ``div[@type="document"]``.

    ``source`` is a file path or the XML bytes; ``path`` names it in messages and in each
    SourcePage (``<path>#<xml:id>``). Raises InputError for a DTD or entity declaration
    (before parsing) and ParseError for XML that is not well-formed (naming the line;
    documents before it have been yielded) or a volume without any document.
    """
    name = path if path is not None else ("<bytes>" if isinstance(source, bytes) else os.fspath(source))
    authority = authority or Authority.builtin()
    volume = _Volume(id="", path=name)
    count = 0
    with open_xml(source, name) as stream:
        depth = 0
        for event, elem in safe_iterparse(stream, name):
            if event == "start":
                if not volume.id and local(elem.tag) in ("TEI", "teiCorpus"):
                    volume.id = elem.get(XML_ID) or ""
                if _is_document(elem):
                    depth += 1
                continue
            if _is_document(elem):
                depth -= 1
                if depth == 0:
                    count += 1
                    yield _read_document(elem, volume, authority, count)
                    _release(elem)
            elif depth == 0:
                _collect(elem, volume)
                if _is_container_child(elem):
                    _release(elem)
    if count == 0:
        raise ParseError(
            'no div[@type="document"] in the file; expected a FRUS TEI volume (HistoryAtState/frus)',
            path=name,
        )


def volume_persons(
    source: str | os.PathLike[str] | bytes, *, path: str | None = None
) -> dict[str, VolumePerson]:
    """The volume's List of Persons by xml:id (read from the front matter only)."""
    return _front(source, path).persons or {}


def glossary(source: str | os.PathLike[str] | bytes, *, path: str | None = None) -> dict[str, GlossaryEntry]:
    """The volume's List of Abbreviations (Niact, Reurtel, CINCUNC, ...) by xml:id."""
    return _front(source, path).terms or {}


def match_persons(
    persons: dict[str, VolumePerson], authority: Authority, *, year: int | None = None
) -> dict[str, Match | None]:
    """Each listed person matched to an existing authority entity by name, or None.

    Candidates only: nothing is added to the authority, so no duplicate is ever created.
    """
    return {key: _match_person(person, authority, year) for key, person in persons.items()}


# ----------------------------------------------------------------------- streaming


def _is_document(elem: Any) -> bool:
    return bool(elem.tag == _DOC and elem.get("type") == "document")


_CONTAINERS = frozenset({"TEI", "teiCorpus", "text", "front", "body", "back", "group", "div"})


def _is_container_child(elem: Any) -> bool:
    """Elements are freed at the level of the volume's divisions, never deeper: a list
    or a title must keep its content until it has been read as a whole."""
    parent = elem.getparent()
    return parent is not None and local(parent.tag) in _CONTAINERS


def _release(elem: Any) -> None:
    """Free a finished element and the finished siblings before it."""
    elem.clear(keep_tail=False)
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]


def _front(source: str | os.PathLike[str] | bytes, path: str | None) -> _Volume:
    name = path if path is not None else ("<bytes>" if isinstance(source, bytes) else os.fspath(source))
    volume = _Volume(id="", path=name)
    with open_xml(source, name) as stream:
        for event, elem in safe_iterparse(stream, name):
            if event == "start":
                if local(elem.tag) == "body" or _is_document(elem):
                    break
                continue
            _collect(elem, volume)
            if _is_container_child(elem):
                _release(elem)
    return volume


def _collect(elem: Any, volume: _Volume) -> None:
    """Keep what documents need from outside them: ids, the volume title, the lists."""
    name = local(elem.tag)
    if name == "idno" and elem.get("type") == "frus" and elem.text and not volume.id:
        volume.id = elem.text.strip()
    elif name == "title" and elem.get("type") == "complete" and volume.title is None:
        volume.title = _squash("".join(elem.itertext()))
    elif name == "list" and elem.get("type") == "names":
        volume.persons = {**(volume.persons or {}), **_persons(elem)}
        volume.resolved = None
    elif name == "list" and elem.get("type") == "terms":
        volume.terms = {**(volume.terms or {}), **_terms(elem)}


def _persons(listing: Any) -> dict[str, VolumePerson]:
    found: dict[str, VolumePerson] = {}
    for item in listing.iter(f"{{{TEI_NS}}}item"):
        person = next((p for p in item.iter(f"{{{TEI_NS}}}persName") if p.get(XML_ID)), None)
        if person is None:
            continue
        listed = _squash("".join(person.itertext()))
        whole = _squash("".join(item.itertext()))
        description = whole[whole.find(listed) + len(listed) :].lstrip(" ,;:") if listed in whole else ""
        found[person.get(XML_ID)] = VolumePerson(
            person.get(XML_ID), listed, _reading_order(listed), description
        )
    return found


def _terms(listing: Any) -> dict[str, GlossaryEntry]:
    found: dict[str, GlossaryEntry] = {}
    for item in listing.iter(f"{{{TEI_NS}}}item"):
        term = next((t for t in item.iter(f"{{{TEI_NS}}}term") if t.get(XML_ID)), None)
        if term is None:
            continue
        written = _squash("".join(term.itertext()))
        whole = _squash("".join(item.itertext()))
        expansion = whole[whole.find(written) + len(written) :].lstrip(" ,;:") if written in whole else whole
        found[term.get(XML_ID)] = GlossaryEntry(term.get(XML_ID), written, expansion)
    return found


def _reading_order(listed: str) -> str:
    """ "Johnson, U. Alexis" -> "U. Alexis Johnson"; "Wang Ping-nan" stays."""
    surname, comma, given = listed.partition(", ")
    if not comma or not given:
        return listed
    given = re.sub(r"\s*\(.*?\)\s*", " ", given).strip()
    return f"{given} {surname}".strip()


def _match_person(person: VolumePerson, authority: Authority, year: int | None) -> Match | None:
    for candidate in dict.fromkeys((person.name, person.listed, person.listed.replace(",", ""))):
        match = authority.lookup(candidate, year=year)
        if match is not None and match.entity.kind == "person":
            return match
    return None


# ----------------------------------------------------------------------- one document


def _read_document(
    div: Any, volume: _Volume, authority: Authority, ordinal: int
) -> tuple[SourcePage, Document]:
    xml_id = div.get(XML_ID) or f"doc{ordinal}"
    vol = volume.id or "unknown-volume"
    rendered = render_document(div)
    text = rendered.text
    raw = etree.tostring(div, encoding="utf-8")
    page = SourcePage(
        path=f"{volume.path}#{xml_id}",
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        format="tei",
        encoding="utf-8",
        text=text,
        raw=raw,
    )
    doc = Document(id=f"frus:{vol}/{xml_id}", page_kind="document", layout="frus-tei", archive=ARCHIVE)
    doc.provenance["tool"] = Provenance(f"cablegraph {__version__}")
    doc.provenance["archive"] = Provenance("tei_volume")
    doc.url = f"{HSG_URL}/{vol}/{xml_id}"
    doc.provenance["url"] = Provenance("tei_volume_and_id")
    if not div.get(XML_ID):
        doc.warnings.append(f"{volume.path}: document {ordinal} has no xml:id; named {xml_id}")
    if volume.title and div.get("n"):
        doc.citation = f"{volume.title}, Document {div.get('n')}"
        doc.provenance["citation"] = Provenance("tei_volume_title_and_n")
    doc.original_language = "en"
    doc.languages_present = ["en"]
    doc.provenance["original_language"] = Provenance("frus_english")
    _read_title(doc, rendered)
    _read_source_note(doc, rendered)
    _read_date(doc, div, rendered)
    year = doc.year
    _read_parties(doc, rendered, volume, authority, year)
    _read_marks(doc, rendered)
    _read_number(doc, rendered)
    _read_texts(doc, div, rendered)
    doc.links = _links(rendered, vol)
    doc.mentions = _mentions(rendered, volume, authority, year)
    doc.messages = [_root_message(doc, rendered)]
    if doc.title is None:
        doc.errors.append(f"{page.path}: the document has no head (no title)")
    return page, doc


def _span(zone: tuple[int, int] | None) -> Span | None:
    return None if zone is None or zone[1] <= zone[0] else Span(*zone)


def _marks(rendered: Rendered, name: str, zone: str | None = None) -> list[Mark]:
    return [m for m in rendered.marks if m.name == name and (zone is None or m.zone == zone)]


def _read_title(doc: Document, rendered: Rendered) -> None:
    span = _span(rendered.zones.get("head"))
    if span is None:
        return
    title = span.of(rendered.text)
    title = re.sub(r"^\d+\.\s+", "", title)  # "1. Telegram From ..." keeps its number in n
    doc.set("title", title, "tei_head", Span(span.stop - len(title), span.stop))
    low = title.lower()
    for key, value in _DOC_TYPES:
        if key in low:
            doc.doc_type = value
            doc.provenance["doc_type"] = Provenance("tei_type_from_head", doc.provenance["title"].span)
            return


def _read_source_note(doc: Document, rendered: Rendered) -> None:
    span = _span(rendered.zones.get("source"))
    if span is None:
        return
    text = rendered.text
    note = span.of(text)
    doc.set("source_note", note, "tei_source_note", span)
    typed = _DOC_TYPE_NOTE.search(note.split("\n")[0])
    if typed and doc.doc_type is None:
        kind = typed.group("type").split()[0].lower()
        doc.doc_type = dict(_DOC_TYPES).get(kind, typed.group("type"))
        doc.provenance["doc_type"] = Provenance("tei_source_note_type", span)
    ref = _archive_ref(note, span.start)
    if ref is not None:
        doc.archive_refs.append(ref)


def _archive_ref(note: str, base: int) -> ArchiveRef | None:
    """ "Source: Department of State, Central Files, 611.93/8–155. Official Use Only." and
    "793B.00/6–2751: Telegram" both give the decimal file; "Lot 55D128: Black Book: Telegram"
    its file part; other notes their first sentence."""
    decimal = _DECIMAL_FILE.search(note)
    if decimal:
        head = note[: decimal.start()].removeprefix("Source:").strip(" ,")
        start = base + (note.find(head) if head else decimal.start())
        written = note[start - base : decimal.end()]
        archive = head if head else "Department of State, Central Files"
        return ArchiveRef(
            text=written, archive=archive, delo=decimal.group(0), span=Span(start, base + decimal.end()),
            rule="tei_source_note_decimal_file",
        )  # fmt: skip
    typed = _DOC_TYPE_NOTE.search(note) if "\n" not in note and len(note) < 300 else None
    if typed:
        first, rule = note[: typed.start()].strip(), "tei_source_note_file"
    else:
        body = note.removeprefix("Source:").strip()
        first = _SENTENCE_END.split(body, maxsplit=1)[0].strip(" .")
        rule = "tei_source_note_first_sentence"
    if not first:
        return None
    start = base + note.find(first)
    return ArchiveRef(
        text=first, delo=first if typed else None, span=Span(start, start + len(first)), rule=rule
    )


def _read_date(doc: Document, div: Any, rendered: Rendered) -> None:
    dates = [m for m in _marks(rendered, "date", "opener")] or [m for m in _marks(rendered, "date", "head")]
    for mark in dates:
        when = mark.attrs.get("when") or mark.attrs.get("notBefore") or mark.attrs.get("from")
        written = rendered.text[mark.start : mark.stop]
        value = _when(when, written, Span(mark.start, mark.stop), "tei_dateline_when") if when else None
        if value is None:
            value = parse_date(written)
            value.span, value.rule = Span(mark.start, mark.stop), "tei_dateline_text"
        if value.iso:
            doc.date = value
            doc.provenance["date"] = Provenance(value.rule, value.span)
            return
    low = div.get(f"{{{FRUS_NS}}}doc-dateTime-min")
    high = div.get(f"{{{FRUS_NS}}}doc-dateTime-max")
    if low:
        doc.date = _range(low, high or low)
        doc.provenance["date"] = Provenance(doc.date.rule) if doc.date else Provenance("none")


def _when(when: str, written: str, span: Span | None, rule: str) -> DateValue | None:
    """``1955-08-01T19:00:00+01:00`` -> 1955-08-01, 19:00 (local time as written, no zone)."""
    found = _WHEN.match(when.strip())
    if not found:
        return None
    y, m, d = found.group("y"), found.group("m"), found.group("d")
    iso = "-".join(p for p in (y, m, d) if p)
    precision = "day" if d else "month" if m else "year"
    try:
        dt.date(int(y), int(m or 1), int(d or 1))
    except ValueError:
        return DateValue(text=written, span=span, rule=rule, flags=["impossible"])
    time = f"{found.group('hh')}:{found.group('mm')}" if found.group("hh") else None
    return DateValue(text=written, iso=iso, precision=precision, time=time, span=span, rule=rule)  # type: ignore[arg-type]


def _range(low: str, high: str) -> DateValue | None:
    """``frus:doc-dateTime-min/max``: one moment, one day, or a range of days."""
    start = _when(low, low, None, "tei_doc_datetime")
    end = _when(high, high, None, "tei_doc_datetime")
    if start is None or start.iso is None:
        return None
    if end is None or end.iso is None or (end.iso == start.iso and end.time == start.time):
        return start
    start.text = f"{low}/{high}"
    if end.iso == start.iso:
        start.time = None  # a day given as 00:00-23:59
        return start
    start.time = None
    start.end_iso = end.iso
    start.flags.append("range")
    return start


def _read_parties(
    doc: Document, rendered: Rendered, volume: _Volume, authority: Authority, year: int | None
) -> None:
    for mark in rendered.marks:
        if mark.zone != "head" or mark.name not in ("persName", "gloss", "orgName", "name"):
            continue
        role = mark.attrs.get("type")
        if role not in ("from", "to"):
            continue
        person = _party(mark, rendered.text, volume, authority, year, f"tei_{role}")
        (doc.senders if role == "from" else doc.recipients).append(person)
    if not doc.senders and not doc.recipients:
        _head_parties(doc, rendered.text, authority, year)
    if not any(p.entity_id and p.entity_id.startswith("person:") for p in doc.senders):
        signed = _signature(rendered, volume, authority, year)
        if signed is not None:
            signed.role = doc.senders[0].as_written if doc.senders else None
            doc.senders = [signed]


def _head_parties(doc: Document, text: str, authority: Authority, year: int | None) -> None:
    """Legacy volumes without ``@type``: "..., by the Deputy Director ... (Perkins)" and
    "The Ambassador in Korea (Muccio) to the Secretary of State"."""
    title_span = doc.provenance["title"].span if "title" in doc.provenance else None
    if doc.title is None or title_span is None:
        return
    base = title_span.start
    by = _HEAD_BY.search(doc.title)
    if by:
        person = _head_person(doc.title, by, base, authority, year, "tei_head_by")
        doc.senders = [person]
        return
    split = _HEAD_TO.match(doc.title)
    if split:
        doc.senders = [_head_person(doc.title, split, base, authority, year, "tei_head_from", "from")]
        doc.recipients = [_head_person(doc.title, split, base, authority, year, "tei_head_to", "to")]


def _head_person(
    title: str,
    found: re.Match[str],
    base: int,
    authority: Authority,
    year: int | None,
    rule: str,
    group: str = "office",
) -> PersonRef:
    """The name in brackets when there is one ("(Muccio)"), else the office as written."""
    part, at = found.group(group), found.start(group)
    if group == "office":
        part, at = found.group("name"), found.start("name")
    named = _PARENS.search(part)
    if named:
        part, at = named.group("name"), at + named.start("name")
        office = found.group(group)[: named.start()].strip()
    else:
        office = None
    person = resolve_person(
        part, authority, year=year, span=Span(base + at, base + at + len(part)), rule=rule
    )
    if group == "office":
        office = found.group("office")
    person.role = office or person.role
    return person


def _party(
    mark: Mark, text: str, volume: _Volume, authority: Authority, year: int | None, rule: str
) -> PersonRef:
    written = text[mark.start : mark.stop]
    span = Span(mark.start, mark.stop)
    listed = _listed(mark, volume, authority, year)
    if listed is not None:
        person, match = listed
        if match is not None:
            return PersonRef(
                written, match.entity.name, match.entity.id, span, f"{rule}+corresp+{match.rule}"
            )
        found = resolve_person(written, authority, year=year, span=span, rule=rule)
        if found.entity_id is None:
            found.name, found.rule = person.name, f"{rule}+corresp_unmatched"
        return found
    return resolve_person(written, authority, year=year, span=span, rule=rule)


def _listed(
    mark: Mark, volume: _Volume, authority: Authority, year: int | None
) -> tuple[VolumePerson, Match | None] | None:
    key = mark.attrs.get("corresp", "").lstrip("#")
    if not key or not volume.persons or key not in volume.persons:
        return None
    if volume.resolved is None:
        volume.resolved = {}
    if key not in volume.resolved:
        volume.resolved[key] = _match_person(volume.persons[key], authority, year)
    return volume.persons[key], volume.resolved[key]


def _signature(
    rendered: Rendered, volume: _Volume, authority: Authority, year: int | None
) -> PersonRef | None:
    for mark in _marks(rendered, "signed", "closer"):
        written = rendered.text[mark.start : mark.stop].strip("[] ")
        if not written:
            continue
        inner = [m for m in _marks(rendered, "persName", "closer") if mark.start <= m.start < mark.stop]
        if inner and _listed(inner[0], volume, authority, year):
            person = _party(inner[0], rendered.text, volume, authority, year, "tei_signed")
        else:
            start = rendered.text.index(written, mark.start)
            person = resolve_person(written, authority, year=year, span=Span(start, start + len(written)),
                                    rule="tei_signed")  # fmt: skip
        if person.entity_id and person.entity_id.startswith("person:"):
            return person
    return None


def _read_marks(doc: Document, rendered: Rendered) -> None:
    """Classification and precedence: the opener's ``seg`` lines, else the source note."""
    env = doc.envelope
    for mark in _marks(rendered, "seg", "opener"):
        value = rendered.text[mark.start : mark.stop]
        for found in _MARK_WORDS.finditer(value):
            _add_mark(
                doc,
                found.group(0).lower(),
                Span(mark.start + found.start(), mark.start + found.end()),
                "tei_seg",
            )
        number = re.fullmatch(r"No\.\s*(?P<n>[\w/-]+)", value)
        if number and env.number is None:
            span = Span(mark.start + number.start("n"), mark.start + number.end("n"))
            env.number, env.number_span = number.group("n"), span
            env.provenance["number"] = Provenance("tei_opener_number", span)
    source = _span(rendered.zones.get("source"))
    if env.classification is None and source is not None:
        note = source.of(rendered.text)
        marks = _NOTE_MARKS.search(note)
        if marks:
            base = source.start + marks.start("marks")
            for word in _MARK_WORDS.finditer(marks.group("marks")):
                span = Span(base + word.start(), base + word.end())
                _add_mark(doc, word.group(0).lower(), span, "tei_source_note_marks")


def _add_mark(doc: Document, word: str, span: Span, rule: str) -> None:
    env = doc.envelope
    if word in _CLASSIFICATIONS:
        if env.classification is None:
            env.classification = word
            env.provenance["classification"] = Provenance(rule, span)
    elif word not in env.priority:
        env.priority.append(word)
        env.provenance.setdefault("priority", Provenance(rule, span))


def _read_number(doc: Document, rendered: Rendered) -> None:
    paragraphs = _marks(rendered, "p", "body")
    if not paragraphs:
        return
    first = paragraphs[0]
    found = _NUMBER.match(rendered.text, first.start, first.stop)
    if not found:
        return
    start = found.start("number")
    span = Span(start, found.end("number"))
    env = doc.envelope
    env.number, env.number_span = found.group("number"), span
    env.provenance["number"] = Provenance("tei_first_token", span)
    if found.group("series"):
        env.series = found.group("series").strip()
        env.provenance["series"] = Provenance(
            "tei_first_token_series", Span(found.start("series"), start - 1)
        )


def _read_texts(doc: Document, div: Any, rendered: Rendered) -> None:
    editorial = div.get("subtype") == "editorial-note"
    source = _span(rendered.zones.get("source"))
    if source is not None:
        doc.texts.append(TextBlock(source, "en", "editorial", "Latn", "tei_source_note"))
    body_zones = [rendered.zones[z] for z in ("head", "opener", "body", "closer") if z in rendered.zones]
    body = _span((min(z[0] for z in body_zones), max(z[1] for z in body_zones))) if body_zones else None
    if body is not None:
        role = "editorial" if editorial else "original"
        doc.texts.append(TextBlock(body, "en", role, "Latn", "tei_body"))
    notes = _span(rendered.zones.get("notes"))
    if notes is not None:
        doc.texts.append(TextBlock(notes, "en", "editorial", "Latn", "tei_footnotes"))


def _links(rendered: Rendered, volume_id: str) -> list[dict[str, str]]:
    """``ref`` targets: "#d45" (this volume), "frus1951v07p1#d12" (another), "#pg_1610" (a page)."""
    links: list[dict[str, str]] = []
    seen: set[str] = set()
    for mark in _marks(rendered, "ref"):
        target = mark.attrs.get("target", "")
        vol, _, anchor = target.partition("#")
        vol = vol or volume_id
        if not anchor and re.fullmatch(r"frus[\w-]+", vol):
            kind, key = "volume", f"frus:{vol}"
        elif re.fullmatch(r"d\d+\w*", anchor):
            kind, key = "document", f"frus:{vol}/{anchor}"
        elif anchor.startswith("pg_"):
            kind, key = "page", f"frus:{vol}#{anchor}"
        else:
            continue  # footnote anchors, URLs, other targets
        if key in seen:
            continue
        seen.add(key)
        links.append({
            "kind": "references", "target": key, "target_kind": kind, "rule": "tei_ref",
            "text": rendered.text[mark.start : mark.stop], "start": str(mark.start), "stop": str(mark.stop),
        })  # fmt: skip
    return links


def _mentions(rendered: Rendered, volume: _Volume, authority: Authority, year: int | None) -> list[Mention]:
    """Names the volume tagged (``persName/@corresp``) first, then the authority's scan."""
    found: list[Mention] = []
    for mark in _marks(rendered, "persName"):
        listed = _listed(mark, volume, authority, year)
        if listed is None or listed[1] is None:
            continue
        match = listed[1]
        found.append(Mention(rendered.text[mark.start : mark.stop], "person", mark.start, mark.stop,
                             match.entity.id, match.entity.name, "tei_persname_corresp", 0.95))  # fmt: skip
    taken = [(m.start, m.stop) for m in found]
    for match in authority.find_mentions(rendered.text, year=year):
        if any(match.start < stop and start < match.stop for start, stop in taken):
            continue
        found.append(Mention(match.as_written, match.entity.kind, match.start, match.stop, match.entity.id,
                             match.entity.name, match.rule, match.confidence))  # fmt: skip
    return sorted(found, key=lambda m: m.start)


def _root_message(doc: Document, rendered: Rendered) -> Message:
    places = _marks(rendered, "placeName", "opener")
    place = _squash(rendered.text[places[0].start : places[0].stop]).strip("[],") if places else None
    if place:
        doc.envelope.origin = place
        doc.envelope.provenance["origin"] = Provenance(
            "tei_dateline_place", Span(places[0].start, places[0].stop)
        )
    if doc.date and doc.date.iso and (doc.doc_type or "").lower() == "telegram":
        doc.envelope.events["sent"] = EnvelopeEvent(
            text=doc.date.text, at=doc.date.datetime_iso, place=place, span=doc.date.span, rule="tei_dateline"
        )
    body = next((b.span for b in doc.texts if b.rule == "tei_body"), None)
    return Message(
        kind=(doc.doc_type or "document").lower(),
        authors=list(doc.senders),
        recipients=list(doc.recipients),
        date=doc.date,
        place=place,
        span=body,
        rule="tei_document",
        action="sent",
    )


def _squash(text: str) -> str:
    return re.sub(r"[\s\u00a0]+", " ", text).strip()
