"""State Department cables as WikiLeaks PlusD / Cablegate and their mirrors publish them.

A cable is found by its own evidence, wherever the page puts it (headers first, or the
body first and the headers after "Show Headers"; on one line or on many):

- the date-time group "R 010944Z DEC 74" (precedence, day+time Z, month, year);
- "FM AMEMBASSY TEHRAN", "TO SECSTATE WASHDC 9235" (routing prefixes "RUEHC/" dropped,
  precedence words and serial numbers dropped), "INFO ..." (copies, not recipients);
- "C O N F I D E N T I A L TEHRAN 10152" or "PAGE 01 TEHRAN 10152 011104Z": origin and
  number; the canonical ID "1974TEHRAN10152" ("66BUENOSAIRES2481") as printed, else built
  from the year of the date-time group, the origin and the number (five digits, as PlusD);
- "TAGS:", "SUBJECT:", "REF:" (other cables cited), "E.O. 12958", paragraph markings.

A page may hold several cables (a mirror's "Viewing cable ID, TITLE" blocks): each
"FM" header after a date-time group starts one, the same ID read twice is one cable.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from cablegraph.model import DateValue, Document, PersonRef, Provenance, Span, TextBlock
from cablegraph.parse.lines import split_lines, squash
from cablegraph.parse.people import resolve_person
from cablegraph.resolve import Authority

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
# "R 010944Z DEC 74", "P R 281848Z DEC 66", "O 112158Z SEP 01"
DTG = re.compile(
    r"(?:^|(?<=[\s:]))(?:[ZOPRM]{1,2}\s+){0,2}(?P<day>\d{2})(?P<time>\d{4}) ?Z\s+"
    r"(?P<month>JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r"\s+(?P<year>\d{2}|\d{4})\b"
)
# what may stand between the date-time group and "FM": a handling code ("ZFF-4")
_ONLY_HANDLING = re.compile(r"[ \t]*(?:[A-Z]{2,4}-?\d{0,2}[ \t]*)?\s*")
# "DE RUEHBJ #3877/01 2840338": the sending station and the cable's serial number
_ROUTING_LINE = re.compile(r"^[ \t]*DE [A-Z]{4,8} #(?P<number>\d{3,6})(?:/\d+)?\b", re.M)
_FM = re.compile(r"(?:^|(?<=\s))FM\s+(?P<who>[^\n]+?)(?=\s+TO\s|\s*\n|$)")
_TO = re.compile(r"(?:^|(?<=\s))TO\s+(?P<who>[^\n]+)")
# a mission or the Department as a mirror names a cable's origin
_MISSION_NAME = re.compile(
    r"^(?:Embassy|Consulate|Mission|USUN|US Mission|Secretary of State|American Embassy|Amembassy|Amconsul|"
    r"US Interests Section)\b[^\n]{0,40}$"
)
# a mirror's box as two columns, the labels' lines then their values' lines in the same order:
# "Identifier / Created / Classification / Origin" over "07BEIJING5387 / 2007-08-16 03:03:00 / ..."
_BOX_LABELS = ("identifier", "reference id", "created", "released", "classification", "origin")


_CREATED = re.compile(r"^[ \t]*Created:[ \t]*(?P<iso>\d{4}-\d{2}-\d{2})\b", re.M)
_ISO_DAY = re.compile(r"^(?P<iso>\d{4}-\d{2}-\d{2})\b")


def _mirror_date(text: str, cable: Cable) -> DateValue | None:
    """A cable without a date-time group, dated by its mirror's box ("Created: 2005-01-18
    19:52:00", or "Created" over "2007-08-16 03:03:00"): the day it was created."""
    stop = min(len(text), max(cable.start, 3000))
    found = _CREATED.search(text, 0, stop)
    if found is not None:
        at = Span(found.start("iso"), found.end("iso"))
        iso = found.group("iso")
    else:
        boxed = mirror_box(text, 0, stop).get("created")
        day = _ISO_DAY.match(boxed[0]) if boxed else None
        if boxed is None or day is None:
            return None
        at = Span(boxed[1].start, boxed[1].start + len(day.group("iso")))
        iso = day.group("iso")
    try:
        dt.date.fromisoformat(iso)
    except ValueError:
        return None
    return DateValue(text=iso, iso=iso, precision="day", span=at, rule="mirror_box_created")


