"""Any page that holds a document, whatever its layout: find the core, then read each field
from its own evidence.

Used when no archive's layout (Wilson, FRUS source note, cable headers) explains the page.
Each reader looks for its own evidence anywhere in the head of the page and keeps the span
and the rule that found it:

- title: a FRUS heading with its number ("136. Memorandum of Conversation", "45. Telegram
  From the Embassy in the Soviet Union to the Department of State"), a heading that says
  who wrote to whom ("Telegram From the Mission ... to the Department of State", "Mr. Adams
  to Mr. Seward"), a reading-room record's title, else the first line of substance;
- date: a dateline ("New York, October 31, 1962, 10 p.m.", "JUNE 26, 1950", "London,
  August 23, 1861."), a catalogue's "Publication Date:", else a date in the title;
- number: the first token after the heading or dateline ("1579. For Secretary ..."),
  "No. 1216.]", "Nº 6";
- parties: the heading's "from ... to ...", a surname widened to the full name the page
  prints ("Mr. Adams" -> "Charles Francis Adams" from the address line);
- source notes: "Source: ..." anywhere, lot files, name files, decimal files;
- record id: a FRUS document address or a CIA reading-room number printed on the page, or
  a FRUS document id in the file's name ("frus1950v07-d63") when the page does not print it.
"""

from __future__ import annotations

import re
from itertools import pairwise

from cablegraph.model import ArchiveRef, DateValue, Document, PersonRef, Provenance, Span
from cablegraph.parse.dates import find_dates, parse_date
from cablegraph.parse.kinds import RECORD_KINDS, alternation
from cablegraph.parse.lines import Line, squash
from cablegraph.parse.people import resolve_person
from cablegraph.resolve import Authority
from cablegraph.resolve.presidents import us_president_in

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_KINDS = (
    r"(?:Circular\s+)?Telegram|Memorandum(?:\s+of\s+Conversation)?|Letter|Editorial Note|Note|Despatch|"
    r"Instruction|Airgram|Paper|Report|Minutes|Message|Record of (?:a )?Conversation|Summary|Draft|"
    r"Notes|National Intelligence Estimate|Special National Intelligence Estimate|Intelligence Memorandum|"
    r"Briefing Paper|Editorial|Cable|Ciphered [Tt]elegram|Record|Diary|Journal|Statement|Directive|"
    # the later volumes' kinds: "63. Position Paper for the United States Delegation/1/"
    r"Position Paper|Background Paper|Talking Paper|Talking Points|Transcript|"
    r"Intelligence (?:Note|Brief|Report)|"
    r"National Security (?:Decision|Action|Study) Memorandum|Policy Information Statement|Aide-M[ée]moire|"
    r"Backchannel Message|Research Memorandum|Information Memorandum|Action Memorandum"
)
# "136. Memorandum of Conversation0" (a footnote mark may follow), "620. Letter 44 from ..."
NUMBERED_HEADING = re.compile(
    rf"^(?P<number>\d{{1,4}})\.\s+(?P<title>(?:{_KINDS})\b[^\n]{{0,300}}?)\s*(?:\d{{0,2}}|/\d{{1,2}}/)$"
)
# "Telegram From the Mission to the United Nations to the Department of State"
FROM_TO_HEADING = re.compile(
    rf"^(?P<title>(?P<kind>{_KINDS})\s+[Ff]rom\s+(?:the\s+)?(?P<from>.+?)\s+to\s+(?:the\s+)?(?P<to>[^\n]+?))\s*\d{{0,2}}$"
)
# "Mr. Adams to Mr. Seward", "Lord Lyons to Mr. Seward" (the old FRUS heading, maybe wrapped)
_HONOURS = r"(?:the\s+)?(?:Mr\.|Mrs\.|Lord|Sir|Count|Baron|General|M\.|Señor|Senor|Duke|Marquis|Prince|Herr)"
PERSONAL_HEADING = re.compile(
    rf"^(?P<title>(?P<from>{_HONOURS}\s+[A-Z][\w'-]+)\s+to\s+"
    rf"(?P<to>{_HONOURS}\s+(?:(?:de|von|van|y|del)\s+)?[A-Z][\w'-]+(?:\s+(?:de|von|y|del)\s+[A-Z][\w'-]+)?))[,.]?$"
)
DATELINE = re.compile(
    rf"^(?:(?P<place>[A-Z][\w .'’-]{{1,40}}?),\s+)?(?P<date>(?:{_MONTHS})\s+\d{{1,2}},?\s+\d{{4}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS}),?\s+\d{{4}})(?:(?:,\s+|\s*[—–-]\s*)"
    r"(?P<time>[\d:.]+\s*(?:[ap]\.\s?m\.|noon|midnight)|\d{3,4}Z))?"
    r"\.?(?:\s*\((?:Received|Rec'd)[^)]{0,60}\)\.?)?$",
    re.IGNORECASE,
)
# "78. Your 101, ...", "Niact 1053.", "Topol 2308. Paris for USRO", "Victory-51.", "Number 76. Top ...":
# a telegram's number opens its text, with the series of a conference or channel before it.
_FIRST_NUMBER = re.compile(
    r"^(?:Number\s+)?(?P<number>(?:Niact\s+|[A-Z]{1,5}[–-]?\s?|"
    r"(?!(?:Part|Page|Annex|Section|Chapter|Article|Item|Paragraph|Point|Document|Tab|Book|Volume)\b)"
    r"[A-Z][a-z]{2,6}[–-]?\s?)?\d{1,7})\.\s"
)
_NO_LINE = re.compile(r"^(?:No\.|Nº|№)\s*(?P<number>\d{1,7})\.?(?:\]|$)")
# Records that are not sent under a telegram number: their numbered lines are paragraphs.
_UNSENT = re.compile(
    r"^(?:\d+\.\s+)?(?:Memorandum|Minutes|Notes?\b|Editorial Note|Record|Summary|Paper|Agenda|"
    r"(?:Position|Background|Talking|Briefing) Paper|Talking Points|Transcript|Intelligence|Policy)",
    re.I,
)
# "Source: ...", also as a footnote: "1. Source: ...", "/1/Source: ...", "- Source: ...", and a
# mirror's footnote that lost its number: "//Source: ..."
_SOURCE = re.compile(
    r"(?:^|\n)[ \t]*(?:\d{1,2}\.[ \t]*|/\d{0,2}/[ \t]*|[-•][ \t]*)?Source:\s*(?P<note>[^\n]{5,600})"
)
# "761.00/1–758", also as a mirror spaces it: "761.00/1 - 758"
_DECIMAL_FILE = re.compile(r"\b\d{3}\.\d{1,5}[A-Z]?/\d{1,2}(?:[–-]| [–-] )\d{3,4}\b")
_FRUS_URL = re.compile(r"historicaldocuments/(?P<volume>frus[\w-]+?)/(?P<doc>d\d+)\b")
_FRUS_PATH = re.compile(
    r"(?<![a-z])(?P<volume>frus\d{4}(?:-\d{2,4})?[A-Za-z0-9]{0,24}?)[-/](?P<doc>d\d+)(?=fn\d+|\W|$)"
)
_WILSON_URL = re.compile(r"digitalarchive\.wilsoncenter\.org/document/(?P<id>\d{4,7})\b")
# "CIA-RDP83-00586R000300230002-4", also with the job's letter for the dash: "CIA-RDP80B01676R003000120031-4"
_CIA_ID = re.compile(r"\bCIA-RDP\d{2}[-A-Z]\d{5}[A-Z]\d{9,12}-\d\b")
_CIA_RELEASE = re.compile(r"^Approved for Release:\s*\S+\s+(?P<id>C\d{6,10})\s*$")
_CIA_LABELS = re.compile(
    r"^(?:Document Type|Collection|Document Number \(FOIA\) /ESDN \(CREST\)|Release Decision|"
    r"Original Classification|Document Page Count|Document Creation Date|Document Release Date|"
    r"Sequence Number|Case Number|Publication Date|Content Type|File|Body|Attachment.*):?\s*$"
)
_FURNITURE = re.compile(
    r"^(?:Show Headers|We use cookies.*|PDF|ePub.*|網頁圖片|Skip to (?:main )?content|Menu|Search|Home|"
    r"Print|Share|Download.*|Advertisement|advertisement|\|.*\||!\[.*|https?://\S+|PDF Text|Text|"
    r"Dublin Core|"
    # a book viewer's and a digital collection's own lines, and the series' running head
    r"Imágenes de páginas|Page images|Images des pages|Seitenbilder|EPUB|Page View|Link to .+|"
    r".+ Digital Collections|Foreign Relations of the United States|FOREIGN RELATIONS\.?|"
    r".+ / Foreign relations of the United States.*|.*\bPDF \([\d.]+ [KMG]B\)|"
    # the State Department's frozen 2001 site, as mirrors keep it
    r"NOTE: External links to other Internet sites .*|Great Seal The State Department web site below .*)$"
)


