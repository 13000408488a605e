"""The documents we don't have: cited telegrams that match no document of the corpus.

"To my No. 2967", "Re Embtels 813, 819", "ReEmbtel 2331" (the reference line of a
Department telegram), "your 522", "на Ваш № 1234" and "I received your
telegrams of 0200 30 October" each name a document. When no stored document carries the
cited number (sent before the citing one), or a dated reply cue finds no candidate, the cited
document becomes a stub: what the citations say of it (sender, recipient, number, date) and
the bounds of its date, with every citing document and the words that cite it.

Rules (named in each stub's ``rules``):

* ``cited_number``  a number after a lead word ("my", "your", "Embtel", "Reurtel", "мой №");
  the lead word gives the direction: "my"/"our" the citing document's sender wrote it,
  "your"/"Reur" its recipient; "Embtel"/"Deptel" the embassy or the department.
* ``cited_date``    a reply cue with a date and no number ("your telegram of 8 September").
* Date bounds: ``cited_date`` (stated), else ``before_citing`` (no later than the earliest
  citing document, no earlier than ``LOOKBACK_DAYS`` before it), narrowed by
  ``number_sequence``: the same sender's stored telegrams with the next lower and higher
  numbers bound the date from below and above.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from cablegraph.link.linker import LinkIndex
from cablegraph.link.records import JSON, Record, normal_number, person_keys, walk_messages
from cablegraph.link.replies import _best_candidate, cues, source_blocks
from cablegraph.parse.dates import find_dates

LOOKBACK_DAYS = 90
REPLY_WINDOW_DAYS = 31
Direction = Literal["from_citing_sender", "from_citing_recipient", "unknown"]

_LEAD = (
    r"(?<![\w-])(?P<lead>To my|my|our|your|Your|(?:Re)?Embtels?|(?:Re)?Deptels?|Reurtel|Reur|Urtel|"
    r"mytel|Mytel|"
    r"[Мм]о(?:ей|его|ему|[йюяеи])|[Нн]аш(?:ей|его|ему|[уаие])?|[Вв]аш(?:ей|его|ему|[уаие])?)"
)
_NUMBERED = re.compile(
    _LEAD + r"\s+(?:(?:reply|telegrams?|cables?|tels?|телеграмм[аыуе]?|шифротелеграмм[аыуе]?)\s+)?"
    r"(?P<list>(?:(?:No\.|Nos\.|Nº|№|N)\s*)?(?:[A-Z]{1,4}[ –-]?)?\d{2,7}(?:/\w+)?"
    r"(?:,?\s*(?:and\s+|и\s+)?(?:(?:No\.|Nº|№)\s*)?(?:[A-Z]{1,4}[ –-]?)?\d{2,7}(?:/\w+)?)*)"
)
_ITEM = re.compile(r"(?:[A-Z]{1,4}[ –-]?)?\d{2,7}")
_MONTH_NEXT = re.compile(r"\s*(?:[A-Z][a-z]{2,}|[а-я]{3,}(?:я|а)\b)")  # "my 31 October telegram"
_DEPARTMENT = re.compile(r"Secretary of State|Department|\bDept\b|Acting Secretary", re.IGNORECASE)
_DATE_AFTER = 16  # characters after a cited number where its date may stand ("1053 Apr 5")


@dataclass(frozen=True, slots=True)
class Citation:
    """One place where a document cites the missing one."""

    citing: str
    rule: str
    evidence: str
    start: int
    stop: int

    def to_json(self) -> dict[str, Any]:
        return {
            "citing": self.citing,
            "rule": self.rule,
            "evidence": self.evidence,
            "start": self.start,
            "stop": self.stop,
        }


@dataclass(slots=True)
class MissingDocument:
    """A document the corpus does not hold, as its citations describe it."""

    key: str
    number: str | None
    senders: list[str]
    recipients: list[str]
    cited_date: dt.date | None
    earliest: dt.date | None
    latest: dt.date | None
    rules: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)

    @property
    def estimated_date(self) -> dt.date | None:
        """The stated date, else the middle of the bounds."""
        if self.cited_date is not None:
            return self.cited_date
        if self.earliest is not None and self.latest is not None:
            return self.earliest + (self.latest - self.earliest) / 2
        return self.latest

    @property
    def citing(self) -> list[str]:
        return sorted({c.citing for c in self.citations})

    def to_json(self) -> dict[str, Any]:
        def iso(value: dt.date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "key": self.key,
            "number": self.number,
            "senders": self.senders,
            "recipients": self.recipients,
            "cited_date": iso(self.cited_date),
            "estimated_date": iso(self.estimated_date),
            "earliest": iso(self.earliest),
            "latest": iso(self.latest),
            "rules": self.rules,
            "citing": self.citing,
            "citations": [c.to_json() for c in self.citations],
        }


@dataclass(frozen=True, slots=True)
class _Cite:
    record: Record
    rule: str
    direction: Direction
    number: str | None
    date: dt.date | None
    start: int
    stop: int


def find_missing(records: Iterable[Record]) -> list[MissingDocument]:
    """Every cited document that no record matches, oldest first."""
    index = LinkIndex(records)
    stubs: dict[str, MissingDocument] = {}
    for record in index.records:
        for cite in _citations(record, index):
            if _found(cite, index):
                continue
            _merge(stubs, cite, index)
    for stub in stubs.values():
        _narrow_by_sequence(stub, index)
    return sorted(stubs.values(), key=lambda s: (s.estimated_date or dt.date.max, s.key))


def _citations(record: Record, index: LinkIndex) -> Iterator[_Cite]:
    numbered: list[tuple[int, int]] = []
    for start, stop in source_blocks(record):
        for match in _NUMBERED.finditer(record.text, start, stop):
            direction = _direction(match.group("lead"), record)
            items = list(_ITEM.finditer(match.group("list")))
            numbered.append((match.start(), match.end()))
            for position, item in enumerate(items):
                number = normal_number(item.group(0))
                after = match.start("list") + item.end()
                if number in record.numbers or _MONTH_NEXT.match(record.text, after):
                    continue  # our own number, or a day ("my 31 October telegram")
                date = _date_after(record, after) if position == len(items) - 1 else None
                yield _Cite(record, "cited_number", direction, number, date, match.start(), match.end())
    for cue in cues(record):
        if not cue.dates or any(a < cue.stop and cue.start < b for a, b in numbered):
            continue  # numbered citations are read above
        if _best_candidate(record, cue, index) is not None:
            continue  # found: not missing
        cue_direction: Direction = (
            "from_citing_sender" if cue.rule == "reply_to_my" else ("from_citing_recipient")
        )
        for date in cue.dates:
            yield _Cite(record, "cited_date", cue_direction, None, date, cue.start, cue.stop)


def _direction(lead: str, record: Record) -> Direction:
    word = lead.casefold()
    if word.startswith(("reembtel", "redeptel")):  # "ReEmbtel 2331": re(ference) an Embtel
        word = word[2:]
    if word.startswith(("my", "to my", "our", "mytel", "мо", "наш")):
        return "from_citing_sender"
    if word.startswith(("your", "reur", "urtel", "ваш")):
        return "from_citing_recipient"
    # by name, or by the office an office holder was named by ("The Secretary of State" is Acheson)
    department_sends = any(
        _DEPARTMENT.search(f"{p.get('name', '')} {p.get('role') or ''}")
        for p in record.data.get("senders") or []
    )
    department_receives = any(
        _DEPARTMENT.search(f"{p.get('name', '')} {p.get('role') or ''}")
        for p in record.data.get("recipients") or []
    )
    if not (department_sends or department_receives):
        return "unknown"
    from_department = word.startswith("deptel")
    if from_department == department_sends:
        return "from_citing_sender"
    return "from_citing_recipient"


def _date_after(record: Record, position: int) -> dt.date | None:
    """ "Embtel 1053 Apr 5": a day-precise date right after the cited number."""
    for found in find_dates(
        record.text, base=record.date, start=position, stop=min(len(record.text), position + _DATE_AFTER)
    ):
        span = found.span
        if found.iso and found.precision == "day" and span is not None and (span.start - position <= 4):
            return dt.date.fromisoformat(found.iso)
    return None


def _found(cite: _Cite, index: LinkIndex) -> bool:
    """A stored document carries the cited number and was not written after the citing one."""
    if cite.number is None:
        return False
    for target in index.by_number.get(cite.number, []):
        if target.id == cite.record.id:
            continue
        if cite.record.date is None or target.date is None or target.date <= cite.record.date:
            return True
    return False


def _speakers(record: Record, position: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Who writes to whom at ``position``: the innermost nested message holding it (a quoted
    statement by Kim Il Sung cites Kim's messages), else the document's own parties."""
    inner: JSON | None = None
    for path, message in walk_messages(record.data.get("messages") or []):
        start, stop = message.get("start"), message.get("stop")
        if len(path) > 1 and isinstance(start, int) and isinstance(stop, int) and (start <= position < stop):
            inner = message
    if inner is None:
        return list(record.data.get("senders") or []), list(record.data.get("recipients") or [])
    return list(inner.get("authors") or []), list(inner.get("recipients") or [])


