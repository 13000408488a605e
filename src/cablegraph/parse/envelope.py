"""The telegram's envelope: number, series, priority, handling times, distribution.

Each reader is a small rule over the body text outside nested messages; each
records its span and rule name in ``Envelope.provenance`` or on the value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from cablegraph.model import CopyEntry, Envelope, EnvelopeEvent, PersonRef, Provenance, Span
from cablegraph.parse.dates import find_dates, parse_time
from cablegraph.parse.lines import Line
from cablegraph.parse.people import clean_name, resolve_person
from cablegraph.resolve import Authority

# "No.", "Nº", "№", "N°" and the OCR'd forms "N^{o}" and "N $^{\circ}$".
NUMBER_SIGN = r"(?:No\.?|Nº|№|N°|N\s?\^\{o\}|N\s?\$\^\{\\circ\}\$)"
_HEADER_NUMBER = re.compile(
    rf"\b(?:CIPHERED\s+TELEGRAM|CODED\s+TELEGRAM|TELEGRAM|CABLE|RADIOGRAM|Ciphered\s+Telegram|Cable|Telegram|"
    rf"(?i:ciphergram|szyfrogram|outgoing)|Issue|REPORT|From\s+[A-Z]{{3,}}(?:\s[A-Z]{{3,}})?)"
    rf"\s*(?:{NUMBER_SIGN}|#)\s*(?P<number>\d[\d]*)(?:/(?P<suffix>[\w.]+?))?\.?(?=\s|$)"
)
_LONE_NUMBER = re.compile(rf"^{NUMBER_SIGN}\s*(?P<number>[\dA-Z][\w]*(?:/[\w]+)?)\.?(?:\s+.*)?$")
_SERIES = re.compile(r"\bseries\s+(?P<series>[\"“”'A-ZА-Я\s]{1,12}?)\s*\.?\s*$", re.IGNORECASE)
_PRIORITY = re.compile(
    r"\b(TOP PRIORITY|EXTREMELY URGENT|Extremely Urgent|extremely urgent|VERY URGENT|"
    r"Very Urgent|URGENT|Urgent|SPECIAL|PRIORITY|OUT OF TURN|Out of turn|"
    r"FLASH|flash|operational immediate|OPERATIONAL IMMEDIATE|niact|NIACT|"
    r"priority|emergency)\s*\.?$"
)
_CLASSIFICATION = re.compile(
    r"^(Top Secret|TOP SECRET|Strictly Secret|Strictly secret|STRICTLY SECRET|Secret|SECRET|"
    r"top secret|secret|confidential|Confidential|CONFIDENTIAL|restricted|Restricted|"
    r"совершенно секретно|Совершенно секретно|СОВЕРШЕННО СЕКРЕТНО|Секретно|СЕКРЕТНО)\b"
)
_EVENT = re.compile(
    r"\b(?P<kw>[Ss]ent|[Rr]eceived|[Tt]ransmitted|[Dd]ispatched|[Aa]rrived|[Dd]eciphered|"
    r"[Pp]rinted|[Tt]yped|[Vv]erified|расш\.|отп\.|[Пп]роверил[а]?:?)"
)
_EVENT_KIND = {
    "sent": "sent",
    "received": "received",
    "transmitted": "transmitted",
    "dispatched": "dispatched",
    "arrived": "arrived",
    "deciphered": "deciphered",
    "printed": "printed",
    "typed": "typed",
    "verified": "verified",
    "расш.": "deciphered",
    "отп.": "printed",
    "проверил": "verified",
    "проверила": "verified",
}
_NOT_ENVELOPE = re.compile(
    r"\b(your|my|our|we|you|I|telegrams?|letters?|messages?|was|were|has|have|will)\b",
    re.IGNORECASE,
)
_BY = re.compile(r"^\s*(?::\s*)?(?:by\s+)?(?P<name>[A-ZА-Я][\w'-]+)(?=\s|$|,)")
_VERIFIED = re.compile(r"Verified:?.*?\((?P<name>[A-Z][\w-]+)\)")
_TIME = re.compile(r"(?<![\d.:/])(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)(?![\d.:/])")
_WHERE = re.compile(r"^\s*(?:from|in)\s+(?:the\s+)?(?P<place>\[?[A-ZА-Я][\w\]\[ .-]*?)\s+(?:by|on|at)\b")
_COPIES_PRINTED = re.compile(
    r"\b(?P<count>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen)\s+copies\s+printed",
    re.IGNORECASE,
)
_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
}
_COPIES_LABEL = re.compile(r"^(?:Copies|Distribution list)\b[^:\n]*:\s*", re.IGNORECASE)
_COPY_ITEM = re.compile(r"^(?P<name>[A-ZА-Я][\w.' -]*?)\s*(?:\((?P<paren>\d+)\)|[-–]\s*(?P<dash>\d+))?\s*$")
_COPY_NUMBERED = re.compile(
    rf"(?:Copy\s+)?{NUMBER_SIGN}\s*(?P<no>\d+)\s+to\s+(?:Cdes?\.\s+|Comrade\s+)?"
    r"(?P<name>[A-ZА-Я][\w.]*(?:\s+[A-ZА-Я][\w]+)?)"
)
_STAMP = re.compile(r"\[(?:stamp|Stamp|STAMP):\s*(?P<text>[^\]]+)\]")
_CHANNEL = re.compile(
    r"^(?P<place>[A-ZА-Я][A-ZА-Я .\[\]]+?)\s*(?:[-—–]+|,)\s*(?:TO|To|to)\s+(?:Comrade\s+|Cde\.\s+)?"
    r"(?P<via>[A-ZА-Я][\w .]+?)\s*$"
)
_FOR_LINE = re.compile(
    r"^(?:for\s+(?:Comrade|Cde\.|Cdes\.)|(?:pass|(?:to\s+)?transmit)\s+(?:the\s+following\s+|this\s+)?to"
    r"(?:\s+(?:Comrade|Cde\.))?)"
    r"\s+(?P<name>[^:\n]+?)\s*:?\s*$",
    re.IGNORECASE,
)
_TO_LINE = re.compile(r"^To\s+(?:Comrade\s+|Cde\.\s+|Cdes\.\s+)?(?P<name>[A-ZА-Я][^\n]*?)\.?\s*$")


# "BEIJING - SOVIET AMBASSADOR": the channel names the post's office, without "TO"
_CHANNEL_POST = re.compile(
    r"^(?P<place>[A-ZА-Я][A-ZА-Я .]+?)\s*(?:[-—–]+|,)\s*"
    r"(?P<via>(?:THE\s+)?(?:[A-Z]+\s+)?(?:AMBASSADOR|MINISTER|CONSUL|ENVOY))\s*$"
)
_OFFICE_WORD = re.compile(r"\b(?:ambassador|minister|consul|envoy)\b", re.IGNORECASE)


def _year(base: dt.date | None) -> int | None:
    return base.year if base else None


def read_envelope(
    text: str,
    lines: list[Line],
    authority: Authority,
    *,
    base: dt.date | None,
    title_number: tuple[str, Span] | None = None,
) -> Envelope:
    """Read every envelope part from the body ``lines`` (nested messages excluded)."""
    env = Envelope()
    _read_number(env, lines, title_number)
    for line in lines:
        _read_series(env, line)
        _read_priority(env, line)
        _read_classification(env, line)
        _read_stamps(env, line)
    _read_events(env, text, lines, authority, base)
    _read_direction(env)
    _read_distribution(env, text, lines, authority, _year(base))
    _read_outgoing(env, lines)
    return env


_TRANSIT_LINE = re.compile(
    r"^(?:Dispatched|Sent|Received|Came in(?:to)?|Decoded|Deciphered|Transmitted|Handed in)\b[^\n]{0,120}"
    r"\b(?:hours?|hrs\.?|\d{1,2}[:.]\d{2})|^[A-Z][a-z]+$"
)


def _read_number(env: Envelope, lines: list[Line], title_number: tuple[str, Span] | None) -> None:
    """The header ("CIPHERED TELEGRAM No. 3917") first, then the title, then a lone
    "No. 26044" line at the very top; later lone numbers are outgoing numbers."""
    for line in lines:
        match = _HEADER_NUMBER.search(line.text)
        if match:
            env.number = match.group("number")
            env.number_suffix = match.group("suffix")
            env.number_span = Span(line.start + match.start("number"), line.start + match.end("number"))
            env.provenance["number"] = Provenance("header_number", env.number_span)
            return
    if title_number is not None:
        env.number, env.number_span = title_number
        env.provenance["number"] = Provenance("title_number", title_number[1])
        return
    # the cipher office's transit lines and a bare place above it do not push it off the top:
    # "Saigon / Dispatched 10.04.63 at 11:10 hours / Received ... / Came into the Decoding
    # Department ... / No. 12830"
    top = [line for line in lines[:9] if not _TRANSIT_LINE.match(line.text)][:4]
    for line in top:
        lone = _LONE_NUMBER.match(line.text)
        if lone and lone.group("number").isdigit():
            env.number = lone.group("number")
            env.number_span = Span(line.start + lone.start("number"), line.start + lone.end("number"))
            env.provenance["number"] = Provenance("lone_number_line", env.number_span)
            return
    # a Soviet record's register number under its copy line: "Secret Copy No 2 / 4 March 1964 /
    # No 66" (the copy's own number is not the record's)
    for index, line in enumerate(lines[:20]):
        if not _COPY_LINE.match(line.text):
            continue
        for below in lines[index + 1 : index + 4]:
            lone = _LONE_NUMBER.match(below.text)
            if lone and lone.group("number").isdigit() and len(below.text) < 16:
                env.number = lone.group("number")
                env.number_span = Span(below.start + lone.start("number"), below.start + lone.end("number"))
                env.provenance["number"] = Provenance("register_number_below_copy", env.number_span)
                return
        return


_COPY_LINE = re.compile(
    rf"^\W*(?:(?:top\s+|strictly\s+)?secret\W*)?(?:copy|экз\.?)\s*{NUMBER_SIGN}\s*\d+\W*$", re.IGNORECASE
)


def _read_series(env: Envelope, line: Line) -> None:
    match = _SERIES.search(line.text)
    if match and env.series is None and len(line.text) < 40:
        series = re.sub(r"[\"“”']", "", match.group("series")).strip()
        if series:
            env.series = re.sub(r"\s+", " ", series)
            env.provenance["series"] = Provenance(
                "series_line", Span(line.start + match.start("series"), line.start + match.end("series"))
            )


def _read_priority(env: Envelope, line: Line) -> None:
    if len(line.text) > 60:
        return
    match = _PRIORITY.search(line.text)
    if not match:
        return
    head = line.text[: match.start()].strip()
    if head and not (head.upper() == head or head.lower().startswith("to ")):
        return  # a sentence that ends with the word, not a handling mark
    mark = match.group(1)
    if mark not in env.priority:
        env.priority.append(mark)
        env.provenance.setdefault(
            "priority",
            Provenance("priority_mark", Span(line.start + match.start(1), line.start + match.end(1))),
        )


def _read_classification(env: Envelope, line: Line) -> None:
    if env.classification or len(line.text) > 40:
        return
    match = _CLASSIFICATION.match(line.text)
    if match:
        env.classification = match.group(1)
        env.provenance["classification"] = Provenance(
            "classification_line", Span(line.start, line.start + match.end(1))
        )


def _read_stamps(env: Envelope, line: Line) -> None:
    for match in _STAMP.finditer(line.text):
        env.stamps.append(match.group("text").strip())


def _event_windows(text: str, lines: list[Line]) -> Iterable[tuple[re.Match[str], int, int]]:
    """Each event keyword with the text after it, up to the next keyword (two lines at most)."""
    matches: list[tuple[re.Match[str], int]] = []
    for index, line in enumerate(lines):
        for match in _EVENT.finditer(text, line.start, line.stop):
            matches.append((match, index))
    for number, (match, index) in enumerate(matches):
        limit = lines[min(index + 1, len(lines) - 1)].stop
        if number + 1 < len(matches):
            limit = min(limit, matches[number + 1][0].start())
        yield match, match.end(), min(limit, match.end() + 160)


def _read_events(
    env: Envelope, text: str, lines: list[Line], authority: Authority, base: dt.date | None
) -> None:
    for match, start, stop in _event_windows(text, lines):
        kind = _EVENT_KIND[match.group("kw").lower().rstrip(":")]
        event = _read_event(text, match, start, stop, authority, base)
        if event is not None and kind not in env.events:
            env.events[kind] = event
    copies = None
    for line in lines:
        found = _COPIES_PRINTED.search(line.text)
        if found:
            word = found.group("count").lower()
            copies = int(word) if word.isdigit() else _WORD_NUMBERS[word]
    if copies is not None and "printed" in env.events:
        env.events["printed"].copies = copies
    verified = next((_VERIFIED.search(line.text) for line in lines if _VERIFIED.search(line.text)), None)
    if verified and "verified" not in env.events:
        name = verified.group("name")
        env.events["verified"] = EnvelopeEvent(
            text=verified.group(0),
            by=resolve_person(name, authority, year=_year(base), rule="verified_by"),
            rule="verified_signature",
        )


def _read_direction(env: Envelope) -> None:
    """Which way the telegram went. An outgoing telegram's "Received 18:35 ... Sent 20:50"
    is the cipher office taking it in, then sending it: never a transit backwards in time."""
    sent, received = env.events.get("sent"), env.events.get("received")
    if not (sent and received and sent.at and received.at and "T" in sent.at and "T" in received.at):
        return
    env.direction = "outgoing" if received.at < sent.at else "incoming"
    rule = "received_before_sent" if env.direction == "outgoing" else "sent_before_received"
    env.provenance["direction"] = Provenance(rule, received.span)


def _read_event(
    text: str,
    match: re.Match[str],
    start: int,
    stop: int,
    authority: Authority,
    base: dt.date | None,
) -> EnvelopeEvent | None:
    window = text[start:stop]
    dates = [d for d in find_dates(text, base=base, start=start, stop=stop) if d.iso]
    time_match = _TIME.search(window)
    first_value = min(
        [d.span.start - start for d in dates if d.span] + ([time_match.start()] if time_match else []) or [-1]
    )
    if first_value < 0:
        return None
    lowercase = not match.group("kw")[0].isupper()
    timed = time_match is not None or any(d.time for d in dates)
    if lowercase and (not timed or _NOT_ENVELOPE.search(window[:first_value])):
        return None  # prose ("received on 28 September from ..."), not a handling mark
    if first_value > 90:
        return None
    date = dates[0] if dates else None
    time = date.time if date and date.time else (_time_text(time_match) if time_match else None)
    at = date.iso if date else None
    if at and time and date and date.precision == "day":
        at = f"{at}T{time}"
    by_match = _BY.match(window) if match.group("kw")[0] not in "Ss" else None
    by = None
    if by_match and not by_match.group("name")[0].isdigit():
        by = resolve_person(
            by_match.group("name"),
            authority,
            year=_year(base),
            span=Span(start + by_match.start("name"), start + by_match.end("name")),
            rule="event_by",
        )
    place_match = _WHERE.match(window)
    last = max([d.span.stop for d in dates if d.span] + ([start + time_match.end()] if time_match else []))
    return EnvelopeEvent(
        text=text[match.start() : last].strip(),
        at=at,
        by=by,
        place=place_match.group("place").strip("[] ") if place_match else None,
        span=Span(match.start(), last),
        rule=f"event_{match.group('kw').lower().rstrip(':.')}",
    )


def _time_text(match: re.Match[str]) -> str:
    return parse_time(match.group(0)) or f"{int(match.group('h')):02d}:{match.group('m')}"


def _read_distribution(
    env: Envelope, text: str, lines: list[Line], authority: Authority, year: int | None
) -> None:
    for index, line in enumerate(lines):
        label = _COPIES_LABEL.match(line.text)
        if label:
            rest = line.text[label.end() :]
            at = line.start + label.end()
            if not rest.strip() and index + 1 < len(lines):
                rest, at = lines[index + 1].text, lines[index + 1].start
            _copies_from_text(env, rest, at, authority, year)
            if env.distribution:
                return
    for line in lines:
        numbered = _COPY_NUMBERED.match(line.text)
        if numbered and line.text.lower().startswith("copy"):
            _add_copy(
                env,
                numbered.group("name"),
                line.start + numbered.start("name"),
                authority,
                year,
                copy_number=numbered.group("no"),
            )


def _copies_from_text(env: Envelope, rest: str, at: int, authority: Authority, year: int | None) -> None:
    numbered = list(_COPY_NUMBERED.finditer(rest))
    if numbered:
        for match in numbered:
            _add_copy(
                env,
                match.group("name"),
                at + match.start("name"),
                authority,
                year,
                copy_number=match.group("no"),
            )
        return
    pos = 0
    for raw in rest.split(","):
        item = raw.strip().rstrip(".")
        offset = rest.find(item, pos) if item else -1
        pos = max(pos, offset + len(item))
        found = _COPY_ITEM.match(item)
        if not found or offset < 0:
            continue
        count = found.group("paren") or found.group("dash")
        _add_copy(
            env,
            found.group("name").strip(),
            at + offset,
            authority,
            year,
            count=int(count) if count else None,
        )


def _add_copy(
    env: Envelope,
    name: str,
    start: int,
    authority: Authority,
    year: int | None,
    *,
    count: int | None = None,
    copy_number: str | None = None,
) -> None:
    name = name.strip()
    person = resolve_person(
        name, authority, year=year, span=Span(start, start + len(name)), rule="distribution"
    )
    if person.entity_id is None and len(clean_name(name).split()) < 2:
        return  # "Copy", "file", "дело": not a person
    for entry in env.distribution:
        if entry.person.entity_id and entry.person.entity_id == person.entity_id:
            if copy_number:
                entry.copy_numbers.append(copy_number)
                entry.copies = len(entry.copy_numbers)
            return
    entry = CopyEntry(person, count if count is not None else (1 if copy_number else None))
    if copy_number:
        entry.copy_numbers.append(copy_number)
    env.distribution.append(entry)


def _read_outgoing(env: Envelope, lines: list[Line]) -> None:
    for line in lines:
        if len(line.text) > 40:
            continue
        lone = _LONE_NUMBER.match(line.text)
        if lone and lone.group("number") != env.number:
            env.outgoing_numbers.append(lone.group("number"))


def read_channel(
    lines: list[Line], authority: Authority, *, year: int | None
) -> tuple[str | None, list[PersonRef], list[PersonRef]]:
    """ "BEIJING—TO KRASOVSKY / for Comrade MAO ZEDONG": destination, via, final recipients."""
    for index, line in enumerate(lines[:12]):
        channel = _CHANNEL.match(line.text) or _CHANNEL_POST.match(line.text)
        if not channel:
            continue
        via = resolve_person(
            channel.group("via"),
            authority,
            year=year,
            span=Span(line.start + channel.start("via"), line.start + channel.end("via")),
            rule="envelope_channel",
        )
        if via.entity_id is None and _OFFICE_WORD.search(channel.group("via")):
            # "PEKING, TO THE SOVIET AMBASSADOR": the ambassador there, that year
            posted = resolve_person(
                f"{channel.group('via').strip().title()} in {channel.group('place').strip().title()}",
                authority,
                year=year,
                span=via.span,
                rule="envelope_channel_post",
            )
            if posted.entity_id and posted.entity_id.startswith("person:"):
                via = posted
        final: list[PersonRef] = []
        for follower in [f for f in lines[index + 1 : index + 5] if f.text.strip()][:2]:
            found = _FOR_LINE.match(follower.text)
            if found:
                final.append(
                    resolve_person(
                        found.group("name"),
                        authority,
                        year=year,
                        span=Span(follower.start + found.start("name"), follower.start + found.end("name")),
                        rule="envelope_for",
                    )
                )
                break
        if final:
            return channel.group("place").strip(), [via], final
        return channel.group("place").strip(), [], [via]
    return None, [], []


def read_addressee(lines: list[Line], authority: Authority, *, year: int | None) -> list[PersonRef]:
    """ "To Comrade FILIPPOV [Stalin]" or "to Cde. GROMYKO" near the head of the body."""
    people: list[PersonRef] = []
    for line in lines[:15]:
        found = _TO_LINE.match(line.text)
        if not found or len(line.text) > 60:
            continue
        parts = re.split(r"\s+To\s+", found.group("name"))
        name = parts[-1]
        name = re.sub(r"\s+(?:TOP PRIORITY|URGENT|SPECIAL|PRIORITY)$", "", name)
        person = resolve_person(
            name,
            authority,
            year=year,
            span=Span(line.start + found.start("name"), line.stop),
            rule="envelope_to",
        )
        if person.entity_id and person.entity_id.startswith("person:"):
            people.append(person)
    return people