def read_any(doc: Document, text: str, lines: list[Line], authority: Authority, path: str) -> Span:
    """Fill ``doc`` from the evidence on the page; returns the span of the document's core."""
    content = [line for line in lines if line.text]
    doc.layout = "evidence"
    head = content[:40]
    cia = any(line.text.startswith("Document Number (FOIA)") for line in head)
    if cia:
        _read_cia(doc, text, content)
        _cia_memorandum(doc, text, authority)
        # the catalogue's values ("Document Creation Date: November 17, 2016") are the
        # reading room's, not the document's: no date, title or number is read from them
        head = [line for i, line in enumerate(head) if i == 0 or not _CIA_LABELS.match(head[i - 1].text)]
    heading = _record_block(doc, text, head)
    if heading is None:
        heading = _heading(doc, text, head, authority)
    if doc.title is None:
        heading = _kind_heading(doc, text, head, authority)
    if doc.title is None:
        first = next(
            (line for line in head if not _FURNITURE.match(line.text) and len(line.text) < 300), None
        )
        if first is not None and _title_like(first.text):
            numbered = re.match(r"^(?:Документ|Document|Doc\.?)\s*(?:№|No\.?|Nº)\s*\d+\.\s+", first.text)
            start = first.start + (numbered.end() if numbered else 0)
            doc.set("title", text[start : first.stop], "first_line", Span(start, first.stop))
    after = heading + 1 if heading is not None else 0
    _dateline(doc, text, head, after)
    # "Washington, undated.": the editors found no date; a date in the text is another's
    undated = any(_UNDATED.match(line.text) for line in head[after : after + 4])
    if doc.date is None and doc.title and not undated:
        _date_in_title(doc)
    if doc.date is None and not undated:
        _date_near_head(doc, text, head, after)
    if doc.date is None and not undated:
        _date_of_note_or_meeting(doc, text, head, after)
    _number(doc, head, after)
    if not doc.recipients and doc.title:
        _salutation_recipient(doc, head, after, authority)
    if not doc.senders and not doc.recipients:
        _from_to_lines(doc, head[:20], authority)
    if not doc.senders and not doc.recipients and doc.title:
        _record_title_parties(doc, authority)
    if not doc.senders and not doc.recipients and doc.title:
        _summary_title_parties(doc, authority)
    if not doc.senders and not doc.recipients and doc.title:
        _russian_title_parties(doc, authority)
    if not doc.senders and not doc.recipients:
        _cited_parties(doc, text, authority)
    if not doc.senders:
        _introduced_author(doc, text, authority)
    if not doc.senders:
        _works_author(doc, head[:after + 1] if after < len(head) else head, authority)
    if heading is None:
        _file_line_and_kind(doc, text, head)
    _type(doc, text)
    read_record_id(doc, text, path)
    _memorandum_for(doc, text, authority)
    if not doc.recipients:
        _address_block(doc, text, content, authority)
    if not doc.recipients:
        _excellency_addressee(doc, text, authority)
    _source_notes(doc, text)
    core_start = head[after].start if after < len(head) else (head[0].start if head else 0)
    return Span(core_start, content[-1].stop if content else len(text))


def document_starts(lines: list[Line]) -> list[int]:
    """Where each document of a page that holds several begins (indices into the non-blank
    lines): a heading (with its number or file line above it) whose dateline follows."""
    content = [line for line in lines if line.text]
    starts: list[int] = []
    for index, line in enumerate(content):
        value = line.text.rstrip()
        heading = (
            PERSONAL_HEADING.match(value)
            or FROM_TO_HEADING.match(value)
            or NUMBERED_HEADING.match(value)
            or _is_office_heading(value.rstrip("."))
        )
        if not heading:
            continue
        after = content[index + 1 : index + 5]
        numbered = index > 0 and _NO_ONLY.match(content[index - 1].text) is not None
        dated = (
            numbered
            or any(DATELINE.match(x.text) for x in after)
            or any(DATELINE.match(f"{a.text} {b.text}") for a, b in pairwise(after))
        )
        if not dated:
            continue
        start = index
        for back in (1, 2):
            before = content[index - back] if index - back >= 0 else None
            if before is None or (starts and index - back <= starts[-1]):
                break
            if _NO_ONLY.match(before.text) or (
                len(before.text) < 120
                and _NOTE_LINE.search(before.text)
                and not DATELINE.match(before.text)
                and not before.text.endswith(".")
            ):
                start = index - back
            else:
                break
        starts.append(start)
    return starts


def _heading(doc: Document, text: str, head: list[Line], authority: Authority) -> int | None:
    """The heading that names the document: its index among ``head``, or None. The lines
    above it (a source note, a file number) are read as the source note."""
    for index, first in enumerate(head[:15]):
        if _CHAPTER.match(first.text):
            continue  # "V. Special Financial Group Mission to Vietnam": a chapter, not a document
        line, extra = unwrapped(text, head, index)
        found = NUMBERED_HEADING.match(line.text)
        if found:
            _set_title(doc, line, line.start + found.start("title"), found.group("title"), "numbered_heading")
            inner = FROM_TO_HEADING.match(doc.title or "")
            if inner:
                _parties(doc, inner, line.start + found.start("title"), authority)
            else:
                _office_parties(doc, line, authority, text)
            return _after_heading(doc, text, head, index + extra, authority)
        found = FROM_TO_HEADING.match(line.text)
        if found:
            _set_title(doc, line, line.start, found.group("title"), "from_to_heading")
            _parties(doc, found, line.start, authority)
            return _after_heading(doc, text, head, index + extra, authority)
        joined, used = _join_wrapped(head, index) if not extra else (line.text, 1)
        found = PERSONAL_HEADING.match(joined)
        if found:
            title = found.group("title")
            doc.set("title", title, "personal_heading", Span(line.start, head[index + used - 1].stop))
            doc.senders = [_widen(found.group("from"), text, authority, line.start)]
            doc.recipients = [_widen(found.group("to"), text, authority, line.start)]
            return _after_heading(doc, text, head, index + extra + used - 1, authority)
        if _is_office_heading(line.text) or KIND_HEADING.match(line.text):
            after = index + extra + 1
            if _WRAPS.search(line.text) and after < len(head) and len(head[after].text) < 150:
                # "Memorandum of Conversation, by the" / "Counselor of the Department (MacArthur)"
                nxt = head[after]
                _set_title(doc, line, line.start, f"{line.text} {nxt.text}", "office_heading_wrapped")
                doc.provenance["title"] = Provenance("office_heading_wrapped", Span(line.start, nxt.stop))
                _office_parties(doc, line, authority, text)
                return _after_heading(doc, text, head, index + extra + 1, authority)
            _set_title(doc, line, line.start, line.text, "office_heading")
            _office_parties(doc, line, authority, text)
            return _after_heading(doc, text, head, index + extra, authority)
    return None


# A heading line that cannot end there: a word that joins ("of", "to", "the") or a word of an
# office or body that the next line completes ("... to the Department" / "of State")
_DANGLING = re.compile(
    r"(?:\s(?:the|by|of|to|and|from|in|between|with|for|on|at)|\b(?:Department|Embassy|Mission|Legation|"
    r"Delegation|Ministry|Secretary|Minister|Ambassador|Chargé|Consul|Director|Representative|Assistant|"
    r"Deputy|Under|Special|Acting|Prime|Foreign|United|Central|National|Soviet|Station|Commander|Chief|"
    r"Counselor|Adviser|Office|Bureau|Agency|Council|Commission|Chairman|Premier|Government|Chinese|"
    r"American|British|French|German|Polish|Hungarian|Romanian|Czechoslovak|Yugoslav|Indian))$"
)
_CLASSIFIED_LINE = re.compile(
    r"^(?:top secret|secret|confidential|restricted|unclassified|official use only|limited official use|"
    r"priority|niact|immediate|eyes only|personal|operational immediate|nodis|exdis|limdis)\b",
    re.IGNORECASE,
)


def unwrapped(text: str, head: list[Line], index: int) -> tuple[Line, int]:
    """A heading a page wraps over two lines ("Telegram From the Embassy in the Soviet Union
    to the Department" / "of State"): one line read over both, the line break a space (same
    offsets); the number of lines it took beyond the first. Only a line that cannot end where
    it does joins the next one, and only a short next line of words (no date, number,
    classification, salutation or label)."""
    line = head[index]
    if index + 1 >= len(head) or not _DANGLING.search(line.text) or len(line.text) > 300:
        return line, 0
    nxt = head[index + 1]
    if (
        len(nxt.text) > 70
        or re.search(r"\d(?!\d?$)|[:,;]$|^[•*-]", nxt.text)  # a footnote mark may close it
        or DATELINE.match(nxt.text)
        or _CLASSIFIED_LINE.match(nxt.text)
        or not re.match(r"(?:[A-Z]|(?:of|in|to|and|for|on|at|the)\s)", nxt.text)
    ):
        return line, 0
    joined = text[line.start : nxt.stop].replace("\n", " ")
    return Line(line.start, nxt.stop, joined), 1


_CHAPTER = re.compile(r"^(?:[IVXL]{1,6})\.\s+[A-Z]")
# "Memorandum of Conversation, by the Counselor (MacArthur)", "Notes of a Meeting Held in ..."
KIND_HEADING = re.compile(
    rf"^(?:{_KINDS}|Memorandum of Discussion|Notes? of (?:a |the )?(?:Meeting|Conversation|Conference)|"
    r"Minutes of|Record of|Summary of|Paper Prepared|Department of State \w+ Bulletin)\b[^\n]{0,300}$"
)
# "The Ambassador in Russia (Francis) to the Secretary of State", "President Wilson to ..."
_OFFICE_WORDS = re.compile(
    r"\b(?:Ambassador|Secretary|Minister|Chargé|Charge|Embassy|Legation|Department|President|Consul|"
    r"Commissioner|Delegation|Representative|Mission|Chairman|Commander|Chief|Director|Adviser|Counselor|"
    r"Government|Premier|King|Emperor|Governor|Agent|Attaché)\b"
)
_OFFICE_HEADING = re.compile(
    r"^(?:The\s+)?(?P<from>[A-Z][^\n]{2,160}?)\s+to\s+(?:the\s+)?(?P<to>[A-Z][^\n]{2,160})$"
)
_TITLE_TAIL = re.compile(r"(?:\s*/\d{1,2}/|(?<=[a-z)\]])\d{1,2}|(?<=\d{4})\d{1,2}|\s+\d{1,2})$")
_KIND_LINE = re.compile(
    r"^\[(?P<kind>(?:Circular )?[Tt]elegram|Paraphrase of telegram|Letter|Memorandum|Despatch|Note|"
    r"Extract|Instruction)\]$"
)
# a source note: a file number ("795.00/6–2550", "128 Dodd, William E./227", "740.0011 P. W./307"),
# a collection ("Roosevelt Papers", "FE files, lot 55 D 128"), or a kind after a colon ("123 Kirk,
# Alan G.: Telegram"); not any line with a digit ("121-123; obtained by Carter-Brezhnev Project")
_NOTE_LINE = re.compile(
    r"/\d|\b\d{3}\.\d|\b(?:[Ff]iles?|Library|[Pp]apers|[Ll]ot|Records|Archives?)\b|:\s*[A-Z][a-z]+\s*$"
    r"|^File No\.|^\d{3}[ –-]+[A-Z][a-z]+,\s+[A-Z]"  # a name file: "123 Kirk, Alan G."
)
_NOTE_TYPE = re.compile(
    r":\s*(?P<type>(?:Circular )?[Tt]elegram|Memorandum(?: of Conversation)?|Letter|Despatch|Airgram|Note|"
    r"Message|Instruction|Report|Paper)\s*$"
)
# a volume's or chapter's heading above the document: not its source note; nor a web page's
# range of the documents it holds ("Documents 29-38") or a chapter's period ("A 'Controlled'
# Freeze January 1966-May 1967")
_NOT_NOTE = re.compile(
    rf"Foreign Relations of the United States|Volume [IVXL]+\b|Return to|Home Page|"
    rf"\b(?:obtained|translat(?:ed|ion)|edited)\s+by\b|"
    rf"^(?:{_MONTHS})\b|\b(?:{_MONTHS})\s+\d{{1,2}}\s*[-–]|^Documents?\s+\d+\s*[-–]\s*\d+$|"
    rf"\b(?:{_MONTHS})\s+\d{{4}}\s*[-–]\s*(?:{_MONTHS})\s+\d{{4}}$",
    re.IGNORECASE,
)
_NO_ONLY = re.compile(r"^(?:No\.|Document|Doc\.)\s*\d+\.?$")


