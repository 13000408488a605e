"""The search index: tantivy, derived from the store and kept in step by its ledger.

Why tantivy rather than SQLite FTS5 (chosen by measurement, ``benchmarks/scale.py`` on
synthetic telegrams of ~4.3 KB, this 2-core machine; ``docs/benchmarks.md`` has the runs):
at 100,000 documents, 22 fixed queries with facets and snippets, p95 ~20 ms against
~100-200 ms for bare FTS5 ranked by bm25 without facets. FTS5 ranks every match (its cost
grows with the number of matches; most queries here match 10-100% of the corpus) and
facets would need a join over every match on top. tantivy answers top-k with block-max
WAND and counts facets over columnar fast fields in Rust; two designs keep it fast at a
million documents: phrases go through the ``pairs`` field (adjacent stems as one term, so a
two-word phrase is one term and longer ones read half the positions), and facets over
more than ``FACET_EXACT`` matches are counted on a hash sample (``sample_level``). A
search may use a second core: a dense conjunction finds its top hits through the union
of its terms while its count and facets run beside it (``relaxed.py``); any other search
counts its facets there while its snippets are made (``search_threads``).

FTS5 would have put the index rows in the same SQLite transaction as the document; instead
the store keeps a per-document ``version`` / ``indexed_version`` ledger in that
transaction, and ``sync`` brings the index up to the ledger: delete-by-id then add, commit,
then mark indexed. A crash between the two commits only means some documents are indexed
again, which delete-by-id makes idempotent. The index can always be rebuilt from the
database (``rebuild``); a schema change or a lost index triggers that automatically.

Analysis happens in Python (``analyze.py``: folding, Russian and English Snowball stems),
the same for documents and queries; tantivy only splits on spaces. Queries are built as
tantivy query objects from our own parser (``query.py``), never from tantivy's query
language, so no user text can be a syntax error.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import json
import math
import os
import shutil
import sys
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

import tantivy
from tantivy import Occur, Query

from cablegraph.errors import StoreError
from cablegraph.search import analyze, relaxed
from cablegraph.search.fields import IndexRecord, index_record, pairs
from cablegraph.search.filters import Filters, check_facets, date_number, language_code
from cablegraph.search.names import AuthorityLike, CachedAuthority, expand, lookup_ids
from cablegraph.search.plan import plan_search
from cablegraph.search.query import And, Node, Not, Or, ParsedQuery, Phrase, Term, leaves
from cablegraph.search.result import FacetCount, Hit, SearchResult
from cablegraph.search.snippets import Matcher, snippet
from cablegraph.store.base import Card, Store, StoredDocument
from cablegraph.store.facets import FACETS

T = TypeVar("T")
P = ParamSpec("P")

SCHEMA_VERSION = 5  # bump when the fields or the analysis change: the index is rebuilt
SCHEMA_MARK = "cablegraph-index.json"  # beside the index: the schema it was built with
# Facets computed with every search: people by role, places, year, type, language,
# archive, channel. The union "person" facet is left to ``facet_counts`` (stats): at 100k
# documents it was the costliest aggregation (~10 ms) and repeats the role facets.
SEARCH_FACETS = tuple(f for f in FACETS if f != "person")
MAX_LOOKUPS = 8
MAX_LIMIT = 1000
# Facets are counted exactly over at most FACET_EXACT matches; beyond that, over a sample
# of FACET_EXACT/2 to FACET_EXACT of them, scaled up (``SearchResult.facets_sampled`` says
# how many were counted). Counting facets costs ~0.2-1 µs per match: 24 ms for the 100,000
# matches of "Stalin" at 100,000 documents, ten times that at 1,000,000. The sample is
# geometric: a document is in level j when its id hashes to j trailing zero bits or more
# (a share of 2^-j), and each level is a term, so the sample's posting list leads the
# intersection and the query is evaluated only on sampled documents.
FACET_EXACT = 10_000
MAX_LEVEL = 24
SPARSE_LEVEL = 5  # from this level on, the sample goes inside every union (see _Compiler)


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    # Single words: BM25 needs frequencies, not positions (phrases go through the pairs).
    sb.add_text_field("stem", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("plain", tokenizer_name="whitespace", index_option="basic")
    # Adjacent stems as one term ("demarcat_line"): a two-word phrase is one term look-up
    # instead of two long position lists (at 100,000 documents 13 ms became ~1 ms).
    # With positions, a phrase of n words is a phrase of n-1 pairs: consecutive pairs share
    # their middle word, so it is exact, and two position lists are read instead of three
    # ("Kim Il Sung" at 100,000 documents: 6.7 -> 2.5 ms). The same for names.
    sb.add_text_field("pairs", tokenizer_name="whitespace")
    sb.add_text_field("names", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("name_pairs", tokenizer_name="whitespace")
    sb.add_text_field("entities", tokenizer_name="raw", index_option="basic")
    for name in ("f_person", "f_place", "f_via"):
        sb.add_text_field(name, tokenizer_name="whitespace")
    for name in ("e_person", "e_place", "e_via", "k_type", "k_lang", "k_archive"):
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for facet in FACETS:
        sb.add_text_field(f"x_{facet}", tokenizer_name="raw", index_option="basic", fast=True)
    sb.add_integer_field("date_min", indexed=True, fast=True)
    sb.add_integer_field("date_max", indexed=True, fast=True)
    sb.add_text_field("sample", tokenizer_name="raw", index_option="basic")
    sb.add_unsigned_field("level", fast=True)  # counted by the facet pass
    return sb.build()


def sample_level(doc_id: str) -> int:
    """The deepest sampling level of a document: trailing zero bits of a hash of its id."""
    value = zlib.crc32(doc_id.encode("utf-8"))
    return min((value & -value).bit_length() - 1, MAX_LEVEL) if value else MAX_LEVEL


def _tantivy_doc(rec: IndexRecord) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("id", rec.id)
    doc.add_text("stem", rec.stem)
    doc.add_text("plain", rec.plain)
    doc.add_text("pairs", rec.pairs)
    level = sample_level(rec.id)
    doc.add_unsigned("level", level)
    for j in range(1, level + 1):
        doc.add_text("sample", str(j))
    doc.add_text("names", rec.names)
    doc.add_text("name_pairs", rec.name_pairs)
    for entity in rec.entities:
        doc.add_text("entities", entity)
    for name, text in rec.filters.items():
        doc.add_text(name, text)
    for group in (rec.entity_filters, rec.keys):
        for name, values in group.items():
            for value in values:
                doc.add_text(name, value)
    for facet, values in rec.facets.items():
        for value in values:
            doc.add_text(f"x_{facet}", value)
    if rec.date_min is not None and rec.date_max is not None:
        doc.add_integer("date_min", rec.date_min)
        doc.add_integer("date_max", rec.date_max)
    return doc


def _vanished_under_us(exc: Exception) -> bool:
    """Whether a read failed only because another process's writer removed a file
    between two of our steps: a merged segment (``FileDoesNotExist``), or the
    ``meta.json`` lock file it deletes when it lets go of it (the lock file is
    ``NotFound`` while we try to take it)."""
    message = str(exc)
    return "FileDoesNotExist" in message or ("Lockfile" in message and "NotFound" in message)


def _despite_merges(read: Callable[[], T], attempts: int = 20,
                    between: Callable[[], None] | None = None) -> T:
    """Run ``read`` again when a file vanished under it (see :func:`_vanished_under_us`):
    another process's writer may delete a merged segment between our reading
    ``meta.json`` and opening its files, or its meta lock file while we take it (tantivy
    protects only its own process's searchers); the next try reads the new
    ``meta.json`` (after ``between``, e.g. a reload, when given)."""
    for attempt in range(attempts - 1):
        try:
            return read()
        except (ValueError, StoreError) as exc:
            if not _vanished_under_us(exc):
                raise
            time.sleep(0.005 * (attempt + 1))
            if between is not None:
                between()
    return read()  # the last try raises whatever it meets


def _after_merges(
    method: Callable[Concatenate[SearchIndex, P], T],
) -> Callable[Concatenate[SearchIndex, P], T]:
    """The method again, on the index as it now is, when a merged segment vanished under it."""

    def again(index: SearchIndex, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return _despite_merges(lambda: method(index, *args, **kwargs), between=index.reload)

    again.__doc__, again.__name__ = method.__doc__, method.__name__
    return again


class SearchIndex:
    """A tantivy index next to the database (in RAM for an in-memory store)."""

    def __init__(
        self,
        path: Path | None,
        *,
        authority: AuthorityLike | None = None,
        heap_mb: int = 64,
        max_chars: int = 10_000,
        max_terms: int = 64,
        facet_size: int = 20,
        snippet_words: int = 30,
        threads: int = 2,
    ) -> None:
        self.path = path
        self.authority = None if authority is None else CachedAuthority(authority)
        self.heap_mb = max(heap_mb, 15)
        self.max_chars, self.max_terms = max_chars, max_terms
        self.facet_size, self.snippet_words = facet_size, snippet_words
        self.threads = threads  # 2: count and facets beside the top hits (``relaxed``)
        self.schema = build_schema()
        self.index = self._open()
        # Why every document must be indexed again, when opening found the index unusable
        # (``for_store``): said to whoever waits for the rebuild.
        self.stale: str | None = None

    @classmethod
    def for_store(cls, store: Store, path: Path | None = None, **options: object) -> SearchIndex:
        """The index of a store: ``<db>.index/`` beside the file unless ``path`` names
        another folder (a PostgreSQL database has none beside it); rebuilt when stale."""
        if path is None and store.path != ":memory:":
            path = Path(store.path + ".index")
        stale: str | None = None
        if path is not None and (built := _schema_version(path)) != SCHEMA_VERSION and (
            built is not None or path.exists()
        ):
            stale = f"was built by another version of Cablegraph (index schema {built}, now {SCHEMA_VERSION})"
            shutil.rmtree(path, ignore_errors=True)
            store.reset_index()
        index = cls(path, **options)  # type: ignore[arg-type]
        if index.num_docs() < store.indexed_count():
            stale = "holds fewer documents than the store says it indexed (lost or deleted)"
            store.reset_index()  # the index lost documents the ledger counts: rebuild
        index.stale = stale
        return index

    def _open(self) -> tantivy.Index:
        if self.path is None:
            return tantivy.Index(self.schema)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            index = _despite_merges(lambda: tantivy.Index(self.schema, path=str(self.path), reuse=True))
            _mark_schema(self.path)
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot open the search index: {exc}", path=str(self.path)) from exc
        return index

    def num_docs(self) -> int:
        self.reload()
        return int(self.index.searcher().num_docs)

    def reload(self) -> None:
        """See the last commit (retried like opening, see :func:`_despite_merges`)."""
        try:
            _despite_merges(self.index.reload)
        except ValueError as exc:
            raise StoreError(f"cannot read the search index: {exc}", path=str(self.path)) from exc

    # -- keeping in step ----------------------------------------------------------------

    def sync(
        self,
        store: Store,
        batch: int = 2_000,
        progress: Callable[[int], None] | None = None,
        ready: dict[str, StoredDocument] | None = None,
        records: dict[str, IndexRecord | tantivy.Document] | None = None,
    ) -> int:
        """Index every document the ledger says is missing or stale; return how many.

        ``ready`` may hold documents just written (at the version the ledger lists), so
        they need not be read back from the store; ``records`` the index records of
        documents just added (version 1), made where they were parsed
        (``cablegraph.ingest.rows``), so they need neither be read nor analysed again;
        each may be held as its tantivy document already (``document``: less memory
        than the record while it waits).
        """
        done = 0
        records = records if records is not None else {}
        docs = self._pending(store, batch, ready or {}, records)
        if not docs:
            return 0
        try:
            writer = self.index.writer(heap_size=self.heap_mb * 1_000_000, num_threads=1)
        except ValueError as exc:
            raise StoreError(
                f"the search index is locked by another writer: {exc}", path=str(self.path)
            ) from exc
        while docs:
            for doc_id, _, doc in docs:
                writer.delete_documents_by_term("id", doc_id)
                writer.add_document(self.document(doc))
            writer.commit()
            store.mark_indexed([(doc_id, version) for doc_id, version, _ in docs])
            done += len(docs)
            if progress is not None:
                progress(done)
            docs = self._pending(store, batch, ready or {}, records)
        writer.wait_merging_threads()
        release_freed_memory()
        self.reload()
        return done

    def document(self, doc: StoredDocument | IndexRecord | tantivy.Document) -> tantivy.Document:
        """What the index holds for a document, from the document, its record or itself."""
        if isinstance(doc, tantivy.Document):
            return doc
        return _tantivy_doc(doc if isinstance(doc, IndexRecord) else index_record(doc, self.authority))

    @staticmethod
    def _pending(
        store: Store,
        batch: int,
        ready: dict[str, StoredDocument],
        records: dict[str, IndexRecord | tantivy.Document],
    ) -> list[tuple[str, int, StoredDocument | IndexRecord | tantivy.Document]]:
        """The next documents to index (id, version, the document or its record made
        ahead), in the ledger's order."""
        wanted = store.pending_ids(batch)
        made = {i: records.pop(i) for i, v in wanted if v == 1 and i in records}
        have = {i: ready.pop(i) for i, v in wanted if i in ready and ready[i].version == v and i not in made}
        loaded = store.get_many([i for i, _ in wanted if i not in made and i not in have])
        out: list[tuple[str, int, StoredDocument | IndexRecord | tantivy.Document]] = []
        for i, v in wanted:
            if i in made:
                out.append((i, v, made[i]))
            elif (doc := have.get(i) or loaded.get(i)) is not None:
                out.append((i, doc.version, doc))
        return out

    def rebuild(self, store: Store) -> int:
        """Drop everything in the index and index the whole store again."""
        writer = self.index.writer(heap_size=self.heap_mb * 1_000_000, num_threads=1)
        writer.delete_all_documents()
        writer.commit()
        writer.wait_merging_threads()
        store.reset_index()
        return self.sync(store)

    def check(self, store: Store, *, full: bool = True) -> list[str]:
        """Problems: documents missing from the index, or indexed more than once."""
        self.reload()
        searcher = self.index.searcher()
        problems = []
        if searcher.num_docs != store.count():
            problems.append(f"index holds {searcher.num_docs} documents, store {store.count()}")
        if full:
            for doc in store.documents():
                n = _count(searcher.search(Query.term_query(self.schema, "id", doc.id), 2))
                if n != 1:
                    problems.append(f"{doc.id}: indexed {n} times")
        return problems

    # -- searching ----------------------------------------------------------------------

    @_after_merges
    def search(
        self,
        store: Store,
        text: str | None,
        filters: Filters | None = None,
        *,
        limit: int = 20,
        offset: int = 0,
        facets: bool = True,
        sort: str = "relevance",
        ids: Sequence[str] | None = None,
        snippets: bool = True,
    ) -> SearchResult:
        """Ranked hits for any text, with facets and snippets; ``sort`` "date" or "-date"
        orders them by date (oldest or newest first) instead of relevance; ``ids`` keeps
        only these documents (the candidates of a search by meaning); ``snippets=False``
        gives bare hits (id and score), for a ranking that is cut and shown later."""
        started = time.perf_counter()
        asked = plan_search(text, filters, sort, max_chars=self.max_chars, max_terms=self.max_terms)
        parsed, chosen = asked.parsed, asked.filters
        compiler = _Compiler(self.schema, self.authority)
        query = compiler.full_query(parsed, chosen)
        if ids is not None:
            query = Query.boolean_query([
                (Occur.Must, query), (Occur.Must, Query.term_set_query(self.schema, "id", list(ids)))])
        searcher = self.index.searcher()
        limit = max(0, min(limit, MAX_LIMIT))

        def sampled(level: int) -> Query:  # the query again, the sample inside its unions
            term = Query.term_query(self.schema, "sample", str(level))
            sampling = _Compiler(self.schema, self.authority, sample=term, level=level)
            inner = sampling.full_query(parsed, chosen)
            return Query.boolean_query([(Occur.Must, term), (Occur.Must, inner)])

        def counted() -> tuple[int, tuple[dict[str, list[FacetCount]], int]]:
            total = relaxed.count(searcher, query)
            return total, (self._sampled_facets(searcher, query, total, sampled) if facets else ({}, 0))

        top = max(limit, 1)  # tantivy refuses a limit of 0; the hits are cut below
        offset = max(offset, 0)
        background = None
        if ids is None and sort == "relevance" and compiler.relaxable and isinstance(parsed.root, And):
            groups = [_Compiler(self.schema, self.authority).scoring_of(c)
                      for c in parsed.root.children if not isinstance(c, Not)]
            if relaxed.dense(searcher, groups):  # count and facets meanwhile, on another core
                background = relaxed.beside(counted, self.threads)
        try:
            best = None if background is None else relaxed.top(
                searcher, self.schema, query, compiler.scoring, top, offset)
            if best is not None:
                found_hits, total = best, -1
            elif parsed.root is None or sort != "relevance":
                order = tantivy.Order.Desc if sort == "-date" else tantivy.Order.Asc
                found = searcher.search(query, top, count=background is None, order_by_field="date_min",
                                        offset=offset, order=order)
                found_hits, total = found.hits, _count(found)
            else:
                found = searcher.search(query, top, count=background is None, offset=offset)
                found_hits, total = found.hits, _count(found)
            scored = [
                (
                    float(score) if parsed.root is not None and sort == "relevance" else 0.0,
                    str(searcher.doc(addr).get_first("id")),
                )
                for score, addr in found_hits
            ][:limit]
        except ValueError as exc:  # never from user text; kept inside our hierarchy
            raise StoreError(f"search failed: {exc}", path=str(self.path)) from exc
        if background is None and facets and total > 0 and scored and snippets and self.threads > 1:
            # the facets on the other core while this one reads the cards and snippets
            background = relaxed.beside(
                lambda: (total, self._sampled_facets(searcher, query, total, sampled)), self.threads)
        matcher = Matcher.from_leaves(leaves(parsed.root), expand(self.authority, compiler.looked_up))
        hits = self._hits(store, scored, matcher) if snippets else [
            Hit(doc_id, None, None, None, None, score, "") for score, doc_id in scored]
        if background is not None:
            try:
                total, (facet_counts, facets_sampled) = background.result()
            except ValueError as exc:
                raise StoreError(f"search failed: {exc}", path=str(self.path)) from exc
        elif facets:
            facet_counts, facets_sampled = self._sampled_facets(searcher, query, total, sampled)
        result = SearchResult(parsed.text, total, hits, {}, parsed.warnings)
        if not snippets:
            result.dress = lambda chosen: self._hits(store, [(h.score, h.id) for h in chosen], matcher)
        if facets:
            result.facets, result.facets_sampled = facet_counts, facets_sampled
        result.took_ms = (time.perf_counter() - started) * 1000
        return result

    def _hits(self, store: Store, scored: list[tuple[float, str]], matcher: Matcher) -> list[Hit]:
        cards = store.cards([doc_id for _, doc_id in scored])
        out = []
        for score, doc_id in scored:
            card = cards.get(doc_id)
            if card is None:
                continue  # deleted from the store since it was indexed
            out.append(
                Hit(
                    doc_id,
                    card.record_id,
                    card.title,
                    card.date,
                    card.doc_type,
                    score,
                    self._snippet(card, matcher),
                )
            )
        return out

    def _snippet(self, card: Card, matcher: Matcher) -> str:
        """Around the best matches of the page text (else of the title); the page's
        opening when nothing matches (an entity or pseudonym match, or no words)."""
        for text in (card.text, card.title or ""):
            found = matcher.find(text)
            if found:
                return snippet(text, matcher, self.snippet_words, found)
        return snippet(card.text, matcher, self.snippet_words, [])

    def _sampled_facets(
        self, searcher: tantivy.Searcher, query: Query, total: int, sampled: Callable[[int], Query]
    ) -> tuple[dict[str, list[FacetCount]], int]:
        """Facets of every match, or estimated from a sample of them (see FACET_EXACT)."""
        if total <= FACET_EXACT:
            return self._facets(searcher, query), 0
        level = min(math.ceil(math.log2(total / FACET_EXACT)), MAX_LEVEL)
        counts, counted = self._facets_counted(searcher, sampled(level))
        if counted == 0:
            return self._facets(searcher, query), 0
        scale = total / counted
        return {
            name: [FacetCount(f.value, max(1, round(f.count * scale))) for f in found]
            for name, found in counts.items()
        }, counted

    def facet_counts(self, size: int | None = None) -> dict[str, list[FacetCount]]:
        """Counts of every facet (``person`` included) over the whole index."""
        self.reload()
        return self._facets(self.index.searcher(), Query.all_query(), size, FACETS)

    def _facets(
        self,
        searcher: tantivy.Searcher,
        query: Query,
        size: int | None = None,
        names: tuple[str, ...] = SEARCH_FACETS,
    ) -> dict[str, list[FacetCount]]:
        return self._facets_counted(searcher, query, size, names)[0]

    def _facets_counted(
        self,
        searcher: tantivy.Searcher,
        query: Query,
        size: int | None = None,
        names: tuple[str, ...] = SEARCH_FACETS,
    ) -> tuple[dict[str, list[FacetCount]], int]:
        """Facet counts and, in the same pass, how many documents matched."""
        wanted = self.facet_size if size is None else size
        request: dict[str, object] = {
            f: {"terms": {"field": f"x_{f}", "size": max(wanted, 1)}} for f in names
        }
        request["_matched"] = {"value_count": {"field": "level"}}
        try:
            answer = searcher.aggregate(query, request)
        except ValueError as exc:
            raise StoreError(f"facet counts failed: {exc}", path=str(self.path)) from exc
        matched = int((answer.get("_matched") or {}).get("value") or 0)
        return {
            f: [FacetCount(str(b["key"]), int(b["doc_count"])) for b in answer.get(f, {}).get("buckets", [])]
            for f in names
        }, matched


class _Compiler:
    """Turns our query tree and filters into tantivy query objects.

    With ``sample`` (the facet pass over a sample, which ANDs the whole query with the
    sample term), every alternative of a phrase, and from ``SPARSE_LEVEL`` on of every
    union (a word's stem, name form and entities, a prefix's fields, a name filter's
    ways), is also ANDed with it: under that outer AND this changes no result, whatever
    operators surround it, but a union is otherwise filled a block at a time on every
    document its lists hold (tantivy seeks a union by refilling it), however few are
    sampled: "Kim Il Sung" at 100,000 documents took 16 ms instead of 7 with its phrases
    sampled; at 1,000,000 the facet pass of "Gromyko OR Vyshinsky" (level 6) 9.8 ms with
    its words' unions walked, 5.7 ms sampled inside (docs/benchmarks.md).
    """

    def __init__(
        self,
        schema: tantivy.Schema,
        authority: AuthorityLike | None,
        sample: Query | None = None,
        level: int = 0,
    ) -> None:
        self.schema = schema
        self.authority = authority
        self.lookups = 0
        self.looked_up: list[str] = []
        self.sample = sample
        # The terms that can add to a hit's score (outside negations), and whether the
        # query is nothing but a sum of them (see ``relaxed``): no prefix, no negation
        # scored as "everything but", no filter.
        self.scoring: list[tuple[str, str]] = []
        self.relaxable = True
        self._negated = 0
        # A sample of 1/32 or less is walked once per alternative for less than the
        # union's lists; a denser one costs more that way ("Mao Zedong Filippov", level
        # 3 at 1,000,000: 11.5 ms with its words' unions walked, 14.0 ms sampled inside).
        self.sparse = level >= SPARSE_LEVEL

    def union(self, options: list[Query], *, phrase: bool = False) -> Query:
        """Any of ``options``; each inside the sample when there is one and it is sparse
        (a phrase's, always: its positions are the costly part)."""
        if self.sample is not None and (phrase or self.sparse):
            options = [Query.boolean_query([(Occur.Must, self.sample), (Occur.Must, q)]) for q in options]
        return Query.boolean_query([(Occur.Should, q) for q in options])

    def full_query(self, parsed: ParsedQuery, filters: Filters) -> Query:
        must: list[tuple[Occur, Query]] = []
        if parsed.root is not None:
            main = self.node(parsed.root)
            if isinstance(parsed.root, And) and all(
                isinstance(c, Term) and not c.prefix for c in parsed.root.children
            ):
                main = self.with_entities(main, parsed.text)
            must.append((Occur.Must, main))
        must.extend((Occur.Must, q) for q in self.filters(filters))
        if not must:
            return Query.all_query()
        return must[0][1] if len(must) == 1 else Query.boolean_query(must)

    def scored(self, field: str, term: str) -> Query:
        """A term query, noted among the terms that can add to a hit's score."""
        if not self._negated:
            self.scoring.append((field, term))
        return Query.term_query(self.schema, field, term)

    def scoring_of(self, node: Node) -> list[tuple[str, str]]:
        """The terms that can add to the score of a match of ``node``."""
        self.node(node)
        return self.scoring

    def entity_terms(self, text: str, field: str = "entities") -> list[Query]:
        if self.lookups >= MAX_LOOKUPS:
            return []
        self.lookups += 1
        ids = lookup_ids(self.authority, text)
        self.looked_up.extend(ids)
        return [self.scored(field, i) for i in ids]

    def with_entities(self, query: Query, text: str) -> Query:
        extra = self.entity_terms(text)
        if not extra:
            return query
        return self.union([query, *extra])

    def node(self, node: Node) -> Query:
        if isinstance(node, Term):
            return self.term(node)
        if isinstance(node, Phrase):
            return self.phrase(node)
        if isinstance(node, Not):
            return self.negated(node.child)
        if isinstance(node, Or):
            return Query.boolean_query([(Occur.Should, self.node(c)) for c in node.children])
        return self.conjunction(node)

    def conjunction(self, node: And) -> Query:
        clauses = [
            (Occur.MustNot, self.excluded(c.child)) if isinstance(c, Not) else (Occur.Must, self.node(c))
            for c in node.children
        ]
        if all(occur == Occur.MustNot for occur, _ in clauses):
            self.relaxable = False  # every document scores 1 for the all-query
            clauses.append((Occur.Must, Query.all_query()))
        return Query.boolean_query(clauses)

    def excluded(self, node: Node) -> Query:
        """``node`` compiled to be excluded: none of its terms adds to a score."""
        self._negated += 1
        try:
            return self.node(node)
        finally:
            self._negated -= 1

    def negated(self, child: Node) -> Query:
        self.relaxable = False
        return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, self.excluded(child))])

    def term(self, term: Term) -> Query:
        if term.prefix:
            self.relaxable = False  # constant scores, from no term of its own
            pattern = _regex_escape(term.token) + ".*"
            return self.union([Query.regex_query(self.schema, f, pattern) for f in ("plain", "names")])
        options = [self.scored("stem", analyze.stem(term.token)), self.scored("names", term.token)]
        if not term.token.isdigit():
            options += self.entity_terms(term.token)
        return self.union(options)

    def phrase(self, phrase: Phrase) -> Query:
        stems = [analyze.stem(t) for t in phrase.tokens]
        options = [self.pair_phrase("pairs", stems), self.pair_phrase("name_pairs", list(phrase.tokens))]
        options += self.entity_terms(phrase.text or " ".join(phrase.tokens))
        return self.union(options, phrase=True)

    def pair_phrase(self, field: str, words: list[str]) -> Query:
        """Adjacent words through their pairs: two are one term of ``field``; more, a
        phrase of consecutive pairs (exact: each shares its middle word with the next)."""
        joined = pairs(words)
        if len(joined) == 1:  # a Phrase has two words at least (query.py)
            return self.scored(field, joined[0])
        for pair in joined:  # the phrase scores at most what its pairs score (``relaxed``)
            self.scored(field, pair)
        return Query.phrase_query(self.schema, field, list[str | tuple[int, str]](joined))

    def name_filter(self, value: str, text_field: str, id_field: str) -> Query:
        words = analyze.tokens(value)
        options = self.entity_terms(value, id_field)
        if len(words) == 1:
            options.append(Query.term_query(self.schema, text_field, words[0]))
        elif words:
            options.append(Query.phrase_query(self.schema, text_field, list(words)))
        if not options:
            return Query.empty_query()
        return self.union(options)

    def filters(self, f: Filters) -> list[Query]:
        out: list[Query] = []
        for value, text_field, id_field in (
            (f.person, "f_person", "e_person"),
            (f.place, "f_place", "e_place"),
            (f.via, "f_via", "e_via"),
        ):
            if value:
                out.append(self.name_filter(value, text_field, id_field))
        for value, field in ((f.type, "k_type"), (f.archive, "k_archive")):
            if value:
                out.append(Query.term_query(self.schema, field, analyze.plain_text(value)))
        if f.lang:
            out.append(Query.term_query(self.schema, "k_lang", language_code(f.lang)))
        check_facets(f.facets, FACETS)
        out.extend(Query.term_query(self.schema, f"x_{name}", value) for name, value in f.facets)
        if f.date_from:
            low = date_number(f.date_from, end=False, name="from")
            out.append(Query.range_query(self.schema, "date_max", tantivy.FieldType.Integer, low, None))
        if f.date_to:
            high = date_number(f.date_to, end=True, name="to")
            out.append(Query.range_query(self.schema, "date_min", tantivy.FieldType.Integer, None, high))
        if out:
            self.relaxable = False  # filters score too (ranges as 1), from no term of the query
        return out