def mirror_box(text: str, start: int, stop: int) -> dict[str, tuple[str, Span]]:
    """The values of a mirror's box of labels over values, by label (lower case), with spans."""
    lines = [line for line in split_lines(text, start, stop) if line.text]
    for index, line in enumerate(lines):
        if line.text.lower() not in _BOX_LABELS:
            continue
        labels = []
        for item in lines[index:]:
            if item.text.lower() not in _BOX_LABELS:
                break
            labels.append(item.text.lower())
        values = lines[index + len(labels) : index + 2 * len(labels)]
        if len(labels) < 3 or len(values) < len(labels) or any(v.text.lower() in _BOX_LABELS for v in values):
            return {}
        return {label: (value.text, value.span) for label, value in zip(labels, values, strict=True)}
    return {}


# a Cablegate mirror's box: "Origin: Embassy Caracas", "Origin: Secretary of State"
_MIRROR_ORIGIN = re.compile(
    r"^[ \t]*Origin:[ \t]*(?P<who>(?:Embassy|Consulate|Mission|USUN|US Mission|Secretary of State|"
    r"American Embassy|Amembassy|Amconsul|US Interests Section)\b[^\n]{0,40}?)[ \t]*$",
    re.M,
)
_INFO = re.compile(r"^INFO\b")
_CLASS_LINE = re.compile(
    r"(?P<class>(?:S\s?E\s?C\s?R\s?E\s?T|C\s?O\s?N\s?F\s?I\s?D\s?E\s?N\s?T\s?I\s?A\s?L|"
    r"U\s?N\s?C\s?L\s?A\s?S(?:\s?S\s?I\s?F\s?I\s?E\s?D)?|LIMITED OFFICIAL USE))"
    r"(?: +SECTION +\d+ +OF +\d+)? +(?P<origin>(?!(?:PAGE|SECRET|CONFIDENTIAL|UNCLASSIFIED)\b)[A-Z]{3,20}"
    r"(?: (?!(?:PAGE|SECRET|CONFIDENTIAL)\b)[A-Z]{3,20})?) +(?P<number>\d{2,6})\b"
)
# "PAGE 02 TEHRAN 10152 011104Z" at a line's start, or anywhere with its time group
_PAGE_LINE = re.compile(r"^[ \t]*PAGE +\d{2} +(?P<origin>[A-Z][A-Z ]{2,30}?) +(?P<number>\d{2,6})\b", re.M)
_PAGE_INLINE = re.compile(
    r"(?<=\s)PAGE +\d{2} +(?P<origin>[A-Z][A-Z ]{2,30}?) +(?P<number>\d{2,6}) +\d{6} ?Z\b"
)
# A PlusD page break: the classification at the foot and head of pages, then "PAGE 02 ...".
_PAGE_BREAK = re.compile(
    r"^[ \t]*(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)[ \t]*\n(?:[A-Z \t]+\n)?[ \t]*"
    r"PAGE +\d{2} +[A-Z]",
    re.M,
)
_CANONICAL = re.compile(r"\b(?P<year>\d{2}|\d{4})(?P<origin>[A-Z]{3,}[A-Z]*)(?P<number>\d{1,6})\b")
_VIEWING = re.compile(r"Viewing cable (?P<id>\w+),\s*(?P<title>[^\n]+(?:\n\s*\n?[A-Z][^\n]{0,40}\n)?)")
_SUBJECT = re.compile(r"(?:^|(?<=\s))(?:SUBJECT|SUBJ):\s*(?P<subject>[^\n]+)", re.M)
_SUBJECT_MORE = re.compile(
    r"[ \t]*\n[ \t]*(?P<more>(?![0-9(])(?![A-Z]+ FOR )"
    r"(?!(?:REFS?|REFTEL|TAGS|E\.O|CLASSIFIED|CLASSIFICATION|SUMMARY|SUBJ(?:ECT)?|PASS|SIPDIS|ACTION|INFO|"
    r"DECAPTIONED|DERIVED|REASON|NOFORN|EXDIS|LIMDIS|NODIS)\b)"
    r"[A-Z][A-Z' ,.&/:0-9-]{0,57}[A-Z0-9'])[ \t]*(?=\n)"
)
# a mirror's heading: "Cablegate: Scenesetter for the Visit of ..."
_LABELLED_TITLE = re.compile(r"^(?:Cablegate|WikiLeaks cable|Cable):\s+(?P<title>[^\n]{3,200})$", re.M)
_TAGS = re.compile(r"(?:^|(?<=\s))TAGS:?\s+(?P<tags>[A-Z0-9, ]+?)(?=\s*(?:\n|SUBJECT|SUBJ:|$))", re.M)
_REF = re.compile(r"(?:^|(?<=\s))REFS?:\s*(?P<refs>[^\n]+)", re.M)
_EO = re.compile(r"E\.?\s?O\.?\s+1[12]\d{3}\b")
_PRECEDENCE = re.compile(
    r"\s+(?:NIACT|IMMEDIATE|PRIORITY|ROUTINE|FLASH|OPERATIONAL IMMEDIATE)\b.*$|\s+\d{3,5}\s*$"
)
_ROUTING = re.compile(r"^[A-Z]{5,8}/")
_OFFICES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^SECSTATE\b.*"), "Secretary of State"),
    (re.compile(r"^SECDEF\b.*"), "Secretary of Defense"),
    (re.compile(r"^USDEL\s+(?P<place>.+)"), "US Delegation {place}"),
    (re.compile(r"^AMEMBASSY\s+(?P<place>.+)"), "Embassy {place}"),
    (re.compile(r"^AMCONSUL\s+(?P<place>.+)"), "Consulate {place}"),
    (re.compile(r"^USOFFICE\s+(?P<place>.+)"), "US Office {place}"),
    (re.compile(r"^USMISSION\s+(?P<place>.+)"), "US Mission {place}"),
    (re.compile(r"^USLO\s+(?P<place>.+)"), "USLO {place}"),
]