_WRAPS = re.compile(r"(?:\s(?:the|by|of|to|and|from|in|between|with|for|on|at)|,)$")


def _is_office_heading(text: str) -> bool:
    if len(text) > 220 or text.endswith(".") or len(text.split()) > 28:
        return False
    found = _OFFICE_HEADING.match(text)
    return bool(found and _OFFICE_WORDS.search(text))


def _set_title(doc: Document, line: Line, start: int, title: str, rule: str) -> None:
    title = _TITLE_TAIL.sub("", title.rstrip()).rstrip()
    doc.set("title", title, rule, Span(start, start + len(title)))


_AUTHOR_SECRETARY = re.compile(r"^(?:Acting\s+)?Secretary of State$", re.IGNORECASE)


def _office_parties(doc: Document, line: Line, authority: Authority, text: str) -> None:
    """ "The Ambassador in Russia (Francis) to the Secretary of State", "..., by the
    Ambassador to the Soviet Union (Kirk)": the person in brackets, else the office."""
    from cablegraph.parse.frus_text import frus_party

    title = doc.title or ""
    span = doc.provenance["title"].span
    base = span.start if span else line.start
    by = re.search(r",\s+by\s+(?:the\s+)?(?P<who>.+)$", title)
    if by:
        who = by.group("who").strip().rstrip("0123456789 ")
        if _AUTHOR_SECRETARY.match(who):
            # "Memorandum of Conversation, by the Secretary of State": the author is the
            # Secretary himself (his holder once the date is read), not his Department
            start = base + by.start("who")
            office = re.sub(r"^Acting\s+", "", who, flags=re.IGNORECASE)
            doc.senders = [resolve_person(office, authority, span=Span(start, start + len(who)),
                                          rule="frus_heading_author")]
            return
        doc.senders = frus_party(by.group("who"), base + by.start("who"), authority, None, text)
        return
    found = _OFFICE_HEADING.match(title)
    if found and _OFFICE_WORDS.search(title):
        doc.senders = frus_party(found.group("from"), base + found.start("from"), authority, None, text)
        doc.recipients = frus_party(found.group("to"), base + found.start("to"), authority, None, text)


def _after_heading(doc: Document, text: str, head: list[Line], index: int, authority: Authority) -> int:
    """Lines above the heading: its source note; a "[Telegram]" line under it: the type."""
    for line in head[max(0, index - 3) : index]:
        if _FURNITURE.match(line.text) or _NO_ONLY.match(line.text) or len(line.text) > 200:
            continue
        if not _NOTE_LINE.search(line.text) or DATELINE.match(line.text) or _NOT_NOTE.search(line.text):
            continue
        kind = _NOTE_TYPE.search(line.text)
        ref = line.text[: kind.start()] if kind else line.text
        doc.set("source_note", line.text, "note_above_heading", line.span)
        doc.archive_refs.append(
            ArchiveRef(
                text=ref.strip(), span=Span(line.start, line.start + len(ref)), rule="note_above_heading"
            )
        )
        if kind and doc.doc_type is None:
            doc.set("doc_type", kind.group("type"), "note_above_heading_type", line.span)
        if doc.date is None:
            doc.date = _file_date(line)
        break
    if index + 1 < len(head):
        kind_line = _KIND_LINE.match(head[index + 1].text)
        if kind_line:
            doc.set("doc_type", kind_line.group("kind").capitalize(), "bracketed_kind", head[index + 1].span)
            return index + 1
    return index


_FILE_DATE = re.compile(r"/(?P<month>\d{1,2})[–-](?P<dayyear>\d{3,4})\b")


def _file_date(line: Line) -> DateValue | None:
    """A decimal file's number carries its date: 795.00/7–2051 is July 20, 1951."""
    import datetime as dt

    found = _FILE_DATE.search(line.text)
    if not found:
        return None
    digits = found.group("dayyear")
    try:
        value = dt.date(1900 + int(digits[-2:]), int(found.group("month")), int(digits[:-2]))
    except ValueError:
        return None
    span = Span(line.start + found.start("month"), line.start + found.end("dayyear"))
    return DateValue(
        found.group(0)[1:],
        value.isoformat(),
        "day",
        span=span,
        rule="file_number_date",
        flags=["from_file_number"],
    )


# bracketed furniture, a quotation, an address line: never the title
_SENTENCE_BREAK = re.compile(r"[a-zа-яё)]{2}\.\s+[A-ZА-ЯЁ]")
_NOT_TITLE_START = re.compile(r"^(?:\[|[\"“«„]|(?:To|From|Re|Subject):)", re.IGNORECASE)
_CLASSIFICATION_MARK = re.compile(
    r"^(?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|RESTRICTED|CODED TELEGRAM|CIPHERED TELEGRAM|"
    r"STRICTLY SECRET|PERSONAL|URGENT)\b",
    re.IGNORECASE,
)


def _title_like(text: str) -> bool:
    """A first line that can be a title: some words, not a mark or a number."""
    if _CIA_LABELS.match(text) or text.endswith(":") or _NOT_TITLE_START.match(text):
        return False  # a catalogue's label, not a title
    if text[0].islower() or len(_SENTENCE_BREAK.findall(text)) >= 2:
        return False  # a fragment cut mid-sentence, or a paragraph run together, is no title
    if _CLASSIFICATION_MARK.match(re.sub(r"(?<=[A-Z]) (?=[A-Z]\b)", "", text)):
        return False  # "CONFIDENTIA L." as OCR spaces it
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    return len(words) >= 2 and sum(len(w) for w in words) >= 8 and not _CLASSIFICATION_MARK.match(text)


def _join_wrapped(head: list[Line], index: int) -> tuple[str, int]:
    """A heading an old page wraps over lines ("Mr. Adams to Mr." / "Seward,")."""
    joined = head[index].text
    used = 1
    while used < 3 and index + used < len(head) and PERSONAL_HEADING.match(joined) is None:
        nxt = head[index + used].text
        if len(nxt) > 30:
            break
        joined = f"{joined} {nxt}"
        used += 1
    return joined.rstrip(",."), used


# "Mission to the United Nations" is one body: its "to" does not start the addressee.
_NOT_ADDRESSEE = re.compile(r"^(?:the\s+)?(?:United Nations|UN|U\.N\.|North Atlantic Council)\b")


def _parties(doc: Document, found: re.Match[str], base: int, authority: Authority) -> None:
    sender = found.group("from")
    recipient = found.group("to")
    while _NOT_ADDRESSEE.match(recipient):
        more = re.search(r"\s+to\s+(?:the\s+)?", recipient)
        if more is None:
            break
        sender = f"{sender} to {recipient[: more.start()]}"
        recipient = recipient[more.end() :]
    doc.senders = [
        resolve_person(
            sender,
            authority,
            span=Span(base + found.start("from"), base + found.start("from") + len(sender)),
            rule="heading_from",
        )
    ]
    at = base + found.end("to") - len(recipient)
    doc.recipients = [
        resolve_person(recipient, authority, span=Span(at, base + found.end("to")), rule="heading_to")
    ]


def _widen(written: str, text: str, authority: Authority, at: int) -> PersonRef:
    """ "Mr. Adams" -> the fullest name ending in "Adams" the page prints ("Charles Francis
    Adams, Esq.", "Hon. William H. Seward", "WILLIAM H. SEWARD.")."""
    surname = written.split()[-1]
    best: str | None = None
    pattern = re.compile(
        rf"\b((?:[A-Z][a-z]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z]+|[A-Z]\.)){{0,3}}\s+{re.escape(surname)})\b",
        re.IGNORECASE,
    )
    for found in pattern.finditer(text):
        words = found.group(1).split()
        if words[0].lower() in (
            "mr.",
            "mrs.",
            "hon.",
            "to",
            "from",
            "and",
            "the",
            "sir",
            "lord",
            "dear",
            "of",
        ):
            continue
        name = " ".join(w if not w.isupper() or len(w) <= 2 else w.title() for w in words)
        if best is None or len(name) > len(best):
            best = name
    person = resolve_person(
        best or written, authority, span=Span(at, at + len(written)), rule="heading_widened"
    )
    return person


# A site's introduction over the text it translates: "The following is an English translation of
# the coded telegram penned by Litvinov that day", "the letter written by Ho Chi Minh"
_INTRODUCED_AUTHOR = re.compile(
    r"\b(?:coded\s+|ciphered\s+|cipher\s+|secret\s+)?(?:telegram|letter|message|cable)\s+"
    r"(?:penned|written|sent|signed|drafted|authored)\s+by\s+"
    r"(?P<name>(?:[A-ZÀ-Þ][\w.’'-]+\s+){0,3}[A-ZÀ-Þ][\w’'-]+)"
)


# An exhibit's archive citation on its own line: "Secretary of State for External Affairs to Head
# of Post, Canadian Embassy, Washington, 7 Jan. 1954, LAC, RG 25, vol. 8561, file no. 50303-40".
# Both parties, read only where no heading or title named one; the archive words after the date
# make it a citation of this record, not a sentence.
_CITED_PARTIES = re.compile(
    r"^(?P<from>[A-Z][^\n]{2,80}?) to (?P<to>[A-Z][^\n]{2,80}?),\s+"
    r"(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}),\s+"
    r"(?=[^\n]*\b(?:LAC|NARA|TNA|PRO|RG\s+\d+|FO\s+\d+|vol\.\s*\d+|file\s+(?:no\.\s*)?\d+))",
    re.MULTILINE,
)


def _cited_parties(doc: Document, text: str, authority: Authority) -> None:
    found = _CITED_PARTIES.search(text, 0, 6000)
    if found is None:
        return
    year = doc.year
    parties = []
    for group in ("from", "to"):
        at = found.start(group)
        span = Span(at, found.end(group))
        written = found.group(group)
        parties.append(resolve_person(written, authority, year=year, span=span, rule="cited_parties"))
    doc.senders, doc.recipients = [parties[0]], [parties[1]]


