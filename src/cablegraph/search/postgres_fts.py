"""Full-text search inside PostgreSQL: the same query language and results as ``SearchIndex``.

What is indexed is what the tantivy index gets: ``fields.index_record`` (title, summary,
type and every source page, folded by ``analyze``: case, ё→е, zero-width characters and
Latin/Cyrillic look-alikes; the names of every person and place with all the variants the
authority knows; entity ids; per-role name filters; facets; the date as YYYYMMDD). One
``tsvector`` column holds three parts:

- weight B: the folded text through the ``russian`` configuration (Snowball Russian for
  Cyrillic words, Snowball English for Latin ones, both languages in one pass);
- weight A: the names through ``simple`` (unstemmed, as tantivy's ``names`` field);
- weight D: the folded text through ``simple`` (unstemmed: prefix queries, since stems
  break prefixes, and words the ``russian`` configuration drops as stop words).

Queries come from our own parser (``query.parse``), never from PostgreSQL's query syntax:
every term is a folded run of letters and digits, quoted as a tsquery lexeme and passed as
a bind parameter to ``to_tsquery``, so any text (quotes, AND/OR/NOT, ``-``, ``*``, ``:``,
brackets, 10 KB, nothing) is a valid query. The tree becomes a SQL boolean over per-term
matches (``tsv @@ …``, and ``entities && …`` for the ids the authority finds, so "Stalin"
finds a telegram signed Filippov), filters become array and range conditions, ranking is
``ts_rank`` over the positive terms, facets are counted over every match with a window per
facet, and ``pg_trgm`` answers fuzzy name look-ups (``similar_names``). Indexing a document
and marking it indexed in the store's ledger are one transaction.

Snippets: by default the same ``snippets.Matcher`` as the tantivy backend cuts them from the
page text (so a search for "Stalin" marks "Филиппов", which PostgreSQL cannot know is the
same person); ``snippets="headline"`` asks ``ts_headline`` instead, with its output
HTML-escaped and matches wrapped in ``<mark>``. ``ts_headline`` marks only the words of
the query (not the entity's other names), drops text its parser takes for an HTML tag
(``<Pyongyang>`` vanishes) and re-parses each page on the server: the reasons it is not
the default.

Results that differ from the tantivy index (measured by ``tests/pg``):

- Scores are ``ts_rank`` values, not BM25: the order of equally good hits may differ, and a
  score is not comparable across backends.
- Phrases: PostgreSQL keeps word positions up to 16,383, so a phrase that first occurs
  beyond about the 16,000th word of a document is not found; text beyond ``MAX_TEXT_CHARS``
  characters is not indexed (tsvector values are limited to 1 MB).
- A ``russian`` stop word inside a phrase matches any word in its place in the stemmed part
  (``"prisoners of war"`` also matches "prisoners in war"); the unstemmed part still ranks
  the exact phrase higher.
- The match-all query (empty text) lists documents by date, undated ones last.
- Facet counts are always exact here (``facets_sampled`` is 0); the tantivy index
  estimates them from a hash sample beyond ``FACET_EXACT`` matches.
- Cost: ranking reads the tsvector of every match (there is no index-ordered top-k
  without the RUM extension, and Debian 12's ``postgresql-15-rum`` 1.3.13 fails to load on
  PostgreSQL 15.20: undefined symbol ``heap_datum_check``), so a word in most documents
  costs ~5 µs per document; ``docs/benchmarks.md`` measures it. Beyond a few tens of
  thousands of documents, ``pg_index_dir`` (tantivy over the same database) is the fast
  choice.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from cablegraph.errors import StoreError
from cablegraph.search import analyze
from cablegraph.search.fields import IndexRecord, index_record
from cablegraph.search.filters import Filters, check_facets, date_number, language_code
from cablegraph.search.index import MAX_LIMIT, MAX_LOOKUPS, SEARCH_FACETS
from cablegraph.search.names import AuthorityLike, CachedAuthority, expand, lookup_ids
from cablegraph.search.plan import plan_search
from cablegraph.search.query import And, Node, Not, Or, ParsedQuery, Phrase, Term, leaves
from cablegraph.search.result import FacetCount, Hit, SearchResult
from cablegraph.search.snippets import Matcher, snippet
from cablegraph.store.base import Card, Store, StoredDocument
from cablegraph.store.facets import FACETS, names
from cablegraph.store.postgres import Conn, PostgresStore, mark_indexed

MAX_TEXT_CHARS = 400_000  # per document; keeps each tsvector far below PostgreSQL's 1 MB
ANALYZE_AFTER = 1_000  # documents indexed by one sync before the table is analysed
SEP = "\x1f"  # between facet name and value in search_docs.facets
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"  # private-use markers for ts_headline

Snippets = Literal["python", "headline"]


def lexeme(token: str) -> str:
    """A tsquery lexeme in quotes (tokens are letters and digits; quotes escaped anyway)."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass(slots=True)
