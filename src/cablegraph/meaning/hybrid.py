"""Full text and meaning, fused by reciprocal rank (Cormack, Clarke and Büttcher 2009):
a document's score is the sum over the rankings it appears in of 1 / (K + rank). Robust
to the two scores being on different scales, which BM25 and cosine are."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Sequence
from typing import Protocol

from cablegraph.meaning.encoder import Encoder
from cablegraph.meaning.vectors import PassageHit, VectorIndex
from cablegraph.search.filters import Filters
from cablegraph.search.result import Hit, SearchResult
from cablegraph.store.base import Store

MODES = ("hybrid", "text", "meaning")
K = 60
DEPTH = 100  # how deep each ranking is read before fusing
_WORD = re.compile(r"\w+")
SNIPPET_CHARS = 240


class TextSearch(Protocol):
    def search(self, store: Store, text: str | None, filters: Filters | None = None, *,
               limit: int = 20, offset: int = 0, facets: bool = True,
               sort: str = "relevance", ids: Sequence[str] | None = None,
               snippets: bool = True) -> SearchResult: ...


def search_by_meaning(index: TextSearch, store: Store, vectors: VectorIndex, encoder: Encoder,
                      query: str, filters: Filters, *, mode: str, limit: int, offset: int = 0,
                      facets: bool = True, sort: str = "relevance") -> SearchResult:
    """``mode`` "meaning": the documents nearest the query by their best passage;
    "hybrid": those and the full-text hits fused by reciprocal rank. Filters hold for
    both (the meaning candidates go through the same filters as full text). The rankings
    are read bare (ids and scores); only the page shown gets titles and snippets."""
    started = time.perf_counter()
    depth = max(DEPTH, offset + limit)
    bare = sort == "relevance"  # a date order needs every candidate's date
    near = vectors.documents(encoder.query(query), depth)
    allowed = index.search(store, "", filters, ids=[h.doc_id for h in near], limit=len(near) or 1,
                           facets=facets and mode == "meaning", snippets=not bare)
    allowed_ids = {h.id for h in allowed.hits}
    passage = {h.doc_id: h for h in near}
    meaning = [h.doc_id for h in near if h.doc_id in allowed_ids]
    text = None
    if mode == "hybrid":
        text = index.search(store, query, filters, limit=depth, facets=facets, snippets=not bare)
        loose = any_words(query)
        if len(text.hits) < depth and loose:  # a sentence rarely matches all its words
            seen = {h.id for h in text.hits}
            more = index.search(store, loose, filters, limit=depth, facets=False, snippets=not bare).hits
            text.hits += [h for h in more if h.id not in seen][:depth - len(text.hits)]
        ranked = fuse([h.id for h in text.hits], meaning)
    else:
        ranked = [(doc_id, passage[doc_id].similarity) for doc_id in meaning]
    if not bare:
        dates = {h.id: h.date for h in (*allowed.hits, *(text.hits if text else []))}
        ranked.sort(key=lambda item: dates.get(item[0]) or "9999", reverse=sort == "-date")
    page = ranked[max(offset, 0):max(offset, 0) + max(limit, 0)]
    shown = _shown(index, store, query, filters, [doc_id for doc_id, _ in page])
    hits = [_hit(shown[doc_id], score, passage.get(doc_id)) for doc_id, score in page if doc_id in shown]
    text_ids = {h.id for h in text.hits} if text else set()
    if text is not None:
        total = text.total + len([d for d in meaning if d not in text_ids])
        counts, warnings = (text.facets if text.total else allowed.facets), text.warnings
    else:
        total, counts, warnings = len(meaning), allowed.facets, allowed.warnings
    result = SearchResult(query, total, hits, counts, list(warnings))
    result.took_ms = (time.perf_counter() - started) * 1000
    return result


def _shown(index: TextSearch, store: Store, query: str, filters: Filters, ids: list[str]) -> dict[str, Hit]:
    """Title, date and snippet of the documents on the page: the words of the query
    highlighted where they occur, else the opening (replaced below by the passage)."""
    if not ids:
        return {}
    found = {h.id: h for h in index.search(store, any_words(query) or query, filters, ids=ids,
                                           limit=len(ids), facets=False).hits}
    rest = [i for i in ids if i not in found]
    if rest:
        found.update((h.id, h) for h in index.search(store, "", filters, ids=rest, limit=len(rest),
                                                     facets=False).hits)
    return found


def any_words(query: str) -> str | None:
    """The query as any of its words (of three letters or more), for the full-text side of
    hybrid ranking: a question or a sentence ranks by BM25 on the words it shares, where
    requiring all of them would find nothing. None when it would add nothing."""
    words = list(dict.fromkeys(w for w in _WORD.findall(query) if len(w) > 2))
    return " OR ".join(words) if len(words) > 1 else None


def _hit(hit: Hit, score: float, passage: PassageHit | None) -> Hit:
    """The hit with its fused score; one whose snippet highlights nothing of the query
    shows the passage that matched by meaning (escaped: snippets are HTML)."""
    snippet = hit.snippet
    if passage is not None and "<mark>" not in snippet:
        cut = passage.text if len(passage.text) <= SNIPPET_CHARS else passage.text[:SNIPPET_CHARS] + "…"
        snippet = html.escape(cut)
    return Hit(hit.id, hit.record_id, hit.title, hit.date, hit.doc_type, score, snippet)


def fuse(*rankings: Sequence[str], k: int = K) -> list[tuple[str, float]]:
    """Document ids of every ranking, best fused score first (ties: first seen first)."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, doc_id in enumerate(dict.fromkeys(ranking), start=1):
            scores[doc_id] = scores.get(doc_id, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda item: -item[1])