# A collection of one person's writings that heads its pages: "Selected Works of Mao Tse-tung",
# "Collected Works of V. I. Lenin"; a letter or telegram printed in it is his.
_WORKS_OF = re.compile(
    r"^(?:Selected\s+|Collected\s+)?Works\s+of\s+(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s*$"
)
_MESSAGE_KINDS = re.compile(
    r"^(?:Telegram|Cable|Letter|Message|Note|Greetings?|Reply|Answer)\b", re.IGNORECASE
)


def _works_author(doc: Document, head: list[Line], authority: Authority) -> None:
    """The author a collection's heading names, for a message the collection prints under its title."""
    if not _MESSAGE_KINDS.match(doc.title or ""):
        return
    for line in head:
        found = _WORKS_OF.match(line.text.strip())
        if found is None:
            continue
        at = line.start + line.text.index(found.group("name"))
        span = Span(at, at + len(found.group("name")))
        person = resolve_person(found.group("name"), authority, year=doc.year, span=span, rule="works_author")
        if (person.entity_id or "").startswith("person:"):
            doc.senders = [person]
        return


def _introduced_author(doc: Document, text: str, authority: Authority) -> None:
    """The author an introduction names for the message printed below it, widened to the
    fullest form of the name the page prints ("Litvinov" -> "Maksim Maksimovich Litvinov")."""
    found = _INTRODUCED_AUTHOR.search(text, 0, 1500)
    if found is None:
        return
    written = found.group("name")
    person = _widen(written, text[:3000], authority, found.start("name"))
    person.rule = person.rule.replace("heading_widened", "introduced_author", 1)
    person.role = None  # the words before the name the page prints are no office of his
    if person.entity_id is None or person.entity_id.startswith("person:"):
        doc.senders = [person]


def _read_cia(doc: Document, text: str, content: list[Line]) -> None:
    """A CIA reading-room record: title above the catalogue, "Publication Date:", the id."""
    doc.archive = "CIA Reading Room"
    first = content[0]
    if not _CIA_LABELS.match(first.text):
        doc.set("title", first.text, "cia_title", first.span)
    for index, line in enumerate(content[:-1]):
        if line.text.rstrip(":").strip() == "Publication Date" and not _CIA_LABELS.match(
            content[index + 1].text
        ):
            value = content[index + 1]
            date = parse_date(value.text)
            if date.iso:
                date.span, date.rule = value.span, "cia_publication_date"
                doc.date = date
        released = _CIA_RELEASE.match(line.text)
        if released:
            start = line.start + released.start("id")
            if doc.record_id is None:
                doc.set(
                    "record_id",
                    released.group("id"),
                    "cia_release_id",
                    Span(start, line.start + released.end("id")),
                )
            if doc.title is None:
                doc.set("title", content[index + 1].text, "cia_title_after_release", content[index + 1].span)
    found = _CIA_ID.search(text)
    if found:
        doc.set("record_id", found.group(0), "cia_document_number", Span(found.start(), found.end()))


_CIA_BODY = re.compile(r"(?m)^[ \t]*Body:\s*|^[ \t]*PDF icon [^\n]*\.pdf[^\n]*\n")
# An OCR'd memorandum's address, run together: "TO William L. Langer Special Assistant to the
# Secretary of State FROM William W. Quinn, 091. Inf. Director SUT3Jt.CTt State Department Cables"
_CIA_TO_FROM = re.compile(
    r"(?<![A-Za-z])TO:?\s+(?P<to>(?:[A-Z]\.\s?|[A-Z][a-z]+\s+){1,3}[A-Z][a-z]+)\b[^\n]{0,120}?"
    r"(?<![A-Za-z])FROM:?\s+(?P<from>(?:[A-Z]\.\s?|[A-Z][a-z]+\s+){1,3}[A-Z][a-z]+)\b"
)
_CIA_MEMO = re.compile(r"\bMEMORANDUM\b|(?<![A-Za-z])TO:?\s[^\n]{0,200}?(?<![A-Za-z])FROM\b")
# The kinds an OCR'd body names in its first lines, the most particular first
_CIA_KINDS = (
    (re.compile(r"\bMEMORANDUM\s+FOR\s+THE\s+RECORD\b", re.I), "Memorandum for the Record"),
    (re.compile(r"\bMemorandum\s+of\s+Conversa", re.I), "Memorandum of Conversation"),
    (re.compile(r"\bOfficial\s+Diary\b", re.I), "Diary"),
)
# The catalogue's "Content Type:" codes that name a kind of record
_CIA_CONTENT_TYPE = re.compile(r"Content Type:[ \t]*\n?[ \t]*(?P<code>[A-Z]{2,12})[ \t]*$", re.M)
_CIA_CONTENT_KINDS = {
    "MEMO": "Memorandum",
    "LETTER": "Letter",
    "CABLE": "Cable",
    "NOTES": "Notes",
    "REPORT": "Report",
    "NSPR": "News Clipping",
    "MIN": "Minutes",
}
_CIA_SUBJECT = re.compile(r"(?<![A-Za-z])SUBJECT\s*:\s*(?P<subject>[^\n]{3,160})")


def _cia_memorandum(doc: Document, text: str, authority: Authority) -> None:
    """A reading-room record whose OCR'd body opens as a memorandum ("MEMORANDUM", "MEMORANDUM
    FOR THE RECORD", a State Department "Memorandum of Conversation", an "Official Diary", or
    its "TO ... FROM ..." address): the kind, the persons the address names, and its "SUBJECT:"
    as title where the catalogue gives none. The body follows "Body:", or the PDF's line where
    the catalogue has no "Body:"."""
    body = _CIA_BODY.search(text)
    if body is None:
        return
    start = body.end()
    window = text[start : start + 1000]
    if doc.doc_type is None:
        for pattern, kind in _CIA_KINDS:
            found = pattern.search(window)
            if found is not None:
                doc.set("doc_type", kind, "cia_kind", Span(start + found.start(), start + found.end()))
                break
    memo = _CIA_MEMO.search(window)
    if doc.doc_type is None and memo is not None:
        doc.set("doc_type", "Memorandum", "cia_memorandum", Span(start + memo.start(), start + memo.end()))
    content = _CIA_CONTENT_TYPE.search(text, 0, start)
    if doc.doc_type is None and content is not None and content.group("code") in _CIA_CONTENT_KINDS:
        # the catalogue's own word for the record, where the OCR'd body names no kind
        kind = _CIA_CONTENT_KINDS[content.group("code")]
        doc.set("doc_type", kind, "cia_content_type", Span(content.start("code"), content.end("code")))
    if doc.title is None and doc.doc_type is not None:
        subject = _CIA_SUBJECT.search(window)
        if subject is not None:
            value = _SUBJECT_END.split(subject.group("subject"), maxsplit=1)[0].strip(" .:")
            if len(value) > 3 and value[0].isupper():
                at = start + subject.start("subject")
                doc.set("title", value, "cia_subject", Span(at, at + len(value)))
    address = _CIA_TO_FROM.search(window)
    if address is None:
        return
    year = doc.year
    for group, field in (("to", "recipients"), ("from", "senders")):
        if not getattr(doc, field):
            at = start + address.start(group)
            setattr(doc, field, [_cia_name(address.group(group), at, authority, year, f"cia_{group}_line")])


def _cia_name(written: str, at: int, authority: Authority, year: int | None, rule: str) -> PersonRef:
    """The name that opens "William L. Langer Special Assistant ...": the longest head of the words
    the authority knows as a person, else the words up to a surname after an initial."""
    words = written.split()
    for size in range(min(4, len(words)), 1, -1):
        name = " ".join(words[:size])
        person = resolve_person(name, authority, year=year, span=Span(at, at + len(name)), rule=rule)
        if person.entity_id and person.entity_id.startswith("person:"):
            return person
    size = 3 if len(words) >= 3 and re.fullmatch(r"[A-Z]\.", words[1]) else min(2, len(words))
    name = " ".join(words[:size])
    return resolve_person(name, authority, year=year, span=Span(at, at + len(name)), rule=rule)


_FOOTNOTE_START = re.compile(r"^\d{1,2}\.\s")


def _dateline(doc: Document, text: str, head: list[Line], after: int) -> None:
    if doc.date is not None:
        return
    # a line that is only a dateline may sit below an OCR'd page's stamps and marks
    for index, line in enumerate(head[after:]):
        if _FOOTNOTE_START.match(line.text) and line.start and text[line.start - 1] in " \t":
            break  # the editor's indented footnotes: their dates are other documents'
        found = DATELINE.match(line.text)
        if found and index >= 12 and (found.group("place") or found.group("time")):
            continue  # far down, only a bare date on its own line counts
        if found:
            date = parse_date(found.group("date"))
            if date.iso:
                date.span = Span(line.start + found.start("date"), line.start + found.end("date"))
                date.rule = "dateline"
                doc.date = date
                if found.group("place"):
                    doc.envelope.origin = found.group("place")
                return
    # an old page wraps its dateline: "London," / "August 23, 1861."
    for index in range(after, min(len(head), after + 12) - 1):
        joined = f"{head[index].text} {head[index + 1].text}"
        found = DATELINE.match(joined)
        if found and head[index].text.endswith(","):
            date = parse_date(found.group("date"))
            if date.iso:
                start = head[index + 1].start
                date.span, date.rule = Span(start, head[index + 1].stop), "dateline_wrapped"
                doc.date = date
                return


# "From Pyongyang To Vyshinsky", "FROM: PYONGYANG", "To: Krajewski" on lines of their own
_FROM_TO_LINE = re.compile(r"^From:?\s+(?P<from>[^:\n]{2,60}?)\s+To:?\s+(?P<to>[^:\n]{2,60}?)\.?$", re.I)
_FROM_LINE = re.compile(r"^From:\s*(?P<from>[^\n]{2,60}?)\.?$", re.I)
_TO_LINE = re.compile(r"^To:\s*(?P<to>[^\n]{2,60}?)\.?$", re.I)


# A cipher form's address line in capitals: "MOSCOW – KUYBYSHEV. TO MOLOTOV."
_CAPS_TO_LINE = re.compile(
    r"^(?P<place>[A-ZА-Я][A-ZА-Я .–—-]{2,40}?)[.,]\s+(?:TO|КОМУ)\s+(?:COMRADE\s+|CDE\.\s+)?"
    r"(?P<to>[A-ZА-Я][A-ZА-Я .-]{2,40}?)\.?$"
)


