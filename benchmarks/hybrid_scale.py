"""Hybrid search at scale: latency (wall and CPU), its parts, memory, on a large corpus.

    python benchmarks/scale.py --docs 100000 --dir DIR --no-baselines   # the corpus (once)
    python benchmarks/hybrid_scale.py --db DIR/bench.db [--real 0] [--repeat 5]

The encoder cannot embed 100,000 documents in the time of a benchmark (about 3,000
characters/s on 2 cores), so the e5 vector index (``<db>.vectors/``) is filled with the
real passages of every document (:func:`cablegraph.meaning.passages.passages`: titles and
text cut as ``enrich`` cuts them) whose vectors are random unit vectors, except ``--real``
documents (spread evenly) that get their real e5 vectors. The ranking's *content* is then
meaningless; its *cost* is real: the query encoded by e5, the HNSW search, the candidate
passages read, the filters and the fusion. The vocabulary is built for real: its terms
counted from those passages (as ``enrich`` counts them) and embedded by USE
(:func:`cablegraph.meaning.vocabulary.update_terms`) into the second encoder's folder
(``<db>.vectors/sentences/``), whose passage vectors hybrid search never reads (only
search by meaning alone does); they are not built (their memory is not in the figures).

Then, in a child process (its peak memory is the server's, not the build's), every
query of ``benchmarks/scale.py`` that has words, and every sentence of
``tests/fixtures/meaning/queries.json``, through ``Corpus.search(mode="hybrid")`` (what
the CLI, the API and the search page call), once to warm up and ``--repeat`` times
measured: wall and CPU (``time.process_time``: every thread of the process) p50/p95/p99.
Then each part of a hybrid search timed alone, by the same calls hybrid makes: the query
encoded by e5, the nearest passages and their documents, the candidates filtered, the
full-text ranking (all words, then any), the names ranking, the translation ranking (the
query's words encoded by USE and the nearest terms, then their full-text search), the page
shown. The last line printed is the JSON summary.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from scale import QUERIES, folder_mb, percentiles  # noqa: E402

import cablegraph.corpus  # noqa: E402
from cablegraph.corpus import Corpus  # noqa: E402
from cablegraph.meaning import hybrid  # noqa: E402
from cablegraph.meaning.encoder import default_encoder, sentence_encoder  # noqa: E402
from cablegraph.meaning.passages import Passage, passages  # noqa: E402
from cablegraph.meaning.vocabulary import update_terms  # noqa: E402
from cablegraph.search.filters import Filters  # noqa: E402

SENTENCES = HERE.parent / "tests" / "fixtures" / "meaning" / "queries.json"
BATCH = 1_000
FLUSH_EVERY = 20  # batches


def peak_mb() -> float:
    """This process's peak resident memory: ``VmHWM`` (``ru_maxrss`` would count the
    parent's memory too: it survives ``exec``)."""
    for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(corpus: Corpus, real: int, seed: int, limit: int | None) -> dict[str, Any]:
    """Fill the corpus's e5 index (random vectors, ``real`` documents' real ones; the first
    ``limit`` documents, all if None) and its vocabulary; what it took. Resumes: the
    documents already in the index are skipped (``--search-only`` to skip the build)."""
    vectors = corpus.vectors()
    encoder = default_encoder()
    rng = np.random.default_rng(seed)
    done = vectors.embedded()
    versions = [v for v in list(corpus.store.versions())[:limit] if v[0] not in done]
    every = max(1, len(versions) // real) if real else 0
    out: dict[str, Any] = {"documents": len(versions), "already_embedded": len(done), "passages": 0,
                           "real_documents": 0, "characters": 0}
    started, cpu = time.perf_counter(), time.process_time()
    reading = encoding = 0.0
    for number, first in enumerate(range(0, len(versions), BATCH)):
        chunk = versions[first:first + BATCH]
        t = time.perf_counter()
        docs = corpus.store.get_many([doc_id for doc_id, _ in chunk])
        found: list[Passage] = []
        genuine: set[str] = set()
        for offset, (doc_id, _) in enumerate(chunk):
            doc = docs.get(doc_id)
            if doc is not None and doc.data.get("page_kind") != "listing":
                found += passages(doc)
                if every and (first + offset) % every == 0:
                    genuine.add(doc_id)
        reading += time.perf_counter() - t
        matrix = rng.standard_normal((len(found), encoder.dimensions)).astype(np.float32)
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
        chosen = [i for i, p in enumerate(found) if p.doc_id in genuine]
        if chosen:
            t = time.perf_counter()
            matrix[chosen] = encoder.passages([found[i].text for i in chosen])
            encoding += time.perf_counter() - t
        vectors.add(chunk, found, matrix)
        out["passages"] += len(found)
        out["real_documents"] += len(genuine)
        out["characters"] += sum(len(p.text) for p in found)
        if number % FLUSH_EVERY == FLUSH_EVERY - 1:
            vectors.flush()
            print(f"  {first + len(chunk):,} documents, {out['passages']:,} passages,"
                  f" {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    vectors.flush()
    out["vector_build_s"] = round(time.perf_counter() - started - encoding, 1)
    out["vector_build_cpu_s"] = round(time.process_time() - cpu, 1)
    out["passages_read_s"] = round(reading, 1)
    out["real_encoding_s"] = round(encoding, 1)
    assert vectors.path is not None
    out["vector_index_mb"] = folder_mb(vectors.path / "passages.usearch")
    out["vector_folder_mb"] = folder_mb(vectors.path)
    # The vocabulary, as enrich builds it: terms counted from the passages (the second
    # encoder's index holds the same passages as e5's), embedded by USE.
    started = time.perf_counter()
    with sqlite3.connect(corpus.sentence_vectors().path / "passages.sqlite",  # type: ignore[operator]
                         isolation_level=None) as db:
        report = update_terms(db, sentence_encoder(), vectors.document_texts())
    out["vocabulary_terms"] = report.terms
    out["vocabulary_s"] = round(time.perf_counter() - started, 1)
    out["build_peak_rss_mb"] = round(peak_mb())
    return out


def queries() -> list[tuple[str, str, dict[str, str]]]:
    """(label, text, filters): scale.py's queries with words, then the sentence queries."""
    found = [("scale", text, filters) for text, filters, _ in QUERIES if text]
    sentences = json.loads(SENTENCES.read_text(encoding="utf-8"))["queries"]
    return found + [(f"sentence-{q['lang']}", str(q["q"]), {}) for q in sentences]


def timed(call: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    value = call()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, value


def parts(corpus: Corpus, text: str, filters: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Wall and CPU ms of each part of one hybrid search, by the calls ``search_by_meaning`` makes."""
    index, store = corpus.index, corpus.store
    chosen = Filters(**filters)  # type: ignore[arg-type]
    depth = hybrid.DEPTH
    encoder = default_encoder()
    out: dict[str, tuple[float, float]] = {}
    ms, cpu, vector = timed(lambda: encoder.query(text))
    out["e5_query"] = ms, cpu
    ms, cpu, hits = timed(lambda: corpus.vectors().search(vector, depth * hybrid.PASSAGES_READ))
    out["nearest_passages"] = ms, cpu
    ms, cpu, near = timed(lambda: hybrid.documents_by_meaning(hits, text)[:depth])
    out["passages_to_documents"] = ms, cpu
    candidates = list(dict.fromkeys(h.doc_id for h in near))
    out["filter"] = timed(lambda: index.search(store, "", chosen, ids=candidates, limit=len(candidates) or 1,
                                               facets=False, snippets=False))[:2]

    def full_text() -> None:
        found = index.search(store, text, chosen, limit=depth, facets=True, snippets=False)
        loose = hybrid.any_words(text)
        if len(found.hits) < depth and loose:
            index.search(store, loose, chosen, limit=depth, facets=False, snippets=False)

    out["text"] = timed(full_text)[:2]

    def names() -> None:
        named = hybrid.names_of(getattr(index, "authority", None), text)
        if named:
            hybrid._either(index, store, named, chosen, depth)

    out["names"] = timed(names)[:2]
    vocabulary = corpus.sentence_vectors().vocabulary()
    ms, cpu, terms = timed(lambda: vocabulary.translate(text, sentence_encoder()))
    out["translate_words"] = ms, cpu
    out["translate_search"] = timed(lambda: index.search(
        store, " OR ".join(terms), chosen, limit=depth, facets=False, snippets=False) if terms else None)[:2]
    page = [h.doc_id for h in near[:20]]
    out["page_shown"] = timed(lambda: hybrid._shown(index, store, text, chosen, page))[:2]
    return out


def measure(db: Path, repeat: int) -> dict[str, Any]:
    """Hybrid search over every query, then its parts; in this (fresh) process."""
    opened = time.perf_counter()
    corpus = cablegraph.corpus.open(db)
    vocabulary = len(corpus.sentence_vectors().vocabulary())
    out: dict[str, Any] = {"documents": corpus.store.count(),
                           "passages": len(corpus.vectors()), "vocabulary_terms": vocabulary}
    wall: list[float] = []
    cpu: list[float] = []
    by_kind: dict[str, list[float]] = {}
    per_query: dict[str, Any] = {}
    warm_ms: list[float] = []
    for kind, text, filters in queries():
        first = timed(lambda: corpus.search(text, mode="hybrid", **filters))  # type: ignore[arg-type]  # noqa: B023
        warm_ms.append(first[0])
        times = []
        for _ in range(repeat):
            ms, cpu_ms, result = timed(lambda: corpus.search(text, mode="hybrid", **filters))  # type: ignore[arg-type]  # noqa: B023
            times.append(ms)
            cpu.append(cpu_ms)
            by_kind.setdefault(kind, []).append(ms)
        wall += times
        label = " ".join([text, *(f"{k}={v}" for k, v in filters.items())])
        per_query[label] = {"ms": round(statistics.median(times), 1), "total": result.total,
                            "hits": len(result.hits)}
    out["opened_and_warmed_s"] = round(time.perf_counter() - opened, 1)
    out["first_query_ms"] = round(warm_ms[0], 1)
    out["wall"] = percentiles(wall)
    out["cpu"] = percentiles(cpu)
    out["by_kind"] = {kind: percentiles(samples) for kind, samples in by_kind.items()}
    split: dict[str, list[tuple[float, float]]] = {}
    for _, text, filters in queries():
        for _ in range(max(1, repeat // 2)):
            for name, pair in parts(corpus, text, filters).items():
                split.setdefault(name, []).append(pair)
    out["parts"] = {name: {"wall": percentiles([w for w, _ in pairs]),
                           "cpu": percentiles([c for _, c in pairs])} for name, pairs in split.items()}
    out["peak_rss_mb"] = round(peak_mb())
    out["per_query"] = per_query
    corpus.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a SQLite corpus (benchmarks/scale.py --dir)")
    parser.add_argument("--real", type=int, default=0, help="documents given their real e5 vectors")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--vector-docs", type=int, help="embed only the first N documents (default: all)")
    parser.add_argument("--seed", type=int, default=1951)
    parser.add_argument("--search-only", action="store_true", help="measure the vectors already built")
    parser.add_argument("--also-env", nargs="*", default=[], metavar="NAME=VALUE",
                        help="measure search again with these variables set at the child's start")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.db, args.repeat)))
        return
    report: dict[str, Any] = {"db": str(args.db)}
    if not args.search_only:
        corpus = cablegraph.corpus.open(args.db)
        try:
            report["build"] = build(corpus, args.real, args.seed, args.vector_docs)
        finally:
            corpus.close()
        print(json.dumps(report["build"]), file=sys.stderr, flush=True)
    settings: list[tuple[str, dict[str, str]]] = [("as shipped", {})]
    if args.also_env:
        settings.append((f"with {' '.join(args.also_env)}", dict(v.split("=", 1) for v in args.also_env)))
    report["search"] = []
    for name, extra in settings:
        child = subprocess.run([sys.executable, __file__, "--db", str(args.db), "--repeat", str(args.repeat),
                                "--child"], check=True, capture_output=True, text=True,
                               env={**os.environ, **extra})
        search = {"setting": name, **json.loads(child.stdout.strip().splitlines()[-1])}
        report["search"].append(search)
        print(f"{name}: {search['documents']:,} documents, {search['passages']:,} passages,"
              f" {search['vocabulary_terms']:,} terms; hybrid p50 {search['wall']['p50_ms']} ms,"
              f" p95 {search['wall']['p95_ms']} ms, p99 {search['wall']['p99_ms']} ms"
              f" (CPU p50 {search['cpu']['p50_ms']} ms, p95 {search['cpu']['p95_ms']} ms);"
              f" peak RSS {search['peak_rss_mb']} MB")
        for part, figures in search["parts"].items():
            print(f"  {part}: wall p50 {figures['wall']['p50_ms']} ms, p95 {figures['wall']['p95_ms']} ms;"
                  f" CPU p50 {figures['cpu']['p50_ms']} ms, p95 {figures['cpu']['p95_ms']} ms")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
