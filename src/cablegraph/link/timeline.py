"""The timeline: every dated event of every message, and transit times per channel."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cablegraph.link.records import Record, message_ref, walk_messages

ENVELOPE_EVENTS = (
    "sent",
    "transmitted",
    "dispatched",
    "received",
    "arrived",
    "deciphered",
    "typed",
    "printed",
    "verified",
)


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened to a message, at a time of some precision."""

    at: str  # ISO date or datetime
    precision: str  # "minute", "day", "month", "year"
    kind: str  # "written", "sent", "received", "deciphered", ..., "relayed"
    document: str
    message: str
    person: str | None = None
    place: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "precision": self.precision,
            "kind": self.kind,
            "document": self.document,
            "message": self.message,
            "person": self.person,
            "place": self.place,
        }


def timeline(records: Iterable[Record], *, person: str | None = None) -> list[Event]:
    """Events of every message, oldest first; with ``person`` (an entity id or name), only
    the messages that person wrote, received, carried or was copied on."""
    events: list[Event] = []
    for record in records:
        for path, message in walk_messages(record.data.get("messages") or []):
            if person and not _involves(message, person):
                continue
            ref = message_ref(record.id, path)
            date = message.get("date") or {}
            if date.get("iso"):
                kind = "written" if path != (0,) else "dated"
                events.append(
                    Event(
                        date["iso"],
                        date.get("precision") or "day",
                        kind,
                        record.id,
                        ref,
                        _first_name(message.get("authors")),
                        message.get("place"),
                    )
                )
            if path == (0,):
                events.extend(_envelope_events(record, ref))
            elif date.get("iso") and record.data.get("date", {}).get("iso"):
                events.append(
                    Event(
                        record.data["date"]["iso"],
                        record.data["date"].get("precision") or "day",
                        "relayed",
                        record.id,
                        ref,
                        _first_name(record.data.get("senders")),
                    )
                )
    events.sort(key=lambda e: (e.at, e.document, e.kind))
    return events


def _envelope_events(record: Record, ref: str) -> list[Event]:
    envelope = record.data.get("envelope") or {}
    found = []
    for kind in ENVELOPE_EVENTS:
        event = envelope.get(kind)
        if event and event.get("at"):
            at = str(event["at"])
            by = (event.get("by") or {}).get("name")
            found.append(
                Event(at, "minute" if "T" in at else "day", kind, record.id, ref, by, event.get("place"))
            )
    return found


def _involves(message: dict[str, Any], person: str) -> bool:
    wanted = person.casefold()
    for role in ("authors", "recipients", "via", "copies_to"):
        for p in message.get(role) or []:
            if wanted in (str(p.get("entity_id") or "").casefold(), str(p.get("name") or "").casefold()):
                return True
    return False


def _first_name(people: list[dict[str, Any]] | None) -> str | None:
    return str(people[0].get("name")) if people else None


def transit_times(records: Iterable[Record]) -> dict[str, dict[str, float]]:
    """Minutes from sent to received (and received to deciphered) per channel.

    The channel is "origin → destination", or "via Krasovsky" when the telegram names an
    intermediary. Returns count, median, min and max per channel and step.
    """
    samples = transit_samples(records)
    return {
        key: {"count": len(v), "median": statistics.median(v), "min": min(v), "max": max(v)}
        for key, v in sorted(samples.items())
    }


def transit_samples(records: Iterable[Record]) -> dict[str, list[float]]:
    """Every measured step, in minutes, per "channel | step" (what :func:`transit_times`
    summarises): the distribution, for a chart."""
    samples: dict[str, list[float]] = defaultdict(list)
    for record in records:
        envelope = record.data.get("envelope") or {}
        channel = _channel(record.data)
        steps = [("sent", "received"), ("received", "deciphered"), ("deciphered", "printed")]
        if envelope.get("direction") == "outgoing":  # the cipher office took it in, then sent it
            steps = [("received", "sent")]
        for start, stop in steps:
            minutes = _minutes(envelope.get(start), envelope.get(stop))
            if minutes is not None:
                samples[f"{channel} | {start}→{stop}"].append(minutes)
    return dict(sorted(samples.items()))


def _channel(data: dict[str, Any]) -> str:
    via = [p.get("name") for p in data.get("via") or []]
    if via:
        return "via " + ", ".join(str(v) for v in via)
    envelope = data.get("envelope") or {}
    origin = envelope.get("origin") or "?"
    destination = envelope.get("destination") or "?"
    return f"{origin} → {destination}"


def _minutes(start: dict[str, Any] | None, stop: dict[str, Any] | None) -> float | None:
    if not start or not stop or "T" not in str(start.get("at")) or "T" not in str(stop.get("at")):
        return None
    delta = dt.datetime.fromisoformat(stop["at"]) - dt.datetime.fromisoformat(start["at"])
    minutes = delta.total_seconds() / 60
    return minutes if minutes >= 0 else None