def _from_to_lines(doc: Document, head: list[Line], authority: Authority) -> None:
    def person(line: Line, found: re.Match[str], group: str) -> PersonRef:
        value = found.group(group).strip()
        value = value.title() if value.isupper() else value
        at = line.start + found.start(group)
        return resolve_person(
            value, authority, span=Span(at, line.start + found.end(group)), rule=f"{group}_line"
        )

    for line in head:
        addressed = _CAPS_TO_LINE.match(line.text)
        if addressed and not doc.recipients:  # "MOSCOW – KUYBYSHEV. TO MOLOTOV."
            doc.recipients = [person(line, addressed, "to")]
            continue
        both = _FROM_TO_LINE.match(line.text)
        if both:
            doc.senders = [person(line, both, "from")]
            doc.recipients = [person(line, both, "to")]
            return
        sender = _FROM_LINE.match(line.text)
        if sender and not doc.senders:
            doc.senders = [person(line, sender, "from")]
        recipient = _TO_LINE.match(line.text)
        if recipient and not doc.recipients:
            doc.recipients = [person(line, recipient, "to")]


# An archive record's title: "Ciphered telegram, Shtykov to Ministry of Foreign Affairs, Moscow"
_RECORD_TITLE = re.compile(
    rf"^(?:(?:ciphered|cipher|coded|secret|urgent)\s+)?(?:{alternation(RECORD_KINDS)})"
    r"(?:\s+(?:No\.|Nº|№)\s*[\w/.-]+)?(?:,\s+\S|\s+from\s+[A-Z])",
    re.IGNORECASE,
)


def _record_title_parties(doc: Document, authority: Authority) -> None:
    """The parties of an archive record's title ("Kind, X to Y"), as on the archive's pages."""
    from cablegraph.parse.people import parse_title_parties

    assert doc.title is not None
    if not _RECORD_TITLE.match(doc.title):
        return
    span = doc.provenance["title"].span
    year = doc.year
    date = doc.date.iso if doc.date else None
    parties = parse_title_parties(doc.title, span.start if span else 0, authority, year=year, date=date)
    doc.senders, doc.recipients, doc.via = parties.senders, parties.recipients, parties.via


_PLACE_COMMA = re.compile(r"(?:^|[.\n]\s*|\s)[A-ZА-ЯЁ][\w-]{2,20},\s*\Z")


# A mirror's own title: "Francis to Lansing on Allied military, diplomatic progression, ..."
_SUMMARY_TITLE = re.compile(
    r"^(?P<from>[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,2}) to (?P<to>[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,2})"
    r" (?:on|about|regarding|concerning|re)\b"
)
_FILE_LINE = re.compile(r"^File No\. [\w.]+/[\w.–-]+$")


# A Russian collection's heading: "(Продолжение предыдущей) телеграммы И.В. Сталина Мао Цзэдуну
# 11 января 1949 г.", "Письмо Мао Цзэдуна И.В. Сталину": the author in the genitive, then the
# addressee in the dative
_RU_KIND_NAMES = re.compile(
    r"(?:телеграмм|шифртелеграмм|шифровк|письм|записк|послани)\w*\s+"
    r"(?P<names>[А-ЯЁ][А-ЯЁа-яё. -]{3,80}?)(?=\s+\d|\s*[,:(]|\s*$)",
    re.IGNORECASE,
)


def _russian_title_parties(doc: Document, authority: Authority) -> None:
    assert doc.title is not None
    found = _RU_KIND_NAMES.search(doc.title)
    span = doc.provenance["title"].span if "title" in doc.provenance else None
    if found is None or span is None:
        return
    words = found.group("names").split()
    year = doc.year
    base = span.start + found.start("names")
    for cut in range(1, len(words)):
        author, addressee = " ".join(words[:cut]), " ".join(words[cut:])
        a_at = base
        b_at = base + found.group("names").index(addressee, len(author))
        a = resolve_person(author, authority, year=year, span=Span(a_at, a_at + len(author)),
                           rule="ru_title_author")
        b = resolve_person(addressee, authority, year=year, span=Span(b_at, b_at + len(addressee)),
                           rule="ru_title_addressee")
        known = all((p.entity_id or "").startswith("person:") for p in (a, b))
        if known and a.entity_id != b.entity_id:
            doc.senders, doc.recipients = [a], [b]
            return


def _summary_title_parties(doc: Document, authority: Authority) -> None:
    """A title that says who wrote to whom about what: both parties, when both are persons
    the authority knows in the document's year."""
    assert doc.title is not None
    found = _SUMMARY_TITLE.match(doc.title)
    span = doc.provenance["title"].span
    if found is None or span is None:
        return
    year = doc.year
    people = []
    for group in ("from", "to"):
        at = span.start + found.start(group)
        match = authority.lookup(found.group(group), year=year, kind="person")
        if match is None:
            return
        people.append(
            PersonRef(found.group(group), match.entity.name, match.entity.id,
                      Span(at, at + len(found.group(group))), f"summary_title+{match.rule}")
        )
    doc.senders, doc.recipients = [people[0]], [people[1]]


def _file_line_and_kind(doc: Document, text: str, head: list[Line]) -> None:
    """No FRUS heading, but the volume's lines copied under a mirror's title: "File No.
    861.00/2577" is the archive reference, "[Telegram]" the kind."""
    for line in head[:12]:
        if not doc.archive_refs and _FILE_LINE.match(line.text):
            doc.set("source_note", line.text, "file_line", line.span)
            doc.archive_refs.append(ArchiveRef(text=line.text, span=line.span, rule="file_line"))
        kind = _KIND_LINE.match(line.text)
        if kind and doc.doc_type is None and kind.group("kind") != "Extract":
            doc.set("doc_type", kind.group("kind").capitalize(), "bracketed_kind", line.span)


def _date_near_head(doc: Document, text: str, head: list[Line], after: int) -> None:
    """A date on a short line of the first lines ("Москва, 23 декабря 1942 года", "Pyongyang,
    12 May 1950"): a dateline in any language the date reader knows. Not in prose."""
    for line in head[after : after + 6]:
        if _FOOTNOTE_START.match(line.text) and line.start and text[line.start - 1] in " \t":
            break  # the editor's indented footnotes: their dates are other documents'
        if len(line.text) > 80:
            continue
        dates = [
            d for d in find_dates(text, start=line.start, stop=line.stop) if d.iso and d.precision == "day"
        ]
        if dates:
            date = dates[0]
            date.rule = "date_near_head"
            doc.date = date
            return
    # a head run together into one line: "... Москва, 23 декабря 1942 года. Ваше Превосходительство,"
    for line in head[after : after + 2]:
        if len(_SENTENCE_BREAK.findall(line.text[:300])) < 2 or (doc.title or "").startswith("Editorial"):
            continue  # prose, not a head run together
        stop = min(line.stop, line.start + 400)
        for date in find_dates(text, start=line.start, stop=stop):
            if (
                date.iso
                and date.precision == "day"
                and date.span is not None
                and _PLACE_COMMA.search(text, max(line.start, date.span.start - 40), date.span.start)
            ):
                date.rule = "place_date_in_head"
                doc.date = date
                return


# A heading that opens with the kind of the record: "Телеграмма Мао Цзэдуну", "Письмо Молотову"
_KIND_HEADING = re.compile(
    r"^(?P<kind>Телеграмма|Шифртелеграмма|Шифровка|Письмо|Записка|Telegram|Ciphered telegram|Letter|"
    r"Điện tín|Điện|Thư)"
    # the addressee in the dative, or after "to"/"gửi"; the author after "from"/"từ"
    r"(?:\s+(?:(?:to|gửi)\s+)?(?P<to>[А-ЯЁA-ZĐ][^\n.,:;()]{2,60}?)|\s+(?:from|từ)\s+(?P<from>[A-ZĐ][^\n.,:;()]{2,60}?))?"
    # a date after it: "Điện tín từ Terebin, 17 tháng Bảy 1948", "Telegram to Stalin (15-2-1947)"
    r"(?:,\s*[^\n]{4,40}|\s*\([^)\n]{4,30}\))?\.?$"
)
_KIND_OF_HEADING = {
    "телеграмма": "Telegram", "шифртелеграмма": "Telegram", "шифровка": "Telegram", "telegram": "Telegram",
    "ciphered telegram": "Telegram", "điện tín": "Telegram", "điện": "Telegram",
    "письмо": "Letter", "letter": "Letter", "thư": "Letter", "записка": "Note",
}
# A collection's heading of an excerpt: "From: telegrams of the plenipotentiary representative of
# the USSR in ... Lavrishchev to the people's commissioner ... V. M. Molotov", "From the diary of X".
_EXCERPT_HEADING = re.compile(
    r"^From:?\s+(?:the\s+|a\s+)?(?P<kind>telegrams?|cipher(?:ed)?\s+telegrams?|diary|journal|letters?|"
    r"reports?|notes)\s+of\s+(?P<from>.+?)(?:\s+to\s+(?P<to>.+?))?\.?$",
    re.IGNORECASE,
)
_EXCERPT_KIND = {"diary": "Diary", "journal": "Journal", "notes": "Notes"}
# the name that ends a role: "... in the kingdom of Bulgaria Lavrishchev", "... of the USSRV. M. Molotov"
_NAME_AT_END = re.compile(
    r"(?P<name>(?:[A-ZА-Я]\.\s?){0,2}[A-ZА-Я][a-zа-яё’'-]{2,}(?:\s+[A-ZА-Я][a-zа-яё’'-]{2,})?)$"
)
_RU_AUTHOR_LINE = re.compile(r"^(?P<name>[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.)$")
# A Vietnamese heading that names both parties: "Thư Grigoryan gửi đồng chí Stalin về việc ...
# 15/11/1952" (letter [of] X sent to Y about ...), "Thư của ông Hồ Chí Minh gửi Đại Nguyên soái
# Stalin", "Điện tín của Mao Trạch Đông gửi Stalin"
_VI_WORD = r"[^\W\d_][\w.’'-]*"
_VI_HEADING = re.compile(
    rf"^(?P<kind>Thư|Bức thư|Điện tín|Điện)\s+(?:của\s+)?"
    rf"(?P<from>(?:(?:ông|bà|ngài|đồng chí)\s+)?[A-ZĐÀ-Ỹ][\w.’'-]*(?:\s+{_VI_WORD}){{0,5}}?)"
    rf"\s+gửi\s+(?P<to>(?:{_VI_WORD}\s+){{0,6}}?{_VI_WORD})"
    r"(?:\s+về\s+[^\n]{2,160}?)?(?:,?\s+(?:ngày\s+)?\d{1,2}[/.-]\d{1,2}[/.-]\d{4})?\.?$"
)
# the honours and offices that open a Vietnamese name: "đồng chí" (comrade), "ông" (Mr.),
# "Đại Nguyên soái" (generalissimo), "Chủ tịch" (chairman), ...
_VI_HONOUR = re.compile(
    r"^(?:(?:đồng chí|Đồng chí|ông|Ông|bà|Bà|ngài|Ngài|Đại Nguyên soái|Nguyên soái|Chủ tịch|Thủ tướng|"
    r"Bộ trưởng|Đại sứ|Tổng thống|Tổng Bí thư|Bí thư|Thống chế|Tướng)\s+)+"
)
_VI_NAME = re.compile(r"^(?:[A-ZĐÀ-Ỹ][\w’'-]*\.?\s+){0,3}[A-ZĐÀ-Ỹ][\w’'-]+$")


