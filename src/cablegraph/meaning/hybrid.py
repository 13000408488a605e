"""Full text and meaning, fused by reciprocal rank (Cormack, Clarke and Büttcher 2009):
a document's score is the sum over the rankings it appears in of weight / (K + rank).
Robust to the scores being on different scales, which BM25 and cosine are.

Three rankings are fused: the query's words (full text), the query's names (the persons,
places and organisations the authority knows in it, searched under their preferred form,
with its years: the bridge between a Russian query and English pages, whose words it
shares none of), and meaning (the nearest passages by e5). Search by meaning alone fuses
e5's ranking with the second encoder's (USE), once its passages are embedded: recall at
10 by meaning 0.629 -> 0.682 on the dev queries, 0.568 -> 0.600 held out. USE's ranking
as a fourth in hybrid gave dev 0.706 -> 0.711 and held-out 0.621 -> 0.612: not kept.

A fourth ranking in hybrid, once ``enrich`` has embedded the corpus's vocabulary: the
query's words as the nearest terms of the other scripts, searched in full text
(:mod:`cablegraph.meaning.vocabulary`): recall at 10 0.703 -> 0.749 on the dev queries,
0.573 -> 0.662 held out (Russian queries 0.596 -> 0.703 and 0.606 -> 0.737). A fifth,
pseudo-relevance feedback (the terms particular to the best five documents by meaning),
is off (weight 0): alone it raised English queries and lowered Russian ones (dev 0.718),
beside translation at weight 0.5 dev 0.747 against translation's 0.749."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Sequence
from typing import Protocol

from cablegraph.meaning.encoder import Encoder
from cablegraph.meaning.scripts import CJK, CYRILLIC
from cablegraph.meaning.vectors import Embedding, PassageHit, VectorIndex
from cablegraph.search.filters import Filters
from cablegraph.search.names import AuthorityLike, entity_names, lookup_ids
from cablegraph.search.result import Hit, SearchResult
from cablegraph.store.base import Store

MODES = ("hybrid", "text", "meaning")
K = 60
DEPTH = 100  # how deep each ranking is read before fusing
# text, names, meaning: 0.5-2 each within 0.02 on the dev queries
WEIGHTS = {"text": 1.0, "names": 1.0, "meaning": 1.0, "translated": 1.0, "feedback": 0.0}
FEEDBACK_DOCUMENTS = 5  # pseudo-relevance feedback: the best documents by meaning ...
FEEDBACK_TERMS = 10  # ... give their most particular terms as a full-text query
NAME_WORDS = 3  # the longest name looked up, in words
# A document by meaning: its best passages' similarities, the second and third counting
# for less (a document about the query says so more than once), ...
PASSAGE_WEIGHTS = (1.0, 0.5, 0.25)
PASSAGES_READ = 8  # passages read per document ranked
# ... less what the encoder gives for nothing: a passage in the query's own script
# (e5 puts a Russian query nearer any Russian text than an English one on its subject)
# and a title alone ("Memorandum of Conversation": short, generic, near every query).
SAME_SCRIPT = 0.02
TITLE_ALONE = 0.02
_WORD = re.compile(r"\w+")
_YEAR = re.compile(r"1[0-9]{3}")
_SCRIPTS = {"latin": re.compile(r"[A-Za-z]"), "cyrillic": re.compile(f"[{CYRILLIC}]"),
            "cjk": re.compile(f"[{CJK}]")}
_NOT_LATIN = re.compile(f"[{CYRILLIC}{CJK}]")
SCRIPT_SAMPLE = 200  # characters read to tell a passage's script
SNIPPET_CHARS = 240


class TextSearch(Protocol):
    def search(self, store: Store, text: str | None, filters: Filters | None = None, *,
               limit: int = 20, offset: int = 0, facets: bool = True,
               sort: str = "relevance", ids: Sequence[str] | None = None,
               snippets: bool = True) -> SearchResult: ...


def search_by_meaning(index: TextSearch, store: Store, vectors: VectorIndex, encoder: Encoder,
                      query: str, filters: Filters, *, mode: str, limit: int, offset: int = 0,
                      facets: bool = True, sort: str = "relevance",
                      second: Embedding | None = None,
                      translate: Callable[[str], list[str]] | None = None,
                      feedback: Callable[[list[str]], list[str]] | None = None) -> SearchResult:
    """``mode`` "meaning": the documents nearest the query by their best passage;
    "hybrid": those and the full-text hits fused by reciprocal rank. Filters hold for
    both (the meaning candidates go through the same filters as full text). With
    ``second`` (another encoder and its index), "meaning" fuses its nearest documents
    with the first encoder's by reciprocal rank; hybrid does not read it. The rankings are read bare (ids and
    scores); only the page shown gets titles and snippets."""
    started = time.perf_counter()
    depth = max(DEPTH, offset + limit)
    bare = sort == "relevance"  # a date order needs every candidate's date
    near = documents_by_meaning(vectors.search(encoder.query(query), depth * PASSAGES_READ), query)[:depth]
    also = [] if second is None or mode != "meaning" else documents_by_meaning(
        second.vectors.search(second.encoder.query(query), depth * PASSAGES_READ), query)[:depth]
    candidates = list(dict.fromkeys(h.doc_id for h in (*near, *also)))
    allowed = index.search(store, "", filters, ids=candidates, limit=len(candidates) or 1,
                           facets=facets and mode == "meaning", snippets=not bare)
    allowed_ids = {h.id for h in allowed.hits}
    passage = {h.doc_id: h for h in (*reversed(also), *reversed(near))}  # e5's passage first
    meaning = [h.doc_id for h in near if h.doc_id in allowed_ids]
    meaning_too = [h.doc_id for h in also if h.doc_id in allowed_ids]
    text = None
    if mode == "hybrid":
        text = index.search(store, query, filters, limit=depth, facets=facets, snippets=not bare)
        loose = any_words(query)
        if len(text.hits) < depth and loose:  # a sentence rarely matches all its words
            seen = {h.id for h in text.hits}
            more = index.search(store, loose, filters, limit=depth, facets=False, snippets=not bare).hits
            text.hits += [h for h in more if h.id not in seen][:depth - len(text.hits)]
        named = names_of(getattr(index, "authority", None), query)
        names = _either(index, store, named, filters, depth) if named else []
        terms = translate(query) if translate is not None else []
        translated = [h.id for h in index.search(store, " OR ".join(terms), filters, limit=depth,
                                                 facets=False, snippets=False).hits] if terms else []
        fed = feedback(_feedback_texts(near)) if feedback is not None and WEIGHTS["feedback"] else []
        similar = [h.id for h in index.search(store, " OR ".join(fed), filters, limit=depth,
                                              facets=False, snippets=False).hits] if fed else []
        ranked = fuse([h.id for h in text.hits], names, meaning, translated, similar,
                      weights=(WEIGHTS["text"], WEIGHTS["names"], WEIGHTS["meaning"], WEIGHTS["translated"],
                               WEIGHTS["feedback"]))
    elif meaning_too:
        ranked = fuse(meaning, meaning_too)
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
        total, counts, warnings = len({*meaning, *meaning_too}), allowed.facets, allowed.warnings
    result = SearchResult(query, total, hits, counts, list(warnings))
    result.took_ms = (time.perf_counter() - started) * 1000
    return result


def _feedback_texts(near: Sequence[PassageHit]) -> list[str]:
    """The passage texts of the first :data:`FEEDBACK_DOCUMENTS` documents by meaning."""
    first = list(dict.fromkeys(h.doc_id for h in near))[:FEEDBACK_DOCUMENTS]
    return [h.text for h in near if h.doc_id in first[:FEEDBACK_DOCUMENTS]]


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


def documents_by_meaning(near: Sequence[PassageHit], query: str) -> list[PassageHit]:
    """The documents of the passages ``near`` a query, best first, each as its best
    passage with the document's score as similarity: the weighted sum of its best
    passages' (:data:`PASSAGE_WEIGHTS`; a document with fewer counts its last again),
    each corrected for the encoder's biases (:data:`SAME_SCRIPT`, :data:`TITLE_ALONE`)."""
    script = script_of(query)
    found: dict[str, list[tuple[float, PassageHit]]] = {}
    for hit in near:
        score = hit.similarity - (SAME_SCRIPT if script_of(hit.text) == script else 0.0)
        score -= TITLE_ALONE if hit.number == 0 else 0.0
        found.setdefault(hit.doc_id, []).append((score, hit))
    ranked: list[PassageHit] = []
    for hits in found.values():
        hits.sort(key=lambda pair: -pair[0])
        scores = [score for score, _ in hits[:len(PASSAGE_WEIGHTS)]]
        scores += [scores[-1]] * (len(PASSAGE_WEIGHTS) - len(scores))
        best = hits[0][1]
        total = sum(w * s for w, s in zip(PASSAGE_WEIGHTS, scores, strict=True)) / sum(PASSAGE_WEIGHTS)
        ranked.append(PassageHit(best.doc_id, best.number, best.text, total))
    return sorted(ranked, key=lambda h: -h.similarity)


