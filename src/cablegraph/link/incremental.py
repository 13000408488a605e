"""Relinking only what an ingest changed.

A link rule looks at one document (the link's source) and picks the other end among
candidates by a few keys: who sent it to whom, when, under which numbers. So the links a
new or changed document can create or break are (1) its own outgoing links and (2) the
outgoing links of the documents whose rules could pick it as a candidate. Those are found
from the keys alone (``LinkKeys``, one small row per document in ``link_keys``); only
these documents are read in full and run through the rules again, against an index of
every document's keys. The result is the same as a full relink (tested), in time that
grows with the change, not with the corpus.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from cablegraph.link.records import JSON, Record, iso_date, person_keys, walk_messages
from cablegraph.link.references import cited_numbers
from cablegraph.link.relays import SAME_DAY_SLACK
from cablegraph.link.replies import WINDOW_DAYS, cues


@dataclass(frozen=True, slots=True)
class LinkKeys:
    """What the link rules need of a document when it is someone else's candidate, and
    what tells whether a new document could be one of its candidates."""

    doc_id: str
    senders: frozenset[str]
    recipients: frozenset[str]
    date: dt.date | None
    numbers: frozenset[str]
    cites: frozenset[str]  # numbers its text cites (references)
    relay_authors: frozenset[str]  # authors of the messages it carries (relays)
    relay_dates: frozenset[dt.date] = frozenset()  # and their dates
    replies: bool = False  # its text has a reply cue
    cue_numbers: frozenset[str] = frozenset()  # numbers its reply cues cite

    @classmethod
    def of(cls, record: Record) -> LinkKeys:
        relayed = list(_relayed(record.data))
        found = list(cues(record))
        return cls(
            record.id,
            record.senders,
            record.recipients,
            record.date,
            record.numbers,
            cited_numbers(record),
            frozenset(author for author, _ in relayed),
            frozenset(date for _, date in relayed if date is not None),
            bool(found),
            frozenset().union(*(cue.numbers for cue in found)),
        )

    def to_json(self) -> JSON:
        return {
            "s": sorted(self.senders),
            "r": sorted(self.recipients),
            "d": self.date.isoformat() if self.date else None,
            "n": sorted(self.numbers),
            "c": sorted(self.cites),
            "a": sorted(self.relay_authors),
            "ad": sorted(d.isoformat() for d in self.relay_dates),
            "q": self.replies,
            "qn": sorted(self.cue_numbers),
        }

    @classmethod
    def from_json(cls, doc_id: str, data: dict[str, Any]) -> LinkKeys:
        return cls(
            doc_id,
            frozenset(data.get("s") or ()),
            frozenset(data.get("r") or ()),
            iso_date(data.get("d")),
            frozenset(data.get("n") or ()),
            frozenset(data.get("c") or ()),
            frozenset(data.get("a") or ()),
            frozenset(d for d in map(iso_date, data.get("ad") or ()) if d is not None),
            bool(data.get("q")),
            frozenset(data.get("qn") or ()),
        )

    def as_candidate(self) -> Record:
        """A record with the keys only: enough to be the other end of a link."""
        return Record(
            data={},
            text="",
            id=self.doc_id,
            senders=self.senders,
            recipients=self.recipients,
            date=self.date,
            numbers=self.numbers,
        )


def _relayed(data: JSON) -> Iterator[tuple[str, dt.date | None]]:
    """(author, date) of every message the document carries."""
    for path, message in walk_messages(data.get("messages") or []):
        if len(path) >= 2:
            date = iso_date((message.get("date") or {}).get("iso"))
            for author in person_keys(message.get("authors") or []):
                yield author, date


def may_pick(source: LinkKeys, candidate: LinkKeys) -> bool:
    """Whether a rule run on ``source`` could choose ``candidate`` as its other end.

    A superset of what the rules accept (they look at the text too): replies, a reply cue
    and a candidate that went the other way (sent by one of our recipients to one of our
    senders) with a cited number or within the window; references, we cite one of its
    numbers; relays, its sender wrote a message we carry, within a day of it.
    """
    return _may_answer(source, candidate) or bool(candidate.numbers & source.cites) or _may_carry(
        source, candidate
    )


def _may_answer(source: LinkKeys, candidate: LinkKeys) -> bool:
    reversed_parties = candidate.senders & source.recipients and candidate.recipients & source.senders
    if not (source.replies and reversed_parties):
        return False
    if candidate.numbers & source.cue_numbers or source.date is None or candidate.date is None:
        return True
    return 0 <= (source.date - candidate.date).days <= WINDOW_DAYS


def _may_carry(source: LinkKeys, candidate: LinkKeys) -> bool:
    if candidate.date is None or not candidate.senders & source.relay_authors:
        return False
    return any(abs((candidate.date - day).days) <= SAME_DAY_SLACK for day in source.relay_dates)


def affected(all_keys: Iterable[LinkKeys], changed: Iterable[LinkKeys], skip: set[str]) -> set[str]:
    """The documents (not in ``skip``) whose outgoing links a change could alter.

    ``changed`` holds the new keys of the changed documents and their old keys where they
    had any, so that a link to what a document no longer is goes away too.
    """
    changed = list(changed)
    senders = set().union(*(c.senders for c in changed))
    recipients = set().union(*(c.recipients for c in changed))
    numbers = set().union(*(c.numbers for c in changed))
    found: set[str] = set()
    for keys in all_keys:
        if keys.doc_id in skip:
            continue
        # A cheap filter first (sets of the whole change), then the exact test.
        if not (
            (keys.replies and keys.recipients & senders and keys.senders & recipients)
            or keys.cites & numbers
            or keys.relay_authors & senders
        ):
            continue
        if any(may_pick(keys, c) for c in changed):
            found.add(keys.doc_id)
    return found
