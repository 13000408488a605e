"""Store and search benchmark on synthetic telegrams, with bare FTS5 for comparison.

    python benchmarks/store_search.py --docs 100000

Measures, at N documents: ingest throughput (documents/s, store + search index, no parser
and no NER: the generator builds the parsed documents), database size (SQLite file, WAL and
the index folder), search latency p50/p95 over 20 fixed queries with facets (each run
``--repeat`` times after one warm-up), and the peak memory (max RSS) of the process so far.
Then it builds bare SQLite FTS5 (unicode61, no stemming, ``ORDER BY bm25 LIMIT 20``) over
the same texts in a separate process and reports the same latencies and the ratio.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import Generator

import cablegraph.corpus
from cablegraph.model import Document, SourcePage

QUERIES: list[tuple[str, dict[str, str]]] = [
    ("Stalin", {}),
    ("Сталин", {}),
    ("Kaesong", {}),
    ("перемирие", {}),
    ("Риджуэй", {}),
    ('"Kim Il Sung"', {}),
    ("negotiat*", {}),
    ("armistice negotiations", {}),
    ('"demarcation line"', {}),
    ("No. 10500", {}),
    ("11.II.1951", {}),
    ("prisoners of war", {}),
    ("Mao Zedong Filippov", {}),
    ("Gromyko OR Vyshinsky", {}),
    ("armistice -Ridgway", {}),
    ("Panmunjom", {}),
    ("Пхеньян", {}),
    ("ceasefire AND (Kaesong OR Panmunjom)", {}),
    ("", {}),
    ("radio", {"person": "Stalin", "date_from": "1951-06", "date_to": "1951-12"}),
]

FTS_QUERIES = ['"stalin"', '"сталин"', '"kaesong"', '"перемирие"', '"риджуэй"',
               '"kim il sung"', 'negotiat*', '"armistice" "negotiations"',
               '"demarcation line"', '"no" "10500"', '"11 ii 1951"', '"prisoners" "of" "war"',
               '"mao" "zedong" "filippov"', '"gromyko" OR "vyshinsky"',
               '"armistice" NOT "ridgway"', '"panmunjom"', '"пхеньян"',
               '"ceasefire" AND ("kaesong" OR "panmunjom")', '"telegram"', '"radio"']


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def size_mb(path: Path) -> float:
    total = 0
    for p in [path, Path(f"{path}-wal"), Path(f"{path}.index")]:
        if p.is_dir():
            total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
        elif p.exists():
            total += p.stat().st_size
    return total / 1e6


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def ingest(db: Path, n: int, seed: int) -> dict[str, float]:
    current: dict[str, Document] = {}

    def parser(page: SourcePage) -> Document:
        return current.pop(page.sha256)

    generating = [0.0]

    def pages() -> object:
        telegrams = Generator(seed).corpus(n)
        while True:
            started = time.perf_counter()
            item = next(telegrams, None)
            generating[0] += time.perf_counter() - started
            if item is None:
                return
            current[item[0].sha256] = item[1]
            yield item[0]

    corpus = cablegraph.corpus.open(db, parser=parser, authority=None)
    started = time.perf_counter()
    report = corpus.ingest_pages(pages())  # type: ignore[arg-type]
    seconds = time.perf_counter() - started - generating[0]
    corpus.close()
    return {"docs": report.added, "seconds": round(seconds, 1),
            "generator_seconds_excluded": round(generating[0], 1),
            "docs_per_s": round(report.added / seconds, 1)}


def search(db: Path, repeat: int) -> dict[str, object]:
    corpus = cablegraph.corpus.open(db, authority=None)
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
        per_query[text or "<empty>"] = {"ms": round(statistics.median(times), 2),
                                        "total": result.total}
    corpus.close()
    p50, p95 = percentiles(samples)
    return {"p50_ms": round(p50, 2), "p95_ms": round(p95, 2), "per_query": per_query}


def fts5(n: int, seed: int, repeat: int, folder: Path) -> dict[str, object]:
    db = folder / "fts5.db"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body)")
    started = time.perf_counter()
    conn.execute("BEGIN")
    for i, (page, doc) in enumerate(Generator(seed).corpus(n)):
        conn.execute("INSERT INTO docs (title, body) VALUES (?, ?)", (doc.title, page.text))
        if i % 1000 == 999:
            conn.execute("COMMIT")
            conn.execute("BEGIN")
    conn.execute("COMMIT")
    build = time.perf_counter() - started
    samples: list[float] = []
    for query in FTS_QUERIES:
        sql = ("SELECT rowid, snippet(docs, 1, '<mark>', '</mark>', '…', 12) FROM docs"
               " WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 20")
        conn.execute(sql, (query,)).fetchall()
        for _ in range(repeat):
            started = time.perf_counter()
            conn.execute(sql, (query,)).fetchall()
            samples.append((time.perf_counter() - started) * 1000)
    p50, p95 = percentiles(samples)
    conn.close()
    return {"build_docs_per_s": round(n / build, 1), "size_mb": round(size_mb(db), 1),
            "p50_ms": round(p50, 2), "p95_ms": round(p95, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1951)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dir", type=Path, help="working folder (default: a temporary one)")
    parser.add_argument("--fts5-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-fts5", action="store_true", help="skip the FTS5 comparison")
    parser.add_argument("--search-only", action="store_true",
                        help="reuse the database already in --dir; measure search only")
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="cablegraph-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    if args.fts5_only:
        print(json.dumps(fts5(args.docs, args.seed, args.repeat, folder)))
        return
    db = folder / "bench.db"
    out: dict[str, object] = {"docs": args.docs}
    if not args.search_only:
        for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            stale.unlink(missing_ok=True)
        shutil.rmtree(f"{db}.index", ignore_errors=True)
        out["ingest"] = ingest(db, args.docs, args.seed)
    out["db_size_mb"] = round(size_mb(db), 1)
    out["search"] = search(db, args.repeat)
    out["peak_rss_mb"] = round(peak_mb())
    if not args.no_fts5:
        run = subprocess.run([sys.executable, __file__, "--fts5-only", "--docs",
                              str(args.docs), "--seed", str(args.seed), "--repeat",
                              str(args.repeat), "--dir", str(folder)],
                             capture_output=True, text=True, check=True)
        bare = json.loads(run.stdout)
        ours = out["search"]
        assert isinstance(ours, dict)
        out["fts5"] = bare
        out["ratio_fts5_over_ours"] = {
            "p50": round(bare["p50_ms"] / max(ours["p50_ms"], 1e-6), 1),
            "p95": round(bare["p95_ms"] / max(ours["p95_ms"], 1e-6), 1)}
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
