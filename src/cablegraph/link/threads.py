"""Threads: the chains of documents joined by replies, relays and references, in time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from cablegraph.link.records import Record
from cablegraph.model.link import Link

THREAD_KINDS = frozenset({"reply_to", "relays", "references", "duplicate_of", "same_event"})


@dataclass(slots=True)
class Thread:
    """Documents of one chain, oldest first, and the links that join them."""

    documents: list[str]
    links: list[Link] = field(default_factory=list)
    start: dt.date | None = None
    stop: dt.date | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "start": self.start.isoformat() if self.start else None,
            "stop": self.stop.isoformat() if self.stop else None,
            "links": [link.to_json() for link in self.links],
        }


def threads(records: Iterable[Record], links: Iterable[Link]) -> list[Thread]:
    """Connected components of document-to-document links, each ordered by date."""
    by_id = {r.id: r for r in records}
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.get(node, node) != node:
            parent[node] = parent.get(parent[node], parent[node])
            node = parent[node]
        return node

    joined = [link for link in links if link.kind in THREAD_KINDS and link.target in by_id]
    for link in joined:
        parent.setdefault(link.source, link.source)
        parent.setdefault(link.target, link.target)
        parent[root(link.source)] = root(link.target)
    groups: dict[str, list[str]] = {}
    for node in parent:
        groups.setdefault(root(node), []).append(node)
    found: list[Thread] = []
    for members in groups.values():
        members.sort(key=lambda i: ((by_id[i].date or dt.date.max), i))
        dates = [d for d in (by_id[i].date for i in members) if d is not None]
        member_set = set(members)
        found.append(
            Thread(
                members,
                [lk for lk in joined if lk.source in member_set],
                min(dates) if dates else None,
                max(dates) if dates else None,
            )
        )
    found.sort(key=lambda t: (t.start or dt.date.max, t.documents[0]))
    return found


def thread_of(doc_id: str, all_threads: list[Thread]) -> Thread | None:
    return next((t for t in all_threads if doc_id in t.documents), None)
