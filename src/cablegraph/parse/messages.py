"""Messages inside messages: relayed letters, quoted directives, forwarded telegrams,
drafts to be sent and quoted press reports.

Each rule is a named pattern for the sentence that introduces the inner message
("I report the letter from KIM IL SUNG to Comrade STALIN", "Send to Ridgway today an
answer roughly like this:"). The inner message's text is the quotation that follows;
its authors and recipients come from the introducer, else from the salutation at the
head of the quotation and the signature at its foot.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from cablegraph.model import DateValue, Message, PersonRef, Span, TextBlock
from cablegraph.parse.dates import find_dates
from cablegraph.parse.lines import split_lines
from cablegraph.parse.people import resolve_list, resolve_person
from cablegraph.resolve import Authority

OPEN_QUOTES = '“«„"'
CLOSE_QUOTES = {"“": "”", "«": "»", "„": "“", '"': '"'}
ANY_CLOSE = '”»"'


@dataclass(slots=True)
class Introducer:
    """What an introducing sentence says about the message it introduces."""

    kind: str
    rule: str
    start: int
    stop: int
    authors: str | None = None
    authors_at: int = 0
    recipients: str | None = None
    recipients_at: int = 0
    date_text: str | None = None
    date_at: int = 0
    author_is_sender: bool = False
    author_is_addressee: bool = False
    action: str = "forwarded"


_NAME = r"[^\n:;\"“”«»]+?"
RULES: list[tuple[str, re.Pattern[str], str]] = [
    (
        "relay_report",
        re.compile(
            r"\bI (?:report|herewith relay|am passing|relay|transmit|am transmitting|forward)\b"
            r"[^.\n:]*?\b(?P<kind>letter|telegram|message|note)\b(?P<tail>)"
        ),
        "letter",
    ),
    (
        "directive_sent",
        re.compile(
            rf"(?:\b[Oo]n\s+(?P<date>\d{{1,2}}\s+[A-Z][a-z]+(?:\s+\d{{4}})?)\s+)?the following\s+"
            rf"(?P<kind>directive|telegram|instruction|message|letter|order)\s+(?:from|of)\s+"
            rf"(?P<authors>{_NAME})\s+was\s+(?:sent|transmitted|given)\s+to\s+(?P<recipients>{_NAME})\s*:"
        ),
        "directive",
    ),
    (
        "forwarded_own",
        re.compile(
            # "I am sending you my telegram to ...", "I send you a copy of my telegram of 14 January
            # 1951 to Comrade Peng Dehuai for transmission to ..."
            r"\bI (?:am sending|send|am forwarding|forward)(?: to)? you\b[^\n]*?\bmy\s+(?P<date>[^\n]*?)\s*"
            r"(?P<kind>telegram|letter|message)\s+(?:of\s+[^\n]{1,30}?\s+)?(?P<tail>)(?=to\s)"
        ),
        "telegram",
    ),
    (
        "received_following",
        re.compile(
            rf"\bI received the following (?P<kind>telegram|letter|message) (?:of|from) "
            rf"(?P<authors>{_NAME})(?: addressed to (?P<recipients>{_NAME}))?\s*:"
        ),
        "telegram",
    ),
    (
        "draft_answer",
        re.compile(
            rf"\b(?:Send|Transmit|Пошлите|Передайте)\s+(?P<recipients>{_NAME})\s+(?:today\s+|сегодня\s+же\s+)?"
            rf"(?:an?\s+)?(?:\w+\s+){{0,2}}(?P<kind>answer|reply|message|ответ|сообщение)\b[^\n:]*:"
        ),
        "draft",
    ),
    (
        "reply_lines",
        re.compile(
            rf"\bYour (?P<kind>reply|answer|message) to (?P<recipients>{_NAME}) "
            r"should be along the following lines:"
        ),
        "draft",
    ),
    (
        "telegram_from_line",
        re.compile(
            r"(?m)^(?:A\s+)?(?P<kind>[Tt]elegram|[Тт]елеграмма|[Ll]etter|[Пп]исьмо)\s+(?:from\s+)?"
            r"(?:Comrade\s+|тов\.\s+)?(?P<authors>[^\n.\"“]{3,40}?)\.\s*(?=[\"“«\n])"
        ),
        "telegram",
    ),
    (
        "press_report",
        re.compile(
            r"\b(?:In|From) the (?P<authors>[A-Z][\w ]+?)\s+(?P<kind>report|dispatch|broadcast) from "
            r"(?P<place>[A-Z]\w+) on (?P<date>[A-Z][a-z]+ \d{1,2}) it says:"
        ),
        "press_report",
    ),
    (
        "press_report_ru",
        re.compile(
            r"\bВ сообщении агентства (?P<authors>[^\n]+?) из (?P<place>\w+) от (?P<date>[\d.]+(?:с\.г\.)?) "
            r"(?P<kind>говорится):"
        ),
        "press_report",
    ),
    (
        "letter_of",
        re.compile(
            rf"\b(?:a|the)\s+(?P<date>\d{{1,2}}\s+[A-Z][a-z]+\s+\d{{4}})\s+(?P<kind>letter|telegram)\s+of\s+"
            rf"(?P<authors>[^,\n]+?)\s+addressed\s+to\s+(?P<recipients>you|{_NAME})(?=\s+received|[,.])"
        ),
        "letter",
    ),
    (
        "statement_follows",
        re.compile(
            r"\b(?:(?:statement|message|text|reply|answer|dispatch)\s+(?:follows|is as follows)"
            r"|(?:It|which) reads as follows)\s*:"
        ),
        "statement",
    ),
    (
        "press_release",
        re.compile(r"\bwill be released to (?:the )?press\b[^\n:]*:"),
        "statement",
    ),
    (
        # "I replied to him by the following letter: ..."
        "replied_following",
        re.compile(
            r"\bI (?:replied|answered|responded|wrote)(?: to (?:him|her|them|it))?(?: by| with| in)? "
            r"the following (?P<kind>letter|telegram|message|note)\s*:"
        ),
        "letter",
    ),
    (
        # "I send you a Russian translation of a telegram I received from comrade Mao Zedong"
        "sent_translation",
        re.compile(
            rf"\bI (?:send|am sending|enclose|attach|forward) (?:to )?you\b[^.\n]{{0,80}}?"
            rf"\b(?P<kind>telegram|letter|message)\b[^.\n]{{0,60}}?\bfrom (?:[Cc]omrade |[Cc]de\.? )?"
            rf"(?P<authors>{_NAME})(?=[.:,\n]| to )"
        ),
        "letter",
    ),
    (
        # "a note ... containing a Message from Mao Zedong to Stalin"
        "containing_message",
        re.compile(
            rf"\bcontaining (?:a|the|his|her) (?P<kind>[Mm]essage|[Tt]elegram|[Ll]etter) from "
            rf"(?P<authors>{_NAME})(?: to (?P<recipients>{_NAME}))?(?=[.,:;\n(])"
        ),
        "letter",
    ),
    (
        # "to deliver the following message:", "The following message ... was received ...:"
        "following_message",
        re.compile(
            r"\b[Tt]he following (?P<kind>message|telegram|letter|note|cable)\b"
            r"(?![^\n:]{0,200}\bwas sent to\b)(?:[^\n:]|:(?=\d)){0,240}:\s*(?=[“\"«])"
        ),
        "statement",
    ),
    (
        # "M. Tardieu read the following memorandum ...:1 German Tank Steamers" / "“The resolution ..."
        "following_quoted",
        re.compile(
            r"\b[Tt]he following "
            r"(?P<kind>memorandum|statement|resolution|declaration|communiqué|note|letter)\b"
            r"(?:[^\n:]|:(?=\d)){0,240}:[^\n“\"«]{0,80}\n\s*(?=[“\"«])"
        ),
        "statement",
    ),
    (
        # "Following is draft letter from President Diem to President Kennedy ...", "Following is text of
        # message to Khrushchev"
        "following_is",
        re.compile(
            # "There follows Embassy translation text Soviet note signed Vyshinsky ..."
            r"\b(?:[Ff]ollowing is|[Tt]here follows|[Hh]ere follows) (?:the )?"
            r"(?:(?:Embassy(?:’s|'s)?|our|my|informal|unofficial|official|English)\s+)?"
            r"(?:(?:draft|text|full text|verbatim text|translation|paraphrase)\s+"
            r"(?:of\s+)?)+(?:an?\s+|the\s+)?(?:\w+\s+)?(?P<kind>letter|message|telegram|note|cable|reply|statement)\b"
            rf"(?:\s+(?:from|of|signed(?:\s+by)?)\s+(?P<authors>{_NAME}))?(?:\s+to\s+(?P<recipients>{_NAME}))?"
            r"(?=\s*[.:,;\n(]|\s+(?:which|dated|that|as|delivered|handed|received|signed))"
        ),
        "statement",
    ),
    (
        # a telegram's "Quote. ... Unquote." around the text it repeats
        "quote_unquote",
        re.compile(
            r"\b(?:Quote|QUOTE)[.:](?=\s)(?=[\s\S]{20,6000}?\b(?:Unquote|UNQUOTE|End quote|END QUOTE)\b)"
        ),
        "statement",
    ),
    (
        # a heading over the text a covering communication transmits: "Text of a Telegram From
        # the Foreign Office Dated October 27th, 1945", "[Translation of a Letter From X to Y]"
        "text_of_heading",
        re.compile(
            r"(?m)^[ \t]*\[?(?:Text|Translation|Paraphrase) of (?:an?|the) "
            r"(?P<kind>[Tt]elegram|[Mm]essage|[Ll]etter|[Nn]ote|[Cc]able)\s+[Ff]rom\s+"
            rf"(?P<authors>{_NAME})(?:\s+[Tt]o\s+(?P<recipients>{_NAME}))?"
            r"(?=(?:,?\s+[Dd]ated\b[^\n]{0,40})?[.\]]?[ \t]*$)"
        ),
        "letter",
    ),
    (
        # "Begin verbatim text. ... End verbatim text."
        "begin_text",
        re.compile(r"\b(?:Begin|BEGIN) (?:[Vv]erbatim |VERBATIM )?(?:[Tt]ext|TEXT)\b[:.]?"),
        "statement",
    ),
    (
        # an enclosure printed after the covering despatch: "[Inclosure.]", "[Enclosure 1]", and the
        # "[Untitled]" the FRUS site prints for a sub-document without its own heading
        "enclosure",
        re.compile(r"(?m)^[ \t]*\[(?:(?:In|En)closure[^\]\n]{0,30}|Untitled)\]\.?[ \t]*$"),
        "enclosure",
    ),
    (
        # "Received reply: “Sorry will not be in Berlin ...”"
        "reply_received",
        re.compile(
            r"\b[Rr]eceived (?:the following |his |her |a |the )?(?P<kind>reply|answer)\s*:\s*(?=[“\"«])"
        ),
        "reply",
    ),
    (
        # an editorial note's "On June 1, the Embassy in Saigon transmitted the terms of reference
        # for the group:" over the quoted text: what was sent, quoted
        "transmitted_quoted",
        re.compile(
            r"\b(?:transmitted|cabled|telegraphed|wired|forwarded)\b[^\n:.]{0,200}:[ \t]*\n\s*(?=[“\"«])"
        ),
        "statement",
    ),
    (
        # "I have the honour to reproduce below the text of a letter, dated June 6, 1980, addressed
        # to you by Prime Minister Indira Gandhi:"
        "reproduce_text",
        re.compile(
            r"\b(?:reproduce|transmit|quote|set out|enclose)\s+(?:(?:below|herewith|hereunder)\s+)?"
            r"the (?:full )?text of (?:an?|the|his|her) (?P<kind>letter|message|telegram|note)\b"
            r"(?:,?\s+dated\s+(?P<date>[A-Z][a-z]+\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+,?\s+\d{4}|"
            r"[^,:\n]{3,30}),?)?"
            rf"(?:\s+addressed\s+to\s+(?P<recipients>you|{_NAME}))?(?:\s+by\s+(?P<authors>{_NAME}))?\s*:"
        ),
        "letter",
    ),
    (
        "drafted_here",
        re.compile(
            r"\bHere is (?:an?|the)\s+(?:[\w-]+\s+){0,3}(?P<kind>telegram|letter|message|directive) "
            r"I have just drafted"
        ),
        "draft",
    ),
]


# Words each rule needs (lower case): a cheap test before running its pattern.
NEEDLES: dict[str, tuple[str, ...]] = {
    "relay_report": (
        "i report",
        "i herewith",
        "i am passing",
        "i relay",
        "i transmit",
        "i am transmitting",
        "i forward",
    ),
    "directive_sent": ("the following",),
    "forwarded_own": ("i am sending you", "i send you", "i send to you", "forward"),
    "received_following": ("i received the following",),
    "draft_answer": ("send", "transmit", "пошлите", "передайте"),
    "reply_lines": ("along the following lines",),
    "telegram_from_line": ("telegram", "телеграмма", "letter", "письмо"),
    "press_report": ("it says:",),
    "press_report_ru": ("говорится:",),
    "letter_of": ("addressed to",),
    "drafted_here": ("i have just drafted",),
    "reproduce_text": ("text of",),
    "replied_following": ("the following",),
    "sent_translation": ("i send", "i am sending", "i enclose", "i attach", "i forward"),
    "containing_message": ("containing",),
    "following_message": ("the following",),
    "reply_received": ("received",),
    "following_quoted": ("the following",),
    "following_is": ("following is", "there follows", "here follows"),
    "transmitted_quoted": ("transmitted", "cabled", "telegraphed", "wired", "forwarded"),
    "begin_text": ("begin text", "begin verbatim text"),
    "text_of_heading": ("text of", "translation of", "paraphrase of"),
    "quote_unquote": ("unquote", "end quote"),
    "enclosure": ("closure", "[untitled]"),
    "statement_follows": ("follows", "as follows"),
    "press_release": ("released to",),
}


def find_children(
    text: str,
    body: Span,
    blocks: list[TextBlock],
    authority: Authority,
    *,
    base: dt.date | None,
    sender: list[PersonRef],
    addressee: list[PersonRef],
) -> list[Message]:
    """The messages nested inside the document's own message, as a tree."""
    year = base.year if base else None
    found: list[Message] = []
    lowered = text[body.start : body.stop].lower()
    for rule, pattern, default_kind in RULES:
        if not any(needle in lowered for needle in NEEDLES[rule]):
            continue  # the rule's key words are not on the page
        for match in pattern.finditer(text, body.start, body.stop):
            intro = _introducer(match, rule, default_kind)
            block = _block_at(blocks, match.start(), body)
            message = _build(text, intro, block, authority, base, year, sender, addressee)
            if message is not None:
                found.append(message)
    return _dedupe(_as_tree(sorted(found, key=lambda m: m.span.start if m.span else 0)))


