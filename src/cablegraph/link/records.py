"""Reading the parsed record (the ``parse --format json`` object) for linking."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

JSON = dict[str, Any]


@dataclass(slots=True)
class Record:
    """One stored document for the linker: its record and the text of its page."""

    data: JSON
    text: str
    id: str = ""
    senders: frozenset[str] = field(default_factory=frozenset)
    recipients: frozenset[str] = field(default_factory=frozenset)
    date: dt.date | None = None
    numbers: frozenset[str] = field(default_factory=frozenset)
    cues: tuple[Any, ...] | None = field(default=None, compare=False, repr=False)  # ``replies.cues``

    @classmethod
    def of(cls, data: JSON, text: str) -> Record:
        return cls(
            data=data,
            text=text,
            id=str(data["id"]),
            senders=frozenset(person_keys(data.get("senders") or [])),
            recipients=frozenset(person_keys(data.get("recipients") or [])),
            date=iso_date((data.get("date") or {}).get("iso")),
            numbers=frozenset(record_numbers(data)),
        )


class Candidates(Protocol):
    """Where the link rules look for the other end of a link."""

    def by_sender(self, sender: str) -> list[Record]: ...

    def window(self, sender: str, date: dt.date | None) -> list[Record]: ...


def person_keys(people: list[JSON]) -> Iterator[str]:
    """Entity ids where resolved, else the folded name: the identity used for matching."""
    for person in people:
        yield person.get("entity_id") or str(person.get("name", "")).casefold()


def iso_date(value: str | None) -> dt.date | None:
    """A date from an ISO string of day, month or year precision (the first day)."""
    if not value:
        return None
    parts = [int(p) for p in re.findall(r"\d+", value[:10])]
    try:
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def normal_number(value: str) -> str:
    """ "CX–67390", "CX 67390" and "cx-67390" are one number; "335/III" keeps its suffix."""
    return re.sub(r"[\s\u2013\u2014-]+", "", value).upper()


def record_numbers(data: JSON) -> Iterator[str]:
    """The telegram's own number and its outgoing and file numbers."""
    envelope = data.get("envelope") or {}
    if envelope.get("number"):
        yield normal_number(str(envelope["number"]))
    for number in envelope.get("outgoing_numbers") or []:
        yield normal_number(str(number).split("/")[0])


def walk_messages(messages: list[JSON], path: tuple[int, ...] = ()) -> Iterator[tuple[tuple[int, ...], JSON]]:
    """Every message of the tree with its path (0 is the document's own message)."""
    for index, message in enumerate(messages):
        here = (*path, index)
        yield here, message
        yield from walk_messages(message.get("children") or [], here)


def message_ref(doc_id: str, path: tuple[int, ...]) -> str:
    return f"{doc_id}#msg/" + "/".join(str(p) for p in path)