class Sql:
    """A SQL fragment made only of our constants, with its bind parameters."""

    text: str
    params: list[Any] = field(default_factory=list)

    @staticmethod
    def join(parts: Sequence[Sql], glue: str) -> Sql:
        return Sql("(" + glue.join(p.text for p in parts) + ")", [x for p in parts for x in p.params])


TRUE = Sql("TRUE")


def _tsquery(query: str) -> Sql:
    """Stemmed (russian) or unstemmed (simple): either form of a word matches.

    Every tsquery is a scalar sub-select, so PostgreSQL computes it once per query (an
    InitPlan) and the GIN index can take it; written inline, ``to_tsquery`` is a stable
    function the planner cannot fold, and it chose a sequential scan that detoasted every
    ``tsv`` (a count over 20,000 matches: 400 ms inline, 25 ms as a sub-select).
    """
    return Sql("(SELECT to_tsquery('russian', %s) || to_tsquery('simple', %s))", [query, query])


def _simple(query: str) -> Sql:
    """An unstemmed tsquery, computed once (see ``_tsquery``)."""
    return Sql("(SELECT to_tsquery('simple', %s))", [query])


class _Compiler:
    """Our query tree and filters as a SQL condition on ``search_docs s`` and a rank query."""

    def __init__(self, authority: AuthorityLike | None) -> None:
        self.authority = authority
        self.lookups = 0
        self.looked_up: list[str] = []
        self.positive: list[Sql] = []  # tsqueries of the positive leaves, for ts_rank

    def condition(self, parsed: ParsedQuery, filters: Filters) -> Sql:
        parts: list[Sql] = []
        if parsed.root is not None:
            main = self.node(parsed.root, positive=True)
            if isinstance(parsed.root, And) and all(
                isinstance(c, Term) and not c.prefix for c in parsed.root.children
            ):
                main = self.with_entities(main, parsed.text)
            parts.append(main)
        parts += self.filters(filters)
        return Sql.join(parts, " AND ") if parts else TRUE

    def rank_query(self) -> Sql | None:
        return Sql.join(self.positive, " || ") if self.positive else None

    def entity_ids(self, text: str) -> list[str]:
        if self.lookups >= MAX_LOOKUPS:
            return []
        self.lookups += 1
        ids = lookup_ids(self.authority, text)
        self.looked_up.extend(ids)
        return ids

    def with_entities(self, cond: Sql, text: str, column: str = "s.entities") -> Sql:
        ids = self.entity_ids(text)
        if not ids:
            return cond
        return Sql.join([cond, Sql(f"{column} && %s::text[]", [ids])], " OR ")

    def node(self, node: Node, *, positive: bool) -> Sql:
        if isinstance(node, Term):
            return self.term(node, positive)
        if isinstance(node, Phrase):
            return self.phrase(node, positive)
        if isinstance(node, Not):
            inner = self.node(node.child, positive=not positive)
            return Sql("(NOT " + inner.text + ")", inner.params)
        glue = " OR " if isinstance(node, Or) else " AND "
        return Sql.join([self.node(c, positive=positive) for c in node.children], glue)

    def _match(self, tsq: Sql, positive: bool) -> Sql:
        if positive:
            self.positive.append(tsq)
        return Sql(f"s.tsv @@ {tsq.text}", list(tsq.params))

    def term(self, term: Term, positive: bool) -> Sql:
        if term.prefix:
            return self._match(_simple(lexeme(term.token) + ":*"), positive)
        cond = self._match(_tsquery(lexeme(term.token)), positive)
        return cond if term.token.isdigit() else self.with_entities(cond, term.token)

    def phrase(self, phrase: Phrase, positive: bool) -> Sql:
        query = " <-> ".join(lexeme(t) for t in phrase.tokens)
        cond = self._match(_tsquery(query), positive)
        return self.with_entities(cond, phrase.text or " ".join(phrase.tokens))

    def name_filter(self, value: str, role: str) -> Sql:
        words = analyze.tokens(value)
        parts = []
        ids = self.entity_ids(value)
        if ids:
            parts.append(Sql(f"s.e_{role} && %s::text[]", [ids]))
        if words:
            query = _simple(" <-> ".join(lexeme(w) for w in words))
            parts.append(Sql(f"s.f_{role} @@ {query.text}", query.params))
        return Sql.join(parts, " OR ") if parts else Sql("FALSE")

    def filters(self, f: Filters) -> list[Sql]:
        out = [
            self.name_filter(value, role)
            for value, role in ((f.person, "person"), (f.place, "place"), (f.via, "via"))
            if value
        ]
        for value, column in ((f.type, "k_type"), (f.archive, "k_archive")):
            if value:
                out.append(Sql(f"s.{column} @> %s::text[]", [[analyze.plain_text(value)]]))
        if f.lang:
            out.append(Sql("s.k_lang @> %s::text[]", [[language_code(f.lang)]]))
        check_facets(f.facets, FACETS)
        out.extend(
            Sql("s.facets @> %s::text[]", [[_clean(f"{name}{SEP}{value}")]]) for name, value in f.facets
        )
        if f.date_from:
            out.append(Sql("s.date_max >= %s", [date_number(f.date_from, end=False, name="from")]))
        if f.date_to:
            out.append(Sql("s.date_min <= %s", [date_number(f.date_to, end=True, name="to")]))
        return out