def _introducer(match: re.Match[str], rule: str, default_kind: str) -> Introducer:
    groups = match.groupdict()

    def pick(*names: str) -> tuple[str | None, int]:
        for name in names:
            if groups.get(name):
                return groups[name], match.start(name)
        return None, 0

    authors, authors_at = pick("authors")
    recipients, recipients_at = pick("recipients")
    date_text, date_at = pick("date")
    if "tail" in groups:
        clause = read_clause(match.string, match.end("tail"))
        authors, authors_at = clause.authors or (authors, authors_at)
        recipients, recipients_at = clause.recipients or (recipients, recipients_at)
        date_text, date_at = clause.date or (date_text, date_at)
    kind = default_kind
    raw_kind = (groups.get("kind") or "").lower()
    if default_kind == "letter" and raw_kind in ("telegram", "message", "note"):
        kind = raw_kind
    return Introducer(
        kind=kind,
        rule=rule,
        start=match.start(),
        stop=match.end(),
        authors=authors,
        authors_at=authors_at,
        recipients=recipients,
        recipients_at=recipients_at,
        date_text=date_text,
        date_at=date_at,
        author_is_sender=rule in ("forwarded_own", "drafted_here", "press_release", "replied_following"),
        author_is_addressee=rule == "reply_lines",
        action="transmitted" if rule in ("relay_report", "received_following") else "forwarded",
    )


