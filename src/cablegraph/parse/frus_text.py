"""FRUS document pages from history.state.gov, as text.

The page opens with the source note ("795.00/7–2051: Telegram", "Lot 55D128: Black
Book, Tab 91: Telegram"), then the heading ("The Ambassador in Korea (Muccio) to the
Secretary of State"), classification and precedence lines, and the text, whose first
token is the telegram number ("CX–67390.", "65."). Numbered footnotes at the foot are
editorial text, kept apart from the source text.
"""

from __future__ import annotations

import datetime as dt
import re

from cablegraph.model import ArchiveRef, DateValue, Document, PersonRef, Provenance, Span, TextBlock
from cablegraph.parse.dates import parse_date
from cablegraph.parse.generic import DATELINE, unwrapped
from cablegraph.parse.lines import Line, split_lines
from cablegraph.parse.people import (
    apposed_name,
    heading_office,
    holder_by_surname,
    resolve_list,
    resolve_person,
)
from cablegraph.resolve import Authority

SOURCE_NOTE = re.compile(
    r"^(?P<file>(?:\d{3}\.\d+[A-Z]?/[\d–-]+|Lot\s+\w+|[A-Z]{2,}\s+files,\s+lot\b|"
    r"[A-Z][\w .,/–-]*?(?:files|Files|lot|Lot)\b)[^\n]{0,120}?):\s*"
    r"(?P<type>Telegram|Memorandum(?: of Conversation)?|Letter|Despatch|Airgram|Note|Message|"
    r"Paper|Report|Editorial Note|Minutes|Circular telegram|Telegram\s+\w+)\s*$"
)
_DECIMAL_DATE = re.compile(r"^\d{3}\.\d+[A-Z]?/(?P<month>\d{1,2})[–-](?P<dayyear>\d{3,4})\b")
HEADING = re.compile(r"^(?:The\s+)?(?P<from>.+?)\s+to\s+(?P<to>(?:the\s+)?.+?)\d*$")
_CLASSIFICATION = re.compile(
    r"^(?P<class>top secret|secret|confidential|restricted|unclassified|official use only)"
    r"(?:[\s\u00a0]+(?P<precedence>.+))?$"
)
_PRECEDENCE = re.compile(
    r"^(?:flash|niact|priority|operational immediate|emergency|routine|immediate|"
    r"eyes only|noforn)(?:[\s\u00a0]+\w+)*$"
)
_NUMBER = re.compile(r"^(?P<number>(?:[A-Z]{1,5}\s?[–-]?\s?)?\d{1,7})\.\s")
_FOOTNOTE = re.compile(r"^\d{1,3}\.\s")
_PAGE_MARK = re.compile(r"\[Page \d+\]")
_VOLUME_NUMBER = re.compile(r"^No\.\s*\d{1,4}$")
_MARK_AFTER_NAME = re.compile(r"(?<=\))\d{1,2}(?=\s)")
_PARENS = re.compile(r"\(\s*(?P<name>[A-Z][\w.'’ -]*?[\w.])\s*\)")


def is_frus(lines: list[Line]) -> bool:
    first = next((line for line in lines if line.text), None)
    return first is not None and SOURCE_NOTE.match(first.text) is not None


def read_frus(doc: Document, text: str, authority: Authority) -> Span:
    """Fill ``doc`` from a FRUS text page; returns the span of the source text."""
    lines = [line for line in split_lines(text) if line.text]
    note = lines[0]
    match = SOURCE_NOTE.match(note.text)
    assert match is not None
    doc.set("source_note", note.text, "frus_source_note", note.span)
    kind = match.group("type")
    kind = kind if kind.lower() == "circular telegram" else kind.split()[0]
    doc.set("doc_type", kind, "frus_source_note_type", note.span)
    doc.archive = "FRUS"
    doc.provenance["archive"] = Provenance("frus_source_note")
    doc.original_language = "en"
    doc.provenance["original_language"] = Provenance("frus_english_original")
    doc.archive_refs.append(_file_reference(note, match.group("file")))
    doc.date = _decimal_file_date(note)
    index = 1
    if index < len(lines) - 1 and _VOLUME_NUMBER.match(lines[index].text):
        index += 1  # "No. 624": the printed volume's number of the document, above its heading
    if index < len(lines):
        heading, extra = unwrapped(text, lines, index)  # "... to the Secretary of" / "State"
        if HEADING.match(heading.text):
            _read_heading(doc, text, heading, authority)
            index += 1 + extra
    index = _read_marks(doc, lines, index)
    index = _read_dateline(doc, lines, index)
    while index < len(lines) and _RECEIVED.match(lines[index].text):
        index += 1
    body_lines = lines[index:]
    body_stop = _footnotes_start(text, body_lines)
    if body_lines:
        first = _NUMBER.match(body_lines[0].text)
        if first:
            number = first.group("number")
            span = Span(body_lines[0].start, body_lines[0].start + len(number))
            doc.envelope.number = number
            doc.envelope.number_span = span
            doc.envelope.provenance["number"] = Provenance("frus_first_token", span)
        body = Span(body_lines[0].start, body_stop)
    else:
        body = Span(len(text), len(text))
    doc.texts.append(TextBlock(body, "en", "original", "Latn", "frus_text"))
    if body_stop < len(text):
        doc.texts.append(
            TextBlock(Span(body_stop, len(text.rstrip())), "en", "editorial", "Latn", "frus_footnotes")
        )
    return body