@dataclass(slots=True)
class Cable:
    """One cable's evidence on the page, with the spans it was read from."""

    start: int
    stop: int
    dtg: re.Match[str] | None = None
    sender: tuple[str, Span] | None = None
    recipients: list[tuple[str, Span]] = field(default_factory=list)
    origin: str | None = None
    number: tuple[str, Span] | None = None
    record_id: tuple[str, Span] | None = None
    title: tuple[str, Span] | None = None
    classification: str | None = None


def find_cables(text: str) -> list[Cable]:
    """Every cable on the page: one per "FM" header that follows a date-time group."""
    cables: list[Cable] = []
    dtgs = list(DTG.finditer(text))
    for dtg in dtgs:
        fm = _FM.search(text, dtg.end())
        if (
            fm is None
            or fm.start() - dtg.end() > 200
            or not _ONLY_HANDLING.fullmatch(text, dtg.end(), fm.start())
        ):
            continue
        cables.append(Cable(start=dtg.start(), stop=len(text), dtg=dtg))
    for index, cable in enumerate(cables[:-1]):
        cable.stop = cables[index + 1].start
    return cables


def is_cable(text: str) -> bool:
    """A date-time group followed by an FM line, or an ID with TAGS/SUBJECT/E.O. headers."""
    if not any(needle in text for needle in ("Z ", "Z\n", "Z\t", "PAGE", "TAGS")):
        return False  # no date-time group, page header or TAGS line: nothing to weigh
    if find_cables(text):
        return True
    head = text[:20000]
    if _PAGE_BREAK.search(head) or _PAGE_INLINE.search(text):
        return True
    if DTG.search(head) and (_EO.search(head) or _TAGS.search(head) or _ROUTING_LINE.search(head)):
        return True
    signs = sum(1 for pattern in (_TAGS, _SUBJECT, _EO, _PAGE_LINE) if pattern.search(head))
    return signs >= 3