@dataclass(slots=True)
class Clause:
    """Who and when, as a clause after the introducer says: "from X to Y of 16.7.52"."""

    authors: tuple[str, int] | None = None
    recipients: tuple[str, int] | None = None
    date: tuple[str, int] | None = None


# Abbreviations whose period does not end a sentence.
_ABBREVIATIONS = re.compile(r"(?:\b(?:Cdes?|Gen|Mr|Mrs|Dr|Col|Lt|St|tov|тов|No|ca|Adm)|\b[A-ZА-Я])$")
# "of 21.11.1951", "of 0530 18 October 1951", "of 5 July": the message's date after its party
_OF_DATE = r"(?:\s+of\s+(?P<date>\d[\d.:]*(?:\s+\d{1,2})?(?:\s+[^\W\d_]{3,}\.?)?(?:\s+\d{4})?))?"
# what may follow the parties and date: "with ...", "(...)", "for [your] information"
_AFTER = r"(?:\s+with\b.*|\s*\(.*|\s+for\s+(?:\[?your\]?\s+)?(?:information|transmission)\b.*)?[\s.]*$"
_CLAUSE_PATTERNS = [
    re.compile(r"^.*?\bfrom\s+(?P<authors>.+?)\s+to\s+(?P<recipients>.+?)" + _OF_DATE + _AFTER, re.S),
    re.compile(
        r"^.*?\b(?:addressed\s+)?to\s+(?P<recipients>.+?)\s+which\s+I(?:\s+have)?\s+"
        r"receive[d]?\s+from\s+(?P<authors>.+?)(?:\s*\(.*)?\s*$",
        re.S,
    ),
    re.compile(r"^\s*to\s+(?P<recipients>.+?)" + _OF_DATE + _AFTER, re.S),
    re.compile(r"^.*?\bfrom\s+(?P<authors>.+?)" + _OF_DATE + r"(?:\s*\(.*)?\s*$", re.S),
]