def _clean(text: str) -> str:
    return text.replace("\x00", " ")


class PostgresSearch:
    """Search over a ``PostgresStore``: the interface of ``SearchIndex`` on PostgreSQL."""

    def __init__(
        self,
        store: PostgresStore,
        *,
        authority: AuthorityLike | None = None,
        max_chars: int = 10_000,
        max_terms: int = 64,
        facet_size: int = 20,
        snippet_words: int = 30,
        timeout_ms: int | None = None,
        snippets: Snippets = "python",
    ) -> None:
        self.store = store
        self.path = store.path
        self.authority = None if authority is None else CachedAuthority(authority)
        self.max_chars, self.max_terms = max_chars, max_terms
        self.facet_size, self.snippet_words = facet_size, snippet_words
        self.timeout_ms = timeout_ms
        self.snippets = snippets

    def num_docs(self) -> int:
        return int(self.store._read("SELECT count(*) FROM search_docs")[0][0])

    # -- keeping in step ----------------------------------------------------------------

    def sync(
        self,
        store: Store,
        batch: int = 2_000,
        progress: Callable[[int], None] | None = None,
        ready: dict[str, StoredDocument] | None = None,
        records: dict[str, Any] | None = None,
    ) -> int:
        """Index every document the ledger lists as missing or stale; return how many.

        Each batch is written and marked indexed in one transaction. ``records`` (the
        tantivy index's records made ahead) are not used: the search table is built from
        the documents.
        """
        pg = self._own(store)
        done = 0
        waiting = ready if ready is not None else {}
        while True:
            wanted = pg.pending_ids(batch)
            if not wanted:
                if done >= ANALYZE_AFTER:  # statistics for the planner, the visibility map for
                    with pg.connection() as conn:  # bitmap scans that skip the heap
                        conn.execute("VACUUM (ANALYZE) search_docs")
                return done
            have = {i: waiting.pop(i) for i, v in wanted if i in waiting and waiting[i].version == v}
            loaded = pg.get_many([i for i, _ in wanted if i not in have])
            docs = [d for i, _ in wanted if (d := have.get(i) or loaded.get(i)) is not None]
            with pg.transaction() as conn:
                self._write(conn, docs)
                mark_indexed(conn, [(d.id, d.version) for d in docs])
            done += len(docs)
            if progress is not None:
                progress(done)

    def _own(self, store: Store) -> PostgresStore:
        if store is not self.store and not isinstance(store, PostgresStore):
            raise StoreError(
                "PostgreSQL search needs its PostgreSQL store", path=getattr(store, "path", None)
            )
        return self.store

    def _write(self, conn: Conn, docs: list[StoredDocument]) -> None:
        rows = [self._row(doc, index_record(doc, self.authority)) for doc in docs]
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO search_docs (id, seq, version, tsv, entities, f_person, f_place,"
                " f_via, e_person, e_place, e_via, k_type, k_lang, k_archive, facets,"
                " date_min, date_max) SELECT %s, d.seq, %s,"
                " setweight(to_tsvector('russian', %s), 'B')"
                " || setweight(to_tsvector('simple', %s), 'A')"
                " || setweight(to_tsvector('simple', %s), 'D'),"
                " %s, to_tsvector('simple', %s), to_tsvector('simple', %s),"
                " to_tsvector('simple', %s), %s, %s, %s, %s, %s, %s, %s, %s, %s"
                " FROM documents d WHERE d.id = %s"
                " ON CONFLICT (id) DO UPDATE SET seq = excluded.seq,"
                " version = excluded.version, tsv = excluded.tsv,"
                " entities = excluded.entities, f_person = excluded.f_person,"
                " f_place = excluded.f_place, f_via = excluded.f_via,"
                " e_person = excluded.e_person, e_place = excluded.e_place,"
                " e_via = excluded.e_via, k_type = excluded.k_type, k_lang = excluded.k_lang,"
                " k_archive = excluded.k_archive, facets = excluded.facets,"
                " date_min = excluded.date_min, date_max = excluded.date_max",
                rows,
            )
            found = sorted(
                {
                    _clean(n)
                    for doc in docs
                    for r in names(doc.data)
                    for n in (r.name, r.as_written)
                    if n and n.strip()
                }
            )
            if found:
                cur.execute(
                    "INSERT INTO search_names (name, folded) SELECT n, f FROM"
                    " unnest(%s::text[], %s::text[]) AS t(n, f)"
                    " ON CONFLICT DO NOTHING",
                    (found, [analyze.plain_name(n) for n in found]),
                )

    @staticmethod
    def _row(doc: StoredDocument, rec: IndexRecord) -> tuple[Any, ...]:
        plain = _clean(rec.plain[:MAX_TEXT_CHARS])
        facets = [f"{facet}{SEP}{value}" for facet, values in rec.facets.items() for value in values]
        return (
            _clean(doc.id),
            doc.version,
            plain,
            _clean(rec.names),
            plain,
            rec.entities,
            _clean(rec.filters["f_person"]),
            _clean(rec.filters["f_place"]),
            _clean(rec.filters["f_via"]),
            rec.entity_filters["e_person"],
            rec.entity_filters["e_place"],
            rec.entity_filters["e_via"],
            rec.keys["k_type"],
            rec.keys["k_lang"],
            rec.keys["k_archive"],
            [_clean(f) for f in facets],
            rec.date_min,
            rec.date_max,
            _clean(doc.id),
        )

    def rebuild(self, store: Store) -> int:
        """Drop every search row and index the whole store again."""
        pg = self._own(store)
        with pg.transaction() as conn:
            conn.execute("DELETE FROM search_docs")
            conn.execute("UPDATE documents SET indexed_version = 0")
        return self.sync(pg)

    def check(self, store: Store, *, full: bool = True) -> list[str]:
        """Problems: documents missing from the search table, or indexed at an old version."""
        pg = self._own(store)
        problems = []
        indexed, total = self.num_docs(), pg.count()
        if indexed != total:
            problems.append(f"index holds {indexed} documents, store {total}")
        if full:
            rows = pg._read(
                "SELECT d.id, d.version, s.version FROM documents d LEFT JOIN search_docs s"
                " ON s.id = d.id WHERE s.id IS NULL OR s.version <> d.version ORDER BY d.seq"
                " LIMIT 100"
            )
            problems += [f"{r[0]}: indexed at version {r[2]}, stored {r[1]}" for r in rows]
        return problems

    # -- searching ----------------------------------------------------------------------

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
        compiler = _Compiler(self.authority)
        where = compiler.condition(parsed, chosen)
        if ids is not None:
            where = Sql.join([where, Sql("s.id = ANY(%s)", [list(ids)])], " AND ")
        rank = compiler.rank_query() if parsed.root is not None and sort == "relevance" else None
        limit = max(0, min(limit, MAX_LIMIT))
        pg = self._own(store)
        with pg.transaction(read_only=True, timeout_ms=self.timeout_ms) as conn:
            scored = self._ranked(conn, where, rank, limit, max(offset, 0), sort == "-date")
            total = self._total(conn, where)
            counts = self._facets(conn, where, SEARCH_FACETS) if facets else {}
            heads = (
                self._headlines(conn, [i for _, i in scored], rank)
                if snippets and self.snippets == "headline" and rank is not None
                else {}
            )
        matcher = Matcher.from_leaves(leaves(parsed.root), expand(self.authority, compiler.looked_up))
        hits = self._hits(pg, scored, matcher, heads) if snippets else [
            Hit(doc_id, None, None, None, None, score, "") for score, doc_id in scored]
        result = SearchResult(parsed.text, total, hits, counts, parsed.warnings)
        if not snippets:
            result.dress = lambda shown: self._dressed(pg, shown, matcher, rank)
        result.took_ms = (time.perf_counter() - started) * 1000
        return result

    def _dressed(self, pg: PostgresStore, shown: list[Hit], matcher: Matcher, rank: Sql | None) -> list[Hit]:
        """Bare hits with their cards and snippets (``SearchResult.dress``)."""
        scored = [(h.score, h.id) for h in shown]
        heads: dict[str, str] = {}
        if self.snippets == "headline" and rank is not None and scored:
            with pg.transaction(read_only=True, timeout_ms=self.timeout_ms) as conn:
                heads = self._headlines(conn, [i for _, i in scored], rank)
        return self._hits(pg, scored, matcher, heads)

    @staticmethod
    def _ranked(
        conn: Conn, where: Sql, rank: Sql | None, limit: int, offset: int, newest: bool = False
    ) -> list[tuple[float, str]]:
        if rank is None:
            sql = (
                f"SELECT 0.0, s.id FROM search_docs s WHERE {where.text}"
                f" ORDER BY s.date_min {'DESC' if newest else 'ASC'} NULLS LAST, s.seq LIMIT %s OFFSET %s"
            )
            params = [*where.params, limit, offset]
        else:
            sql = (
                f"SELECT ts_rank(s.tsv, {rank.text}), s.id FROM search_docs s"
                f" WHERE {where.text} ORDER BY 1 DESC, s.seq LIMIT %s OFFSET %s"
            )
            params = [*rank.params, *where.params, limit, offset]
        return [
            (float(score), str(doc_id)) for score, doc_id in conn.execute(sql.encode(), params).fetchall()
        ]

    @staticmethod
    def _total(conn: Conn, where: Sql) -> int:
        row = conn.execute(
            f"SELECT count(*) FROM search_docs s WHERE {where.text}".encode(), where.params
        ).fetchone()
        return int(row[0]) if row else 0

    def _facets(
        self, conn: Conn, where: Sql, wanted: tuple[str, ...], size: int | None = None
    ) -> dict[str, list[FacetCount]]:
        top = max(self.facet_size if size is None else size, 1)
        rows = conn.execute(
            (
                "SELECT facet, value, n FROM (SELECT facet, value, n, row_number() OVER"
                ' (PARTITION BY facet ORDER BY n DESC, value COLLATE "C") AS r FROM'
                " (SELECT split_part(f, %s, 1) AS facet, substr(f, strpos(f, %s) + 1) AS value,"
                f" count(*) AS n FROM search_docs s, unnest(s.facets) AS f WHERE {where.text}"
                " GROUP BY f) g WHERE facet = ANY(%s)) t WHERE r <= %s ORDER BY facet, r"
            ).encode(),
            [SEP, SEP, *where.params, list(wanted), top],
        ).fetchall()
        out: dict[str, list[FacetCount]] = {f: [] for f in wanted}
        for facet, value, count in rows:
            out[facet].append(FacetCount(str(value), int(count)))
        return out

    def facet_counts(self, size: int | None = None) -> dict[str, list[FacetCount]]:
        """Counts of every facet (``person`` included) over the whole index."""
        with self.store.transaction(read_only=True, timeout_ms=self.timeout_ms) as conn:
            return self._facets(conn, TRUE, FACETS, size)

    def _headlines(self, conn: Conn, ids: list[str], rank: Sql) -> dict[str, str]:
        if not ids:
            return {}
        options = (
            f"StartSel={_MARK_OPEN}, StopSel={_MARK_CLOSE}, MaxWords="
            f"{max(self.snippet_words, 4)}, MinWords={max(self.snippet_words // 2, 3)}"
        )
        rows = conn.execute(
            (
                "SELECT d.id, ts_headline('russian', translate(coalesce((SELECT s.text FROM"
                " sources s WHERE s.doc_id = d.id ORDER BY s.seq LIMIT 1), ''), %s, ''),"
                f" {rank.text}, %s) FROM documents d WHERE d.id = ANY(%s)"
            ).encode(),
            [_MARK_OPEN + _MARK_CLOSE, *rank.params, options, ids],
        ).fetchall()
        return {str(i): _marked(str(h)) for i, h in rows}

    def _hits(
        self, store: PostgresStore, scored: list[tuple[float, str]], matcher: Matcher, heads: dict[str, str]
    ) -> list[Hit]:
        cards = store.cards([doc_id for _, doc_id in scored])
        out = []
        for score, doc_id in scored:
            card = cards.get(doc_id)
            if card is None:
                continue
            text = heads.get(doc_id) or self._snippet(card, matcher)
            out.append(Hit(doc_id, card.record_id, card.title, card.date, card.doc_type, score, text))
        return out

    def _snippet(self, card: Card, matcher: Matcher) -> str:
        for text in (card.text, card.title or ""):
            found = matcher.find(text)
            if found:
                return snippet(text, matcher, self.snippet_words, found)
        return snippet(card.text, matcher, self.snippet_words, [])

    # -- names ----------------------------------------------------------------------------

    def similar_names(self, text: str, limit: int = 10, threshold: float = 0.3) -> list[tuple[str, float]]:
        """Names in the corpus that look like ``text`` (pg_trgm), best first.

        For OCR-damaged or unfamiliar spellings ("Filipov", "Kaesung"): an aid for the
        person typing, not part of ``search``, so results stay the same as tantivy's.
        """
        folded = analyze.plain_text(text[: self.max_chars])
        if not folded:
            return []
        with self.store.transaction(read_only=True, timeout_ms=self.timeout_ms) as conn:
            rows = conn.execute(
                "SELECT name, similarity(folded, %s) AS sim FROM search_names"
                " WHERE folded %% %s AND similarity(folded, %s) >= %s"
                ' ORDER BY sim DESC, name COLLATE "C" LIMIT %s',
                (folded, folded, folded, threshold, max(1, min(limit, 100))),
            ).fetchall()
        return [(str(name), float(sim)) for name, sim in rows]


def _marked(headline: str) -> str:
    """ts_headline output, escaped, with its markers turned into ``<mark>`` tags."""
    escaped = html.escape(headline)
    return " ".join(escaped.replace(_MARK_OPEN, "<mark>").replace(_MARK_CLOSE, "</mark>").split())
