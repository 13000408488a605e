"""Turn a Document into the JSON object of the ``parse --format json`` contract.

The contract (DESIGN.md) is public: change it only by adding keys.
"""

from __future__ import annotations

from typing import Any

from cablegraph.model.document import (
    ArchiveRef,
    CopyEntry,
    DateValue,
    Document,
    EnvelopeEvent,
    ListingItem,
    Mention,
    Message,
    PersonRef,
    TextBlock,
)
from cablegraph.model.source import SourcePage
from cablegraph.model.span import Provenance, Span

JSON = dict[str, Any]

EVENT_KINDS = (
    "sent",
    "received",
    "transmitted",
    "dispatched",
    "arrived",
    "deciphered",
    "printed",
    "typed",
    "verified",
)


def span_json(span: Span | None) -> JSON | None:
    return None if span is None else {"start": span.start, "stop": span.stop}


def date_json(date: DateValue | None) -> JSON | None:
    if date is None:
        return None
    return {
        "iso": date.iso,
        "precision": date.precision,
        "text": date.text,
        "end_iso": date.end_iso,
        "time": date.time,
        "start": date.span.start if date.span else None,
        "stop": date.span.stop if date.span else None,
        "rule": date.rule,
        "flags": list(date.flags),
    }


def person_json(person: PersonRef) -> JSON:
    return {
        "name": person.name,
        "entity_id": person.entity_id,
        "as_written": person.as_written,
        "role": person.role,
        "start": person.span.start if person.span else None,
        "stop": person.span.stop if person.span else None,
        "rule": person.rule,
    }


def archive_ref_json(ref: ArchiveRef) -> JSON:
    return {
        "text": ref.text,
        "archive": ref.archive,
        "fond": ref.fond,
        "opis": ref.opis,
        "delo": ref.delo,
        "papka": ref.papka,
        "listy": ref.listy,
        "start": ref.span.start if ref.span else None,
        "stop": ref.span.stop if ref.span else None,
        "rule": ref.rule,
    }


def event_json(event: EnvelopeEvent | None) -> JSON | None:
    if event is None:
        return None
    return {
        "at": event.at,
        "by": person_json(event.by) if event.by else None,
        "place": event.place,
        "copies": event.copies,
        "text": event.text,
        "start": event.span.start if event.span else None,
        "stop": event.span.stop if event.span else None,
        "rule": event.rule,
    }


def copy_json(entry: CopyEntry) -> JSON:
    return {**person_json(entry.person), "copies": entry.copies, "copy_numbers": list(entry.copy_numbers)}


def message_json(message: Message) -> JSON:
    return {
        "kind": message.kind,
        "action": message.action,
        "authors": [person_json(p) for p in message.authors],
        "recipients": [person_json(p) for p in message.recipients],
        "via": [person_json(p) for p in message.via],
        "copies_to": [person_json(p) for p in message.copies_to],
        "date": date_json(message.date),
        "place": message.place,
        "start": message.span.start if message.span else None,
        "stop": message.span.stop if message.span else None,
        "rule": message.rule,
        "children": [message_json(c) for c in message.children],
    }


def mention_json(mention: Mention) -> JSON:
    return {
        "text": mention.text,
        "kind": mention.kind,
        "start": mention.start,
        "stop": mention.stop,
        "entity_id": mention.entity_id,
        "name": mention.name,
        "rule": mention.rule,
        "confidence": round(mention.confidence, 3),
    }


def text_block_json(block: TextBlock) -> JSON:
    return {
        "language": block.language,
        "role": block.role,
        "script": block.script,
        "start": block.span.start,
        "stop": block.span.stop,
        "rule": block.rule,
    }


def listing_item_json(item: ListingItem) -> JSON:
    return {
        "date": date_json(item.date),
        "title": item.title,
        "summary": item.summary,
        "start": item.span.start if item.span else None,
        "stop": item.span.stop if item.span else None,
    }


def provenance_json(provenance: dict[str, Provenance]) -> JSON:
    return {
        name: {
            "rule": p.rule,
            "start": p.span.start if p.span else None,
            "stop": p.span.stop if p.span else None,
        }
        for name, p in provenance.items()
    }


def envelope_json(doc: Document) -> JSON:
    env = doc.envelope
    out: JSON = {
        "number": env.number,
        "number_suffix": env.number_suffix,
        "series": env.series,
        "priority": list(env.priority),
        "classification": env.classification,
        "origin": env.origin,
        "destination": env.destination,
        "channel": [person_json(p) for p in env.channel],
    }
    for kind in EVENT_KINDS:
        out[kind] = event_json(env.events.get(kind))
    out["distribution"] = [copy_json(c) for c in env.distribution]
    out["outgoing_numbers"] = list(env.outgoing_numbers)
    out["stamps"] = list(env.stamps)
    out["direction"] = env.direction
    out["provenance"] = provenance_json(env.provenance)
    return out


def document_json(doc: Document, page: SourcePage | None = None) -> JSON:
    """The contract object for one page (``page`` adds the ``source`` block)."""
    return {
        "id": doc.id,
        "source": None
        if page is None
        else {
            "path": page.path,
            "sha256": page.sha256,
            "format": page.format,
            "encoding": page.encoding,
            "encoding_confidence": page.encoding_confidence,
        },
        "page_kind": doc.page_kind,
        "layout": doc.layout,
        "title": doc.title,
        "date": date_json(doc.date),
        "doc_type": doc.doc_type,
        "record_id": doc.record_id,
        "archive": doc.archive,
        "url": doc.url,
        "summary": doc.summary,
        "citation": doc.citation,
        "rights": doc.rights,
        "uploaded": doc.uploaded,
        "credits": [{"role": c.role, "name": c.name, **(span_json(c.span) or {})} for c in doc.credits],
        "original_language": doc.original_language,
        "languages_present": list(doc.languages_present),
        "texts": [text_block_json(t) for t in doc.texts],
        "archive_refs": [archive_ref_json(r) for r in doc.archive_refs],
        "source_note": doc.source_note,
        "envelope": envelope_json(doc),
        "senders": [person_json(p) for p in doc.senders],
        "recipients": [person_json(p) for p in doc.recipients],
        "via": [person_json(p) for p in doc.via],
        "copies_to": [person_json(p) for p in doc.copies_to],
        "messages": [message_json(m) for m in doc.messages],
        "mentions": [mention_json(m) for m in doc.mentions],
        "items": [listing_item_json(i) for i in doc.items],
        "links": list(doc.links),
        "errors": list(doc.errors),
        "warnings": list(doc.warnings),
        "provenance": provenance_json(doc.provenance),
    }
