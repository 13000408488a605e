"""The map: where the documents speak of, and where the messages went.

Places are the resolved place mentions of each document (the authority holds their
coordinates): one count per document and place. Flows are messages from a place to a
place: the envelope's origin and destination where the parser found them, else the
heading's "From BEIJING" / "Sent from Pyongyang" and "TO MOSCOW" lines, each resolved
to a place of the authority; the intermediaries ride along ("through Krasovsky").
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from cablegraph.link.records import Record
from cablegraph.resolve import Authority

JSON = dict[str, Any]
# Heading lines: "From BEIJING Received 11:30", "Sent from Pyongyang by wire", "Из Пекина";
# "BEIJING—TO KRASOVSKY for Comrade MAO" (the Soviet form: destination, then addressee).
_FROM = re.compile(r"(?m)^[ \t]*(?:From|FROM|Sent from|Из|ИЗ)[ \t:]+([A-ZА-ЯЁ][\w'’-]+)")
_RECEIVED_IN = re.compile(r"\b(?:Received in|Получено в)[ \t]+([A-ZА-ЯЁ][\w'’-]+)")
_TO = re.compile(r"(?m)^[ \t]*([A-ZА-ЯЁ][A-ZА-ЯЁ'’-]+)[ \t]*[—–-][ \t]*(?:TO|ТОВ|Тов)\b")


def place_of(authority: Authority, name: object) -> Any:
    """The authority's place for a name, with coordinates, or None."""
    if not name:
        return None
    match = authority.lookup(str(name), kind="place")
    entity = match.entity if match else None
    return entity if entity is not None and entity.coords else None


def route(authority: Authority, record: Record) -> tuple[Any, Any]:
    """(origin, destination) places of a document's message, each None when unknown."""
    envelope = record.data.get("envelope") or {}
    head = record.text
    origin = place_of(authority, envelope.get("origin"))
    if origin is None:
        found = _FROM.search(head)
        origin = place_of(authority, found.group(1)) if found else None
    destination = place_of(authority, envelope.get("destination"))
    for pattern in (_TO, _RECEIVED_IN):
        if destination is None:
            found = pattern.search(head)
            destination = place_of(authority, found.group(1)) if found else None
    return origin, destination


def place_map(records: Iterable[Record], authority: Authority, start: dt.date | None = None,
              stop: dt.date | None = None) -> JSON:
    """Places with their document counts and flows between places, within the dates."""
    counts: Counter[str] = Counter()
    flows: Counter[tuple[str, str]] = Counter()
    carried: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    examples: dict[str, list[str]] = defaultdict(list)
    flow_docs: dict[tuple[str, str], list[str]] = defaultdict(list)
    entities: dict[str, Any] = {}
    for record in records:
        if (start and (record.date is None or record.date < start)) or (
                stop and (record.date is None or record.date > stop)):
            continue
        named = {str(m["entity_id"]) for m in record.data.get("mentions") or []
                 if m.get("kind") == "place" and m.get("entity_id")}
        for place_id in named:
            entity = authority.get(place_id)
            if entity is None or not entity.coords:
                continue
            entities[place_id] = entity
            counts[place_id] += 1
            if len(examples[place_id]) < 20:
                examples[place_id].append(record.id)
        origin, destination = route(authority, record)
        if origin is None or destination is None or origin.id == destination.id:
            continue
        entities[origin.id], entities[destination.id] = origin, destination
        key = (origin.id, destination.id)
        flows[key] += 1
        carried[key].update(str(p.get("name")) for p in record.data.get("via") or [] if p.get("name"))
        if len(flow_docs[key]) < 20:
            flow_docs[key].append(record.id)
    return {
        "places": [
            {"id": pid, "name": entities[pid].name, "lat": entities[pid].coords[0],
             "lon": entities[pid].coords[1], "documents": counts[pid], "examples": examples[pid]}
            for pid in sorted(entities, key=lambda p: (-counts[p], p))
        ],
        "flows": [
            {"from": a, "to": b, "count": n, "via": [name for name, _ in carried[(a, b)].most_common(5)],
             "documents": flow_docs[(a, b)]}
            for (a, b), n in flows.most_common()
        ],
    }