def script_of(text: str, sample: int = SCRIPT_SAMPLE) -> str:
    """"cyrillic", "cjk" or "latin": the script most letters of ``text``'s opening are in."""
    opening = text[:sample]
    if opening.isascii() or _NOT_LATIN.search(opening) is None:
        return "latin"  # no Cyrillic or CJK letter: what the count would say, at a fraction of its cost
    counts = {name: len(pattern.findall(opening)) for name, pattern in _SCRIPTS.items()}
    return max(counts, key=lambda name: counts[name])


def names_of(authority: AuthorityLike | None, query: str) -> list[str]:
    """The names in ``query`` as the authority prefers them, then its years: "поездка Мао
    Цзэдуна в СССР в 1948 году" → "Mao Zedong", "Soviet Union", "1948". A name is a span
    of up to three capitalised words the authority finds (inflected forms included),
    longest first; lower-case words are left to the other rankings (common words name
    places and people too often)."""
    words = _WORD.findall(query)
    taken: set[int] = set()
    found: list[str] = []
    for size in range(NAME_WORDS, 0, -1):
        for start in range(len(words) - size + 1):
            span = range(start, start + size)
            chosen = words[start:start + size]
            if taken & set(span) or not all(w[0].isupper() for w in chosen) or len(" ".join(chosen)) < 3:
                continue
            ids = lookup_ids(authority, " ".join(chosen))
            preferred = entity_names(authority, ids[0]) if ids else []
            if preferred:
                taken.update(span)
                found.append(f'"{preferred[0]}"' if " " in preferred[0] else preferred[0])
    found += [w for w in words if _YEAR.fullmatch(w)]
    return list(dict.fromkeys(found))


