"""Where ingest time goes: CPU microseconds per document for each stage, no profiler.

    python benchmarks/ingest_costs.py --docs 3000

Runs each stage of ``Corpus.ingest_pages`` (store + index; the parser excluded, as in
``scale.py``) on its own over the same N synthetic telegrams and prints CPU µs per
document (``time.process_time``, every thread of this process: tantivy indexes in Rust
threads that ``commit`` waits for), then the whole pipeline for comparison, and a bare
SQLite FTS5 build of the same texts. The last line is a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1951)
    args = parser.parse_args()
    items = list(Generator(args.seed).corpus(args.docs))
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

    records = per_doc(costs, "index_record (all)", index_record, stored)
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

    corpus = cablegraph.corpus.open(folder / "whole.db", authority=None)
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

    for label, value in costs.items():
        print(f"{label:28s} {value:7.0f} µs/doc")
    print(f"{'whole ingest_pages':28s} {whole:7.0f} µs/doc ({1e6 / whole:.0f} docs per CPU-s)")
    print(f"{'bare FTS5 build':28s} {bare:7.0f} µs/doc ({1e6 / bare:.0f} docs per CPU-s)")
    summary: dict[str, Any] = {"docs": args.docs, "us_per_doc": costs,
                               "whole_us_per_doc": round(whole), "fts5_us_per_doc": round(bare),
                               "ingest_over_fts5": round(bare / whole, 3)}
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
