"""What a search returns: hits with snippets, facet counts, and any repairs made."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching document (the ``--format json`` line of ``cablegraph search``)."""

    id: str
    record_id: str | None
    title: str | None
    date: str | None
    doc_type: str | None
    score: float
    snippet: str  # HTML: matched words in <mark>, everything else escaped

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "record_id": self.record_id,
            "title": self.title,
            "date": self.date,
            "doc_type": self.doc_type,
            "score": round(self.score, 4),
            "snippet": self.snippet,
        }


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: str
    count: int


@dataclass(slots=True)
class SearchResult:
    """Hits (best first), the total number of matches, facets and warnings."""

    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    took_ms: float = 0.0
    facets_sampled: int = 0  # >0: facet counts estimated from this many of the matches
    # A search asked for bare hits (``snippets=False``) gives the way to dress the ones
    # finally shown with their titles and snippets, so that hits never shown cost nothing;
    # to be called at once, on the thread that searched (it reads that thread's store).
    dress: Callable[[list[Hit]], list[Hit]] | None = field(default=None, repr=False, compare=False)

    def dressed(self, chosen: list[Hit]) -> list[Hit]:
        """These hits (bare hits of this result) with their titles, dates and snippets."""
        return chosen if self.dress is None else self.dress(chosen)

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "hits": [h.to_json() for h in self.hits],
            "facets": {k: [{"value": f.value, "count": f.count} for f in v] for k, v in self.facets.items()},
            "facets_sampled": self.facets_sampled,
            "warnings": list(self.warnings),
            "took_ms": round(self.took_ms, 2),
        }
