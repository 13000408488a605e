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

    @classmethod
    def of(cls, record: Record) -> LinkKeys:
        return cls(
            record.id,
            record.senders,
            record.recipients,
            record.date,
            record.numbers,
            cited_numbers(record),
            frozenset(_relay_authors(record.data)),
        )

    def to_json(self) -> JSON:
        return {
            "s": sorted(self.senders),
            "r": sorted(self.recipients),
            "d": self.date.isoformat() if self.date else None,
            "n": sorted(self.numbers),
            "c": sorted(self.cites),
            "a": sorted(self.relay_authors),
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


def _relay_authors(data: JSON) -> Iterator[str]:
    for path, message in walk_messages(data.get("messages") or []):
        if len(path) >= 2:
            yield from person_keys(message.get("authors") or [])


def may_pick(source: LinkKeys, candidate: LinkKeys) -> bool:
    """Whether a rule run on ``source`` could choose ``candidate`` as its other end.

    replies: the candidate went the other way (sent by one of our recipients to one of our
    senders); references: we cite one of its numbers; relays: its sender wrote a message we
    carry.
    """
    return bool(
        (candidate.senders & source.recipients and candidate.recipients & source.senders)
        or candidate.numbers & source.cites
        or candidate.senders & source.relay_authors
    )


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
            (keys.recipients & senders and keys.senders & recipients)
            or keys.cites & numbers
            or keys.relay_authors & senders
        ):
            continue
        if any(may_pick(keys, c) for c in changed):
            found.add(keys.doc_id)
    return found
