"""Replies: "Your telegrams about an armistice have been received", "Reurtel 1194".

A reply cue in a document's text makes it a reply to an earlier document that went the
other way (its sender was our recipient and its recipient our sender) within a time
window. Numbers and dates the cue cites pick the right one among several.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from cablegraph.link.records import Candidates, Record, normal_number
from cablegraph.model.link import Link
from cablegraph.parse.dates import find_dates

WINDOW_DAYS = 31

# Each cue is a named rule; ``cite`` is the part that may carry numbers and dates.
# What a cited message's description runs over: to the end of its sentence ("No." ends none).
_CITE = r"(?:\bNo\.|[^.\n])"
CUES: list[tuple[str, re.Pattern[str]]] = [
    (
        "your_messages_received",
        re.compile(
            r"\bYour (?:telegrams?|cables?|letters?|messages?|communications?|notes?)\b"
            rf"(?P<cite>{_CITE}{{0,160}}?)\b(?:ha(?:s|ve) been|was|were) received",
            re.IGNORECASE,
        ),
    ),
    (
        "received_your",
        re.compile(
            r"\b(?:I|We) (?:have )?received your (?:telegrams?|cables?|letters?|messages?|reply)"
            rf"(?P<cite>{_CITE}{{0,160}})",
            re.IGNORECASE,
        ),
    ),
    (
        "in_response_to",
        re.compile(
            rf"\b(?:In (?:response|reply|answer) to|Replying to|Answering) your\b(?P<cite>{_CITE}{{0,160}})",
            re.IGNORECASE,
        ),
    ),
    ("reply_to_my", re.compile(r"\bTo my (?P<cite>(?:No\.|Nº|№)\s*\d[^.\n]{0,80})")),
    ("reurtel", re.compile(rf"\bRe(?:ur|urtel|Embtel|Deptel|f(?:erence)? your)\b(?P<cite>{_CITE}{{0,80}})")),
    (
        "your_number",
        re.compile(r"\bYour (?P<cite>(?:No\.\s*)?\d{2,7}(?:\s+(?:of\s+)?[A-Z][a-z]+\s+\d{1,2})?)"),
    ),
    (
        "ru_received",
        re.compile(
            rf"\bВаш[аи]? (?:телеграмм[аы]|письм[оа]|сообщени[ея])(?P<cite>{_CITE}{{0,160}}?)\s+получен[аы]?",
            re.IGNORECASE,
        ),
    ),
    ("ru_to_your", re.compile(rf"\b(?:На|В ответ на) Ваш[уи]? (?P<cite>{_CITE}{{0,100}})", re.IGNORECASE)),
]
_NUMBER = re.compile(r"(?<![\w/.])(?:No\.\s*|Nº\s*|№\s*)?(?P<n>[A-Z]{1,4}[ –-]?\d{3,7}|\d{2,7})(?![\w/])")


@dataclass(frozen=True, slots=True)
class Cue:
    rule: str
    start: int
    stop: int
    numbers: frozenset[str]
    dates: tuple[dt.date, ...]


def cues(record: Record) -> tuple[Cue, ...]:
    """Every reply cue in a document's source text (editorial text excluded), found once
    per record: the links, the link keys and the missing-documents pass all ask."""
    if record.cues is None:
        record.cues = tuple(_find_cues(record))
    return record.cues


def _find_cues(record: Record) -> Iterator[Cue]:
    base = record.date
    for start, stop in source_blocks(record):
        for rule, pattern in CUES:
            for match in pattern.finditer(record.text, start, stop):
                cite_start, cite_stop = match.span("cite")
                cite = record.text[cite_start:cite_stop]
                dates = tuple(
                    dt.date.fromisoformat(d.iso)
                    for d in find_dates(record.text, base=base, start=cite_start, stop=cite_stop)
                    if d.iso and d.precision == "day"
                )
                numbers = frozenset(
                    normal_number(m.group("n"))
                    for m in _NUMBER.finditer(cite)
                    if not _is_date_part(m.group("n"), cite)
                )
                yield Cue(rule, match.start(), match.end(), numbers, dates)


def _is_date_part(number: str, cite: str) -> bool:
    """ "28" in "of 28 June" is a day, not a telegram number."""
    if len(number) <= 2:
        return True
    return len(number) <= 4 and re.search(rf"{re.escape(number)}\s+[A-Z][a-z]+", cite) is not None


def source_blocks(record: Record) -> list[tuple[int, int]]:
    """The spans of the source text: the text blocks that are not editorial."""
    blocks = [
        (b["start"], b["stop"])
        for b in record.data.get("texts") or []
        if b.get("role") != "editorial" and isinstance(b.get("start"), int)
    ]
    return blocks or [(0, len(record.text))]


def find_replies(record: Record, index: Candidates) -> Iterator[Link]:
    """``reply_to`` links from ``record`` to what it answers (best candidate per cue)."""
    seen: set[str] = set()
    for cue in cues(record):
        best = _best_candidate(record, cue, index)
        if best is None or best[0].id in seen:
            continue
        target, confidence, how = best
        seen.add(target.id)
        yield Link(
            record.id,
            target.id,
            "reply_to",
            f"{cue.rule}+{how}",
            confidence,
            record.text[cue.start : cue.stop],
            cue.start,
            cue.stop,
        )


def _best_candidate(record: Record, cue: Cue, index: Candidates) -> tuple[Record, float, str] | None:
    """Documents sent by our recipients to our senders, before ours, within the window."""
    scored: list[tuple[float, str, Record]] = []
    for sender in record.recipients:
        window = index.by_sender(sender) if cue.numbers else index.window(sender, record.date)
        for other in window:
            if other.id == record.id or not (other.recipients & record.senders):
                continue
            score, how = _score(record, other, cue)
            if score > 0:
                scored.append((score, how, other))
    if not scored:
        return None
    scored.sort(key=lambda item: (-item[0], -(item[2].date or dt.date.min).toordinal()))
    score, how, best = scored[0]
    return best, score, how


def _score(record: Record, other: Record, cue: Cue) -> tuple[float, str]:
    if cue.numbers & other.numbers:
        return 0.95, "cited_number"
    if record.date is None or other.date is None:
        return (0.5, "reversed_parties_undated") if not cue.numbers else (0.0, "")
    days = (record.date - other.date).days
    if days < 0 or days > WINDOW_DAYS:
        return 0.0, ""
    if cue.dates and other.date in cue.dates:
        return 0.9, "cited_date"
    if cue.numbers or cue.dates:
        return 0.0, ""  # it cites something else
    return 0.8 - 0.01 * days, "reversed_parties_in_window"