def read_cables(text: str, authority: Authority, page_id: str) -> list[Document]:
    """Every cable on the page as a Document (the same ID once)."""
    cables = find_cables(text)
    if not cables:
        dtg = DTG.search(text, 0, 20000)
        cables = [Cable(start=0, stop=len(text), dtg=dtg)]
    docs: list[Document] = []
    seen: set[str] = set()
    viewings = list(_VIEWING.finditer(text))
    floor = 0
    for cable in cables:
        _read_one(cable, text, viewings, floor)
        floor = cable.dtg.end() if cable.dtg else cable.start
        key = cable.record_id[0] if cable.record_id else f"@{cable.start}"
        if key in seen:
            continue
        seen.add(key)
        docs.append(_document(cable, text, authority, f"{page_id}#{len(docs) + 1}" if docs else page_id))
    return docs


def _read_one(cable: Cable, text: str, viewings: list[re.Match[str]], floor: int) -> None:
    """Headers after the date-time group first; a "Show Headers" page or a mirror's box puts
    some before it (down to ``floor``, the previous cable's date-time group)."""
    region_start, region_stop = floor, cable.stop
    if cable.dtg is not None:
        fm = _FM.search(text, cable.dtg.end())
        if fm and fm.start() - cable.dtg.end() < 200:
            cable.sender = (_office(fm.group("who")), Span(fm.start("who"), fm.end("who")))
            cable.recipients = _to_list(text, fm)
    if cable.sender is None:
        origin = _MIRROR_ORIGIN.search(text, 0, min(len(text), max(cable.start, 3000)))
        if origin is not None:
            # a Cablegate mirror's box: "Origin: Embassy Caracas", where no FM line is printed
            cable.sender = (origin.group("who").strip(), Span(origin.start("who"), origin.end("who")))
        else:
            boxed = mirror_box(text, 0, min(len(text), max(cable.start, 3000))).get("origin")
            if boxed is not None and _MISSION_NAME.match(boxed[0]):
                cable.sender = boxed
    found = None
    place = _place(cable)
    routed = _ROUTING_LINE.search(text, region_start, region_stop)
    if routed and cable.number is None:
        number = routed.group("number")
        cable.number = (number.lstrip("0") or number, Span(routed.start("number"), routed.end("number")))
    for start, stop in ((cable.start, region_stop), (region_start, cable.start), (0, region_stop)):
        found = (
            _CLASS_LINE.search(text, start, stop)
            or _PAGE_LINE.search(text, start, stop)
            or _PAGE_INLINE.search(text, start, stop)
        )
        if found and place and squash(found.group("origin")).replace(" ", "") != place:
            found = None
        if found:
            break
    if found:
        cable.origin = squash(found.group("origin")).replace(" ", "")
        number = found.group("number")
        cable.number = (number.lstrip("0") or number, Span(found.start("number"), found.end("number")))
        if "class" in found.groupdict() and found.group("class"):
            cable.classification = (
                re.sub(r"\s", "", found.group("class"))
                .lower()
                .replace("limitedofficialuse", "limited official use")
            )
    canonical = _canonical_in(text, region_start, region_stop, cable)
    if canonical:
        cable.record_id = canonical
        if cable.number is None:
            m = _CANONICAL.fullmatch(canonical[0])
            assert m is not None
            start = canonical[1].start + m.start("number")
            cable.number = (m.group("number").lstrip("0"), Span(start, canonical[1].stop))
    elif cable.origin and cable.number and cable.dtg:
        year = _year(cable.dtg.group("year"))
        if year is not None:
            cable.record_id = (f"{year}{cable.origin}{int(cable.number[0]):05d}", cable.number[1])
    subject = _SUBJECT.search(text, region_start, region_stop)
    if subject is None and region_start > 0:
        subject = _SUBJECT.search(text, 0, region_start)
    if subject:
        value = subject.group("subject").strip()
        value = re.split(r"\s+(?:REF|REFS|E\.O\.|1\.)[: ]", value)[0].strip()
        stop = subject.start("subject") + len(value)
        if value == subject.group("subject").strip() and len(value) >= 35:
            more = _SUBJECT_MORE.match(text, subject.end())
            if more:  # the subject wraps onto the next line
                value = f"{value} {more.group('more').strip()}"
                stop = more.end("more")
        cable.title = (value, Span(subject.start("subject"), stop))
    elif (first := _LABELLED_TITLE.search(text, 0, min(len(text), 400))) is not None:
        cable.title = (first.group("title").strip(), Span(first.start("title"), first.end("title")))
    elif cable.record_id:
        same = [v for v in viewings if v.group("id") == cable.record_id[0]]
        if same:  # a mirror may cut the heading short once and print it whole later
            viewing = max(same, key=lambda v: len(squash(v.group("title"))))
            value = squash(viewing.group("title"))
            cable.title = (value, Span(viewing.start("title"), viewing.end("title")))