def _parties(cite: _Cite) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    senders, recipients = _speakers(cite.record, cite.start)
    direction = cite.direction
    if direction == "from_citing_sender":
        return senders, recipients
    if direction == "from_citing_recipient":
        return recipients, senders
    return [], []


def _keys(people: list[dict[str, Any]]) -> str:
    return "+".join(sorted(p.get("entity_id") or str(p.get("name", "")).casefold() for p in people))


def _merge(stubs: dict[str, MissingDocument], cite: _Cite, index: LinkIndex) -> None:
    senders, recipients = _parties(cite)
    if cite.number is not None:
        pair = sorted(person_keys(senders + recipients))
        key = f"no:{cite.number}|{'+'.join(pair)}"
    else:
        key = f"date:{cite.date}|{_keys(senders)}>{_keys(recipients)}"
    stub = stubs.get(key)
    if stub is None:
        stub = stubs[key] = MissingDocument(key, cite.number, [], [], None, None, None)
    for name in (str(p.get("name")) for p in senders):
        if name not in stub.senders:
            stub.senders.append(name)
    for name in (str(p.get("name")) for p in recipients):
        if name not in stub.recipients:
            stub.recipients.append(name)
    _add_rule(stub, cite.rule)
    if cite.date is not None:
        stub.cited_date = cite.date
        stub.earliest = stub.latest = cite.date
        _add_rule(stub, "cited_date")
    elif stub.cited_date is None and cite.record.date is not None:
        days = LOOKBACK_DAYS if cite.number is not None else REPLY_WINDOW_DAYS
        latest = cite.record.date
        earliest = latest - dt.timedelta(days=days)
        stub.latest = latest if stub.latest is None else min(stub.latest, latest)
        stub.earliest = earliest if stub.earliest is None else min(stub.earliest, earliest)
        stub.earliest = min(stub.earliest, stub.latest)
        _add_rule(stub, "before_citing")
    evidence = cite.record.text[cite.start : cite.stop]
    if any(c.citing == cite.record.id and c.start == cite.start for c in stub.citations):
        return
    stub.citations.append(Citation(cite.record.id, cite.rule, evidence, cite.start, cite.stop))