def _file_reference(note: Line, file: str) -> ArchiveRef:
    """ "795.00/7–2051" is a Central Files (decimal) number; "Lot 55D128" a lot file."""
    decimal = re.match(r"\d{3}\.", file) is not None
    archive = "Department of State, Central Files" if decimal else "Department of State, Lot Files"
    return ArchiveRef(
        text=file,
        archive=archive,
        delo=file,
        span=Span(note.start, note.start + len(file)),
        rule="frus_source_note_file",
    )


def _decimal_file_date(note: Line) -> DateValue | None:
    """State Department decimal files carry the date: 795.00/7–2051 is July 20, 1951."""
    match = _DECIMAL_DATE.match(note.text)
    if not match:
        return None
    digits = match.group("dayyear")
    month, day, year = int(match.group("month")), int(digits[:-2]), 1900 + int(digits[-2:])
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    return DateValue(
        text=match.group(0).split("/")[1],
        iso=value.isoformat(),
        precision="day",
        span=Span(note.start + match.start("month"), note.start + match.end("dayyear")),
        rule="frus_decimal_file_date",
        flags=["from_file_number"],
    )


def _read_heading(doc: Document, text: str, line: Line, authority: Authority) -> None:
    heading = HEADING.match(line.text)
    assert heading is not None
    # "The Chargé in France (Achilles)1 to the Department of State2": without footnote marks
    title = _MARK_AFTER_NAME.sub("", line.text.rstrip("0123456789"))
    doc.set("title", title, "frus_heading", line.span)
    year = doc.year
    doc.senders = frus_party(heading.group("from"), line.start + heading.start("from"), authority, year, text)
    doc.recipients = frus_party(heading.group("to"), line.start + heading.start("to"), authority, year, text)


def frus_party(
    written: str, at: int, authority: Authority, year: int | None, text: str | None = None
) -> list[PersonRef]:
    """The party of a heading; a surname the authority does not know is widened to the
    fullest form of it the page prints ("Grew" -> "Joseph C. Grew")."""
    people: list[PersonRef] = _party(written, at, authority, year)
    if text is None:
        return people
    return [widen_person(p, text, authority) for p in people]


def widen_person(person: PersonRef, text: str, authority: Authority) -> PersonRef:
    if person.entity_id or " " in person.name.strip() or not person.name[:1].isupper():
        return person
    surname = re.escape(person.name.strip())
    pattern = re.compile(
        rf"\b((?:[A-Z][a-z]+|[A-Z]\.)(?:[ \t]+(?:[A-Z][a-z]+|[A-Z]\.)){{0,3}}[ \t]+{surname})\b"
    )
    best: str | None = None
    for found in pattern.finditer(text):
        words = found.group(1).split()
        if words[0].rstrip(".").lower() in _NOT_GIVEN:
            words = words[1:]
        name = " ".join(words)
        if len(words) >= 2 and (best is None or len(name) > len(best)):
            best = name
    if best is None:
        return person
    widened = resolve_person(best, authority, span=person.span, rule=f"{person.rule}+widened_on_page")
    return widened


_NOT_GIVEN = frozenset(
    {
        "mr",
        "mrs",
        "the",
        "to",
        "from",
        "and",
        "ambassador",
        "secretary",
        "general",
        "minister",
        "president",
        "dear",
        "sir",
        "of",
        "in",
        "by",
        "hon",
        "for",
        "with",
        "admiral",
        "senator",
        "governor",
        "consul",
    }
)