def _vietnamese_heading(doc: Document, line: Line, found: re.Match[str], authority: Authority) -> None:
    """ "Thư Grigoryan gửi đồng chí Stalin ...": the title, the kind, and both parties, each a
    name once its honours are dropped (kept as written when the authority does not know it)."""
    doc.set("title", line.text.rstrip("."), "vietnamese_heading", line.span)
    kind = "Letter" if found.group("kind").lower().endswith("thư") else "Telegram"
    doc.set("doc_type", kind, "vietnamese_heading", line.span)
    for group, field in (("from", "senders"), ("to", "recipients")):
        written = found.group(group)
        name = _VI_HONOUR.sub("", written)
        if not _VI_NAME.match(name):
            continue
        at = line.start + found.start(group) + (len(written) - len(name))
        span = Span(at, at + len(name))
        person = resolve_person(name, authority, span=span, rule=f"vietnamese_heading_{group}")
        person.as_written = written
        setattr(doc, field, [person])


def _kind_heading(doc: Document, text: str, head: list[Line], authority: Authority) -> int | None:
    """Below a site's own lines, a short heading that opens with the record's kind
    ("Телеграмма Мао Цзэдуну"); Russian works print the author above it ("Сталин И.В.") and
    the addressee in the dative after the kind word. Returns the heading's index in ``head``."""
    for index, line in enumerate(head[:30]):
        excerpt = _EXCERPT_HEADING.match(line.text)
        if excerpt:
            _excerpt_heading(doc, line, excerpt, authority)
            return index
        vietnamese = _VI_HEADING.match(line.text)
        if vietnamese:
            _vietnamese_heading(doc, line, vietnamese, authority)
            return index
        found = _KIND_HEADING.match(line.text)
        if not found:
            continue
        doc.set("title", line.text.rstrip("."), "kind_heading", line.span)
        doc.set("doc_type", _KIND_OF_HEADING[found.group("kind").lower()], "kind_heading", line.span)
        for group, field, rule in (("to", "recipients", "kind_heading_addressee"),
                                   ("from", "senders", "kind_heading_author")):
            if found.group(group):
                at = line.start + found.start(group)
                person = resolve_person(found.group(group), authority,
                                        span=Span(at, line.start + found.end(group)), rule=rule)
                if person.entity_id:
                    setattr(doc, field, [person])
        above = _RU_AUTHOR_LINE.match(head[index - 1].text) if index else None
        if above:
            author = resolve_person(above.group("name"), authority, span=head[index - 1].span,
                                    rule="author_above_heading")
            if author.entity_id:
                doc.senders = [author]
        return index
    return None


_RECORD_DATE = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2},\s+\d{4}$"
)
_FUNDED = re.compile(r"^This document was made possible with support from\b")


_UNDATED = re.compile(r"^(?:[A-Z][\w.’' -]{1,40},\s+)?[Uu]ndated\.?$")


def _record_block(doc: Document, text: str, head: list[Line]) -> int | None:
    """An archive record copied onto another site below the site's own lines: its date line
    ("January 24, 1966"), its title (wrapped over up to four lines), and the archive's
    funder line. Returns the index of the title's last line in ``head``."""
    funded = next((i for i, line in enumerate(head[:30]) if _FUNDED.match(line.text)), None)
    if funded is None or funded < 2:
        return None
    above = range(funded - 2, max(-1, funded - 6), -1)
    dated = next((i for i in above if _RECORD_DATE.match(head[i].text)), None)
    if dated is None:
        return None
    first, last = head[dated + 1], head[funded - 1]
    title = " ".join(line.text.strip() for line in head[dated + 1 : funded])
    doc.set("title", title, "record_block", Span(first.start, last.stop))
    date = parse_date(head[dated].text)
    if date.iso:
        date.span, date.rule = head[dated].span, "record_block_date"
        doc.date = date
    return funded - 1


def _excerpt_heading(doc: Document, line: Line, found: re.Match[str], authority: Authority) -> None:
    """ "From: telegrams of <role> X to <role> Y", "From the diary of <role> X": the title, the
    kind, and (for a message, not a diary) its parties, each the name that ends its role."""
    doc.set("title", line.text.rstrip("."), "excerpt_heading", line.span)
    word = found.group("kind").lower().split()[-1].rstrip("s")
    kind = _EXCERPT_KIND.get(word + "s" if word == "note" else word, word.capitalize())
    doc.set("doc_type", kind, "excerpt_heading", line.span)
    if kind in ("Diary", "Journal", "Notes"):
        return  # a record kept, nobody's message
    for group, field in (("from", "senders"), ("to", "recipients")):
        text = found.group(group)
        name = _NAME_AT_END.search(text) if text else None
        if name is None:
            continue
        at = line.start + found.start(group) + name.start("name")
        person = resolve_person(name.group("name"), authority, span=Span(at, at + len(name.group("name"))),
                                rule=f"excerpt_heading_{group}")
        person.role = text[: name.start("name")].strip() or None
        setattr(doc, field, [person])


# "Kính gửi đồng chí F. Kuznetsov,", "Dear Comrade Gottwald,", "Chairman Stalin,", "Уважаемый товарищ Сталин!"
_SALUTE_LINE = re.compile(
    r"^(?:Kính gửi|Dear|Уважаемый|Дорогой|Respected|Esteemed)?\s*"
    r"(?:(?:đồng chí|comrades?|cdes?\.?|товарищ|ông|ngài|Mr\.|Chairman|President|Premier|Marshal|"
    r"Generalissimo)\s+)(?P<name>[A-ZА-ЯЁĐ][^\n,!:;()]{1,40}?)\s*[,!:]$"
)


def _salutation_recipient(doc: Document, head: list[Line], after: int, authority: Authority) -> None:
    """A letter's or telegram's salutation just below its heading names its addressee."""
    for line in head[after : after + 4]:
        found = _SALUTE_LINE.match(line.text.strip())
        if found is None:
            continue
        at = line.start + line.text.index(found.group("name"))
        year = doc.year
        person = resolve_person(found.group("name"), authority, year=year,
                                span=Span(at, at + len(found.group("name"))), rule="salutation_line")
        if person.entity_id and person.entity_id.startswith("person:"):
            doc.recipients = [person]
        return


def _date_of_note_or_meeting(doc: Document, text: str, head: list[Line], after: int) -> None:
    """No dateline: the date of the source note above the heading ("Lot 58 D 609, June 1951"),
    else, for a memorandum, the first full date of its first paragraph ("Calling at 3:00 p.m.,
    11 January, 1951, at the White House")."""
    note = doc.provenance.get("source_note")
    if note is not None and note.span is not None and note.rule == "note_above_heading":
        dates = [d for d in find_dates(text, start=note.span.start, stop=note.span.stop) if d.iso]
        if dates and (dates[0].precision in ("day", "month")):
            dates[0].rule = "source_note_date"
            doc.date = dates[0]
            return
    if not (doc.title or "").startswith("Memorandum"):
        return
    prose = next((line for line in head[after:] if len(line.text) > 80), None)
    if prose is None:
        return
    stop = min(prose.stop, prose.start + 300)
    dates = [d for d in find_dates(text, start=prose.start, stop=stop) if d.iso and d.precision == "day"]
    if dates and "year_from_document" not in dates[0].flags:
        dates[0].rule = "memorandum_first_sentence"
        doc.date = dates[0]


def _date_in_title(doc: Document) -> None:
    assert doc.title is not None
    span = doc.provenance["title"].span
    dates: list[DateValue] = [d for d in find_dates(doc.title) if d.iso and d.precision == "day"]
    if dates:
        date = dates[-1]
        if span is not None and date.span is not None:
            date.span = Span(span.start + date.span.start, span.start + date.span.stop)
        date.rule = "date_in_title"
        doc.date = date


def _number(doc: Document, head: list[Line], after: int) -> None:
    for line in head[after : after + 8]:
        found = _NO_LINE.match(line.text) or _FIRST_NUMBER.match(line.text)
        # a dateline is a short line of its own; a long one is the text ("78. Your 101, April 15, 8 p.m. ...")
        if found and not (DATELINE.match(line.text) and len(line.text) < 80):
            number = found.group("number")
            if found.re is _FIRST_NUMBER and (number == "1" or _UNSENT.search(doc.title or "")):
                continue  # "1. ..." numbers a paragraph, not a telegram; a memorandum's "2." too
            span = Span(line.start + found.start("number"), line.start + found.end("number"))
            doc.envelope.number = number
            doc.envelope.number_span = span
            rule = "first_token_number" if found.re is _FIRST_NUMBER else "no_line_number"
            doc.envelope.provenance["number"] = Provenance(rule, span)
            return


