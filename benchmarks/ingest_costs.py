"""Where ingest time goes: CPU microseconds per document for each stage, no profiler.

    python benchmarks/ingest_costs.py --docs 3000

Runs each stage of ``Corpus.ingest_pages`` (store + index; the parser excluded, as in
``scale.py``) on its own over the same N synthetic telegrams and prints CPU µs per
document (``time.process_time``, every thread of this process: tantivy indexes in Rust
threads that ``commit`` waits for), then the whole pipeline for comparison, and a bare
SQLite FTS5 build of the same texts. The last line is a JSON summary.

    python benchmarks/ingest_costs.py --docs 2000 --fields

``--fields`` also prices each indexed field: the same documents indexed with that field
alone, less empty documents (CPU of ``add_document`` + ``commit``, best of 3), and the
stemmed field analysed by tantivy's own Rust analyzer (Snowball Russian then English,
registered on the index) instead of the Python stems.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import tantivy

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import Generator

import cablegraph.corpus
from cablegraph.model.jsonable import document_json
from cablegraph.search import analyze
from cablegraph.search.fields import index_record
from cablegraph.search.index import SearchIndex, _tantivy_doc
from cablegraph.store import similar
from cablegraph.store.base import SourceInfo, StoredDocument
from cablegraph.store.facets import facet_values, names
from cablegraph.store.sqlite import SQLiteStore

T = TypeVar("T")
R = TypeVar("R")


def per_doc(costs: dict[str, float], label: str, step: Callable[[T], R], items: Sequence[T]
            ) -> list[R]:
    started = time.process_time()
    out = [step(x) for x in items]
    costs[label] = round((time.process_time() - started) / len(items) * 1e6)
    return out


def index_cpu(schema_index: SearchIndex, docs: Sequence[tantivy.Document]) -> float:
    """CPU µs per document to add ``docs`` to a fresh index and commit (Rust threads included)."""
    writer = schema_index.index.writer(heap_size=64_000_000, num_threads=1)
    started = time.process_time()
    for doc in docs:
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    return (time.process_time() - started) / len(docs) * 1e6


def field_costs(folder: Path, docs: list[tantivy.Document], stored: list[StoredDocument]
                ) -> dict[str, float]:
    """Indexing CPU of each field: documents holding only that field, less empty ones (a
    difference of two small figures: steadier on a loaded machine than all-but-one)."""
    dicts = [d.to_dict() for d in docs]
    schema = SearchIndex(folder / "fields-all").schema
    names = sorted({k for d in dicts for k in d})
    def best(label: str, these: list[tantivy.Document]) -> float:  # least disturbed of 3
        return min(index_cpu(SearchIndex(folder / f"{label}-{i}"), these) for i in range(3))

    empty = best("fields-none", [tantivy.Document() for _ in dicts])
    out: dict[str, float] = {"(all fields)": round(best("fields-all", docs) - empty)}
    for name in names:
        alone = [tantivy.Document.from_dict({name: d[name]} if name in d else {}, schema)
                 for d in dicts]
        out[name] = round(best(f"fields-only-{name}", alone) - empty)
    out.update(rust_stems(folder, stored))
    return out


def rust_stems(folder: Path, stored: list[StoredDocument]) -> dict[str, float]:
    """The stemmed field alone, two ways: Python stems (cached) split on spaces by tantivy,
    or the cleaned, case-folded text stemmed by a tantivy analyzer (Python + Rust CPU)."""
    texts = ["\n".join(s.texts) for s in stored]
    out: dict[str, float] = {}
    for how in ("python", "rust"):
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("stem", tokenizer_name="whitespace" if how == "python" else "cg_stem",
                               index_option="freq")
        builder.add_text_field("pairs", tokenizer_name="whitespace")
        index = tantivy.Index(builder.build(), path=str(_fresh(folder / f"stems-{how}")))
        index.register_tokenizer("cg_stem", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                                 .filter(tantivy.Filter.stemmer("russian"))
                                 .filter(tantivy.Filter.stemmer("english")).build())
        writer = index.writer(heap_size=64_000_000, num_threads=1)
        started = time.process_time()
        for text in texts:
            doc = tantivy.Document()
            if how == "python":
                doc.add_text("stem", " ".join(_stems(text)))
            else:
                doc.add_text("stem", analyze.clean(text).casefold().replace("ё", "е"))
            writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        out[f"stem field alone, {how} stems"] = round((time.process_time() - started) / len(texts) * 1e6)
    started = time.process_time()
    for text in texts:
        " ".join(map("_".join, itertools.pairwise(_stems(text))))
    seconds = time.process_time() - started
    out["Python analyzed_lists + pairs text (no index)"] = round(seconds / len(texts) * 1e6)
    return out


def _stems(text: str) -> list[str]:
    """The stems of a text (``analyzed_lists`` where the code has it)."""
    lists = getattr(analyze, "analyzed_lists", None)
    return lists(text)[1] if lists is not None else analyze.analyzed(text)[1].split()


def _fresh(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1951)
    parser.add_argument("--fields", action="store_true", help="also price each indexed field")
    parser.add_argument("--parsed", action="store_true",
                        help="documents from the real parser, indexed with the bundled authority"
                             " (the names of every resolved entity; parsing is not timed)")
    args = parser.parse_args()
    items = list(Generator(args.seed).corpus(args.docs))
    authority: Any = None
    if args.parsed:
        from cablegraph.parse import parse_page
        from cablegraph.resolve import Authority
        from cablegraph.search.names import CachedAuthority

        items = [(page, parse_page(page)) for page, _ in items]
        authority = CachedAuthority(Authority.builtin())
    folder = Path(tempfile.mkdtemp(prefix="cablegraph-costs-"))
    costs: dict[str, float] = {}

    data = per_doc(costs, "document_json", lambda it: document_json(it[1], it[0]), items)
    stored = [StoredDocument(d["id"], 1, {k: v for k, v in d.items() if k != "source"},
                             sources=[SourceInfo(p.sha256, p.path, p.format, p.encoding)],
                             texts=[p.text]) for d, (p, _) in zip(data, items, strict=True)]
    store = SQLiteStore(str(folder / "store.db"))
    rows = [(SourceInfo(p.sha256, p.path, p.format, p.encoding), p.text, d)
            for d, (p, _) in zip(data, items, strict=True)]
    batches = [rows[i:i + 100] for i in range(0, len(rows), 100)]
    started = time.process_time()
    for batch in batches:
        store.put_many(batch)
    costs["store.put (SQLite, all)"] = round((time.process_time() - started) / len(rows) * 1e6)
    per_doc(costs, "  sketch", lambda s: similar.sketch(similar.body_text(s.data, s.texts[0])),
            stored)
    per_doc(costs, "  facet_values", lambda s: facet_values(s.data), stored)
    per_doc(costs, "  json.dumps(data)", lambda s: json.dumps(s.data, ensure_ascii=False), stored)
    store.close()

    for cache in (getattr(analyze, "_FOLDED", {}), getattr(analyze, "_STEMMED", {})):
        cache.clear()  # (absent from the code before issue 19's change: then the lru caches)
    analyze.fold.cache_clear()
    analyze.stem.cache_clear()
    per_doc(costs, "analyze, first pass (cold)",
            lambda s: analyze.analyzed("\n".join(s.texts)), stored)
    records = per_doc(costs, "index_record (all)", lambda s: index_record(s, authority), stored)
    per_doc(costs, "  analyze (fold+stem)",
            lambda s: analyze.analyzed("\n".join(s.texts)), stored)
    per_doc(costs, "  names", lambda s: names(s.data), stored)
    per_doc(costs, "  facet_values (again)", lambda s: facet_values(s.data), stored)
    docs = per_doc(costs, "tantivy Document", _tantivy_doc, records)
    index = SearchIndex(folder / "index")
    writer = index.index.writer(heap_size=64_000_000, num_threads=1)
    started = time.process_time()
    for doc in docs:
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    costs["tantivy indexing (Rust)"] = round((time.process_time() - started) / len(docs) * 1e6)

    corpus = cablegraph.corpus.open(folder / "whole.db", authority=authority and authority.authority)
    parsed = {p.sha256: d for p, d in items}
    corpus._parser = lambda page: parsed[page.sha256]
    started = time.process_time()
    corpus.ingest_pages(p for p, _ in items)
    whole = (time.process_time() - started) / len(items) * 1e6
    corpus.close()

    fts = sqlite3.connect(folder / "fts5.db")
    fts.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61')")
    started = time.process_time()
    with fts:
        fts.executemany("INSERT INTO t (body) VALUES (?)", [(p.text,) for p, _ in items])
    bare = (time.process_time() - started) / len(items) * 1e6
    fts.close()

    fields = field_costs(folder, docs, stored) if args.fields else {}

    for label, value in costs.items():
        print(f"{label:28s} {value:7.0f} µs/doc")
    print(f"{'whole ingest_pages':28s} {whole:7.0f} µs/doc ({1e6 / whole:.0f} docs per CPU-s)")
    print(f"{'bare FTS5 build':28s} {bare:7.0f} µs/doc ({1e6 / bare:.0f} docs per CPU-s)")
    for label, value in fields.items():
        print(f"field {label:38s} {value:7.0f} µs/doc")
    summary: dict[str, Any] = {"docs": args.docs, "parsed": args.parsed, "us_per_doc": costs,
                               "fields_us_per_doc": fields,
                               "whole_us_per_doc": round(whole), "fts5_us_per_doc": round(bare),
                               "ingest_over_fts5": round(bare / whole, 3)}
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
