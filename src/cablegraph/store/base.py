"""The store interface: what every backend (SQLite, in-memory, later PostgreSQL) offers.

A store keeps documents (the merged JSON of every page that is the same record), the pages
they came from (sources, with their text and a sha256 ledger), failures (quarantine) and a
per-document version with the version last written to the search index, so the derived
index can always be brought back in step (``pending`` / ``mark_indexed``).

Writing one page (``put``) is atomic: the document, its source, its facet rows and its
ledger entry are written together or not at all.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

if TYPE_CHECKING:
    from cablegraph.store.ledger import NewDocument
    from cablegraph.store.postgres import PostgresStore

T = TypeVar("T")

JSON = dict[str, Any]

Outcome = Literal["added", "updated", "merged", "unchanged"]


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """One page as stored: where it came from and the hash of its bytes."""

    sha256: str
    path: str
    format: str = "text"
    encoding: str = "utf-8"
    added_at: str = ""

    def to_json(self) -> JSON:
        return {
            "sha256": self.sha256,
            "path": self.path,
            "format": self.format,
            "encoding": self.encoding,
            "added_at": self.added_at,
        }


@dataclass(slots=True)
class StoredDocument:
    """A document with every page it was seen on.

    ``data`` is the merged ``parse --format json`` object; ``choices`` records, for each
    field where the sources disagreed, which source won and by which rule; ``texts`` holds
    the page text of each source, in the order of ``sources``.
    """

    id: str
    version: int
    data: JSON
    choices: JSON = field(default_factory=dict)
    sources: list[SourceInfo] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    near_duplicates: list[str] = field(default_factory=list)

    def page(self) -> str:
        """The page text the document's offsets point into (the source its text blocks came from)."""
        holder = self.choices.get("texts", {}).get("source")
        shas = [s.sha256 for s in self.sources]
        return self.texts[shas.index(holder)] if holder in shas else (self.texts[0] if self.texts else "")

    def text_blocks(self) -> list[JSON]:
        """Each text block with its language, role, text and offsets (into `page`)."""
        page = self.page()
        return [
            {"language": b.get("language"), "role": b.get("role"), "text": page[b["start"] : b["stop"]],
             "start": b["start"], "stop": b["stop"]}
            for b in self.data.get("texts") or ()
            if isinstance(b.get("start"), int) and isinstance(b.get("stop"), int)
        ]

    def to_json(self) -> JSON:
        """The whole record: merged fields, sources, choices and near-duplicates."""
        return {
            **self.data,
            "sources": [s.to_json() for s in self.sources],
            "choices": self.choices,
            "near_duplicates": list(self.near_duplicates),
            "version": self.version,
        }


@dataclass(frozen=True, slots=True)
class Card:
    """What a search hit shows: a few fields and the text its snippet is cut from."""

    id: str
    title: str | None
    date: str | None
    doc_type: str | None
    record_id: str | None
    text: str  # the document's text blocks only (``body_text``), not the whole page


@dataclass(frozen=True, slots=True)
class Failure:
    """A page that could not be read or parsed, kept whole in quarantine."""

    sha256: str
    path: str
    error: str
    raw_text: str
    at: str = ""


@dataclass(frozen=True, slots=True)
class PutResult:
    """What writing one page did.

    ``added``: a new document; ``updated``: a new source of a known record, and some of its
    fields were richer; ``merged``: a new source, nothing richer; ``unchanged``: these bytes
    were already stored.
    """

    outcome: Outcome
    doc_id: str
    near_duplicates: tuple[str, ...] = ()


@dataclass(slots=True)
class StoreStats:
    """Counts for ``cablegraph stats``: totals and the top values of each facet."""

    documents: int
    sources: int
    failures: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    def to_json(self) -> JSON:
        return {
            "documents": self.documents,
            "sources": self.sources,
            "failures": self.failures,
            "facets": {k: [{"value": v, "count": c} for v, c in vs] for k, vs in self.facets.items()},
        }


