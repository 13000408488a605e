"""Relays: the messages a document carries inside it (a letter relayed by an ambassador,
a directive passed on, a telegram forwarded for information), and, when the relayed
message is in the corpus as its own document, a link to that document."""

from __future__ import annotations

from collections.abc import Iterator

from cablegraph.link.records import (
    JSON,
    Candidates,
    Record,
    iso_date,
    message_ref,
    person_keys,
    walk_messages,
)
from cablegraph.model.link import Link

SAME_DAY_SLACK = 1


def find_relays(record: Record, index: Candidates) -> Iterator[Link]:
    for path, message in walk_messages(record.data.get("messages") or []):
        if len(path) < 2:
            continue  # the document's own message
        start, stop = message.get("start"), message.get("stop")
        evidence = (
            record.text[start : min(stop, start + 160)]
            if isinstance(start, int) and isinstance(stop, int)
            else ""
        )
        yield Link(
            record.id,
            message_ref(record.id, path),
            "relays",
            message.get("rule") or "nested_message",
            0.9,
            evidence,
            start,
            stop,
        )
        for target in _as_document(record, message, index):
            yield Link(record.id, target.id, "relays", "relayed_document", 0.8, evidence, start, stop)


def _as_document(record: Record, message: JSON, index: Candidates) -> Iterator[Record]:
    """Documents with the same author, a shared recipient and the same date as ``message``."""
    authors = set(person_keys(message.get("authors") or []))
    recipients = set(person_keys(message.get("recipients") or []))
    date = iso_date((message.get("date") or {}).get("iso"))
    if not authors or not recipients or date is None:
        return
    seen: set[str] = set()
    for author in authors:
        for other in index.by_sender(author):
            if other.id == record.id or other.id in seen or other.date is None:
                continue
            if other.recipients & recipients and abs((other.date - date).days) <= SAME_DAY_SLACK:
                seen.add(other.id)
                yield other
