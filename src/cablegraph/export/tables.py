"""JSON Lines (the whole record) and CSV tables: documents, messages, mentions, entities, links.

CSV cells that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
carriage return) are neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from cablegraph.link.records import message_ref, walk_messages

JSON = dict[str, Any]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

TABLES: dict[str, list[str]] = {
    "documents": [
        "id",
        "record_id",
        "title",
        "date",
        "date_precision",
        "doc_type",
        "archive",
        "url",
        "number",
        "senders",
        "recipients",
        "via",
        "copies_to",
        "languages",
        "original_language",
        "archive_refs",
        "summary",
    ],
    "messages": [
        "document",
        "message",
        "kind",
        "authors",
        "recipients",
        "via",
        "copies_to",
        "date",
        "place",
        "rule",
    ],
    "mentions": ["document", "text", "kind", "start", "stop", "entity_id", "name", "rule", "confidence"],
    "entities": ["entity_id", "name", "kind", "documents"],
    "links": ["source", "target", "kind", "rule", "confidence", "evidence"],
}


def neutralise(value: object) -> str:
    """A cell as text that no spreadsheet will evaluate."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def jsonl_line(data: JSON, *, links: list[JSON] | None = None, export: JSON | None = None) -> str:
    record = dict(data)
    if links is not None:  # the record's own links (from its page) and the corpus links
        own = list(record.get("links") or [])
        seen = {json.dumps(link, sort_keys=True) for link in own}
        record["links"] = own + [link for link in links if json.dumps(link, sort_keys=True) not in seen]
    if export is not None:
        record["export"] = export
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def _names(people: list[JSON] | None) -> str:
    return "; ".join(str(p.get("name")) for p in people or [])


def document_row(data: JSON) -> list[object]:
    date = data.get("date") or {}
    return [
        data["id"],
        data.get("record_id"),
        data.get("title"),
        date.get("iso") or date.get("text"),
        date.get("precision"),
        data.get("doc_type"),
        data.get("archive"),
        data.get("url"),
        (data.get("envelope") or {}).get("number"),
        _names(data.get("senders")),
        _names(data.get("recipients")),
        _names(data.get("via")),
        _names(data.get("copies_to")),
        ";".join(data.get("languages_present") or []),
        data.get("original_language"),
        "; ".join(r["text"] for r in data.get("archive_refs") or []),
        data.get("summary"),
    ]


def message_rows(data: JSON) -> list[list[object]]:
    rows: list[list[object]] = []
    for path, message in walk_messages(data.get("messages") or []):
        date = message.get("date") or {}
        rows.append(
            [
                data["id"],
                message_ref(data["id"], path),
                message.get("kind"),
                _names(message.get("authors")),
                _names(message.get("recipients")),
                _names(message.get("via")),
                _names(message.get("copies_to")),
                date.get("iso") or date.get("text"),
                message.get("place"),
                message.get("rule"),
            ]
        )
    return rows


def mention_rows(data: JSON) -> list[list[object]]:
    return [
        [
            data["id"],
            m.get("text"),
            m.get("kind"),
            m.get("start"),
            m.get("stop"),
            m.get("entity_id"),
            m.get("name"),
            m.get("rule"),
            m.get("confidence"),
        ]
        for m in data.get("mentions") or []
    ]


def link_row(link: JSON) -> list[object]:
    return [
        link["source"],
        link["target"],
        link["kind"],
        link["rule"],
        link["confidence"],
        link.get("evidence"),
    ]


class CsvTables:
    """Writes the five tables into a folder, one row at a time (bounded memory except the
    entity counts, one entry per entity)."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, TextIO] = {}
        self._writers: dict[str, Any] = {}
        for name, header in TABLES.items():
            handle = (folder / f"{name}.csv").open("w", newline="", encoding="utf-8")
            self._files[name] = handle
            self._writers[name] = csv.writer(handle)
            self._writers[name].writerow(header)
        self._entities: dict[str, list[object]] = {}

    def _write(self, table: str, row: list[object]) -> None:
        self._writers[table].writerow([neutralise(cell) for cell in row])

    def add(self, data: JSON) -> None:
        self._write("documents", document_row(data))
        for row in message_rows(data):
            self._write("messages", row)
        for row in mention_rows(data):
            self._write("mentions", row)
            entity_id = row[5]
            if entity_id:
                entry = self._entities.setdefault(str(entity_id), [entity_id, row[6], row[2], set()])
                entry[3].add(data["id"])  # type: ignore[attr-defined]

    def add_links(self, links: Iterable[JSON]) -> None:
        for link in links:
            self._write("links", link_row(link))

    def close(self) -> None:
        for entity_id in sorted(self._entities):
            entity_id_, name, kind, docs = self._entities[entity_id]
            self._write("entities", [entity_id_, name, kind, len(docs)])  # type: ignore[arg-type]
        for handle in self._files.values():
            handle.close()