def body_text(page: str, blocks: Any) -> str:
    """The document's own text on a page: its text blocks (``data["texts"]``, offsets into
    ``page``) joined by blank lines, without the site's furniture around them ("Skip to
    content", "CITATION SHARE DOWNLOAD"); the whole page when no block fits it."""
    if isinstance(blocks, str):
        try:
            blocks = json.loads(blocks)
        except ValueError:
            return page
    spans = [
        (b["start"], b["stop"])
        for b in blocks or ()
        if isinstance(b, dict)
        and isinstance(b.get("start"), int)
        and isinstance(b.get("stop"), int)
        and 0 <= b["start"] < b["stop"] <= len(page)
    ]
    if not spans:
        return page
    return "\n\n".join(page[a:b].strip() for a, b in spans)


def card_of(doc: StoredDocument) -> Card:
    date = doc.data.get("date") or {}
    holder = doc.choices.get("texts", {}).get("source")
    shas = [s.sha256 for s in doc.sources]
    page = doc.texts[shas.index(holder)] if holder in shas else (doc.texts[0] if doc.texts else "")
    return Card(
        doc.id,
        doc.data.get("title"),
        date.get("iso") or date.get("text"),
        doc.data.get("doc_type"),
        doc.data.get("record_id"),
        body_text(page, doc.data.get("texts")),
    )


def with_mentions(data: JSON, mentions: Sequence[JSON]) -> tuple[JSON, int]:
    """``data`` with the ``mentions`` that overlap none of its own, in text order; and how
    many were added (a rerun of the same pass adds none)."""
    have = list(data.get("mentions") or [])
    taken = [(int(m["start"]), int(m["stop"])) for m in have]
    added = 0
    for mention in mentions:
        start, stop = int(mention["start"]), int(mention["stop"])
        if stop <= start or any(start < b and a < stop for a, b in taken):
            continue
        have.append(dict(mention))
        taken.append((start, stop))
        added += 1
    if not added:
        return data, 0
    return {**data, "mentions": sorted(have, key=lambda m: (int(m["start"]), int(m["stop"])))}, added


Stamp = tuple[int, frozenset[str]]  # a document's version and its near duplicates
Copies = tuple[int, frozenset[str]]  # how many sources a document has, and its near duplicates


