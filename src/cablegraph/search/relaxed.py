"""The top hits of a dense conjunction through the union of its words, on both cores.

tantivy-py collects every search with a ``MultiCollector``, so no search is pruned: the
top hits of ``prisoners of war`` score all 968,716 matches at 1,000,000 documents, and an
intersection of scorers scores them at ~27 ms, where the union of the same words' terms
(tantivy's specialised union of term scorers) scores its 1,000,000 at ~12 ms, and the
exact count of the intersection without scores takes ~10 ms (docs/benchmarks.md).

So for a conjunction whose words are in most documents, the top hits come from the
*relaxed* query, the union of every term that can add to a hit's score (each word's
stem, name form and entities, each phrase's pairs), and are then checked by the query
itself; the count and the facets are worked out meanwhile on another thread (tantivy
lets go of the GIL while it searches). The result is the same as the plain search's:

- every match of the query matches the relaxed query, and scores at least as much there:
  its score is a sum of the scores of the terms it holds, and the relaxed query sums all
  of them; a phrase of pairs scores ``(idf₁ + idf₂) · f(phrase frequency)`` where its
  pairs score ``idf₁ · f(tf₁) + idf₂ · f(tf₂)``, each ``tfᵢ`` at least the phrase
  frequency and BM25's ``f`` increasing;
- so when the k-th best match among the relaxed query's top K (scored by the query
  itself, restricted to those K documents) scores more than the K-th relaxed score
  (with a margin for the rounding of 32-bit sums), no document outside them can be in the
  top k; when the relaxed query has fewer than K matches, all of them were checked.
  Otherwise the caller searches as before.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

import tantivy
from tantivy import Occur, Query

# The relaxed top K holds the hits asked for and this share more (at least MIN_SPARE):
# enough that the top hits of a dense conjunction are among them (all 22 benchmark
# queries at 1,000,000 documents), few enough that checking them stays well under 1 ms.
SPARE_SHARE = 0.5
MIN_SPARE = 10
ROUNDING = 1e-5  # relative: far above what summing a few dozen f32 scores can lose
# Relaxed when most postings the union walks belong to matches anyway: the estimated
# matches (independent words) times the number of words, against all postings. At
# 1,000,000 documents: "prisoners of war" 0.98, "armistice negotiations" 0.99 (relaxed);
# "ceasefire AND (Kaesong OR Panmunjom)" 0.70, "Mao Zedong Filippov" 0.39 (not: there
# the union walks more than the intersection scores, and the count costs more CPU).
DENSE = 0.8

T = TypeVar("T")
_lock = threading.Lock()
_pool: tuple[int, ThreadPoolExecutor] | None = None


def background() -> ThreadPoolExecutor:
    """Threads for the count and facets of a search while it finds its top hits; made
    again in a forked child (a pool's threads do not survive ``fork``)."""
    global _pool
    with _lock:
        if _pool is None or _pool[0] != os.getpid():
            _pool = (os.getpid(), ThreadPoolExecutor(max_workers=2, thread_name_prefix="cablegraph-search"))
        return _pool[1]


def beside(work: Callable[[], T], threads: int) -> Future[T]:
    """``work`` on another thread when a search may use two (``search_threads``), else
    done now."""
    if threads > 1:
        return background().submit(work)
    done: Future[T] = Future()
    try:
        done.set_result(work())
    except Exception as exc:  # raised where the caller asks for the result, as from a thread
        done.set_exception(exc)
    return done


def dense(searcher: tantivy.Searcher, groups: list[list[tuple[str, str]]]) -> bool:
    """Whether the conjunction of ``groups`` (each: the (field, term) pairs one required
    word or phrase can match through) is dense enough for the relaxed top hits to pay."""
    if len(groups) < 2 or any(not g for g in groups):
        return False
    total = max(int(searcher.num_docs), 1)
    freqs = [[int(searcher.doc_freq(field, term)) for field, term in group] for group in groups]
    postings = sum(map(sum, freqs))
    matches = total * math.prod(min(1.0, sum(f) / total) for f in freqs)
    return postings > 0 and matches * len(groups) >= DENSE * postings


def count(searcher: tantivy.Searcher, query: Query) -> int:
    """How many documents match ``query``, without scoring them."""
    found = searcher.search(Query.const_score_query(query, 0.0), 1, count=True)
    return int(getattr(found, "count", 0) or 0)


def top(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    query: Query,
    terms: list[tuple[str, str]],
    limit: int,
    offset: int,
) -> list[tuple[float, tantivy.DocAddress]] | None:
    """The hits ``offset`` to ``offset + limit`` of ``query`` by score, found through the
    union of ``terms`` (see the module's docstring); None when that cannot be shown exact."""
    wanted = offset + limit
    k = wanted + max(MIN_SPARE, math.ceil(wanted * SPARE_SHARE))
    union = Query.boolean_query([(Occur.Should, Query.term_query(schema, f, t)) for f, t in terms])
    candidates = searcher.search(union, k, count=False).hits
    if not candidates:
        return []
    ids = [str(searcher.doc(addr).get_first("id")) for _, addr in candidates]
    only = Query.const_score_query(Query.term_set_query(schema, "id", ids), 0.0)
    checked = searcher.search(Query.boolean_query([(Occur.Must, query), (Occur.Must, only)]), wanted,
                              count=False).hits
    if len(candidates) == k:  # more may match: the last checked hit must beat them all
        bound = float(candidates[-1][0]) * (1 + ROUNDING)
        if len(checked) < wanted or float(checked[-1][0]) <= bound:
            return None
    return [(float(score), addr) for score, addr in checked[offset:]]