_TYPE_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Editorial Note\b", re.I), "Editorial Note"),
    (re.compile(r"\bCircular telegram\b", re.I), "Circular telegram"),
    (
        re.compile(r"\b(?:memorandum|record|minutes) of (?:a |the )?conversation\b", re.I),
        "Memorandum of Conversation",
    ),
    (re.compile(r"\bjournal\b", re.I), "Journal"),
    (re.compile(r"\bdiary\b", re.I), "Diary"),
    (
        re.compile(r"\b(?:ciphered |coded )?(?:telegram|cablegram|radiogram|телеграмм\w*|điện tín)\b", re.I),
        "Telegram",
    ),
    (re.compile(r"\bcable\b", re.I), "Cable"),
    (re.compile(r"\bletter\b|\bписьм\w*", re.I), "Letter"),
    (re.compile(r"\bdespatch\b", re.I), "Despatch"),
    (re.compile(r"\binstruction\b", re.I), "Instruction"),
    (re.compile(r"\breport\b", re.I), "Report"),
    (re.compile(r"\bmemorandum\b", re.I), "Memorandum"),
    (re.compile(r"\bminutes\b", re.I), "Minutes"),
    (re.compile(r"\bnote\b", re.I), "Note"),
]


# The page's own word for its kind, when the title opens with it.
_LEADING_KIND = re.compile(
    r"^(?:Department of State\s+)?(?P<kind>Memorandum of (?:an? |the )?(?:Conversation|Discussion)|"
    r"Telephone Conversation|"
    r"Record of (?:a )?Conversation|Circular [Tt]elegram|Editorial Note|Wireless Bulletin|Notes|Note|"
    r"Minutes?|"
    r"Transcript|Discussion|Reply|Despatch|Instruction|Letter|Telegram|Memorandum|Report|Message|Cable|"
    r"Journal|Diary|Statement|Directive|Airgram|Position Paper|Background Paper|Talking Points|Paper)\b"
)


# British official correspondence: "Sir," or "My Lord," over "I have the honour to ..." /
# "I am commanded by the Army Council to ..."; a governor's from Government House is a despatch
_OFFICIAL_SALUTATION = re.compile(r"(?im)^(?:sir|my lord|gentlemen|your excellency)\s*[,:.]\s*$")
_OFFICIAL_OPENING = re.compile(
    r"\bI (?:have the hono(?:u)?r to|am (?:commanded|directed|instructed)\b[^.\n]{0,60}?\bto)\b",
    re.IGNORECASE,
)


def _official_letter(text: str) -> str | None:
    head = text[:3000]
    salutation = _OFFICIAL_SALUTATION.search(head)
    if salutation is None or not _OFFICIAL_OPENING.search(head, salutation.end(), salutation.end() + 400):
        return None
    return "Despatch" if re.search(r"(?m)^Government House\b", head[: salutation.end() + 200]) else "Letter"


def _type(doc: Document, text: str) -> None:
    if doc.doc_type is not None:
        return
    title = doc.title or ""
    span = doc.provenance["title"].span if "title" in doc.provenance else None
    leading = _LEADING_KIND.match(title)
    if leading:
        # "Memorandum of a Conversation, Department of State, ...": the kind without its article
        kind = re.sub(r"^(Record|Memorandum) of (?:an? |the )(Conversation|Discussion)", r"\1 of \2",
                      leading.group("kind"))
        doc.set("doc_type", kind, "kind_opening_title", span)
        return
    numbered = doc.envelope.provenance.get("number")
    heading = doc.provenance.get("title")
    opening = head_lines(text)[:15]
    if (numbered is None or numbered.rule != "first_token_number") and any(
        _THIRD_PERSON_NOTE.search(line) for line in opening
    ):
        # "The Polish Ambassador presents his compliments to the Secretary of State and ...":
        # the third-person form of a diplomatic note
        doc.set("doc_type", "Note", "third_person_note", span)
        return
    if numbered and heading and heading.rule in ("office_heading", "from_to_heading"):
        # "192. Your 5, June 6 ..." under an office heading: a telegram; "No. 382" + "Sir:" a
        # despatch; "No. 896" + "My Dear Mr. Secretary:" a letter
        kind = "Telegram" if numbered.rule == "first_token_number" else "Despatch"
        if kind == "Despatch" and any(_PERSONAL_SALUTATION.match(line) for line in opening):
            kind = "Letter"
        doc.set("doc_type", kind, "numbered_under_office_heading", span)
        return
    best: tuple[int, str] | None = None
    for pattern, name in _TYPE_WORDS:
        found = pattern.search(title)
        if found and (best is None or found.start() < best[0]):
            best = (found.start(), name)
    span = doc.provenance["title"].span if "title" in doc.provenance else None
    if best is not None:
        doc.set("doc_type", best[1], "type_from_title", span)
        return
    for line in head_lines(text)[:15]:
        if _CAPS_KIND_LINE.match(line):  # "CODED TELEGRAM – TOP SECRET" on a line of its own
            doc.set("doc_type", "Telegram", "kind_line")
            return
    for line in head_lines(text)[:6]:
        marked = _MARKED_KIND.match(line)
        if marked:
            # "Top Secret Single Copy (Working Notes)": the kind in brackets on the marks line
            doc.set("doc_type", marked.group("kind"), "kind_on_marks_line")
            return
    if any(_RECEIVED_AT_HOUR.match(line) for line in head_lines(text)[:12]):
        # "[Received December 10, 1941—2:35 a. m.]": received at an hour, as only a telegram is
        # (a despatch or a note is received on a day)
        doc.set("doc_type", "Telegram", "received_at_hour")
        return
    for line in head_lines(text)[:6]:
        found = _KIND_PLACE_DATE_LINE.match(line)
        if found:
            # "Cablegram unnumbered OTTAWA, 6 September 1939, 6 p.m.": an edition's document line
            # under the heading names the kind in the document's own word, and its number
            doc.set("doc_type", found.group("kind"), "kind_place_date_line")
            number = found.group("number")
            if doc.envelope.number is None and number and number.lower() != "unnumbered":
                doc.envelope.number = number
                doc.envelope.provenance["number"] = Provenance("kind_place_date_line")
            return
    official = _official_letter(text)
    if official is not None:
        doc.set("doc_type", official, "official_letter")
        return
    rule = doc.provenance.get("title")
    if rule is not None and rule.rule in ("office_heading", "from_to_heading") and title:
        # no telegram number: the salutation says what was sent. "Sir:" opens a despatch to
        # the Secretary of State or his instruction to a post; "My dear ...:" a letter
        salutation = next((line for line in head_lines(text)[:12] if _SALUTATION.match(line)), None)
        if salutation is not None:
            if not salutation.startswith("Sir"):
                kind = "Letter"
            elif re.search(r"\bto the (?:Acting )?Secretary of State\b", title):
                kind = "Despatch"
            elif re.match(r"^The (?:Acting )?Secretary of State\b", title):
                kind = "Instruction"
            else:
                return
            doc.set("doc_type", kind, "salutation_under_heading", span)
            return
    if rule is not None and rule.rule == "personal_heading":
        # a minister writes despatches to the Secretary; the Secretary sends instructions
        has_number = doc.envelope.number is not None
        to_secretary = "Secretary of State" in text
        doc.set(
            "doc_type",
            "Despatch" if to_secretary or not has_number else "Instruction",
            "despatch_or_instruction",
            span,
        )


_SALUTATION = re.compile(r"^(?:Sir|My [Dd]ear [^:\n]{2,40}|Dear [^:\n]{2,40}):")
_PERSONAL_SALUTATION = re.compile(r"^(?:My [Dd]ear|Dear) [^:\n]{2,40}:")
_THIRD_PERSON_NOTE = re.compile(r"\bpresents (?:his|her|its|their) compliments\b")
_CAPS_KIND_LINE = re.compile(
    r"^(?:(?:CODED|CIPHERED|CIPHER|SECRET|URGENT)\s+)?(?:TELEGRAM|CABLEGRAM|RADIOGRAM|CIPHERGRAM)\b[^a-z]{0,40}$"
)


# a marks line naming the kind in brackets: "Top Secret Single Copy (Working Notes)"
_MARKED_KIND = re.compile(
    r"^(?:(?:Top|Strictly|Most)\s+)?(?:Secret|Confidential)\b[^()\n]{0,40}\((?P<kind>Working Notes|Minutes|"
    r"Transcript|Record of Conversation|Memorandum of Conversation)\)\.?$",
    re.IGNORECASE,
)
# FRUS: "[Received December 10, 1941—2:35 a. m.]", "[Received June 26—10:05 p.m.]"
_RECEIVED_AT_HOUR = re.compile(
    r"^\[Received\b[^\]\n]{0,60}?\d{1,2}(?::\d{2})?\s*(?:[ap]\.\s?m\.?|noon|midnight)[^\]\n]{0,20}\]\.?$",
    re.IGNORECASE,
)
# an edition's document line: kind, number (or "unnumbered"), PLACE, date
_KIND_PLACE_DATE_LINE = re.compile(
    r"^(?P<kind>Cablegram|Savingram|Telegram|Despatch|Letter|Memorandum|Minute|Note|Teleprinter message)"
    r"(?:\s+(?P<number>unnumbered|[A-Z]{0,3}\d[\w/.-]*))?\s+(?P<place>[A-Z][A-Z .'-]{2,30}),\s+"
    r"\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\b"
)


def head_lines(text: str) -> list[str]:
    """The first lines of substance of a page."""
    out: list[str] = []
    for line in text.split("\n", 60)[:60]:
        if line.strip():
            out.append(line.strip())
    return out


# A telegram's own address after its number: "1579. For Secretary from McCloy.", "2400. For
# Ambassador from Ambassador Thompson.", "3221. For S/AL Thompson and EUR Tyler."
_FOR_FROM = re.compile(
    r"(?:(?:Literally\s+)?Eyes\s+only\s+|Personal\s+|Following\s+)?For\s+(?P<for>[^.;:\n]{2,80}?)"
    r"(?:\s+from\s+(?P<from>[^.;:\n]{2,60}?)(?=\.(?:\s|$))|(?=\s+from\s)|\.(?=\s|$))",
    re.IGNORECASE,
)
_ADDRESS_TITLE = re.compile(
    r"^(?:(?:the|Acting|Under|Deputy|Assistant|Secretary|Ambassador|President|Minister|Chargé|Charge|Mr\.|"
    r"Governor|General|Admiral|Senator|Under Secretary|Counselor)\s+|[A-Z]{1,5}(?:/[A-Z]{1,5})*\s+)+"
)
_THE_PRESIDENT = re.compile(r"^(?:the\s+)?President$", re.IGNORECASE)
_ADDRESS_NAME = re.compile(
    r"^(?:[A-Z]\.\s?)*[A-Z][a-z][\w'’-]+(?:\s+(?:[A-Z]\.\s?)*[A-Z][a-z][\w'’-]+){0,2}$"
)
_VOLUME_OF_ID = re.compile(r"^frus(?P<year>1[89]\d\d)")


