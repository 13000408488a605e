"""A parsed page as the store and the search index take it, worked out once.

    page_row(page, doc, authority) -> PageRow

What the writer of an ingest does with a parsed page is mostly a function of the page
alone: its contract JSON (``document_json``), and, should it make a new document, its
``documents`` row (data and facet values as JSON, record key, MinHash sketch) and its
search index record (analysed text, names, facets). ``page_row`` works all of that out
once, where the page was parsed: in a parsing process when ``cablegraph ingest`` runs
several, so that the single writer only runs the SQL and feeds tantivy. The facet values
and the names are computed once for the store and the index (they were computed by each).
A ``PageRow`` holds only strings, numbers, lists and dicts, so it travels between
processes for a fraction of the cost of the parsed objects (``Document``, ``SourcePage``
with its raw bytes).

The row is used as it is only when the page makes a new document; a page that is merged
into a stored document goes through the merge with its ``doc``, and the index reads the
merged document back from the store, as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from cablegraph.model.document import Document
from cablegraph.model.jsonable import document_json
from cablegraph.model.source import SourcePage
from cablegraph.search.fields import IndexRecord, index_record
from cablegraph.search.names import AuthorityLike
from cablegraph.store.base import JSON, SourceInfo, StoredDocument
from cablegraph.store.facets import facet_values, names
from cablegraph.store.ledger import NewDocument

__all__ = ["PageRow", "page_row"]


@dataclass(frozen=True, slots=True)
class PageRow:
    """One parsed page ready for the store and the index (see the module docstring)."""

    source: SourceInfo
    text: str
    doc: JSON  # document_json(doc, page): the parse with its "source" block
    new: NewDocument  # what inserting it as a new document writes
    record: IndexRecord | None  # its index record as a new document (version 1), if made

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def sha256(self) -> str:
        return self.source.sha256


def page_row(
    page: SourcePage, doc: Document, authority: AuthorityLike | None, *, record: bool = True
) -> PageRow:
    """The row of a parsed page; its index record is made with ``authority`` (the names the
    index adds for each entity) unless ``record`` is False."""
    full = document_json(doc, page)
    data = {k: v for k, v in full.items() if k != "source"}
    refs = names(data)
    values = facet_values(data, refs)
    source = SourceInfo(page.sha256, page.path, page.format, page.encoding)
    new = NewDocument.of(full, page.text, values)
    made = None
    if record:
        stored = StoredDocument(new.id, 1, data, sources=[source], texts=[page.text])
        made = index_record(stored, authority, refs=refs, values=values)
    return PageRow(source, page.text, full, new, made)