def _add_rule(stub: MissingDocument, rule: str) -> None:
    if rule not in stub.rules:
        stub.rules.append(rule)


def _narrow_by_sequence(stub: MissingDocument, index: LinkIndex) -> None:
    """The same sender's stored telegrams numbered just below and above bound the date."""
    if stub.number is None or not stub.number.isdigit() or stub.cited_date is not None:
        return
    wanted = int(stub.number)
    senders = {c for c in _sender_keys(stub, index)}
    below: tuple[int, dt.date] | None = None
    above: tuple[int, dt.date] | None = None
    for sender in senders:
        for record in index.by_sender(sender):
            if record.date is None:
                continue
            for number in record.numbers:
                if not number.isdigit() or len(number) != len(stub.number):
                    continue
                value = int(number)
                if value < wanted and (below is None or value > below[0]):
                    below = (value, record.date)
                if value > wanted and (above is None or value < above[0]):
                    above = (value, record.date)
    narrowed = False
    if (
        below is not None
        and (stub.earliest is None or below[1] > stub.earliest)
        and (stub.latest is None or below[1] <= stub.latest)
    ):
        stub.earliest, narrowed = below[1], True
    if (
        above is not None
        and (stub.latest is None or above[1] < stub.latest)
        and (stub.earliest is None or above[1] >= stub.earliest)
    ):
        stub.latest, narrowed = above[1], True
    if narrowed:
        _add_rule(stub, "number_sequence")


def _sender_keys(stub: MissingDocument, index: LinkIndex) -> set[str]:
    names = {s.casefold() for s in stub.senders}
    keys: set[str] = set()
    for record in index.records:
        for person in record.data.get("senders") or []:
            if str(person.get("name", "")).casefold() in names:
                keys.add(person.get("entity_id") or str(person.get("name", "")).casefold())
    return keys


def missing_by_citing(stubs: Iterable[MissingDocument]) -> dict[str, list[MissingDocument]]:
    """The stubs each document cites."""
    found: dict[str, list[MissingDocument]] = defaultdict(list)
    for stub in stubs:
        for doc_id in stub.citing:
            found[doc_id].append(stub)
    return dict(found)
