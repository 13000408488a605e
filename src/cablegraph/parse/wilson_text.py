"""Wilson Center Digital Archive pages as text, in every site layout seen.

Parsing goes by labels, never by positions: "Document Information" with
"Source / Rights / Original Uploaded Date / Type / Language / Record ID", the
"Citation: / Summary: / Credits: / Original Language: / Contents:" block (on its own
lines or run together on one line in PDF text), the legacy "Search in" page and the
upper-case 2019 page. Any block may be missing or empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablegraph.model import Credit, Document, Provenance, Span
from cablegraph.parse.lines import Line, split_lines, squash, strip_span

# Labels of the "Document Information" block, each alone on its line.
INFO_LABELS = (
    "source",
    "original archive",
    "associated topics",
    "related documents",
    "rights",
    "original uploaded date",
    "type",
    "language",
    "record id",
    "original language",
    "subjects discussed",
    "associated people & organizations",
    "associated places",
    "author(s):",
    "keywords",
    "collections",
    "tags",
)
# Labels that end in a colon and may stand inline ("Citation: "...").
INLINE_LABELS = ("Citation", "Summary", "Credits", "Original Language", "Contents", "Author(s)")
_INLINE = re.compile(
    r"(?:(?<=\s)|^)(?P<label>Citation|Summary|Credits|Original Language|Contents|Author\(s\)):(?=\s|$)"
)
_CONTENTS_ITEM = re.compile(
    r"\s*(?:Original Scan|English Translation|Russian Transcription|Transcript(?:ion)?\s*-\s*\w+|"
    r"Translation\s*-\s*\w+|Original\s*-\s*\w+|\w+ Translation|Original Scan PDF)(?=\s|$)"
)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_LINE = re.compile(
    rf"^(?:(?:{_MONTHS})\s+\d{{1,2}},\s+\d{{4}}|(?:{_MONTHS}),?\s+\d{{4}}|\d{{4}})"
    rf"(?=\s|$)"
)
_BOILERPLATE = re.compile(
    r"^(?:Skip to content|Search in|Digital Archive(?: International History Declassified)?|"
    r"International History Declassified|ADD SEARCH FILTER.*|Total Page:.*|File Type:.*|"
    r"CITATION SHARE DOWNLOAD-?|Citation|get citation|• Citation|• share document|"
    r"share document|- Share|- Download|VIEW DOCUMENT IN|English HTML|Russian HTML|"
    r"Chinese HTML|\S+ HTML|Download PDF|Print|Email)$"
)
_FUNDER = re.compile(r"^This document was made possible with support from (?:the )?(?P<funder>.+?)\.?$")
_RIGHTS_START = re.compile(r"^(?:The History and Public Policy Program welcomes|To enquire about)")
_TRANSLATED = re.compile(r"Translated(?: for [^.]*?)? by (?P<names>[^.]+?)\.(?=\s|$)")
_URL = re.compile(r"https?://[^\s\"”]+")
_RECORD_IN_URL = re.compile(r"/document/(?P<id>\d+)")
# A citation without its label: '"Title," August 23, 1950, History and Public Policy
# Program Digital Archive, ...' (the 2019 and legacy pages).
_BARE_CITATION = re.compile(
    rf"[\"“](?P<title>[^\"“”\n]{{5,400}}?),?[\"”],?\s+(?P<date>(?:{_MONTHS})(?:\s+\d{{1,2}})?,?\s+\d{{4}}),"
    r"\s+(?:History and Public Policy Program |Wilson Center )?Digital Archive[^\n]*"
)
_QUOTED_TITLE = re.compile(r"[\"“](?P<title>[^\"“”]+?),?[\"”],?\s*")


@dataclass(slots=True)
class Layout:
    """Where the parts of a Wilson page are: the body and the metadata fields."""

    name: str
    body: Span | None = None
    title: Span | None = None
    date: Span | None = None


def detect_wilson_layout(text: str, lines: list[Line]) -> str | None:
    """Name the Wilson layout, or None when the page is not a Wilson document page."""
    head = [line.text for line in lines[:8] if not line.blank]
    first = head[0] if head else ""
    if first == "Skip to content":
        return "skip-to-content"
    if first == "Search in":
        return "legacy-search-in"
    if "CITATION SHARE DOWNLOAD" in text[:3000]:
        return "uppercase-2019-citation-share-download"
    if re.search(r"(?:^|\s)Citation:\s", text[:6000]) and re.search(r"(?:^|\s)Summary:\s", text):
        return "pdf-text-mirror" if "Total Page:" in text[:400] or _long_lines(lines) else "citation-block"
    if DATE_LINE.match(first):
        return "flat-single-newline"
    return None


def _long_lines(lines: list[Line]) -> bool:
    return any(len(line.text) > 3000 for line in lines[:10])


def read_wilson(doc: Document, text: str, layout: str) -> Span:
    """Fill the metadata fields of ``doc``; return the span of the document's body."""
    lines = split_lines(text)
    info_at = _find_line(lines, "Document Information")
    labels = _read_inline_labels(doc, text)
    body_start = _read_head(doc, text, lines, layout, labels)
    body_stop = _body_stop(text, lines, labels, info_at)
    if info_at is not None:
        _read_document_information(doc, text, lines, info_at)
    if layout in ("skip-to-content", "flat-single-newline") and doc.summary is None:
        body_stop = _read_trailing_summary(doc, text, lines, body_start, body_stop, info_at)
    _read_url_and_record(doc, text)
    _read_authors(doc, lines)
    return strip_span(text, body_start, max(body_start, body_stop))


