"""SourcePage -> Document: choose the reader for the page, then read every part."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from cablegraph import __version__
from cablegraph.model import ArchiveRef, DateValue, Document, Mention, Message, PersonRef, Provenance, Span
from cablegraph.model.frus import FRUS_RECORD, FRUS_VOLUME_YEARS
from cablegraph.model.source import SourcePage
from cablegraph.parse.archive_refs import dedupe_refs, find_archive_refs
from cablegraph.parse.cable import cable_references, is_cable, read_cables
from cablegraph.parse.dates import find_dates, parse_date
from cablegraph.parse.envelope import read_addressee, read_channel, read_envelope
from cablegraph.parse.frus_text import is_frus, read_frus
from cablegraph.parse.generic import document_starts, for_and_from, read_any, read_record_id
from cablegraph.parse.languages import assign_roles, text_blocks
from cablegraph.parse.lines import Line, split_lines
from cablegraph.parse.listing import is_listing, read_listing
from cablegraph.parse.messages import find_children
from cablegraph.parse.people import parse_title_parties, resolve_dated, resolve_person
from cablegraph.parse.wilson_text import DATE_LINE, citation_title, detect_wilson_layout, read_wilson
from cablegraph.resolve import Authority
from cablegraph.resolve.archive import name_key
from cablegraph.resolve.presidents import us_president

# Kinds of record named in titles, in the order they are tried.
DOC_TYPES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\btelephone conversation\b", re.I), "Telephone Conversation"),
    (re.compile(r"\brecord of (?:a |the )?conversation\b", re.I), "Record of Conversation"),
    (re.compile(r"\bmemorandum of (?:a |the )?meeting\b", re.I), "Memorandum of Meeting"),
    (re.compile(r"\bworking notes\b", re.I), "Working Notes"),
    (re.compile(r"^agenda\b", re.I), "Agenda"),
    (re.compile(r"телеграмм|шифротелеграмм|电报", re.I), "Telegram"),
    (re.compile(r"\bписьм[оа]", re.I), "Letter"),
    (re.compile(r"^discussion\b", re.I), "Discussion"),
    (re.compile(r"\btranscript\b", re.I), "Transcript"),
    # "Conversation between Lee Hu-rak and Kim Il Sung", "Second Conversation between ...": the
    # title's own word (a "Conversation of X with Y" stays a memorandum of conversation, seed 007)
    (
        re.compile(
            r"^(?:(?:first|second|third|fourth|fifth|sixth|last|final)\s+)?conversation\s+between\b", re.I
        ),
        "Conversation",
    ),
    (
        re.compile(r"\b(?:memorandum|record|minutes) of (?:a |the )?conversation\b|\bconversation\b", re.I),
        "Memorandum of Conversation",
    ),
    (re.compile(r"\b(?:ciphered |coded )?(?:telegram|cablegram|radiogram)\b", re.I), "Telegram"),
    # the record's own word: "Cable No. 600308, Shtykov to Stalin", "Cable from Mao Zedong to Filippov"
    (re.compile(r"\bcable\b", re.I), "Cable"),
    (re.compile(r"\bjournal\b", re.I), "Journal"),
    (re.compile(r"\bletter\b", re.I), "Letter"),
    (re.compile(r"\breport\b", re.I), "Report"),
    (re.compile(r"\bmemorandum\b", re.I), "Memorandum"),
    (re.compile(r"\bminutes\b", re.I), "Minutes"),
    (re.compile(r"\bresolution\b", re.I), "Resolution"),
    (re.compile(r"\bdirective\b|\binstructions?\b", re.I), "Directive"),
    (re.compile(r"\bstatement\b", re.I), "Statement"),
    (re.compile(r"\bspeech\b", re.I), "Speech"),
    (re.compile(r"^remarks\b", re.I), "Remarks"),  # the record's own word: "Remarks by the Embassy on ..."
    (re.compile(r"\bremarks\b", re.I), "Speech"),
    (re.compile(r"\bnote\b", re.I), "Note"),
    (re.compile(r"\bdiary\b", re.I), "Diary"),
]
_UNNUMBERED = frozenset({"Journal", "Diary"})
# "Ciphered Telegram No. 26044"; not a periodical's issue and year ("Hoc Tap No. 11/1964")
_TITLE_NUMBER = re.compile(r"\b(?:No\.|Nº|№)\s*(?P<number>\d+(?:\.\d{3})?)(?![\d.]*\d)(?!/(?:19|20)\d\d\b)")
_CITATION_DATE = re.compile(r",?[\"”],?\s*(?P<date>[A-Z][a-z]+(?: \d{1,2})?,? \d{4})")
WILSON_ARCHIVE = "Wilson Center Digital Archive"
# No archive page is this long; a bigger text is a whole volume or a concatenation.
MAX_PAGE_CHARS = 2_000_000


def parse_page(page: SourcePage, authority: Authority | None = None) -> Document:
    """Parse one page into a Document (the first, on a page of several). Never raises on
    odd text: problems go to ``errors``."""
    return parse_documents(page, authority)[0]


def parse_documents(page: SourcePage, authority: Authority | None = None) -> list[Document]:
    """Every document on one page (a listing or an unreadable page is one Document too)."""
    authority = authority if authority is not None else Authority.builtin()
    docs = _read_page(page, authority)
    resolve_dated(docs, authority)
    return docs


def _read_page(page: SourcePage, authority: Authority) -> list[Document]:
    doc = Document(id=f"sha256:{page.sha256[:16]}")
    doc.provenance["tool"] = Provenance(f"cablegraph {__version__}")
    if len(page.text) > MAX_PAGE_CHARS:
        doc.errors.append(
            f"{page.path}: {len(page.text):,} characters is too large for one page "
            f"(limit {MAX_PAGE_CHARS:,}); split it into pages or use a volume reader"
        )
        return [doc]
    text = strip_preamble(blank_site_header(parsing_view(page.text)))
    lines = split_lines(text)
    if page.format in ("tei", "xml", "html", "pdf"):
        doc.errors.append(
            f"{page.path}: a {page.format} page is read by cablegraph.ingest.pipeline.read_and_parse "
            "(TEI volumes, HTML, PDF), not parse_page; nothing was extracted"
        )
        return [doc]
    if not is_frus(lines) and is_cable(text):
        cables = read_cables(text, authority, doc.id)
        for cable in cables:
            cable.provenance["tool"] = doc.provenance["tool"]
            _finish_cable(cable, text, authority)
        return cables
    if is_frus(lines):
        doc.layout = "frus-text"
        body = read_frus(doc, text, authority)
        read_record_id(doc, text, page.path)
        _read_document(doc, page, text, body, authority, wilson=False)
    elif is_listing(text, lines):
        read_listing(doc, text)
    else:
        layout = detect_wilson_layout(text, lines)
        if layout is None:
            if not _has_substance(lines):
                _read_unknown(doc, text, lines, authority)
                return [doc]
            starts = document_starts(lines)
            if len(starts) < 2:
                body = read_any(doc, text, lines, authority, page.path)
                _read_document(doc, page, text, body, authority, wilson=False)
                return [doc]
            return _several(doc, page, text, lines, starts, authority)
        doc.layout = layout
        body = read_wilson(doc, text, layout)
        if layout == "pdf-text-mirror":
            text = restore_breaks(text, body)
        _read_document(doc, page, text, body, authority, wilson=True)
    return [doc]


def _finish_cable(doc: Document, text: str, authority: Authority) -> None:
    """The parts every document has: the root message, mentions, references cited."""
    body = doc.texts[0].span if doc.texts else Span(0, len(text))
    base = _base_date(doc)
    year = base.year if base else None
    for origin, number, span in cable_references(text, body.start, body.stop):
        doc.links.append(
            {"kind": "cites", "origin": origin, "number": number, "at": f"{span.start}-{span.stop}"}
        )
    doc.languages_present = ["en"]
    doc.messages = [_root(doc, body, _quoted_in_cable(text, body))]
    doc.mentions = _mentions(text, authority, year)


# A cable repeats another message: a "QUOTE" line (to "UNQUOTE") or "BEGIN TEXT" (to "END TEXT")
_CABLE_QUOTE = re.compile(
    r"(?m)^[ \t]*(?:\d{1,2}\.\s+)?(?:QUOTE[ \t]*:?[ \t]*$|BEGIN (?:VERBATIM )?TEXT\b:?)"
)
_CABLE_UNQUOTE = re.compile(r"\b(?:UNQUOTE|END (?:OF )?QUOTE|END (?:VERBATIM )?TEXT)\b")


def _quoted_in_cable(text: str, body: Span) -> list[Message]:
    """The messages a cable quotes whole: a repeated cable after a "QUOTE" line, a note's
    text after "BEGIN TEXT". A caption quoted inside a sentence ("CAPTION QUOTE EXDIS
    UNQUOTE") starts no line and is no message."""
    children: list[Message] = []
    pos = body.start
    while True:
        found = _CABLE_QUOTE.search(text, pos, body.stop)
        if found is None:
            return children
        end = _CABLE_UNQUOTE.search(text, found.end(), body.stop)
        stop = end.start() if end else body.stop
        children.append(
            Message(kind="quoted", span=Span(found.end(), stop), rule="cable_quote", action="forwarded")
        )
        pos = end.end() if end else body.stop


# Unicode spaces read as plain spaces, one character for one, so every offset still
# points into the page text as stored.
_SPACE_VIEW = str.maketrans(
    {
        char: " "
        for char in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
        "\u2009\u200a\u200b\u202f\u205f\u3000\ufeff\t"
    }
)


_WILSON_MARKS = (
    "Document Information",
    "Associated People",
    "Digital Archive",
    "Citation",
    "This document was made possible with support from",
)


# A site's navigation lines above the document (not the archives' own marks, which the
# layout readers look for: "Skip to content", "Search in", "Document Number (FOIA)")
_SITE_HEADER = re.compile(
    r"^[ \t]*(?:Office of the Historian|Historical Documents|Toggle navigation|Main navigation|Navigation|"
    r"Main menu|Search form|Search this site|Search|Home|Menu|You are here:?|Breadcrumb|Log ?in|Sign ?in|"
    r"Register|About(?: us)?|Contact(?: us)?|FAQ|Help|Back|Close|Open menu)[ \t]*$",
    re.IGNORECASE,
)


def blank_site_header(text: str) -> str:
    """The run of a site's navigation lines that opens a page ("Office of the Historian",
    "Search", "Home") blanked (spaces, same offsets): the document's first line opens the
    view, as on a page saved without them."""
    stop = 0
    pos = 0
    for _ in range(20):
        end = text.find("\n", pos)
        line = text[pos:] if end < 0 else text[pos:end]
        if line.strip() and not _SITE_HEADER.match(line):
            break
        if line.strip():
            stop = pos + len(line)
        if end < 0:
            break
        pos = end + 1
    if stop == 0:
        return text
    return re.sub(r"[^\n]", " ", text[:stop]) + text[stop:]


def strip_preamble(text: str) -> str:
    """A Wilson page may open with the summary of a related record (or its own) before the
    date line and title: blank it (spaces, same offsets) so the document's core opens the
    view. Only when the page carries the archive's marks and the date line is near."""
    if not any(mark in text for mark in _WILSON_MARKS):
        return text
    content = []  # the first lines of substance (the page's lines are split once, then reused)
    for line in split_lines(text):
        if line.text:
            content.append(line)
            if len(content) == 4:
                break
    if not content or DATE_LINE.match(content[0].text):
        return text
    for index, line in enumerate(content[1:], 1):
        if DATE_LINE.fullmatch(line.text) and all(len(c.text) > 40 for c in content[:index]):
            start = content[0].start
            blank = re.sub(r"[^\n]", " ", text[start : line.start])
            return text[:start] + blank + text[line.start :]
    return text


# Marks that stand on lines of their own on the archive's page; PDF text runs them together.
_BREAK_BEFORE = re.compile(
    r" (?=(?:Sent from|Sent by|Received in|Received by|Arrived (?:in|at)|Deciphered by|Typed by|Printed by|"
    r"Distribution list|Extremely [Uu]rgent|Top [Ss]ecret|Strictly [Ss]ecret|Enclosure:|"
    r"To (?:the )?(?:Ministry|Comrade|Cde)|Comrade [A-Z]{3,}|\* \* \*|(?:[A-Z] ){3,}[A-Z]\b))"
)
_BREAK_AFTER = re.compile(r"(?:Extremely [Uu]rgent|Top [Ss]ecret|MOSCOW|No\. \d{3,6}[\w/]*)(?P<gap> )(?=\S)")


def restore_breaks(text: str, body: Span) -> str:
    """PDF text run together on one line: put the envelope's marks back on lines of their
    own inside the body (a space becomes a newline: offsets stay as they are)."""
    chars = list(text)
    for pattern in (_BREAK_BEFORE, _BREAK_AFTER):
        for found in pattern.finditer(text, body.start, body.stop):
            at = found.start("gap") if "gap" in pattern.groupindex else found.start()
            if chars[at] == " ":
                chars[at] = "\n"
    return "".join(chars)


def _date_outside_children(doc: Document, children: list[Message]) -> None:
    """A date the head's reader took from inside a message the document quotes ("your kind
    letter of May 2, 1980" in the letter a chargé reproduces) is that message's, not the
    document's own: dropped."""
    found = doc.date
    if found is None or found.rule != "date_near_head" or found.span is None:
        return
    start = found.span.start
    if any(c.span is not None and c.span.start <= start < c.span.stop for c in children):
        doc.date = None
        doc.provenance.pop("date", None)


def parsing_view(text: str) -> str:
    """The text the rules read: Unicode spaces as ASCII spaces, same length and offsets. A
    Windows line end ("\r\n") reads as a space before the newline, an old Mac one ("\r")
    as a newline, so a page saved on any system reads alike."""
    if "\r" in text:
        text = _LONE_CR.sub("\n", text).replace("\r\n", " \n")
    return text.translate(_SPACE_VIEW)


_LONE_CR = re.compile(r"\r(?!\n)")


def _read_document(
    doc: Document, page: SourcePage, text: str, body: Span, authority: Authority, *, wilson: bool
) -> None:
    doc.page_kind = "document"
    if wilson:
        _wilson_identity(doc, text)
    else:
        _frus_identity(doc)
    base = _base_date(doc)
    year = base.year if base else None
    if not doc.texts:
        doc.texts = text_blocks(text, body)
    stated = doc.original_language
    doc.original_language = assign_roles(doc.texts, doc.original_language)
    if stated is None and doc.original_language is not None:
        first = next(b for b in doc.texts if b.language == doc.original_language)
        doc.provenance["original_language"] = Provenance("original_block_first", first.span)
    doc.languages_present = _languages(doc)
    title_number = _title_number(doc)
    if doc.title and wilson:
        _title_people(doc, authority, year)
        _post_author(doc, authority, year)
    if not doc.senders:
        doc.senders = [
            _catalogue_person(c.name, c.span, authority, year) for c in doc.credits if c.role == "author"
        ]
    _read_refs(doc, text)
    addressee = doc.recipients
    # an editor's footnote may quote the message the document answers or caused: read it too
    notes = [b.span.stop for b in doc.texts if b.role == "editorial" and b.span.start >= body.stop]
    reach = Span(body.start, max([body.stop, *notes]))
    children = find_children(
        text, reach, doc.texts, authority, base=base, sender=doc.senders, addressee=addressee
    )
    outer = _outside(split_lines(text, body.start, body.stop), children)
    _date_outside_children(doc, children)
    if wilson:
        doc.envelope = read_envelope(text, outer, authority, base=base, title_number=title_number)
        _signed_number(doc, text, body)
        registered = doc.envelope.provenance.get("number")
        if (
            doc.doc_type in _UNNUMBERED
            and title_number is None
            and not (registered and registered.rule == "register_number_below_copy")
        ):
            # a journal's or diary's "Nº 135" is the covering stamp's, not a message number; the
            # number under its copy line is its outgoing register number ("Outgoing Nº 100")
            doc.envelope.number = doc.envelope.number_span = None
            doc.envelope.provenance.pop("number", None)
            _outgoing_number(doc, outer)
        _envelope_people(doc, outer, authority, year)
        titled = doc.provenance.get("title")
        head_start = min(body.start, titled.span.start) if titled and titled.span else body.start
        head = [line for line in split_lines(text, head_start, body.stop) if line.text]
        _from_to_lines(doc, head, authority, year)
        if all((p.entity_id or "").startswith("place:") for p in doc.recipients):
            # none, or only a place from the title ("From Moscow to Warsaw"): the text's
            # opening addressee names who at that post
            _addressee_line(doc, outer, authority, year)
    if doc.envelope.number is None:
        _number_above_copies(doc, outer)
    doc.copies_to = [entry.person for entry in doc.envelope.distribution]
    if not wilson:
        for_and_from(doc, text, authority)
        _deliver_following(doc, text, body, authority, year or _volume_year(doc))
    records = wilson and doc.doc_type in _RECORDS  # a record of a meeting is nobody's message
    if not records and not any(p.entity_id and p.entity_id.startswith("person:") for p in doc.senders):
        # an undated FRUS document signs in its volume's year ("Lansing", frus1918Russiav01)
        signed = _signature(text, outer, authority, year or _volume_year(doc))
        if not signed and not wilson and _post_sender(doc):
            signed = _post_signature(text, outer, authority)
        if signed:
            signed[0].role = doc.senders[0].as_written if doc.senders else None
            doc.senders = signed
    if wilson and not records and not doc.senders:
        _summary_author(doc, authority, year)
    if not doc.via:
        _sent_via(doc, text, body, authority, year)
    _volume_parties(doc, authority)
    _date_parties(doc, authority, year or _volume_year(doc))
    _despatch_or_instruction(doc, authority, year or _volume_year(doc))
    doc.messages = [_root(doc, body, children)]
    rights = doc.provenance.get("rights")
    doc.mentions = _mentions(text, authority, year, rights.span if rights else None)
    if doc.title is None:
        message = f"{page.path}: no title found (layout {doc.layout})"
        # an archive layout always has a title; a page read by its evidence may have none
        (doc.errors if wilson else doc.warnings).append(message)


# An archive's summary that opens with who sent the record: "Merten summarizes a conversation
# with ...", "Ambassador Drozniak reports on ...". Weaker than any heading: read only when no
# sender was found. Verbs of telling only ("Ho Chi Minh asks", "X recounts" name a speaker).
_SUMMARY_AUTHOR = re.compile(
    r"^(?:(?:Ambassador|Comrade|Chargé d'Affaires|Counselor|Counsellor|Consul|Attaché)\s+)?"
    r"(?P<name>(?:[A-ZÀ-ÞŁŚŻŹČŠŽ][\w.'’-]+\s+){0,3}[A-ZÀ-ÞŁŚŻŹČŠŽ][\w'’-]+)\s+"
    r"(?:summarizes|summarises|reports|informs|writes|describes|relays|conveys|sends|forwards|notifies)\b"
)
_NOT_SUMMARY_AUTHOR = re.compile(
    r"\b(?:The|This|These|A|An|In|On|After|During|Document|Report|Letter|Telegram|Memorandum|Note)\b"
)


def _summary_author(doc: Document, authority: Authority, year: int | None) -> None:
    """The sender an archive's summary names as its first words, when nothing else named one."""
    noted = doc.provenance.get("summary")
    if doc.summary is None or noted is None or noted.span is None:
        return
    found = _SUMMARY_AUTHOR.match(doc.summary)
    if found is None or _NOT_SUMMARY_AUTHOR.search(found.group("name")):
        return
    name = found.group("name")
    at = noted.span.start + found.start("name")
    span = Span(at, at + len(name))
    person = resolve_person(name, authority, year=year, span=span, rule="summary_opening_author")
    if person.entity_id is None or person.entity_id.startswith("person:"):
        doc.senders = [person]


def _wilson_identity(doc: Document, text: str) -> None:
    doc.archive = WILSON_ARCHIVE
    doc.provenance["archive"] = Provenance("wilson_layout")
    cited = citation_title(doc, text)
    if cited and (doc.title is None or doc.title.isupper() or _is_sentence(doc.title)):
        doc.set("title", cited[0], "citation_title", cited[1])
    if doc.record_id:
        doc.id = f"wda:{doc.record_id}"
        _canonical_url(doc)
    _wilson_date(doc, text)
    if doc.doc_type is None and doc.title:
        _type_from_title(doc)


def _frus_identity(doc: Document) -> None:
    """A page whose record id is a FRUS document's ("frus1951v07p1/d754", from its address
    or its file name) is that FRUS document, whatever its layout (a source note without a
    type, no note at all, a reprint): the archive is FRUS, so the record joins the archive
    facet, merges with the other renderings of the document (the record key is archive and
    id) and is cited at history.state.gov."""
    if doc.archive is None and doc.record_id and FRUS_RECORD.match(doc.record_id):
        doc.archive = FRUS_ARCHIVE
        doc.provenance["archive"] = Provenance("frus_record_id")
        if doc.url is None:
            doc.url = FRUS_DOCUMENT_URL.format(id=doc.record_id)
            doc.provenance["url"] = Provenance("canonical_frus_url")


WILSON_DOCUMENT_URL = "https://digitalarchive.wilsoncenter.org/document/{id}"
FRUS_DOCUMENT_URL = "https://history.state.gov/historicaldocuments/{id}"
FRUS_ARCHIVE = "FRUS"


def _canonical_url(doc: Document) -> None:
    """Citations carry the archive's address for the record, never a mirror's or a staging
    host's (the address as printed stays in the provenance's span)."""
    assert doc.record_id is not None
    canonical = WILSON_DOCUMENT_URL.format(id=doc.record_id)
    if doc.url == canonical:
        return
    printed = doc.provenance.get("url")
    if doc.url:
        doc.warnings.append(f"address {doc.url} cited as the archive's {canonical}")
    doc.url = canonical
    doc.provenance["url"] = Provenance("canonical_wilson_url", printed.span if printed else None)


def _is_sentence(title: str) -> bool:
    """A summary taken for a title: a long sentence ending in a full stop."""
    return title.endswith(".") and len(title.split()) > 12


def _wilson_date(doc: Document, text: str) -> None:
    line = doc.provenance.get("date_line")
    if line and line.span:
        date = parse_date(line.span.of(text))
        date.span, date.rule = line.span, "date_line"
        doc.date = date
        return
    cited = doc.provenance.get("citation_title")
    if cited and cited.span:
        found = _CITATION_DATE.match(text, cited.span.stop)
        if found:
            date = parse_date(found.group("date"))
            date.span, date.rule = Span(found.start("date"), found.end("date")), "citation_date"
            doc.date = date


def _type_from_title(doc: Document) -> None:
    assert doc.title is not None
    best: tuple[int, str] | None = None
    for pattern, name in DOC_TYPES:
        found = pattern.search(doc.title)
        if found and (best is None or found.start() < best[0]):
            best = (found.start(), name)
    if best:
        doc.doc_type = best[1]
        doc.provenance["doc_type"] = Provenance("type_from_title", doc.provenance["title"].span)


def _base_date(doc: Document) -> dt.date | None:
    if doc.date and doc.date.iso and doc.date.precision:
        iso = doc.date.iso
        return dt.date(
            int(iso[:4]), int(iso[5:7] or 1) if len(iso) >= 7 else 1, int(iso[8:10]) if len(iso) >= 10 else 1
        )
    return None


def _languages(doc: Document) -> list[str]:
    seen: list[str] = []
    for block in doc.texts:
        if block.language and block.role != "editorial" and block.language not in seen:
            seen.append(block.language)
    return seen


def _title_number(doc: Document) -> tuple[str, Span] | None:
    if not doc.title:
        return None
    found = _TITLE_NUMBER.search(doc.title)
    title_span = doc.provenance["title"].span
    if not found or title_span is None:
        return None
    start = title_span.start + found.start("number")
    return found.group("number"), Span(start, start + len(found.group("number")))


def _title_people(doc: Document, authority: Authority, year: int | None) -> None:
    assert doc.title is not None
    span = doc.provenance["title"].span
    date = doc.date.iso if doc.date else None  # an office named without a name is dated by it
    parties = parse_title_parties(doc.title, span.start if span else 0, authority, year=year, date=date)
    doc.senders, doc.recipients, doc.via = parties.senders, parties.recipients, parties.via
    if parties.origin:
        doc.envelope.origin = parties.origin


_NAME = r"[A-ZÀ-ÖØ-Þ][\w’'-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w’'-]+){1,2}"
_OFFICER = (
    r"(?:Ambassador|Charg[ée] d[’']Affaires(?:\s+ad\s+interim)?|Minister|Counsellor|Counselor|"
    r"Consul(?:\s+General)?|Attach[ée]|First Secretary|Envoy)"
)
# "Report from Zsigmond Csuka (Chargé d’Affaires ad interim in Pyongyang) in which he ..."
_SUMMARY_FROM = re.compile(
    rf"\b(?:Report|Telegram|Cable|Letter|Note|Memorandum)\s+(?:from|by)\s+(?P<name>{_NAME})\b"
)
# "Hungarian Ambassador to North Korea József Kovács details a conversation ..."
_SUMMARY_OFFICER = re.compile(
    rf"\b{_OFFICER}\b[^.;]{{0,60}}?\s(?P<name>[A-ZÀ-ÖØ-Þ][\w’'-]+\s+[A-ZÀ-ÖØ-Þ][\w’'-]+)\s+"
    r"(?:details|reports|describes|informs|writes|discusses|relays|conveys|summarizes|summarises|"
    r"recounts|sends|analyzes|analyses|assesses|outlines|notes|explains|comments)\b"
)
_POST_NAME = re.compile(r"\b(?:Embassy|Legation|Consulate|Mission)\b")


def _post_author(doc: Document, authority: Authority, year: int | None) -> None:
    """A record the title says a post sent ("Report, Embassy of Hungary in North Korea to
    ...") whose archive summary names the diplomat who wrote it ("Report from Zsigmond
    Csuka (Chargé ...)", "Hungarian Ambassador to North Korea József Kovács details ..."):
    the diplomat is the sender, the post his role."""
    summary = doc.provenance.get("summary")
    if not doc.senders or not doc.summary or summary is None:
        return
    if not all(_POST_NAME.search(p.role or p.as_written) for p in doc.senders):
        return
    found = _SUMMARY_FROM.search(doc.summary) or _SUMMARY_OFFICER.search(doc.summary)
    if found is None or _POST_NAME.search(found.group("name")):
        return
    span = summary.span
    at = span.start + found.start("name") if span is not None else None
    person = resolve_person(
        found.group("name"),
        authority,
        year=year,
        span=Span(at, at + len(found.group("name"))) if at is not None else None,
        rule="summary_author",
    )
    person.role = doc.senders[0].role or doc.senders[0].as_written
    doc.senders = [person]


def _read_refs(doc: Document, text: str) -> None:
    refs = list(doc.archive_refs)
    for field in ("source_note", "citation"):
        prov = doc.provenance.get(field)
        if prov and prov.span:
            refs += find_archive_refs(text, prov.span.start, prov.span.stop)
    cited = doc.provenance.get("citation")
    if not refs and cited and cited.span:
        refs += _cited_archive(text, cited.span)
    note = doc.provenance.get("source_note")
    if not refs and note and note.span:
        refs += _noted_archive(text, note.span)
    if not refs and doc.layout == "evidence":  # a page with no source line may print one at its head or foot
        refs += find_archive_refs(text, 0, min(len(text), _REF_REACH))
        if len(text) > _REF_REACH:
            refs += find_archive_refs(text, max(_REF_REACH, len(text) - _REF_REACH), len(text))
    doc.archive_refs = dedupe_refs(refs)


_REF_REACH = 20_000  # characters from each end of a page where a printed archive reference is looked for
# Where an archive's source line stops naming the archive: the translator's and publisher's credits.
_CREDITS = re.compile(
    r"[.;]\s+(?:Translated|Reprinted|Obtained|Contributed|Originally|Published|Included|Courtesy|"
    r"Trans\.|Provided|Donated|Made available)\b|\.?\s+https?://|\.\s*$"
)


def _noted_archive(text: str, span: Span) -> list[ArchiveRef]:
    """ "PRC FMA 106-01403-02, 35. Translated by ...", "Archive of Modern Records, Warsaw (AAN),
    KC PZPR, XIA/1273. Obtained ...": the source line up to its credits, as printed, when no
    fond/opis form was found in it."""
    line_stop = text.find("\n", span.start, span.stop)
    stop = span.stop if line_stop < 0 else line_stop
    found = _CREDITS.search(text, span.start, stop)
    end = found.start() if found else stop
    ref = text[span.start : end].strip(" .,;")
    if len(ref) < 4 or ref.startswith(("Translated", "Obtained", "Contributed", "Originally", "Published")):
        return []
    at = text.index(ref, span.start)
    return [ArchiveRef(text=ref, span=Span(at, at + len(ref)), rule="source_line_archive")]


# The citation's archival part: after "... Digital Archive," up to the credits or the address.
_CITED_ARCHIVE = re.compile(
    r"Digital Archive,\s+(?P<ref>(?!Translated|Obtained|Contributed|Originally|https?:)[^\n]{4,300}?)"
    r"(?=\.\s+(?:Translated|Obtained|Contributed|Originally|Published|Included|Courtesy|Document|Trans\.)|"
    r"\.?\s+https?://|\.?\s*$)"
)


def _cited_archive(text: str, span: Span) -> list[ArchiveRef]:
    """ "Digital Archive, MOL, XIX-J-1-k Korea, 9. doboz, 18/g, 00303/1954. Translated by ...":
    the archive's own reference, as printed, when no fond/opis form was found."""
    found = _CITED_ARCHIVE.search(text, span.start, span.stop)
    if found is None or not any(c.isdigit() for c in found.group("ref")):
        return []
    ref = found.group("ref").rstrip(" .")
    return [
        ArchiveRef(
            text=ref, span=Span(found.start("ref"), found.start("ref") + len(ref)), rule="citation_archive"
        )
    ]


# "S H T Y K O V" / "No. 1351": the sender's own number under the signature, on its line
# or (PDF text) after it on the same line.
_SIGNED_NUMBER = re.compile(
    r"(?m)^(?:[A-ZА-Я] ){3,}[A-ZА-Я]\.?\s+(?:No\.|Nº|№)\s*(?P<number>\d{2,7}(?:/\w+)?)\b"
)


_FOOT_NUMBER = re.compile(r"^(?:No\.|Nº|№)\s*(?P<number>\d{2,7})(?:/(?P<suffix>[a-zа-я]{1,4}))?\.?$")
_COPIES = re.compile(r"^(?:Copies|Copies to|Разослано|Экз)\b\s*:?", re.IGNORECASE)


def _number_above_copies(doc: Document, lines: list[Line]) -> None:
    """A cipher telegram's own number at its foot, just above the distribution of its copies
    ("No. 1154/sh." / "Copies: Stalin (2), Molotov, ..."); a number above anything else (an
    enclosure, a stamp: seed wilson/008's "No. 1351") stays what it was."""
    for index, line in enumerate(lines):
        found = _FOOT_NUMBER.match(line.text.strip())
        if found is None or not any(_COPIES.match(x.text.strip()) for x in lines[index + 1 : index + 3]):
            continue
        at = line.start + line.text.index(found.group("number"))
        doc.envelope.number = found.group("number")
        doc.envelope.number_suffix = found.group("suffix")
        doc.envelope.number_span = Span(at, at + len(found.group("number")))
        doc.envelope.provenance["number"] = Provenance("number_above_copies", doc.envelope.number_span)
        stamp = f"No. {found.group('number')} "
        doc.envelope.stamps = [s for s in doc.envelope.stamps if not s.startswith(stamp)]
        return


def _signed_number(doc: Document, text: str, body: Span) -> None:
    """Kept as a stamp ("No. 1351 (under the signature)"): a relay of the same text carries
    the same line, so it is no number to link by."""
    for found in _SIGNED_NUMBER.finditer(text, body.start, body.stop):
        number = found.group("number")
        stamp = f"No. {number} (under the signature)"
        if number != doc.envelope.number and stamp not in doc.envelope.stamps:
            doc.envelope.stamps.append(stamp)
            span = Span(found.start("number"), found.end("number"))
            doc.envelope.provenance.setdefault("signed_number", Provenance("number_under_signature", span))


_OUTGOING = re.compile(r"^Outgoing\s+(?:No\.?|Nº|№)\s*(?P<number>\d{1,6}(?:/[\w-]+)?)\.?$", re.IGNORECASE)


def _outgoing_number(doc: Document, lines: list[Line]) -> None:
    """A journal or diary sent on to the ministry under its own "Outgoing Nº 100" line."""
    for line in lines[:30]:
        found = _OUTGOING.match(line.text.strip())
        if found:
            start = line.start + (len(line.text) - len(line.text.lstrip())) + found.start("number")
            doc.envelope.number = found.group("number")
            doc.envelope.number_span = Span(start, start + len(found.group("number")))
            doc.envelope.provenance["number"] = Provenance("outgoing_number", doc.envelope.number_span)
            return


def _outside(lines: list[Line], children: list[Message]) -> list[Line]:
    spans = [c.span for c in children if c.span]
    return [line for line in lines if line.text and not any(s.start <= line.start < s.stop for s in spans)]


def _envelope_people(doc: Document, lines: list[Line], authority: Authority, year: int | None) -> None:
    destination, via, final = read_channel(lines, authority, year=year)
    if destination:
        doc.envelope.destination = destination
    doc.envelope.channel = via
    if not doc.via and via:
        doc.via = via
    if not doc.recipients:
        doc.recipients = final or read_addressee(lines, authority, year=year)
    elif all((p.entity_id or "").startswith("place:") for p in doc.recipients):
        # the title says "to Bucharest", the form's "To: Comrade Constantin Oancea" says who
        named = final or read_addressee(lines, authority, year=year) or _to_person(lines, authority, year)
        if named and not any((p.entity_id or "").startswith("place:") for p in named):
            doc.envelope.destination = doc.envelope.destination or doc.recipients[0].name
            doc.recipients = named


_TO_PERSON = re.compile(
    r"^To:\s*(?:(?:Comrade|Cde\.|Mr\.|Mrs\.|Tov\.)\s+)?(?P<name>[A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w'’-]+){1,2})\.?$"
)


def _to_person(lines: list[Line], authority: Authority, year: int | None) -> list[PersonRef]:
    """ "To: Comrade Constantin Oancea" on a form's own line: the addressee by name, known
    to the authority or not."""
    for line in lines[:15]:
        found = _TO_PERSON.match(line.text.strip())
        if found:
            at = line.start + line.text.index(found.group("name"))
            person = resolve_person(
                found.group("name"), authority, year=year, span=Span(at, at + len(found.group("name"))),
                rule="envelope_to_name",
            )
            return [] if (person.entity_id or "").startswith(("place:", "org:")) else [person]
    return []


# A form's own envelope lines: "From: [Ambassador Boleslaw] JELEN1", "To: KRAJEWSKI, EYES ONLY",
# "From: Head of the Tenth Direction" (an editor's bracket kept, a footnote mark and a handling
# mark dropped).
_FORM_LINE = re.compile(
    r"^(?P<field>From|To):\s*(?P<name>[^\n:]{2,70}?)\d{0,2}(?:,\s*(?:EYES ONLY|PERSONAL(?:LY)?|URGENT|SECRET|"
    r"TOP SECRET|IMMEDIATE)\b.*)?\d{0,2}\.?$",
    re.IGNORECASE,
)
_FORM_HONOUR = re.compile(
    r"^(?:(?:Comrade|Cde\.|Mr\.|Mrs\.|Tov\.|Ambassador|Minister|Consul|Charg[ée] d[’']Affaires)\s+)+"
)


# "[Foreign Ministry Director Eugeniusz] MILNIKIEL": the editor's bracket holds the office and
# the given name before the surname the form prints
_BRACKET_BEFORE_SURNAME = re.compile(r"^\[(?P<inside>[^\]]{2,60})\]\s*(?P<surname>[A-ZÀ-ÞŁŚŻŹĆŃ][\w'’-]+)$")
_ROLE_WORD = re.compile(
    r"^(?:Foreign|Ministry|Minister|Director|General|Deputy|Vice|First|Second|Third|Chief|Head|Acting|"
    r"Ambassador|Secretary|Consul|Counsell?or|Chargé|Charge|Attaché|Department|Affairs|Office|Embassy|"
    r"Comrade|Cde\.|Premier|Chairman|President|Prime|Party|Central|Committee|Undersecretary|Under)$"
)


def _bracketed_given_name(name: str) -> tuple[str, str] | None:
    """ "[Foreign Ministry Director Eugeniusz] MILNIKIEL" -> ("Eugeniusz Milnikiel", "Foreign
    Ministry Director"): the capitalised words that end the bracket, up to its first office
    word from the right, are the given names; the words before them the office."""
    found = _BRACKET_BEFORE_SURNAME.match(name)
    if found is None:
        return None
    words = found.group("inside").split()
    cut = len(words)
    while cut > 0 and words[cut - 1][:1].isupper() and not _ROLE_WORD.match(words[cut - 1]):
        cut -= 1
    if cut == len(words) or cut == 0:
        return None  # no given name ("[Foreign Minister] Comrade Czyrek"), or no office before it
    if not _FORM_HONOUR.sub("", " ".join(words[:cut]) + " ").strip():
        return None  # "[Ambassador Boleslaw] JELEN": the honour is dropped as before
    surname = found.group("surname")
    surname = surname.title() if surname.isupper() else surname
    return " ".join([*words[cut:], surname]), " ".join(words[:cut])


def _form_party(line: Line, found: re.Match[str], authority: Authority, year: int | None) -> PersonRef:
    value = found.group("name").strip()
    at = line.start + found.start("name")
    span = Span(at, line.start + found.end("name"))
    given = _bracketed_given_name(value)
    if given is not None:
        person = resolve_person(given[0], authority, year=year, span=span,
                                rule=f"form_{found.group('field').lower()}+bracketed_given_name")
        person.as_written, person.role = value, person.role or given[1]
        return person
    name = value.replace("[", "").replace("]", "")
    bare = _FORM_HONOUR.sub("", name)
    name = bare if bare[:1].isupper() else name  # "Minister of the Revolutionary Armed Forces" stays
    if name.isupper() or any(w.isupper() and len(w) > 2 for w in name.split()):
        name = " ".join(w.title() if w.isupper() and len(w) > 2 else w for w in name.split())
    rule = f"form_{found.group('field').lower()}"
    person = resolve_person(name, authority, year=year, span=span, rule=rule)
    person.as_written = value
    return person


def _from_to_lines(doc: Document, lines: list[Line], authority: Authority, year: int | None) -> None:
    """A record's own "From:" and "To:" lines near its head say who wrote to whom more closely
    than its title: they fill parties the title does not name, and a signer named on the form
    ("From: [Ambassador Boleslaw] JELEN") replaces the post the title names ("Polish Embassy in
    Havana (Jeleń)"), the post kept as his role. A place or a body on the form changes nothing
    the title already says ("FROM: PYONGYANG")."""
    found_lines = [(line, m) for line in lines[:25] if (m := _FORM_LINE.match(line.text.strip()))]
    for line, found in found_lines:
        person = _form_party(line, found, authority, year)
        if not person.name or (person.entity_id or "").startswith("place:"):
            continue
        field = "senders" if found.group("field").lower() == "from" else "recipients"
        current: list[PersonRef] = getattr(doc, field)
        if not current:
            setattr(doc, field, [person])
        elif len(current) == 1 and _post_or_holder(current[0], person):
            person.role = current[0].role or current[0].as_written
            setattr(doc, field, [person])


# "[To] the Ministry of Foreign Affairs:", "To [Foreign Minister] Comrade Czyrek:" opening the text
_ADDRESSEE_LINE = re.compile(r"^(?:\[To\]|To)\s+(?P<to>[^:\n]{3,70}?)\s*:$")


def _addressee_line(doc: Document, lines: list[Line], authority: Authority, year: int | None) -> None:
    """A telegram that opens with its addressee ("[To] the Ministry of Foreign Affairs:") is to
    that party, a body or a person the authority may not know; the editor's bracketed office
    before a name is dropped ("To [Foreign Minister] Comrade Czyrek:")."""
    for line in lines[:8]:
        found = _ADDRESSEE_LINE.match(line.text.strip())
        if found is None:
            continue
        value = found.group("to")
        name = re.sub(r"^\[[^\]]+\]\s*", "", value)
        at = line.start + line.text.index(value)
        span = Span(at, at + len(value))
        person = resolve_person(name, authority, year=year, span=span, rule="addressee_line")
        if person.name and not (person.entity_id or "").startswith("place:"):
            person.as_written = value
            doc.recipients = [person]
        return


# "Will you please deliver the following message to Marshal Stalin at once:": the addressee is
# asked to pass the message on, so he is its intermediary and the named person its recipient (a
# note that itself "has the honor to transmit" a message is the sender's own, not a relay)
_DELIVER_FOLLOWING = re.compile(
    r"\b(?:[Ww]ill you (?:please )?|[Pp]lease |[Kk]indly |[Yy]ou should )"
    r"(?:deliver|transmit|pass(?: on)?|hand|convey)\s+(?:the\s+following|this)\s+(?:personal\s+|urgent\s+)?"
    r"(?:message|letter|communication)\s+(?:from\s+[^\n:]{2,60}?\s+)?to\s+(?P<to>[^\n:,]{2,60}?)"
    r"(?:\s+(?:at once|immediately|without delay|as soon as possible))?\s*[:.]"
)


def _deliver_following(doc: Document, text: str, body: Span, authority: Authority, year: int | None) -> None:
    if len(doc.recipients) != 1 or doc.via:
        return
    found = _DELIVER_FOLLOWING.search(text, body.start, min(body.stop, body.start + 1500))
    if found is None:
        return
    span = Span(found.start("to"), found.end("to"))
    final = resolve_person(found.group("to"), authority, year=year, span=span, rule="deliver_following")
    if final.entity_id and final.entity_id.startswith("person:"):
        doc.via = doc.recipients
        doc.recipients = [final]


def _post_or_holder(title_party: PersonRef, form_party: PersonRef) -> bool:
    """Whether the title names the form's person less closely: a post where the form names a
    person, or the same surname without the given name."""
    if (form_party.entity_id or "").startswith(("org:", "place:")):
        return False
    if (title_party.entity_id or "").startswith("person:"):
        return False
    personal = len(form_party.name.split()) >= 2 and not _POST_NAME.search(form_party.name)
    if title_party.rule.endswith("bracketed_holder+unresolved"):
        title_surname = _fold_name(title_party.name).split()[-1]
        return personal and _fold_name(form_party.name).split()[-1] == title_surname
    return personal and bool(_POST_NAME.search(title_party.role or title_party.as_written))


def _fold_name(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


_RECORDS = frozenset(
    {"Record of Conversation", "Memorandum of Conversation", "Journal", "Diary", "Discussion", "Minutes",
     "Conversation", "Telephone Conversation", "Transcript", "Working Notes"}
)
_NOT_SIGNATURE = re.compile(r"^(?:OF|FROM|BETWEEN|WITH)\b|.*\bAND\b", re.IGNORECASE)
_COMPLETED = re.compile(r"(?<=[A-Za-z])\[([a-z]+)\]")
_SIGNATURE_LINE = re.compile(r"^(?P<name>[A-ZА-Я][A-ZА-Я .\[\]a-z-]{2,40}?)[.”\"]*$")


def _signature(text: str, lines: list[Line], authority: Authority, year: int | None) -> list[PersonRef]:
    """The sender's name on a line of its own near the foot: "RAZUVAEV", "S H T Y K O V",
    or, on the last lines of the text, a plain "Muccio"."""
    # the editor's footnotes and the site's own links below the text do not move the
    # signature off the foot
    tail = [line for line in without_trailer(lines) if not _FOOTNOTE_LINE.match(line.text.lstrip())]
    # a signature follows the text: a line in capitals above the first line of prose is a heading
    # (the first line of prose may open with its telegram number: "78. Your 101, April 15")
    prose = next((line.start for line in lines if len(line.text) > 80), None)
    for distance, line in enumerate(reversed(tail)):
        if prose is None or line.start <= prose:
            break
        found = _SIGNATURE_LINE.match(line.text)
        if not found or _NOT_SIGNATURE.match(line.text):
            continue
        words = line.text.split()
        shouting = words[0].isupper()
        if not shouting and (distance > 2 or len(words) > 3 or not line.text[0].isupper()):
            continue
        # an initialled signature the editor completed: "C[ordell] H[ull]" is Cordell Hull
        name = _COMPLETED.sub(r"\1", found.group("name"))
        person = resolve_person(
            name,
            authority,
            year=year,
            span=Span(line.start, line.start + len(found.group("name"))),
            rule="signature_line" if name == found.group("name") else "signature_line_completed",
        )
        if person.entity_id and person.entity_id.startswith("person:"):
            return [person]
    return []


# A site's own lines under the text: sharing and social links, contact, copyright, back to top
_SITE_TRAILER = re.compile(
    r"^(?:Share(?: this(?: page| article| document)?)?|Print(?: this page)?|E-?mail(?: this page)?|Twitter|"
    r"Facebook|LinkedIn|YouTube|Instagram|Reddit|Pinterest|WhatsApp|Tumblr|RSS|Subscribe|"
    r"Follow us.*|Contact(?: us)?|Back to top|Top|Feedback|Privacy(?: Policy)?|Terms(?: of (?:Use|Service))?|"
    r"Accessibility|Cookies?(?: Policy| settings)?|Sitemap|Site map|Copyright.*|©.*|All rights reserved.*)"
    r"[ .:|]*$",
    re.IGNORECASE,
)


def without_trailer(lines: list[Line]) -> list[Line]:
    """The lines without the run of the site's own lines (share, social, contact, copyright)
    that closes the page: a signature or a last line of text is read above them."""
    end = len(lines)
    while end and (not lines[end - 1].text.strip() or _SITE_TRAILER.match(lines[end - 1].text.strip())):
        end -= 1
    return lines[:end]


_POST = re.compile(r"^(?:the\s+)?(?:Embassy|Legation|Mission|Delegation|Consulate|Consulate General)\b", re.I)
_FOOTNOTE_LINE = re.compile(r"^(?:[-•*]\s|\d{1,2}\.\s|Source:|\[Page)")
_SIGNED_SURNAME = re.compile(r"^(?P<name>[A-Z][a-z’'A-Z-]+|[A-Z]{3,})\.?$")


# "Sent to the Department via Peiping. Repeated to Chungking.": the post that relayed it
_SENT_VIA = re.compile(
    r"(?m)^Sent to (?:the )?(?:Department|[A-Z][\w ]{2,40}?) via "
    r"(?P<via>[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?)[.,]"
)


def _sent_via(doc: Document, text: str, body: Span, authority: Authority, year: int | None) -> None:
    found = _SENT_VIA.search(text, body.start, body.stop)
    if found is not None:
        at = found.start("via")
        doc.via = [
            resolve_person(found.group("via"), authority, year=year, span=Span(at, found.end("via")),
                           rule="sent_via")
        ]


_PRESIDENT = re.compile(r"^(?:the\s+)?President\s+(?P<surname>[A-Z][\w'-]+)$")
_BARE_NAME = re.compile(r"^(?:[A-Z]\.\s?)*[A-Z][\w’'-]+$")


def _volume_year(doc: Document) -> int | None:
    """An undated FRUS document is of its volume's (first) year: frus1935v02 -> 1935."""
    found = FRUS_VOLUME_YEARS.match(doc.record_id or "")
    return int(found.group("first")) if found else None


def _volume_parties(doc: Document, authority: Authority) -> None:
    """A FRUS document's party named by surname alone ("Barnes", "(MacArthur)") is the one person
    of that surname in its volume's persons list, where the list names one: the Counselor of
    1954 is Douglas MacArthur II, not the general the surname alone would give."""
    found = FRUS_RECORD.match(doc.record_id or "")
    if found is None or authority.archive is None:
        return
    volume = found.group("volume")
    for name in ("senders", "recipients", "via"):
        people: list[PersonRef] = getattr(doc, name)
        for index, person in enumerate(people):
            surname = person.as_written.strip()
            by_surname = person.entity_id is None or person.rule.endswith("+surname")
            if not by_surname or not _BARE_NAME.match(surname) or "." in surname:
                continue
            ids = authority.archive.in_volume(name_key(surname), volume)
            entity = authority.get(ids[0]) if len(ids) == 1 else None
            if entity is None or entity.id == person.entity_id:
                continue
            people[index] = PersonRef(
                person.as_written, entity.name, entity.id, person.span,
                f"{person.rule}+in_volume_{volume}", role=person.role,
            )


def _date_parties(doc: Document, authority: Authority, year: int | None) -> None:
    """A party the page names by surname alone ("Mr. Adams", "the Ambassador in Germany
    (Dodd)", "T. F. Bayard") is the one person of that name active in the document's year;
    a name that fits none or several stays as read."""
    if year is None:
        return
    for name in ("senders", "recipients", "via"):
        people: list[PersonRef] = getattr(doc, name)
        for index, person in enumerate(people):
            if person.entity_id is not None or not _BARE_NAME.match(person.name.strip()):
                continue
            titled = _PRESIDENT.match(person.as_written.strip())
            full = us_president(titled.group("surname"), year) if titled else None
            if full is not None:  # "President Wilson" in 1917: the one president of that name then
                match = authority.lookup(full, year=year, kind="person")
                if match is not None:
                    people[index] = PersonRef(
                        person.as_written, match.entity.name, match.entity.id, person.span,
                        f"{person.rule}+president_in_{year}", role=person.role,
                    )
                    continue
            match = authority.lookup(person.name.strip(), year=year, kind="person")
            if match is None or match.entity.kind != "person":
                continue
            people[index] = PersonRef(
                person.as_written,
                match.entity.name,
                match.entity.id,
                person.span,
                f"{person.rule}+in_year_{year}+{match.rule}",
                role=person.role,
            )


def _despatch_or_instruction(doc: Document, authority: Authority, year: int | None) -> None:
    """An old "Mr. A to Mr. B" heading: what the Secretary of State sends is an instruction,
    what he receives a despatch; which of the two held the office is known once the parties
    are dated."""
    typed = doc.provenance.get("doc_type")
    if year is None or typed is None or typed.rule != "despatch_or_instruction":
        return

    def secretary(people: list[PersonRef]) -> bool:
        for person in people:
            entity = authority.get(person.entity_id) if person.entity_id else None
            if entity is not None and any(
                r.role == "Secretary of State" and (r.start_year or 0) <= year <= (r.end_year or year)
                for r in entity.roles
            ):
                return True
        return False

    kind = "Instruction" if secretary(doc.senders) else "Despatch" if secretary(doc.recipients) else None
    if kind is not None and kind != doc.doc_type:
        doc.set("doc_type", kind, "secretary_sends_instructions", typed.span)


def _post_sender(doc: Document) -> bool:
    """The heading names a post ("the Legation in Hungary"), not the person who signed."""
    return bool(doc.senders) and all(
        _POST.match(p.role or p.name) and not (p.entity_id or "").startswith("person:") for p in doc.senders
    )


def _post_signature(text: str, lines: list[Line], authority: Authority) -> list[PersonRef]:
    """A post's telegram signed with the head of post's surname on the last line ("Barnes",
    "SCHOENFELD"): the signer, widened to the fullest form of the name the page prints."""
    from cablegraph.parse.frus_text import widen_person

    tail = [line for line in without_trailer(lines)[-12:] if not _FOOTNOTE_LINE.match(line.text)]
    for line in reversed(tail[-3:]):
        found = _SIGNED_SURNAME.match(line.text)
        if found:
            name = found.group("name")
            name = name.title() if name.isupper() else name
            person = resolve_person(name, authority, span=Span(line.start, line.stop), rule="post_signature")
            return [widen_person(person, text, authority)]
    return []


def _catalogue_person(name: str, span: Span | None, authority: Authority, year: int | None) -> PersonRef:
    """ "Mao, Zedong" is Mao Zedong, "Stalin, Joseph" is Joseph Stalin: try both orders."""
    surname, _, given = name.partition(", ")
    orders = [f"{given} {surname}", f"{surname} {given}"] if given else [name]
    for order in orders:
        person = resolve_person(order, authority, year=year, span=span, rule="author_field")
        if person.entity_id:
            return person
    return resolve_person(orders[0], authority, year=year, span=span, rule="author_field")


def _root(doc: Document, body: Span, children: list[Message]) -> Message:
    kind = (doc.doc_type or "document").lower()
    return Message(
        kind=kind,
        authors=list(doc.senders),
        recipients=list(doc.recipients),
        via=list(doc.via),
        copies_to=list(doc.copies_to),
        date=doc.date,
        span=body,
        rule="document",
        action="sent",
        children=children,
    )


def _mentions(text: str, authority: Authority, year: int | None, skip: Span | None = None) -> list[Mention]:
    """Every name in the page, except in ``skip`` (the archive's rights boilerplate)."""
    parts = [(0, len(text))] if skip is None else [(0, skip.start), (skip.stop, len(text))]
    return [
        Mention(
            text=m.as_written,
            kind=m.entity.kind,
            start=m.start,
            stop=m.stop,
            entity_id=m.entity.id,
            name=m.entity.name,
            rule=m.rule,
            confidence=m.confidence,
        )
        for start, stop in parts
        for m in authority.find_mentions(text, year=year, start=start, stop=stop)
    ]


def _several(
    first: Document, page: SourcePage, text: str, lines: list[Line], starts: list[int], authority: Authority
) -> list[Document]:
    """A page that holds several documents (an old FRUS page, a volume's page scan): one
    Document for each, and one for the text before the first heading when it says more
    than a few words."""
    content = [line for line in lines if line.text]
    bounds = [content[i].start for i in starts] + [len(text)]
    parts: list[tuple[int, int]] = []
    if _has_substance([line for line in content if line.start < bounds[0]]):
        parts.append((0, bounds[0]))
    parts += [(bounds[i], bounds[i + 1]) for i in range(len(starts))]
    docs: list[Document] = []
    for number, (start, stop) in enumerate(parts):
        doc = first if number == 0 else Document(id=f"{first.id}#{number + 1}")
        doc.provenance["tool"] = first.provenance["tool"]
        part = [line for line in lines if start <= line.start < stop]
        body = read_any(doc, text, part, authority, page.path)
        _read_document(doc, page, text, body, authority, wilson=False)
        doc.layout = "evidence:several"
        docs.append(doc)
    return docs


def _has_substance(lines: list[Line]) -> bool:
    """Some text beyond a few words: a sentence or two of a document."""
    letters = 0
    for line in lines:
        letters += len(_LETTER.findall(line.text))
        if letters >= 120:
            return True
    return False


_LETTER = re.compile(r"[^\W\d_]")


def _read_unknown(doc: Document, text: str, lines: list[Line], authority: Authority) -> None:
    """Neither a document nor a listing: keep what can still be read."""
    doc.page_kind = "unknown"
    first = next((line for line in lines if line.text), None)
    if first is not None and len(first.text) < 200:
        doc.set("title", first.text, "first_line_unknown", first.span)
    dates: list[DateValue] = [d for d in find_dates(text, stop=min(len(text), 5000)) if d.iso]
    if dates:
        doc.date = dates[0]
    year = doc.year
    doc.mentions = _mentions(text, authority, year)
    doc.warnings.append("page layout not recognised: neither a document nor a listing")