def sentence_end(text: str, start: int, limit: int) -> int:
    """The end of the sentence that starts at ``start`` (at most two lines on)."""
    newlines = 0
    pos = start
    while pos < limit:
        char = text[pos]
        if char == "\n":
            newlines += 1
            if newlines > 1 or (pos + 1 < limit and text[pos + 1] == "\n"):
                return pos
        elif (
            char in ".:!?"
            and (pos + 1 >= limit or text[pos + 1].isspace())
            and (char != "." or not _ABBREVIATIONS.search(text[max(start, pos - 6) : pos]))
        ):
            return pos
        pos += 1
    return limit


def read_clause(text: str, start: int) -> Clause:
    stop = sentence_end(text, start, min(len(text), start + 300))
    clause_text = text[start:stop]
    for pattern in _CLAUSE_PATTERNS:
        found = pattern.match(clause_text)
        if found is None:
            continue
        clause = Clause()
        for name in ("authors", "recipients", "date"):
            if name in pattern.groupindex and found.group(name):
                setattr(clause, name, (found.group(name), start + found.start(name)))
        return clause
    return Clause()


def _block_at(blocks: list[TextBlock], pos: int, body: Span) -> Span:
    for block in blocks:
        if block.span.start <= pos < block.span.stop:
            return block.span
    return body