def _read_authors(doc: Document, lines: list[Line]) -> None:
    """ "Author(s):" then one line per author, catalogue style: "Stalin, Joseph, 1878-1953"."""
    start = next((i for i, line in enumerate(lines) if line.text in ("Author(s):", "Author(s)")), None)
    if start is None:
        return
    for line in lines[start + 1 :]:
        if line.blank:
            continue
        if line.text in TRAILER_LABELS or line.text.lower() in INFO_LABELS:
            return
        author = _AUTHOR.match(line.text)
        name = f"{author.group('surname').strip()}, {author.group('given').strip()}" if author else line.text
        doc.credits.append(Credit("author", name, line.span))


def _find_line(lines: list[Line], wanted: str) -> int | None:
    for index, line in enumerate(lines):
        if line.text == wanted:
            return index
    return None


def _read_inline_labels(doc: Document, text: str) -> dict[str, Span]:
    """ "Citation:", "Summary:", ... wherever they stand; each value runs to the next label."""
    found = [m for m in _INLINE.finditer(text) if _is_label_position(text, m)]
    spans: dict[str, Span] = {}
    if not any(m.group("label") == "Citation" for m in found):
        _read_bare_citation(doc, text)
    for index, match in enumerate(found):
        stop = found[index + 1].start() if index + 1 < len(found) else len(text)
        label = match.group("label")
        if label in spans:
            continue
        value = strip_span(text, match.end(), stop)
        if label == "Contents":
            value = _contents_span(text, value)
        spans[label] = value
    _apply_inline_labels(doc, text, spans)
    return spans


def _read_bare_citation(doc: Document, text: str) -> None:
    found = _BARE_CITATION.search(text, 0, min(len(text), 8000))
    if found is None:
        return
    span = strip_span(text, found.start(), found.end())
    doc.set("citation", squash(span.of(text)), "bare_citation", span)
    doc.provenance["citation_title"] = Provenance(
        "citation_title", Span(found.start("title"), found.end("title"))
    )
    _read_citation_tail(doc, text, span)
    line_start = text.rfind("\n", 0, found.start()) + 1
    summary = strip_span(text, line_start, found.start())
    if summary.stop - summary.start < 20:  # the summary stands on the line before
        previous_stop = max(0, line_start - 1)
        summary = strip_span(text, text.rfind("\n", 0, previous_stop) + 1, previous_stop)
    if summary.stop - summary.start >= 20:
        doc.set("summary", squash(summary.of(text)), "summary_before_citation", summary)


def _is_label_position(text: str, match: re.Match[str]) -> bool:
    """A label starts a line, or (in PDF text) follows the end of a sentence or quote."""
    before = text[max(0, match.start() - 2) : match.start()]
    return match.start() == 0 or "\n" in before or bool(re.search(r"[.”\"a-z0-9)]\s$", before))


def _contents_span(text: str, value: Span) -> Span:
    """The list of contents ("Original Scan", "Translation - English"), not the body after it."""
    pos = value.start
    while True:
        item = _CONTENTS_ITEM.match(text, pos, value.stop)
        if not item or item.end() == pos:
            break
        pos = item.end()
    return strip_span(text, value.start, pos)


def _apply_inline_labels(doc: Document, text: str, spans: dict[str, Span]) -> None:
    if "Citation" in spans:
        span = spans["Citation"]
        doc.set("citation", squash(span.of(text)), "label_citation", span)
        _read_citation(doc, text, span)
    if "Summary" in spans:
        span = spans["Summary"]
        doc.set("summary", squash(span.of(text)), "label_summary", span)
    if "Credits" in spans:
        _read_credits(doc, text, spans["Credits"])
    if "Original Language" in spans:
        span = spans["Original Language"]
        value = squash(span.of(text)).split(" ")[0]
        doc.set("original_language", language_code(value), "label_original_language", span)