def release_freed_memory() -> None:
    """Give the memory tantivy's merges freed back to the system.

    glibc keeps what its per-thread arenas freed for reuse, so a writer that merges ever
    larger segments held on to each merge's peak: 389 MB resident after 150,000 synthetic
    telegrams, ~160 MB with this call after each commit (``benchmarks/scale.py``, see
    docs/benchmarks.md). A no-op where the C library has no ``malloc_trim``.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):  # musl and other C libraries: nothing to call
        return None
    return trim


def _count(result: object) -> int:
    """The match count of a tantivy search (missing from its type stubs)."""
    return int(getattr(result, "count", 0) or 0)


def _regex_escape(token: str) -> str:
    """Escape for tantivy's regex syntax (tokens are letters and digits already)."""
    return "".join(c if c.isalnum() else "\\" + c for c in token)


def _mark_schema(path: Path) -> None:
    """Record the schema the index at ``path`` was built with, once, atomically: another
    process reading a half-written mark would take the index for an old one and delete it
    (rewriting the mark at every open did that to concurrent writers and readers)."""
    marker = path / SCHEMA_MARK
    if marker.exists() and _schema_version(path) == SCHEMA_VERSION:
        return
    partial = path / f".{SCHEMA_MARK}.{os.getpid()}.{threading.get_ident()}"
    partial.write_text(json.dumps({"schema": SCHEMA_VERSION}), encoding="utf-8")
    os.replace(partial, marker)


def _schema_version(path: Path) -> int | None:
    try:
        data = json.loads((path / SCHEMA_MARK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None if path.exists() else SCHEMA_VERSION
    value = data.get("schema") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None