def quoted_span(text: str, after: int, limit: int, *, reach: int = 700) -> Span | None:
    """The quotation that starts within ``reach`` characters after ``after``."""
    pos = after
    end_search = min(limit, after + reach)
    while pos < end_search:
        char = text[pos]
        if char in OPEN_QUOTES and _opens(text, pos):
            stop = _quote_end(text, pos, limit)
            return Span(pos, stop)
        pos += 1
    return None


def _opens(text: str, pos: int) -> bool:
    """A quote mark opens when it starts a line or follows a space or colon."""
    return pos == 0 or text[pos - 1] in " \n\t\u00a0:(" or text[pos] in "“«„"


def _closes_at(text: str, pos: int) -> bool:
    before = text[pos - 1] if pos else " "
    return not before.isspace()


def _quote_end(text: str, start: int, limit: int) -> int:
    """Match quotes by depth; when the page never closes the outer one, take the last
    quote mark that ends a line before ``limit``."""
    depth = 0
    pos = start
    while pos < limit:
        char = text[pos]
        if char in "“«„" or (char == '"' and _opens(text, pos) and not _closes_at(text, pos)):
            depth += 1
        elif char in "”»" or (char == '"' and _closes_at(text, pos)):
            depth -= 1
            if depth == 0:
                return pos + 1
        pos += 1
    last = None
    for found in re.finditer(r"[”»\"][.,!]?[ \t\u00a0]*(?:\n|$)", text[start:limit]):
        last = start + found.start() + 1
    return last if last is not None else limit