def _party(written: str, at: int, authority: Authority, year: int | None) -> list:  # type: ignore[type-arg]
    """ "The Commander in Chief, Far East (Ridgway)": the person in brackets, else the office."""
    names = _PARENS.search(written)
    if names:
        people = resolve_list(
            names.group("name"), at + names.start("name"), authority, year=year, rule="frus_heading_person"
        )
        if len(people) == 1 and people[0].entity_id is None:
            # "The Ambassador in the Soviet Union (Smith)": the office's holder that year
            held = holder_by_surname(written[: names.start()], names.group("name"), authority, year, None)
            if held is not None:
                entity, why, office = held
                person = people[0]
                return [PersonRef(person.as_written, entity.name, entity.id, person.span,
                                  f"frus_heading_person+{why}", role=office)]
            if year is None and not people[0].role:
                # read before the date: the office stays with the surname, for the holder of
                # the office that year to be found once the date is read (people.resolve_dated)
                people[0].role = heading_office(written[: names.start()])
        return people
    apposed = apposed_name(written.strip())
    if apposed is not None:
        # "Mr W.L. Mackenzie King, Canadian Prime Minister": the person, his office the role
        name, offset, role = apposed
        start = at + written.find(written.strip()) + offset
        person = resolve_person(name, authority, year=year, span=Span(start, start + len(name)),
                                rule="heading_apposed_person")
        if person.role is None:
            person.role = role
        return [person]
    office = written.strip().rstrip("0123456789 ")
    office = re.sub(r"^the\s+", "", office, flags=re.IGNORECASE)
    if not office:
        return []
    span = Span(at + written.find(office), at + written.find(office) + len(office))
    if _SECRETARY.match(office):
        # a FRUS heading's (Acting) Secretary of State stands for the Department's telegram
        return [
            resolve_person(
                "Department of State", authority, year=year, span=span, rule="frus_heading_secretary"
            )
        ]
    return [resolve_person(office, authority, year=year, span=span, rule="frus_heading_office")]


_SECRETARY = re.compile(r"^(?:Acting\s+)?Secretary of State$", re.IGNORECASE)


def _read_dateline(doc: Document, lines: list[Line], index: int) -> int:
    """ "JUNE 26, 1950" / "Washington, June 26, 1950, 7 p.m." under the heading (also wrapped
    over two lines: "Nanking, February" / "23, 1947—2 p.m."): the date the document bears,
    before the date its file number carries. A "[Received ...]" line after it is skipped."""
    if index >= len(lines):
        return index
    used = 1
    value = lines[index].text
    found = DATELINE.match(value)
    if not found and index + 1 < len(lines) and len(value) < 40:
        value = f"{value} {lines[index + 1].text}"
        found = DATELINE.match(value)
        used = 2
    if not found:
        return index
    date = parse_date(found.group("date"))
    if date.iso:
        line = lines[index]
        stop = line.start + found.end("date") if used == 1 else lines[index + 1].stop
        date.span = Span(line.start + found.start("date"), stop)
        date.rule = "frus_dateline"
        doc.date = date
    index += used
    while index < len(lines) and _RECEIVED.match(lines[index].text):
        index += 1
    return index


_RECEIVED = re.compile(r"^\[Received [^\]]{2,80}\]\.?$")


def _read_marks(doc: Document, lines: list[Line], index: int) -> int:
    """Classification ("top secret") and precedence ("flash", "niact") lines."""
    while index < len(lines) and len(lines[index].text) < 50:
        value = re.sub(r"[\s\u00a0]+", " ", lines[index].text).strip()
        classification = _CLASSIFICATION.match(value)
        if classification:
            doc.envelope.classification = classification.group("class")
            doc.envelope.provenance["classification"] = Provenance("frus_classification", lines[index].span)
            if classification.group("precedence"):
                doc.envelope.priority.append(classification.group("precedence"))
        elif _PRECEDENCE.match(value):
            doc.envelope.priority.append(value)
            doc.envelope.provenance["priority"] = Provenance("frus_precedence", lines[index].span)
        else:
            break
        index += 1
    return index


def _footnotes_start(text: str, lines: list[Line]) -> int:
    """Footnotes: the run of numbered lines at the foot, indented in the page text."""
    stop = lines[-1].stop if lines else len(text)
    for line in lines:
        indented = line.start > 0 and text[line.start - 1] in " \t"
        if indented and line.text.startswith("1.") and _FOOTNOTE.match(line.text):
            return _line_start(text, line.start)
    return stop


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def strip_page_marks(text: str) -> str:
    return _PAGE_MARK.sub("", text)
