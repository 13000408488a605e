"""How a page enters a database store: one algorithm for SQLite and PostgreSQL.

A page's bytes are known already (``unchanged``), or its record is new (``added``: the
document row, its MinHash bands and near-duplicate flags), or it is another page of a
stored record (``merged`` or ``updated``, see ``merge.py``: the richer value of each field
wins and ``choices`` says why); then its source row joins the content-hash ledger and any
quarantine entry of the same bytes is lifted. The caller holds the transaction, so all of
it is committed together or not at all.

What differs between the databases is only the SQL each speaks (placeholders, arrays,
NUL in text, the order of rows): a store implements :class:`LedgerSQL` and calls
:func:`put_page`. ``MemoryStore`` keeps the same rules on dictionaries and shares the
merge (:func:`merge_page`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from cablegraph.store import similar
from cablegraph.store.base import JSON, PutResult, SourceInfo, with_mentions
from cablegraph.store.facets import facet_values
from cablegraph.store.merge import merge, record_key

__all__ = [
    "DocumentRow", "LedgerSQL", "NewDocument", "StoredRow", "add_mentions", "dumps", "key_text",
    "merge_page", "now", "put_page",
]  # fmt: skip


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def dumps(value: Any) -> str:
    """JSON as stored: compact, Unicode kept."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def key_text(doc: JSON) -> str | None:
    """The record key as stored in ``documents.record_key`` (archive and record id)."""
    key = record_key(doc)
    return None if key is None else f"{key[0]}\x1f{key[1]}"


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """The columns of a ``documents`` row that follow from its data."""

    record_key: str | None
    title: str | None
    date_iso: str | None
    date_text: str | None
    doc_type: str | None
    record_id: str | None
    page_kind: str | None
    data: str  # JSON
    facets: str  # JSON

    @classmethod
    def of(cls, data: JSON, key: str | None, facets: list[tuple[str, str]] | None = None) -> DocumentRow:
        """``facets``: the data's ``facet_values`` when the caller has them already."""
        date = data.get("date") or {}
        return cls(key, data.get("title"), date.get("iso"), date.get("text"), data.get("doc_type"),
                   data.get("record_id"), data.get("page_kind"), dumps(data),
                   dumps(facet_values(data) if facets is None else facets))


@dataclass(frozen=True, slots=True)
class NewDocument:
    """What inserting a page as a new document writes, worked out before the transaction
    (where the page was parsed, in a parsing process): its record key, its ``documents``
    row and its MinHash sketch. Used only when the page does make a new document."""

    id: str
    key: str | None
    row: DocumentRow
    sketch: list[int]

    @classmethod
    def of(cls, doc: JSON, text: str, facets: list[tuple[str, str]] | None = None) -> NewDocument:
        """``doc`` as ``put_page`` takes it (with its ``source``); ``text`` the page's."""
        data = {k: v for k, v in doc.items() if k != "source"}
        key = key_text(data)
        return cls(str(data["id"]), key, DocumentRow.of(data, key, facets),
                   similar.sketch(similar.body_text(data, text)))


@dataclass(frozen=True, slots=True)
class StoredRow:
    """What the merge needs of a stored document."""

    id: str
    data: JSON
    choices: JSON
    record_key: str | None


class LedgerSQL(Protocol):
    """The statements of one database, inside the caller's transaction (``conn``)."""

    def source_owner(self, conn: Any, sha256: str) -> str | None: ...

    def find(self, conn: Any, key: str | None, doc_id: str, *, for_update: bool = False) -> StoredRow | None:
        """The stored document of this record key, else of this id; ``for_update`` holds
        its row until the transaction ends (where the database locks rows)."""

    def first_source(self, conn: Any, doc_id: str) -> str | None: ...

    def insert_document(self, conn: Any, doc_id: str, row: DocumentRow, sketch: list[int]) -> None: ...

    def update_document(self, conn: Any, doc_id: str, row: DocumentRow, choices: str) -> None: ...

    def sketches_sharing(self, conn: Any, doc_id: str, bands: list[int]) -> list[tuple[str, list[int]]]: ...

    def add_near_duplicate(self, conn: Any, doc_id: str, other: str, score: float) -> None: ...

    def add_bands(self, conn: Any, doc_id: str, bands: list[int]) -> None: ...

    def add_source(self, conn: Any, source: SourceInfo, doc_id: str, text: str, doc_json: str) -> None: ...

    def lift_quarantine(self, conn: Any, sha256: str) -> None: ...