def _build(
    text: str,
    intro: Introducer,
    block: Span,
    authority: Authority,
    base: dt.date | None,
    year: int | None,
    sender: list[PersonRef],
    addressee: list[PersonRef],
) -> Message | None:
    quote = quoted_span(text, intro.stop, block.stop)
    if intro.rule == "quote_unquote":
        end = _UNQUOTE.search(text, intro.stop, block.stop)
        quote = Span(intro.stop, end.start() if end else block.stop)
    elif intro.rule == "begin_text":
        end = _END_TEXT.search(text, intro.stop, block.stop)
        quote = Span(intro.stop, end.start() if end else block.stop)
    elif intro.rule == "enclosure":
        later = _ENCLOSURE_MARK.search(text, intro.stop, block.stop)
        quote = Span(intro.stop, later.start() if later else block.stop)
    span = quote or _addressed_block(text, intro.stop, block.stop) if intro.kind == "draft" else quote
    span = span or _paragraph_after(text, intro.stop, block.stop)
    message = Message(kind=intro.kind, span=span, rule=intro.rule, action=intro.action)
    if intro.authors:
        message.authors = _people(intro.authors, intro.authors_at, authority, year, sender)
    elif intro.author_is_sender:
        message.authors = list(sender)
    if intro.recipients:
        message.recipients = _people(intro.recipients, intro.recipients_at, authority, year, addressee)
    if intro.author_is_addressee and not message.authors:
        message.authors = list(addressee)
    if span is not None:
        _read_salutation(text, span, message, authority, year)
        _read_signature(text, span, message, authority, base, year, dated=quote is not None)
    if intro.date_text:
        dates = find_dates(text, base=base, start=intro.date_at, stop=intro.date_at + len(intro.date_text))
        if dates and dates[0].iso:
            message.date = dates[0]
    if intro.rule.startswith("press_report") and intro.authors:
        agency = intro.authors.strip()
        message.authors = [
            resolve_person(
                agency,
                authority,
                year=year,
                rule="press_agency",
                span=Span(intro.authors_at, intro.authors_at + len(agency)),
            )
        ]
    if (
        not message.authors
        and not message.recipients
        and not (quote and intro.kind in ("statement", "reply", "enclosure"))
    ):
        return None  # a quoted statement may name nobody; any other message must
    return message