def for_and_from(doc: Document, text: str, authority: Authority) -> None:
    """The persons a telegram's own address names after its number ("For Secretary from McCloy",
    "For S/AL Thompson and EUR Tyler") are its sender and its recipients, the heading's office kept
    as role; an office alone ("For Secretary", "from Secretary") changes nothing."""
    span = doc.envelope.number_span
    if span is None:
        return
    after = re.match(r"\.\s+", text[span.stop : span.stop + 4])
    if after is None:
        return
    start = span.stop + after.end()
    found = _FOR_FROM.match(text, start, min(len(text), start + 200))
    if found is None:
        return
    year = doc.year
    volume = _VOLUME_OF_ID.match(doc.record_id or "")
    year = year or (int(volume.group("year")) if volume else None)

    def persons(group: str) -> list[PersonRef]:
        value = found.group(group)
        if value is None:
            return []
        people: list[PersonRef] = []
        offset = found.start(group)
        for part in re.split(r"\s*,\s*|\s+and\s+", value):
            president = us_president_in(year) if year and _THE_PRESIDENT.match(part) else None
            name = president or _ADDRESS_TITLE.sub("", part.strip() + " ").strip()
            if not name or not _ADDRESS_NAME.match(name):
                return []  # an office, not a person: the heading says it already
            at = offset + value.find(part)
            people.append(resolve_person(name, authority, year=year, span=Span(at, at + len(part)),
                                         rule=f"telegram_{group}_line"))
        return people

    senders, recipients = persons("from"), persons("for")
    if senders:
        for person in senders:
            person.role = doc.senders[0].role or doc.senders[0].name if doc.senders else None
        doc.senders = senders
    if recipients:
        for person in recipients:
            person.role = doc.recipients[0].role or doc.recipients[0].name if doc.recipients else None
        doc.recipients = recipients


# "MEMORANDUM FOR THE MINISTER" (its subject on the next line), "MEMORANDUM FOR: Staff
# Personnel SUBJECT: Letter of Information" (an OCR'd page run together)
# "MEMORANDUM FOR THE SECRETARY OF STATE FROM JOHN A. MCCONE", "MEMORANDUM FOR: Bureau Chiefs
# FROM : Chief, FBIS SUBJECT : Letter of Information": the sender after "FROM"
_MEMORANDUM_FOR = re.compile(
    r"\bMEMORANDUM\s+FOR\s*:?\s+(?!(?:THE|The|the)\s+(?:RECORD|Record|record)\b)(?P<to>[A-Z][^\n:]{1,80}?)\s*['’\".,]?\s*"
    r"(?:\s+FROM\s*:?\s*(?P<from>[A-Z][^\n:]{1,60}?)\s*['’\".,]?\s*)?(?=\s+SUBJECT\b|\n|$)"
)
_SUBJECT = re.compile(r"\s*SUBJECT\s*:\s*(?P<subject>[^\n]{3,160})")
_SUBJECT_END = re.compile(r"(?<=[a-z])\s+(?=[A-Z]{3,}\b)|\s+-?\d{1,2}\.\s|\s{3,}")


def _memorandum_for(doc: Document, text: str, authority: Authority) -> None:
    """A memorandum addressed "MEMORANDUM FOR X": its type, its addressee (that year's president
    for "the President", as a telegram "For the President"), and its subject as title when the
    page has none (the "SUBJECT:" after the address, else the line below it)."""
    found = _MEMORANDUM_FOR.search(text, 0, 6000)
    if found is None:
        return
    if doc.doc_type is None:
        doc.set("doc_type", "Memorandum", "memorandum_for", Span(found.start(), found.start("to")))
    to = found.group("to").strip()
    to = to.title() if to.isupper() else to
    span = Span(found.start("to"), found.start("to") + len(found.group("to").strip()))
    if not doc.recipients:
        year = doc.year
        president = us_president_in(year) if year and _THE_PRESIDENT.match(to) else None
        person = resolve_person(president or to, authority, year=year, span=span, rule="memorandum_for")
        person.as_written = found.group("to").strip()
        doc.recipients = [person]
    sender = (found.group("from") or "").strip()
    if sender and not doc.senders:
        at = found.start("from")
        sender = sender.title() if sender.isupper() else sender
        doc.senders = [resolve_person(sender, authority, year=doc.year, span=Span(at, at + len(sender)),
                                      rule="memorandum_from")]
    if doc.title:
        return
    subject = _SUBJECT.match(text, found.end())
    if subject is not None:
        value = _SUBJECT_END.split(subject.group("subject"), maxsplit=1)[0].strip(" .")
        at = subject.start("subject")
    else:
        below = re.match(r"[^\n]*\n\s*(?P<line>[^\n]{3,160})", text[found.end() : found.end() + 400])
        if below is None:
            return
        value = below.group("line").strip()
        at = found.end() + below.start("line")
    if value and value[0].isupper() and not value.endswith((".", ",")):
        doc.set("title", value, "memorandum_subject", Span(at, at + len(value)))


# A British official letter's closing ("I have the honour to be, ... Your obedient servant")
# and its address block at the foot: "THE RIGHT HONOURABLE / THE EARL OF CREWE, / &c.",
# "The Under-Secretary of State, / Colonial Office."
_CLOSING = re.compile(r"\bobedient,?\s+(?:humble\s+)?servant\b|\bI have the honour to be\b", re.IGNORECASE)
_STYLE_LINE = re.compile(r"^(?:THE\s+)?(?:RIGHT\s+)?HONOURABLE,?$|^(?:The\s+)?(?:Right\s+)?Honourable,?$")
_ADDRESSED = re.compile(
    r"^The\s+(?:(?:Permanent\s+|Parliamentary\s+)?Under[- ]Secretary|Secretary|Earl|Marquess|Marquis|"
    r"Viscount|Lord|Governor|Colonial Secretary|Officer Administering)\b",
    re.IGNORECASE,
)
_ETC = re.compile(r"^&[Cc]\b|^(?:I am|I have)\b|^\d")


def _address_block(doc: Document, text: str, lines: list[Line], authority: Authority) -> None:
    """The addressee of a British official letter or despatch, written in its address block near
    the foot ("THE RIGHT HONOURABLE / THE EARL OF CREWE, / &c."), the office's second line
    joined ("The Under-Secretary of State, / Colonial Office.")."""
    tail = lines[-20:]
    if not tail or not _CLOSING.search(text, max(0, tail[0].start - 2000), tail[-1].stop):
        return
    for index, line in enumerate(tail):
        value = line.text.strip()
        start = index + 1 if _STYLE_LINE.match(value) else index
        if start >= len(tail) or not _ADDRESSED.match(tail[start].text.strip()):
            continue
        parts = [tail[start].text.strip().rstrip(",.")]
        following = tail[start + 1].text.strip() if start + 1 < len(tail) else ""
        if following and parts[0].endswith(("State", "Secretary")) and not _ETC.match(following) \
                and len(following) < 40 and following[0].isupper():
            parts.append(following.rstrip(",."))
        name = ", ".join(parts)
        if name.isupper():
            name = re.sub(r"(?<=\s)(Of|The|And|For)\b", lambda m: m.group(1).lower(), name.title())
        span = Span(tail[start].start, (tail[start + 1] if len(parts) > 1 else tail[start]).stop)
        match = authority.lookup(name)
        if match is not None and match.entity.kind == "person":
            doc.recipients = [PersonRef(name, match.entity.name, match.entity.id, span, "address_block")]
        else:
            doc.recipients = [PersonRef(name, name, None, span, "address_block+unresolved")]
        return


# A Russian note's address line: "Его Превосходительству В.М. МОЛОТОВУ, Народному Комиссару
# Иностранных Дел" (to His Excellency V.M. Molotov, People's Commissar ...); the name in the dative
_EXCELLENCY_RU = re.compile(
    r"(?:^|(?<=[.\s]))(?:Его|Ее|Её)\s+Превосходительству\s+"
    r"(?P<name>[А-ЯЁ][А-ЯЁа-яё.]*(?:\s+[А-ЯЁ][А-ЯЁа-яё.]*){0,2})\s*(?=,|\n|$)",
    re.MULTILINE,
)


# ... and its English form, on a line of its own: "His Excellency Mr. V. M. Molotov, People's ..."
_EXCELLENCY_EN = re.compile(
    r"^(?:To\s+)?(?:His|Her)\s+Excellency\s+(?:(?:Mr\.|Monsieur|Señor|Senhor|Dr\.|General|Marshal)\s+)?"
    r"(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s*(?=,|\n|$)",
    re.MULTILINE,
)


def _excellency_addressee(doc: Document, text: str, authority: Authority) -> None:
    """The addressee of a note's address line, when the authority knows the person."""
    found = _EXCELLENCY_RU.search(text) or _EXCELLENCY_EN.search(text)
    if found is None:
        return
    span = Span(found.start("name"), found.end("name"))
    person = resolve_person(found.group("name"), authority, year=doc.year, span=span, rule="excellency_line")
    if (person.entity_id or "").startswith("person:"):
        doc.recipients = [person]


def read_record_id(doc: Document, text: str, path: str) -> None:
    if doc.record_id:
        return
    found = _FRUS_URL.search(text)
    if found:
        doc.set(
            "record_id",
            f"{found.group('volume')}/{found.group('doc')}",
            "frus_url",
            Span(found.start(), found.end()),
        )
        return
    wilson = {m.group("id"): m for m in _WILSON_URL.finditer(text)}
    if len(wilson) == 1:  # the one Wilson Center record the page links to is the page's own
        [(record, where)] = wilson.items()
        doc.set("record_id", record, "wilson_url", Span(where.start("id"), where.end("id")))
        return
    named = _FRUS_PATH.search(path.rsplit("/", 1)[-1])
    if named:
        doc.record_id = f"{named.group('volume')}/{named.group('doc')}"
        doc.provenance["record_id"] = Provenance("frus_id_in_file_name")


def _source_notes(doc: Document, text: str) -> None:
    for found in _SOURCE.finditer(text):
        note = squash(found.group("note"))
        span = Span(found.start("note"), found.end("note"))
        doc.set("source_note", note, "source_note_anywhere", span)
        decimal = _DECIMAL_FILE.search(note)
        ref_text = note.split(".")[0] if decimal is None else note[: decimal.end()]
        doc.archive_refs.append(
            ArchiveRef(text=ref_text, archive=None, span=span, rule="source_note_anywhere")
        )