def put_page(
    sql: LedgerSQL, conn: Any, source: SourceInfo, text: str, doc: JSON, new: NewDocument | None = None
) -> PutResult:
    """Store one parsed page (see the module docstring); the caller commits. ``new``: the
    page's ``NewDocument.of(doc, text)`` when it was worked out before."""
    data = {k: v for k, v in doc.items() if k != "source"}
    if new is not None and new.id != str(data["id"]):
        raise ValueError(
            f"{source.path}: the prepared row is of document {new.id!r}, the page of {data['id']!r}"
        )
    owner = sql.source_owner(conn, source.sha256)
    if owner is not None:
        return PutResult("unchanged", owner)
    key = key_text(data) if new is None else new.key
    stored = sql.find(conn, key, str(data["id"]))
    if stored is None:
        result = _insert(sql, conn, new or NewDocument.of(doc, text))
    else:
        result = _merge(sql, conn, stored, data, key, source.sha256)
    sql.add_source(conn, source, result.doc_id, text, "" if result.outcome == "added" else dumps(doc))
    sql.lift_quarantine(conn, source.sha256)
    return result


def add_mentions(sql: LedgerSQL, conn: Any, doc_id: str, mentions: list[JSON]) -> int:
    """Add mentions (an enrichment pass's) to a stored document, those it lacks; the
    document's version moves, so derived indexes see it. How many were new."""
    stored = sql.find(conn, None, doc_id, for_update=True)
    if stored is None:
        raise KeyError(f"no document {doc_id!r}")
    data, added = with_mentions(stored.data, mentions)
    if added:
        sql.update_document(conn, doc_id, DocumentRow.of(data, stored.record_key), dumps(stored.choices))
    return added


def merge_page(
    current: JSON, choices: JSON, data: JSON, doc_id: str, sha256: str, first_source: str
) -> tuple[JSON, JSON, bool]:
    """A new page's fields merged into a stored document (``merge.merge``), which keeps its
    id; the page's own id, when another, is kept among the document's aliases."""
    merged, updated, changed = merge(current, choices, data, sha256, first_source)
    merged["id"] = doc_id
    if data["id"] != doc_id:
        aliases = updated.setdefault("id", {"rule": "first_seen", "aliases": []})
        if data["id"] not in aliases["aliases"]:
            aliases["aliases"].append(data["id"])
    return merged, updated, changed


def _insert(sql: LedgerSQL, conn: Any, new: NewDocument) -> PutResult:
    doc_id = new.id
    sql.insert_document(conn, doc_id, new.row, new.sketch)
    bands = similar.bands(new.sketch)
    near = []
    if bands:
        for other, theirs in sql.sketches_sharing(conn, doc_id, bands):
            score = similar.resemblance(new.sketch, theirs)
            if score >= similar.THRESHOLD:
                sql.add_near_duplicate(conn, doc_id, other, score)
                near.append(other)
        sql.add_bands(conn, doc_id, bands)
    return PutResult("added", doc_id, tuple(near))


def _merge(sql: LedgerSQL, conn: Any, stored: StoredRow, data: JSON, key: str | None,
           sha256: str) -> PutResult:
    first = sql.first_source(conn, stored.id) or ""
    merged, choices, changed = merge_page(stored.data, stored.choices, data, stored.id, sha256, first)
    sql.update_document(conn, stored.id, DocumentRow.of(merged, stored.record_key or key), dumps(choices))
    return PutResult("updated" if changed else "merged", stored.id)