_UNQUOTE = re.compile(r"\b(?:Unquote|UNQUOTE|End quote|END QUOTE)\b")
_END_TEXT = re.compile(r"\b(?:End|END) (?:[Vv]erbatim |VERBATIM )?(?:[Tt]ext|TEXT)\b")
_ENCLOSURE_MARK = re.compile(r"(?m)^[ \t]*\[(?:(?:In|En)closure[^\]\n]{0,30}|Untitled)\]\.?[ \t]*$")


def _people(
    written: str, at: int, authority: Authority, year: int | None, you: list[PersonRef]
) -> list[PersonRef]:
    if written.strip().lower() in ("you", "вам"):
        return list(you)
    return resolve_list(written, at, authority, year=year, rule="introducer")


def _addressed_block(text: str, start: int, limit: int) -> Span | None:
    """A draft set out as its own text: from its "To All ...:" line to the end of the block."""
    for line in split_lines(text, start, limit):
        if re.match(r"^To\s+\S.{2,200}:$", line.text):
            return Span(line.start, limit)
    return None


def _paragraph_after(text: str, start: int, limit: int) -> Span | None:
    lines = [line for line in split_lines(text, start, limit) if line.text]
    if not lines:
        return None
    return Span(lines[0].start, lines[min(len(lines), 8) - 1].stop)


_SALUTATION = re.compile(
    r"^[\"“«„]?\s*(?:To\s+|Dear\s+|Deeply\s+respected\s+|DEEPLY RESPECTED\s+|Respected\s+|"
    r"Тов\.\s+|Товарищ\s+|Comrade\s+|Cdes?\.\s+|Главнокомандующему[^.]*?генералу\s+|"
    r"General\s+)?"
    r"(?P<name>(?:the\s+)?[^\n!:]{2,80}?)\s*[!:.,]?\s*$"
)


def _read_salutation(text: str, span: Span, message: Message, authority: Authority, year: int | None) -> None:
    """ "Comrade Mao Zedong!", "To Cde. LE KENONG.", "Copies: to Cdes. Kim II Sung ..." """
    lines = [line for line in split_lines(text, span.start, min(span.stop, span.start + 400)) if line.text]
    for number, line in enumerate(lines[:3]):
        copies = re.match(r"^Copies:\s*(?:to\s+)?(?P<names>.+?)\.?$", line.text)
        if copies:
            message.copies_to = resolve_list(
                copies.group("names"),
                line.start + copies.start("names"),
                authority,
                year=year,
                rule="quoted_copies",
            )
            continue
        if message.recipients:
            continue
        found = _SALUTATION.match(line.text)
        if not found or len(line.text) > 90 or not _salutes(line.text, number):
            continue
        name = re.sub(r"^the commander of [^.]*?(?=General)", "", found.group("name"))
        people = resolve_list(
            name, line.start + line.text.find(name), authority, year=year, rule="salutation"
        )
        resolved = [p for p in people if p.entity_id]
        if resolved:
            message.recipients = resolved
        elif line.text.startswith("To ") and line.text.endswith(":"):
            message.recipients = people  # bodies named only by their office


def _salutes(line: str, number: int) -> bool:
    """A salutation opens the quotation, or ends in "!" or ":" ("Comrade Mao Zedong!")."""
    stripped = line.strip('"“”«»„ ')
    opener = re.match(
        r"(?:To|Dear|Deeply|DEEPLY|Respected|Тов\.|Товарищ|Comrade|Cdes?\.|Главнокомандующему)\b", stripped
    )
    return bool(opener) or (number == 0 and stripped[-1:] in "!:")


_SIGN_NOISE = re.compile(
    r"^(?:Your|Yours|Devotedly yours,?|With deep respect[^\n]*|Ваш|[Dd]ate\.?)\s*", re.IGNORECASE
)


