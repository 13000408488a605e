"""PostgreSQL backend benchmark on synthetic telegrams (the queries of store_search.py).

    python benchmarks/pg_bench.py --docs 20000               # starts a throwaway server
    python benchmarks/pg_bench.py --docs 20000 --url postgresql://me@host/db   # existing DB

Measures, at N documents: ingest throughput (documents/s: store + PostgreSQL full-text
rows, no parser and no NER, as store_search.py), database size (``pg_database_size``),
search latency p50/p95/p99 over the 20 fixed queries of ``store_search.py`` with facets
(each run ``--repeat`` times after one warm-up), document fetch latency (``Corpus.get``
of random ids), and the peak memory (max RSS) of this process and of the server's
processes. The throwaway server is durable (fsync on) unless ``--unsafe``; it runs with
``shared_buffers=256MB``. The last line printed is the JSON summary.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "pg"))

from pgserver import Server, start
from store_search import QUERIES
from synthetic import Generator

from cablegraph.corpus import Corpus
from cablegraph.model import Document, SourcePage
from cablegraph.pg import postgres_corpus


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def server_rss_mb(server: Server | None) -> float | None:
    """Sum of the resident memory of the server's processes now (Linux only)."""
    if server is None:
        return None
    pid_file = server.data / "postmaster.pid"
    try:
        main = int(pid_file.read_text().split()[0])
        pids = [main] + [
            int(p)
            for p in subprocess.run(
                ["pgrep", "-P", str(main)], capture_output=True, text=True, check=False
            ).stdout.split()
        ]
    except (OSError, ValueError):
        return None
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return round(total / 1024, 1)


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], 2)

    return {"p50_ms": round(statistics.median(ordered), 2), "p95_ms": at(0.95), "p99_ms": at(0.99)}


def ingest(corpus: Corpus, n: int, seed: int, server: Server | None) -> dict[str, object]:
    current: dict[str, Document] = {}
    generating = [0.0]
    server_peak = [0.0]

    def parser(page: SourcePage) -> Document:
        return current.pop(page.sha256)

    def pages() -> object:
        telegrams = Generator(seed).corpus(n)
        i = 0
        while True:
            started = time.perf_counter()
            item = next(telegrams, None)
            generating[0] += time.perf_counter() - started
            if item is None:
                return
            current[item[0].sha256] = item[1]
            i += 1
            if i % 2000 == 0:
                server_peak[0] = max(server_peak[0], server_rss_mb(server) or 0.0)
            yield item[0]

    corpus._parser = parser
    started = time.perf_counter()
    report = corpus.ingest_pages(pages())  # type: ignore[arg-type]
    seconds = time.perf_counter() - started - generating[0]
    return {
        "docs": report.added,
        "seconds": round(seconds, 1),
        "generator_seconds_excluded": round(generating[0], 1),
        "docs_per_s": round(report.added / seconds, 1),
        "server_rss_peak_sampled_mb": server_peak[0] or None,
    }


def search(corpus: Corpus, repeat: int) -> dict[str, object]:
    per_query = {}
    samples: list[float] = []
    for text, filters in QUERIES:
        corpus.search(text, **filters)  # type: ignore[arg-type]
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            result = corpus.search(text, **filters)  # type: ignore[arg-type]
            times.append((time.perf_counter() - started) * 1000)
        samples += times
        per_query[text or "<empty>"] = {"ms": round(statistics.median(times), 2), "total": result.total}
    return {**percentiles(samples), "per_query": per_query}


def fetch(corpus: Corpus, n: int, seed: int) -> dict[str, float]:
    ids = [
        doc_id
        for (doc_id,) in corpus.store._read(  # type: ignore[attr-defined]
            "SELECT id FROM documents ORDER BY random() LIMIT %s", (n,)
        )
    ]
    random.Random(seed).shuffle(ids)
    samples = []
    for doc_id in ids:
        started = time.perf_counter()
        corpus.get(doc_id)
        samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1951)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--fetches", type=int, default=1000)
    parser.add_argument("--url", help="an existing, empty database (default: start one)")
    parser.add_argument("--unsafe", action="store_true", help="fsync off on the server")
    args = parser.parse_args()
    server = None if args.url else start(durable=not args.unsafe, settings=("shared_buffers=256MB",))
    try:
        url = args.url or server.new_database()  # type: ignore[union-attr]
        corpus = postgres_corpus(url, authority=None)
        out: dict[str, object] = {"backend": "postgresql", "docs": args.docs}
        out["ingest"] = ingest(corpus, args.docs, args.seed, server)
        out["db_size_mb"] = round(
            int(
                corpus.store._read(  # type: ignore[attr-defined]
                    "SELECT pg_database_size(current_database())"
                )[0][0]
            )
            / 1e6,
            1,
        )
        out["search"] = search(corpus, args.repeat)
        out["fetch"] = fetch(corpus, args.fetches, args.seed)
        out["peak_rss_mb"] = round(peak_mb())
        out["server_rss_mb_end"] = server_rss_mb(server)
        corpus.close()
    finally:
        if server is not None:
            server.stop()
    print(json.dumps(out, indent=2, ensure_ascii=False))
    print(
        json.dumps(
            {k: v for k, v in out.items() if k != "search"}
            | {"search": {k: v for k, v in out["search"].items() if k != "per_query"}},  # type: ignore[attr-defined]
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