def _either(index: TextSearch, store: Store, terms: list[str], filters: Filters, depth: int) -> list[str]:
    """Documents with all of ``terms``, then those with any of them (by BM25)."""
    ranked = [h.id for h in index.search(store, " ".join(terms), filters, limit=depth, facets=False,
                                         snippets=False).hits]
    if len(ranked) < depth and len(terms) > 1:
        more = index.search(store, " OR ".join(terms), filters, limit=depth, facets=False,
                            snippets=False).hits
        seen = set(ranked)
        ranked += [h.id for h in more if h.id not in seen][:depth - len(ranked)]
    return ranked


def _hit(hit: Hit, score: float, passage: PassageHit | None) -> Hit:
    """The hit with its fused score; one whose snippet highlights nothing of the query
    shows the passage that matched by meaning (escaped: snippets are HTML)."""
    snippet = hit.snippet
    if passage is not None and "<mark>" not in snippet:
        cut = passage.text if len(passage.text) <= SNIPPET_CHARS else passage.text[:SNIPPET_CHARS] + "…"
        snippet = html.escape(cut)
    return Hit(hit.id, hit.record_id, hit.title, hit.date, hit.doc_type, score, snippet)


def fuse(*rankings: Sequence[str], k: int = K, weights: Sequence[float] | None = None
         ) -> list[tuple[str, float]]:
    """Document ids of every ranking, best fused score first (ties: first seen first);
    ``weights`` (one per ranking, 1 each unless given) scale each ranking's votes."""
    scores: dict[str, float] = {}
    for number, ranking in enumerate(rankings):
        weight = 1.0 if weights is None else weights[number]
        for rank, doc_id in enumerate(dict.fromkeys(ranking), start=1):
            scores[doc_id] = scores.get(doc_id, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda item: -item[1])