class Store(ABC):
    """The small interface every backend implements."""

    path: str

    @abstractmethod
    def has_source(self, sha256: str) -> bool:
        """Whether a page with these bytes is already stored (the content-hash ledger)."""

    @abstractmethod
    def put(self, source: SourceInfo, text: str, doc: JSON) -> PutResult:
        """Store one parsed page atomically, merging it into its record if known."""

    def put_many(
        self, pages: Sequence[tuple[SourceInfo, str, JSON]], new: Sequence[NewDocument | None] | None = None
    ) -> list[PutResult]:
        """``put`` each page, in order; backends write them in one transaction. ``new``:
        for each page, its ``ledger.NewDocument`` if worked out already (or None); a backend
        may use it instead of working it out again, or ignore it.

        Still atomic per document: a crash or an error rolls back the whole batch, so a
        page is stored whole or not at all, and ingesting again stores what was lost.
        """
        return [self.put(source, text, doc) for source, text, doc in pages]

    @abstractmethod
    def quarantine(self, failure: Failure) -> None:
        """Keep a page that failed, with its error and raw text."""

    @abstractmethod
    def failures(self) -> list[Failure]:
        """Every quarantined page."""

    @abstractmethod
    def get(self, doc_id: str) -> StoredDocument | None:
        """One document by id, or None."""

    @abstractmethod
    def get_many(self, doc_ids: Sequence[str]) -> dict[str, StoredDocument]:
        """Several documents by id (missing ids are left out)."""

    def cards(self, doc_ids: Sequence[str]) -> dict[str, Card]:
        """Hit cards for these ids (backends may answer without decoding whole records)."""
        return {d.id: card_of(d) for d in self.get_many(doc_ids).values()}

    def stamps(self, doc_ids: Sequence[str]) -> dict[str, Stamp]:
        """(version, near duplicates) of these documents, without loading them: enough
        to tell whether a copy read earlier is still current (a near duplicate found
        later does not change the version). Missing ids are left out."""
        return {d.id: (d.version, frozenset(d.near_duplicates)) for d in self.get_many(doc_ids).values()}

    def copies(self, doc_ids: Sequence[str]) -> dict[str, Copies]:
        """(how many pages the document was read from, its near duplicates) of these
        documents, without loading them: what folding the copies of one record in a list
        of hits needs. Missing ids are left out."""
        return {d.id: (len(d.sources), frozenset(d.near_duplicates)) for d in self.get_many(doc_ids).values()}

    def generation(self) -> int | None:
        """A number that changes whenever a document, its sources or near duplicates, or
        the search index ledger changes, by any connection or process: what was derived
        from the store and its index under one generation is current while it lasts.
        None where the backend keeps no such number (nothing derived may then be kept)."""
        return None

    @abstractmethod
    def documents(self) -> Iterator[StoredDocument]:
        """Every document, in the order they were first stored."""

    @abstractmethod
    def count(self) -> int:
        """How many documents."""

    def versions(self) -> Iterator[tuple[str, int]]:
        """(id, version) of every document, without loading them (derived indexes use it
        to find what is new or changed)."""
        return ((doc.id, doc.version) for doc in self.documents())

    @abstractmethod
    def stats(self, top: int = 20) -> StoreStats:
        """Totals and the ``top`` values of each facet."""

    @abstractmethod
    def pending(self, limit: int) -> list[StoredDocument]:
        """Documents whose current version is not yet in the search index."""

    @abstractmethod
    def pending_ids(self, limit: int) -> list[tuple[str, int]]:
        """(id, version) of the documents ``pending`` would return, without loading them."""

    @abstractmethod
    def mark_indexed(self, done: Sequence[tuple[str, int]]) -> None:
        """Record that these (id, version) pairs are now in the search index."""

    @abstractmethod
    def indexed_count(self) -> int:
        """How many documents the ledger says are in the search index."""

    def pending_count(self) -> int:
        """How many documents wait for the search index (new, changed, or all of them
        after the index was reset)."""
        return len(self.pending_ids(self.count() + 1))

    @abstractmethod
    def reset_index(self) -> None:
        """Forget the index ledger, so every document is indexed again."""

    def check(self) -> list[str]:
        """Problems with the store's own integrity (empty when all is well)."""
        return []

    def add_mentions(self, doc_id: str, mentions: Sequence[JSON]) -> int:
        """Add mentions a later pass found (names no authority holds) to a stored document:
        those that overlap none already there; facets follow, and the version goes up so that
        the search index reads the document again. Returns how many were added."""
        raise NotImplementedError(f"{type(self).__name__} cannot add mentions ({self.path})")

    @abstractmethod
    def close(self) -> None:
        """Release the backend's resources."""

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def on_backend(
    where: str | Store,
    sqlite: Callable[[str], T],
    postgres: Callable[[PostgresStore, bool], T],
    *,
    pool_max: int = 2,
) -> T:
    """``sqlite(path)`` for a SQLite file, else ``postgres(store, owned)``: the store of a
    PostgreSQL corpus (borrowed, ``owned`` False) or one opened here for a URL (``owned``
    True; closed again if ``postgres`` fails). psycopg is imported only for PostgreSQL."""
    path = where if isinstance(where, str) else where.path
    if not path.startswith(("postgresql://", "postgres://")):  # a PostgresStore's path is its URL
        return sqlite(path)
    from cablegraph.store.postgres import PostgresStore

    if isinstance(where, PostgresStore):
        return postgres(where, False)
    store = PostgresStore(path, pool_max=pool_max)
    try:
        return postgres(store, True)
    except BaseException:
        store.close()
        raise