def _read_citation(doc: Document, text: str, span: Span) -> None:
    """'"Title," June 30, 1951, Wilson Center Digital Archive, refs. Translated by X. URL'."""
    value = span.of(text)
    quoted = _QUOTED_TITLE.search(value)
    if quoted and quoted.start() < 400:
        title_span = Span(span.start + quoted.start("title"), span.start + quoted.end("title"))
        doc.provenance.setdefault("citation_title", Provenance("citation_title", title_span))
    _read_citation_tail(doc, text, span)


def _read_citation_tail(doc: Document, text: str, span: Span) -> None:
    for translated in _TRANSLATED.finditer(span.of(text)):
        _add_translators(doc, translated.group("names"), span.start + translated.start("names"))


def citation_title(doc: Document, text: str) -> tuple[str, Span] | None:
    prov = doc.provenance.get("citation_title")
    if prov is None or prov.span is None:
        return None
    return squash(prov.span.of(text)), prov.span


def _add_translators(doc: Document, names: str, start: int) -> None:
    for name in re.split(r",\s*(?:and\s+)?|\s+and\s+", names):
        name = name.strip()
        if name and not any(c.role == "translator" and c.name == name for c in doc.credits):
            doc.credits.append(Credit("translator", name, Span(start, start + len(names))))


def _read_credits(doc: Document, text: str, span: Span) -> None:
    value = squash(span.of(text))
    funder = _FUNDER.match(value)
    if funder:
        doc.credits.append(Credit("funder", funder.group("funder"), span))


def _read_head(doc: Document, text: str, lines: list[Line], layout: str, labels: dict[str, Span]) -> int:
    """Date, title and funder line at the head; returns where the body starts."""
    content = [line for line in lines if not line.blank and not _BOILERPLATE.match(line.text)]
    if not content:
        return len(text)
    body_start = content[0].start
    index = 0
    first = content[0]
    date = DATE_LINE.match(first.text)
    if date and "Citation" not in first.text[:20]:
        doc.provenance["date_line"] = Provenance("date_line", Span(first.start, first.start + date.end()))
        rest = first.text[date.end() :].strip()
        if rest and layout != "legacy-search-in":
            title_start = first.start + first.text.index(rest)
            _set_title(doc, text, first, title_start, layout)
            index = 1
        elif len(content) > 1 and layout not in ("legacy-search-in",):
            subject = _form_subject(content[1:7]) if _FORM_LINE.match(content[1].text) else None
            index = 2
            if subject is not None:  # "To: ... / From: ... / RE: Report on visit to Angola"
                line, at = subject
                _set_title(doc, text, line, at, layout)
                index = 1  # the form's lines are the record's own
            else:
                _set_title(doc, text, content[1], content[1].start, layout)
        else:
            index = 1
    elif layout == "uppercase-2019-citation-share-download":
        doc.set("title", first.text, "uppercase_title_line", first.span)
        index = 1
    body_start = content[index].start if index < len(content) else len(text)
    if index < len(content):
        funder = _FUNDER.match(content[index].text)
        if funder:
            doc.credits.append(Credit("funder", funder.group("funder"), content[index].span))
            index += 1
            body_start = content[index].start if index < len(content) else len(text)
    after_labels = max((span.stop for label, span in labels.items() if label != "Author(s)"), default=0)
    body_start = max(body_start, after_labels)
    if layout in ("legacy-search-in", "uppercase-2019-citation-share-download"):
        body_start = max(body_start, _after_html_marker(lines))
    return body_start


# A record without its own title line that opens as a memorandum form: its "RE:" is the title
_FORM_LINE = re.compile(r"^(?:To|From|TO|FROM):\s")
_SUBJECT_LINE = re.compile(r"^(?:RE|Re|Subject|SUBJECT)\s*:\s*(?=\S)")


def _form_subject(lines: list[Line]) -> tuple[Line, int] | None:
    """The "RE: ..." line among a form's opening lines, and where its value starts."""
    for line in lines:
        found = _SUBJECT_LINE.match(line.text)
        if found:
            return line, line.start + found.end()
    return None


def _set_title(doc: Document, text: str, line: Line, start: int, layout: str) -> None:
    title = text[start : line.stop].strip()
    if layout == "pdf-text-mirror":
        title = re.split(r"\s+(?:Total Page:|Digital Archive|Citation:)", title)[0]
    doc.set("title", title, f"title_line_{layout}", Span(start, start + len(title)))


def _after_html_marker(lines: list[Line]) -> int:
    for line in lines:
        if re.match(r"^\S+ HTML$", line.text):
            return line.stop
    return 0