def _canonical_in(text: str, start: int, stop: int, cable: Cable) -> tuple[str, Span] | None:
    """The canonical ID as printed, agreeing with the cable's number when that is known."""
    place = _place(cable)
    for found in _CANONICAL.finditer(text, start, stop):
        if place and found.group("origin") not in (place, "STATE"):
            continue
        year = _year(found.group("year"))
        if year is None or (cable.dtg is not None and _year(cable.dtg.group("year")) != year):
            continue
        if cable.number and int(found.group("number")) != int(cable.number[0]):
            continue
        if cable.origin and found.group("origin") != cable.origin:
            continue
        return found.group(0), Span(found.start(), found.end())
    return None


def _place(cable: Cable) -> str | None:
    """The origin an embassy's or consulate's cable carries: "Embassy Buenos Aires" -> BUENOSAIRES."""
    if cable.sender and cable.sender[0].startswith(("Embassy ", "Consulate ")):
        return cable.sender[0].split(" ", 1)[1].upper().replace(" ", "")
    return None


def _year(value: str) -> int | None:
    if len(value) == 4:
        return int(value)
    two = int(value)
    return 1900 + two if two >= 40 else 2000 + two


def _office(written: str) -> str:
    """ "AMEMBASSY TEHRAN" -> "Embassy Tehran", "SECSTATE WASHDC" -> "Secretary of State"."""
    value = _ROUTING.sub("", written.strip().lstrip("/").strip())
    value = _PRECEDENCE.sub("", value).strip()
    for pattern, form in _OFFICES:
        found = pattern.match(value)
        if found:
            place = found.groupdict().get("place")
            return form.format(place=place.title()) if place else form
    value = re.sub(r"\s+WASH(?:DC|INGTON DC)$", "", value)
    return value


def _to_list(text: str, fm: re.Match[str]) -> list[tuple[str, Span]]:
    """The "TO" addressees: the rest of the TO line and the lines after it, up to INFO."""
    to = _TO.search(text, fm.end())
    if to is None or to.start() - fm.end() > 40:
        return []
    out: list[tuple[str, Span]] = []
    inline = re.split(r"\s+INFO\s+|\s+(?=[A-Z] [A-Z] [A-Z] )|\s+(?:UNCLAS|STATE GRNC)\b", to.group("who"))[0]
    out.append((_office(inline), Span(to.start("who"), to.start("who") + len(inline))))
    if inline != to.group("who"):
        return out
    pos = to.end() + 1
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end].strip()
        if not line:
            pos = end + 1
            continue
        if _INFO.match(line) or not re.match(
            r"^(?:[A-Z]{5,8}/)?(?:AMEMBASSY|AMCONSUL|USOFFICE|USMISSION|"
            r"SECSTATE|SECDEF|USDEL|USLO|[A-Z]+ [A-Z ]*(?:POSTS|PROGRAM))\b",
            line,
        ):
            break
        out.append((_office(line), Span(pos, end)))
        pos = end + 1
    return out


