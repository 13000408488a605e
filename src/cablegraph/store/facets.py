"""Facet values of a stored document: people by role, places, year, type, language, ...

Pure functions of the merged document JSON, shared by every store and the search index.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from cablegraph.store.base import JSON

FACETS = (
    "person",
    "sender",
    "recipient",
    "via",
    "mentioned",
    "place",
    "year",
    "type",
    "lang",
    "archive",
    "channel",
    "kind",
)


@dataclass(frozen=True, slots=True)
class NameRef:
    """A person or place named in a document: display name, entity id, as written."""

    role: str
    name: str
    entity_id: str | None
    as_written: str


def _people(role: str, items: Any) -> Iterator[NameRef]:
    for item in items or ():
        if isinstance(item, dict) and (item.get("name") or item.get("as_written")):
            name = str(item.get("name") or item.get("as_written"))
            yield NameRef(role, name, item.get("entity_id"), str(item.get("as_written") or name))


def _messages(messages: Any) -> Iterator[JSON]:
    for message in messages or ():
        if isinstance(message, dict):
            yield message
            yield from _messages(message.get("children"))


def names(doc: JSON) -> list[NameRef]:
    """Every person and place the document names, with the role it plays."""
    out: list[NameRef] = []
    for role, key in (
        ("sender", "senders"),
        ("recipient", "recipients"),
        ("via", "via"),
        ("copies_to", "copies_to"),
    ):
        out.extend(_people(role, doc.get(key)))
    envelope = doc.get("envelope") or {}
    out.extend(_people("channel", envelope.get("channel")))
    for message in _messages(doc.get("messages")):
        out.extend(_people("sender", message.get("authors")))
        out.extend(_people("recipient", message.get("recipients")))
        out.extend(_people("via", message.get("via")))
    for mention in doc.get("mentions") or ():
        kind = mention.get("kind")
        mrole = "place" if kind == "place" else "mentioned" if kind == "person" else None
        if mrole and mention.get("text"):
            name = str(mention.get("name") or mention["text"])
            out.append(NameRef(mrole, name, mention.get("entity_id"), str(mention["text"])))
    for key in ("origin", "destination"):
        if envelope.get(key):
            out.append(NameRef("place", str(envelope[key]), None, str(envelope[key])))
    return out


def year(doc: JSON) -> str | None:
    """The document's year, as four digits."""
    date = doc.get("date") or {}
    iso = date.get("iso") if isinstance(date, dict) else None
    return iso[:4] if isinstance(iso, str) and len(iso) >= 4 and iso[:4].isdigit() else None


def languages(doc: JSON) -> list[str]:
    found = [str(x) for x in doc.get("languages_present") or () if x]
    if doc.get("original_language"):
        found.append(str(doc["original_language"]))
    return sorted(set(found))


def _unique(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted({(k, v.strip()) for k, v in pairs if v and v.strip()})


def facet_values(doc: JSON, refs: list[NameRef] | None = None) -> list[tuple[str, str]]:
    """Every (facet, value) pair of the document, without repeats."""
    pairs: list[tuple[str, str]] = []
    for ref in names(doc) if refs is None else refs:
        if ref.role == "place":
            pairs.append(("place", ref.name))
            continue
        if ref.role != "copies_to":
            pairs.append((ref.role, ref.name))
        pairs.append(("person", ref.name))
    for name, value in (
        ("year", year(doc)),
        ("type", doc.get("doc_type")),
        ("archive", doc.get("archive")),
        ("kind", doc.get("page_kind")),
    ):
        if value:
            pairs.append((name, str(value)))
    pairs.extend(("lang", lang) for lang in languages(doc))
    return _unique(pairs)