def _read_signature(
    text: str,
    span: Span,
    message: Message,
    authority: Authority,
    base: dt.date | None,
    year: int | None,
    *,
    dated: bool,
) -> None:
    """Names (and, in a quotation, a date) on the last short lines of the message."""
    lines = [line for line in split_lines(text, span.start, span.stop) if line.text]
    signers: list[PersonRef] = []
    for line in reversed(lines[-7:]):
        if len(line.text) > 70:
            break
        dates = [d for d in find_dates(text, base=base, start=line.start, stop=line.stop) if d.iso]
        if dates and message.date is None and dated:
            message.date = dates[-1]
        name_stop = dates[0].span.start if dates and dates[0].span else line.stop
        candidate = text[line.start : name_stop].strip(' \t\u00a0"“”«».,')
        candidate = _SIGN_NOISE.sub("", candidate)
        if not candidate:
            continue
        start = text.find(candidate, line.start)
        person = resolve_person(
            candidate, authority, year=year, span=Span(start, start + len(candidate)), rule="signature"
        )
        if person.entity_id and person.entity_id.startswith("person:"):
            signers.insert(0, person)
        elif person.entity_id and person.entity_id.startswith("place:"):
            message.place = person.name
    if signers and not message.authors:
        message.authors = signers


def _key(people: list[PersonRef]) -> tuple[str, ...]:
    return tuple(sorted(p.entity_id or p.name.lower() for p in people))


def _dedupe(messages: list[Message], ancestors: tuple[Message, ...] = ()) -> list[Message]:
    """One message found twice (by two rules, or in the original and the translation)
    is kept once; its twin's children join it. A child that repeats its parent goes."""
    kept: list[Message] = []
    for message in messages:
        if any(_same(a, message) and a.kind == message.kind for a in ancestors):
            kept.extend(message.children)
            continue
        twin = next((k for k in kept if _same(k, message)), None)
        if twin is None:
            kept.append(message)
        else:
            _merge(twin, message)
            twin.children.extend(message.children)
    for message in kept:
        message.children = _dedupe(message.children, (*ancestors, message))
    return kept


def _same(a: Message, b: Message) -> bool:
    if a.kind == b.kind == "press_report":
        return a.date is not None and b.date is not None and a.date.iso == b.date.iso
    same_authors = _key(a.authors) == _key(b.authors) or not a.authors or not b.authors
    same_recipients = _key(a.recipients) == _key(b.recipients) or not a.recipients or not b.recipients
    overlap = bool(a.authors or a.recipients) and bool(b.authors or b.recipients)
    return (
        same_authors
        and same_recipients
        and overlap
        and (a.kind == b.kind or (a.kind in ("letter", "telegram") and b.kind in ("letter", "telegram")))
    )


def _merge(kept: Message, other: Message) -> None:
    kept.authors = kept.authors or other.authors
    kept.recipients = kept.recipients or other.recipients
    kept.copies_to = kept.copies_to or other.copies_to
    if kept.date is None or (other.date is not None and _precise(other.date) > _precise(kept.date)):
        kept.date = other.date or kept.date
    kept.place = kept.place or other.place


def _precise(date: DateValue) -> int:
    return {"day": 3, "month": 2, "year": 1}.get(date.precision or "", 0)


def _as_tree(messages: list[Message]) -> list[Message]:
    """A message whose span lies inside another's becomes its child."""
    roots: list[Message] = []
    for message in messages:
        parent = _innermost_container(roots, message)
        (parent.children if parent else roots).append(message)
    return roots


def _innermost_container(candidates: list[Message], message: Message) -> Message | None:
    for candidate in candidates:
        if _contains(candidate, message):
            return _innermost_container(candidate.children, message) or candidate
    return None


def _contains(outer: Message, inner: Message) -> bool:
    if outer.span is None or inner.span is None or outer is inner:
        return False
    return outer.span.start < inner.span.start and inner.span.stop <= outer.span.stop
