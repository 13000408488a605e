"""Search-result and facet listing pages: many records, never one document.

Each entry is a date line, usually a title line, and usually a summary; bullets and
the "Results: 51 - 60 of 96" or "SEARCH RESULTS" headings are recognised.
"""

from __future__ import annotations

import re

from cablegraph.model import Document, ListingItem, Span
from cablegraph.parse.dates import parse_date
from cablegraph.parse.lines import Line, split_lines

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "October 20, 1964", "• April 08, 1965", and a bulleted year alone ("• 1971")
ENTRY_DATE = re.compile(
    rf"^(?:•\s*)?(?P<date>(?:{_MONTHS})(?:\s+\d{{1,2}})?,?\s+\d{{4}})$|^•\s*(?P<date_year>\d{{4}})$"
)
RESULTS_HEADING = re.compile(
    r"^(?:Results:?|\d+\s*-\s*\d+\s+of\s+\d+|SEARCH RESULTS(?:\s+FOR\s+.+)?|\(\d+\)\s+documents)$"
)
# A title line names a kind of record ("Telegram from ...", "Cable, Mao ... to ...").
_TITLE_HINT = re.compile(
    r"^(?:[\w'’-]+\s+){0,4}(?:Telegram|Cable|Letter|Memorandum|Report|Record|Conversation|"
    r"Minutes|Resolution|Statement|Note|Contract|Directive|Instruction|Message|Remarks|"
    r"Speech|Agreement)\b|\bto\b.*$|^[A-Z][^.]{0,120}$"
)


# A FRUS chapter or compilation page: "[59] The Ambassador in Korea (Muccio) to the
# Secretary of State", "136. Memorandum of Conversation" (a heading, no sentence).
DOC_ENTRY = re.compile(
    r"^(?:\[\d{1,4}\]|Document \d{1,4}:)\s+(?P<bracketed>[A-Z][^\n]{0,250})$"
    r"|^\d{1,4}\.\s+(?P<title>"
    r"(?:(?:Circular\s+)?Telegram|Memorandum|Letter|Editorial Note|Note|Despatch|Instruction|Airgram|"
    r"Paper|Report|Minutes|Message|Record|Summary|Draft|Notes|Intelligence|National Intelligence|"
    r"Special National|Briefing|Conversation|Editorial)\b[^\n]{0,200}|The [^\n]{3,160}? to [^\n]{3,120})$"
)


def _doc_entries(lines: list[Line]) -> list[Line]:
    return [line for line in lines if DOC_ENTRY.match(line.text) and not line.text.endswith(".")]


def listing_score(lines: list[Line]) -> int:
    """How strongly the page looks like a listing: dated entries plus a results heading."""
    dated = sum(1 for line in lines if ENTRY_DATE.match(line.text))
    heading = any(RESULTS_HEADING.match(line.text) for line in lines[:40])
    return dated + (3 if heading else 0)


def is_listing(text: str, lines: list[Line]) -> bool:
    if "Document Information" in text or re.search(r"(?:^|\n)Citation:\s", text):
        return False
    return listing_score(lines) >= 4 or len(_doc_entries(lines)) >= 3 or len(_teasers(text)) >= 3


# A blog's archive page: each post's teaser ends "Continue reading “Title”".
_TEASER = re.compile(r"(?:Continue reading|Read more)\W{0,3}[“\"](?P<title>[^”\"\n]{3,300})[”\"]")


def _teasers(text: str) -> list[re.Match[str]]:
    return list(_TEASER.finditer(text))


def read_listing(doc: Document, text: str) -> None:
    """Fill ``doc.items`` with the entries of a listing page."""
    lines = [line for line in split_lines(text) if line.text]
    starts = [i for i, line in enumerate(lines) if ENTRY_DATE.match(line.text)]
    entries = _doc_entries(lines)
    teasers = _teasers(text)
    if len(starts) < 4 and len(entries) < 3 and len(teasers) >= 3:
        for teaser in teasers:
            span = Span(teaser.start("title"), teaser.end("title"))
            doc.items.append(ListingItem(date=None, title=teaser.group("title"), summary=None, span=span))
        doc.page_kind = "listing"
        doc.layout = "listing:teasers"
        return
    if len(starts) < 4 and len(entries) >= 3:
        for line in entries:
            found = DOC_ENTRY.match(line.text)
            assert found is not None
            title = found.group("bracketed") or found.group("title")
            doc.items.append(ListingItem(date=None, title=title, summary=None, span=line.span))
        doc.page_kind = "listing"
        doc.layout = "listing:documents"
        return
    for number, index in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        doc.items.append(_item(lines, index, end))
    doc.page_kind = "listing"
    heading = next((line for line in lines[:40] if RESULTS_HEADING.match(line.text)), None)
    doc.layout = "listing" if heading is None else f"listing:{heading.text[:40]}"


def _item(lines: list[Line], index: int, end: int) -> ListingItem:
    date_line = lines[index]
    found = ENTRY_DATE.match(date_line.text)
    assert found is not None
    group = "date" if found.group("date") else "date_year"
    date = parse_date(found.group(group))
    date.span = Span(date_line.start + found.start(group), date_line.start + found.end(group))
    date.rule = "listing_entry_date"
    rest = [line for line in lines[index + 1 : end] if not RESULTS_HEADING.match(line.text)]
    title: str | None = None
    summary_lines = rest
    if rest and _looks_like_title(rest[0].text):
        title = rest[0].text
        summary_lines = rest[1:]
    summary = " ".join(line.text for line in summary_lines) or None
    stop = (rest[-1] if rest else date_line).stop
    return ListingItem(date=date, title=title, summary=summary, span=Span(date_line.start, stop))


def _looks_like_title(text: str) -> bool:
    return len(text) < 220 and not text.endswith(".") and bool(_TITLE_HINT.search(text))