def _date(cable: Cable) -> DateValue | None:
    if cable.dtg is None:
        return None
    found = cable.dtg
    year = _year(found.group("year"))
    month = _MONTHS.index(found.group("month").upper()) + 1
    try:
        value = dt.date(year or 0, month, int(found.group("day")))
    except ValueError:
        return None
    time = found.group("time")
    return DateValue(
        text=found.group(0).strip(),
        iso=value.isoformat(),
        precision="day",
        time=f"{time[:2]}:{time[2:]}",
        span=Span(found.start("day"), found.end("year")),
        rule="cable_date_time_group",
        flags=["utc"],
    )


def _person(name: str, span: Span, authority: Authority, rule: str, date: DateValue | None) -> PersonRef:
    """A FM or TO line: a person, or an office resolved to its holder on the cable's date
    ("Secretary of State" in 1974 is Kissinger, "Embassy Saigon" its ambassador), else the
    mission itself ("Embassy Beijing" when no tenure covers the date)."""
    iso = date.iso if date is not None else None
    year = int(iso[:4]) if iso else None
    return resolve_person(name, authority, year=year, span=span, rule=rule, date=iso)


def _document(cable: Cable, text: str, authority: Authority, doc_id: str) -> Document:
    doc = Document(id=doc_id, page_kind="document", layout="state-cable")
    doc.doc_type = "Cable"
    doc.provenance["doc_type"] = Provenance("cable_headers", Span(cable.start, cable.start))
    doc.archive = "Department of State"
    doc.original_language = "en"
    if cable.title:
        doc.set("title", cable.title[0], "cable_subject", cable.title[1])
    if cable.record_id:
        doc.set("record_id", cable.record_id[0], "cable_canonical_id", cable.record_id[1])
        doc.id = f"cable:{cable.record_id[0]}"
    doc.date = _date(cable) or _mirror_date(text, cable)
    if cable.number:
        doc.envelope.number = cable.number[0]
        doc.envelope.number_span = cable.number[1]
        doc.envelope.provenance["number"] = Provenance("cable_number", cable.number[1])
    if cable.origin:
        doc.envelope.origin = cable.origin.title()
    if cable.classification:
        doc.envelope.classification = cable.classification
    if cable.sender:
        doc.senders = [_person(cable.sender[0], cable.sender[1], authority, "cable_fm", doc.date)]
    doc.recipients = [_person(name, span, authority, "cable_to", doc.date) for name, span in cable.recipients]
    tags = _TAGS.search(text, cable.start, cable.stop) or _TAGS.search(text)
    if tags:
        doc.envelope.stamps.append(f"TAGS: {squash(tags.group('tags'))}")
    body = Span(cable.start, cable.stop)
    doc.texts = [TextBlock(body, "en", "original", "Latn", "cable_text")]
    return doc


def cable_references(text: str, start: int, stop: int) -> list[tuple[str, str, Span]]:
    """The REF lines: (origin, number, span) for "REF: STATE 262847; WARSAW 0980"."""
    out: list[tuple[str, str, Span]] = []
    for ref in _REF.finditer(text, start, stop):
        for item in re.finditer(
            r"\b(?P<origin>[A-Z]{3,}(?: [A-Z]{3,})?)\s+(?P<number>\d{2,6})\b", ref.group("refs")
        ):
            at = ref.start("refs")
            out.append((item.group("origin"), item.group("number"), Span(at + item.start(), at + item.end())))
    return out