# Blocks after the body of a Wilson page, before or without "Document Information".
TRAILER_LABELS = frozenset(
    {
        "Author(s):",
        "Author(s)",
        "ORIGINAL SCAN PDF",
        "Associated People & Organizations",
        "Associated Places",
        "Associated Topics",
        "Subjects Discussed",
        "Related Documents",
        "Original Archive",
        "Document Information",
    }
)
# Catalogue form "Surname, Given, 1878-1953" (the dates are dropped).
_AUTHOR = re.compile(r"^(?P<surname>[^,]+),\s*(?P<given>[^,\d]+?)(?:,\s*[\d?-]+(?:\s*-\s*[\d?]+)?)?$")


def _body_stop(text: str, lines: list[Line], labels: dict[str, Span], info_at: int | None) -> int:
    stop = lines[info_at].start if info_at is not None else len(text)
    for line in lines:
        if line.text in TRAILER_LABELS:
            stop = min(stop, line.start)
            break
    if "Author(s)" in labels:
        stop = min(stop, labels["Author(s)"].start)
    return stop


def _read_trailing_summary(
    doc: Document,
    text: str,
    lines: list[Line],
    body_start: int,
    body_stop: int,
    info_at: int | None,
) -> int:
    """The summary is the last paragraph before "Document Information" / "Author(s):"."""
    ends_marked = info_at is not None or any(
        line.text in ("Author(s):", "Associated People & Organizations") for line in lines
    )
    if not ends_marked:
        return body_stop
    inside = [line for line in lines if body_start <= line.start < body_stop and not line.blank]
    if not inside:
        return body_stop
    last = inside[-1]
    if re.fullmatch(r"\[(?:\.\.\.|…)\]", last.text) or len(inside) < 2:
        return body_stop
    doc.set("summary", last.text, "trailing_summary", last.span)
    return last.start


def _read_document_information(doc: Document, text: str, lines: list[Line], info_at: int) -> None:
    """Label lines followed by their values; an empty value stays empty."""
    current: str | None = "source"
    values: dict[str, list[Line]] = {}
    for line in lines[info_at + 1 :]:
        key = line.text.lower()
        if key in INFO_LABELS:
            current = key
            values.setdefault(current, [])
            continue
        if line.blank or current is None:
            continue
        if current == "source" and _RIGHTS_START.match(line.text):
            current = "rights"
        values.setdefault(current, []).append(line)
    for key, found in values.items():
        if found:
            _apply_info_value(doc, text, key, found)


def _apply_info_value(doc: Document, text: str, key: str, found: list[Line]) -> None:
    span = Span(found[0].start, found[-1].stop)
    value = squash(" ".join(line.text for line in found))
    if key == "source":
        doc.set("source_note", value, "info_source", span)
        for translated in _TRANSLATED.finditer(span.of(text)):
            _add_translators(doc, translated.group("names"), span.start + translated.start("names"))
    elif key == "rights":
        doc.set("rights", value, "info_rights", span)
    elif key == "original uploaded date":
        doc.set("uploaded", value, "info_uploaded", span)
    elif key == "type":
        doc.set("doc_type", value, "info_type", span)
    elif key in ("language", "original language") and doc.original_language is None:
        doc.set("original_language", language_code(value), "info_language", span)
    elif key == "record id" and re.fullmatch(r"\d+", value):
        doc.set("record_id", value, "info_record_id", span)


def _read_url_and_record(doc: Document, text: str) -> None:
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;)")
        if "wilsoncenter" in url or "/document/" in url:
            doc.set("url", url, "citation_url", Span(match.start(), match.start() + len(url)))
            record = _RECORD_IN_URL.search(url)
            if record and doc.record_id is None:
                doc.set(
                    "record_id",
                    record.group("id"),
                    "record_id_in_url",
                    Span(match.start() + record.start("id"), match.start() + record.end("id")),
                )
            return


LANGUAGE_CODES = {
    "russian": "ru",
    "english": "en",
    "chinese": "zh",
    "korean": "ko",
    "polish": "pl",
    "german": "de",
    "french": "fr",
    "japanese": "ja",
    "hungarian": "hu",
    "czech": "cs",
    "romanian": "ro",
    "bulgarian": "bg",
    "mongolian": "mn",
    "vietnamese": "vi",
    "albanian": "sq",
    "spanish": "es",
    "italian": "it",
    "serbian": "sr",
    "croatian": "hr",
    "slovak": "sk",
    "ukrainian": "uk",
    "portuguese": "pt",
    "arabic": "ar",
    "persian": "fa",
    "hebrew": "he",
    "hindi": "hi",
    "turkish": "tr",
    "georgian": "ka",
    "serbo-croatian": "sh",
}


def language_code(name: str) -> str | None:
    """ "Russian" -> "ru"; an unknown name stays as written; empty -> None."""
    key = name.strip().lower()
    if not key:
        return None
    return LANGUAGE_CODES.get(key, key if len(key) <= 3 else name.strip())
