"""Scale benchmark: SQLite and PostgreSQL at N synthetic telegrams, against two baselines.

    python benchmarks/scale.py --docs 100000                      # SQLite (embedded default)
    python benchmarks/scale.py --docs 100000 --backend postgresql --backend postgresql-tantivy
    python benchmarks/scale.py --docs 1000000 --repeat 2          # the million

Backends: ``sqlite`` (a SQLite file + the tantivy index beside it), ``postgresql`` (store and
full-text search inside PostgreSQL) and ``postgresql-tantivy`` (PostgreSQL store, tantivy
index folder: ``pg_index_dir``). PostgreSQL backends start a throwaway durable server
(``tests/pg/pgserver.py``; ``shared_buffers=256MB``) unless ``--url`` names an empty database.

Measured for each backend at N documents (``benchmarks/synthetic.py``, the same seed, so
the same texts everywhere):

- ingest: documents/s through ``Corpus.ingest_pages`` (store + search index; the generator's
  time is excluded). The parser and resolver run on every page only with ``--with-parser``;
  otherwise their rate is measured on ``--parse-sample`` pages and combined
  (1 / (1/parse + 1/ingest)), since their cost per page does not grow with the corpus;
- database size; search p50/p95/p99 over ``QUERIES`` (single words in both languages,
  phrases, booleans, a person filter, a date range; every one with facets and snippets),
  each ``--repeat`` times after a warm-up; ``Corpus.get`` p50/p95/p99 of random ids; the
  peak RSS of this process, split into anonymous and file-backed (mmap'd index files)
  memory, and of the PostgreSQL server's processes (sampled).

With ``--cli`` (SQLite only) the ingest is the real end-to-end one: the pages are written
to files first (not timed), then ``cablegraph ingest <folder> --no-link --format json`` runs
as a child process (reader, parser and resolver in one worker process per core, as the
command does by default, then store and index); its wall time and the CPU of the command
and its workers (``RUSAGE_CHILDREN``) are reported (``--link`` also times the relink the
command does after an ingest).

Baselines, in the same run: the same texts in a bare SQLite FTS5 table (no parsing, unicode61,
``ORDER BY bm25 LIMIT 20`` with a snippet, in a child process), and a raw pass that reads
``--raw-sample`` pages from files and runs one regular expression over each. Each of our
figures is printed with its ratio to these. The last line printed is the JSON summary.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "pg"))

from synthetic import Generator  # noqa: E402

import cablegraph.corpus  # noqa: E402
from cablegraph.corpus import Corpus  # noqa: E402
from cablegraph.model import Document, SourcePage  # noqa: E402

BACKENDS = ("sqlite", "postgresql", "postgresql-tantivy")

# (query, filters): what a historian types, and what the bare FTS5 table is asked instead.
QUERIES: list[tuple[str, dict[str, str], str]] = [
    ("Stalin", {}, '"stalin"'),
    ("Сталин", {}, '"сталин"'),
    ("Kaesong", {}, '"kaesong"'),
    ("перемирие", {}, '"перемирие"'),
    ("Риджуэй", {}, '"риджуэй"'),
    ('"Kim Il Sung"', {}, '"kim il sung"'),
    ("negotiat*", {}, "negotiat*"),
    ("armistice negotiations", {}, '"armistice" "negotiations"'),
    ('"demarcation line"', {}, '"demarcation line"'),
    ("No. 10500", {}, '"no" "10500"'),
    ("11.II.1951", {}, '"11 ii 1951"'),
    ("prisoners of war", {}, '"prisoners" "of" "war"'),
    ("Mao Zedong Filippov", {}, '"mao" "zedong" "filippov"'),
    ("Gromyko OR Vyshinsky", {}, '"gromyko" OR "vyshinsky"'),
    ("armistice -Ridgway", {}, '"armistice" NOT "ridgway"'),
    ("Panmunjom", {}, '"panmunjom"'),
    ("Пхеньян", {}, '"пхеньян"'),
    ("ceasefire AND (Kaesong OR Panmunjom)", {}, '"ceasefire" AND ("kaesong" OR "panmunjom")'),
    ("", {}, '"telegram"'),
    ("", {"person": "Mao Zedong"}, '"mao" "zedong"'),
    ("", {"date_from": "1952-01", "date_to": "1952-03"}, '"1952"'),
    ("radio", {"person": "Stalin", "date_from": "1951-06", "date_to": "1951-12"}, '"radio" "stalin"'),
]
RAW_PATTERN = re.compile(r"No\. (\d+)|(\d{1,2})\.([IVX]+)\.(\d{4})")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class MemorySplit:
    """Peaks of this process's anonymous and file-backed resident memory, sampled in a
    thread. tantivy reads its segments through mmap, so the pages of the index files it
    merges or searches count in RSS (``RssFile``) although they are page cache the kernel
    can drop; ``RssAnon`` is the memory the process itself holds."""

    def __init__(self, every: float = 0.25) -> None:
        self.peaks = {"RssAnon": 0, "RssFile": 0}
        self.phase_peaks: dict[str, int] = {}  # RssAnon peak (kB) of each phase
        self.phase = "ingest"
        self.timeline: dict[int, int] = {}  # documents so far -> RssAnon (kB) then
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)

    def __enter__(self) -> MemorySplit:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self, every: float) -> None:
        while not self._stop.wait(every):
            try:
                lines = Path("/proc/self/status").read_text().splitlines()
            except OSError:  # not Linux: no split
                return
            for line in lines:
                key = line.split(":")[0]
                if key in self.peaks:
                    value = int(line.split()[1])
                    self.peaks[key] = max(self.peaks[key], value)
                    if key == "RssAnon":
                        self.phase_peaks[self.phase] = max(self.phase_peaks.get(self.phase, 0), value)

    def mark(self, docs: int) -> None:
        """Note the anonymous memory now, after ``docs`` documents (is it flat?)."""
        try:
            lines = Path("/proc/self/status").read_text().splitlines()
        except OSError:  # not Linux
            return
        for line in lines:
            if line.startswith("RssAnon:"):
                self.timeline[docs] = int(line.split()[1])

    def report(self) -> dict[str, Any]:
        every = max(1, len(self.timeline) // 20)  # about 20 points, the last one included
        points = sorted(self.timeline.items())
        shown = points[::every] + ([points[-1]] if points and (len(points) - 1) % every else [])
        return {"peak_rss_anon_mb": round(self.peaks["RssAnon"] / 1024),
                "peak_rss_file_mb": round(self.peaks["RssFile"] / 1024),
                "peak_rss_anon_mb_by_phase": {k: round(v / 1024) for k, v in self.phase_peaks.items()},
                "rss_anon_mb_by_docs": {str(d): round(kb / 1024) for d, kb in shown}}


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], 2)

    return {"p50_ms": round(statistics.median(ordered), 2), "p95_ms": at(0.95), "p99_ms": at(0.99)}


def folder_mb(*paths: Path) -> float:
    total = 0
    for p in paths:
        if p.is_dir():
            total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
        elif p.exists():
            total += p.stat().st_size
    return round(total / 1e6, 1)


# -- baselines -------------------------------------------------------------------------------


def fts5(n: int, seed: int, repeat: int, folder: Path) -> dict[str, Any]:
    """Bare FTS5 over the same texts: build rate, size, and the latency of the same queries."""
    db = folder / "fts5.db"
    db.unlink(missing_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body)")
    building = cpu = 0.0
    conn.execute("BEGIN")
    for i, (page, doc) in enumerate(Generator(seed).corpus(n)):
        started, cpu_started = time.perf_counter(), time.process_time()
        conn.execute("INSERT INTO docs (title, body) VALUES (?, ?)", (doc.title, page.text))
        if i % 1000 == 999:
            conn.execute("COMMIT")
            conn.execute("BEGIN")
        building += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
    started, cpu_started = time.perf_counter(), time.process_time()
    conn.execute("COMMIT")
    building += time.perf_counter() - started
    cpu += time.process_time() - cpu_started
    sql = (
        "SELECT rowid, snippet(docs, 1, '<mark>', '</mark>', '…', 12) FROM docs"
        " WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 20"
    )
    samples: list[float] = []
    for _, _, query in QUERIES:
        conn.execute(sql, (query,)).fetchall()
        for _ in range(repeat):
            started = time.perf_counter()
            conn.execute(sql, (query,)).fetchall()
            samples.append((time.perf_counter() - started) * 1000)
    conn.close()
    return {"build_docs_per_s": round(n / building, 1), "build_docs_per_cpu_s": round(n / max(cpu, 1e-6), 1),
            "size_mb": folder_mb(db, Path(f"{db}-wal")),
            **percentiles(samples)}


def raw_pass(n: int, seed: int, folder: Path) -> dict[str, Any]:
    """Read n pages from files and run one regular expression over each: the floor."""
    where = folder / "raw"
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    for page, _ in Generator(seed).corpus(n):
        (where / Path(page.path).name).write_bytes(page.text.encode("utf-8"))
    started = time.perf_counter()
    found = 0
    for path in sorted(where.iterdir()):
        found += len(RAW_PATTERN.findall(path.read_bytes().decode("utf-8")))
    seconds = time.perf_counter() - started
    shutil.rmtree(where, ignore_errors=True)
    return {"pages": n, "docs_per_s": round(n / seconds, 1), "matches": found}


def parse_rate(n: int, seed: int) -> dict[str, Any]:
    """The real parser and resolver over n synthetic pages (one core)."""
    from cablegraph.parse import parse_page

    pages = [page for page, _ in Generator(seed + 1).corpus(n)]
    parse_page(pages[0])  # load the authority once, outside the timing
    started = time.perf_counter()
    for page in pages:
        parse_page(page)
    seconds = time.perf_counter() - started
    return {"pages": n, "pages_per_s": round(n / seconds, 1)}


# -- one backend -----------------------------------------------------------------------------


def open_backend(backend: str, folder: Path, url: str | None) -> tuple[Corpus, Callable[[], float]]:
    """A fresh corpus for the backend, and a function giving its size in MB."""
    if backend == "sqlite":
        db = folder / "bench.db"
        for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            stale.unlink(missing_ok=True)
        shutil.rmtree(f"{db}.index", ignore_errors=True)
        corpus = cablegraph.corpus.open(db, authority=None)
        return corpus, lambda: folder_mb(db, Path(f"{db}-wal"), Path(f"{db}.index"))
    from cablegraph.pg import postgres_corpus

    assert url is not None
    index = folder / "pg.index" if backend == "postgresql-tantivy" else None
    if index is not None:
        shutil.rmtree(index, ignore_errors=True)
    corpus = postgres_corpus(url, authority=None, index_dir=index or "")

    def size() -> float:
        rows = corpus.store._read("SELECT pg_database_size(current_database())")  # type: ignore[attr-defined]
        return round(int(rows[0][0]) / 1e6 + (folder_mb(index) if index else 0.0), 1)

    return corpus, size


def ingest(corpus: Corpus, n: int, seed: int, with_parser: bool,
           sample: Callable[[int], None]) -> dict[str, Any]:
    current: dict[str, Document] = {}
    generating = [0.0]

    def parser(page: SourcePage) -> Document:
        return current.pop(page.sha256)

    def pages() -> Iterator[SourcePage]:
        telegrams = Generator(seed).corpus(n)
        i = 0
        while True:
            started = time.perf_counter()
            item = next(telegrams, None)
            generating[0] += time.perf_counter() - started
            if item is None:
                return
            if not with_parser:
                current[item[0].sha256] = item[1]
            i += 1
            if i % 5000 == 0:
                sample(i)
            yield item[0]

    if not with_parser:
        corpus._parser = parser
    started, cpu_started = time.perf_counter(), time.process_time()
    report = corpus.ingest_pages(pages())
    seconds = time.perf_counter() - started - generating[0]
    # CPU time of this process (all its threads), less the generator's: the per-core cost,
    # less disturbed than wall time when other work shares the machine. PostgreSQL's own
    # CPU (the server processes) is not in it.
    cpu = time.process_time() - cpu_started - generating[0]
    return {"docs": report.added, "failed": report.failed, "seconds": round(seconds, 1),
            "generator_seconds_excluded": round(generating[0], 1),
            "docs_per_s": round(report.added / seconds, 1),
            "docs_per_cpu_s": round(report.added / max(cpu, 1e-6), 1), "parser_included": with_parser}


def ingest_cli(db: Path, n: int, seed: int, folder: Path, link: bool) -> dict[str, Any]:
    """``cablegraph ingest`` of n page files (written first, not timed) as a child process."""
    pages = folder / "pages"
    shutil.rmtree(pages, ignore_errors=True)
    pages.mkdir(parents=True)
    for page, _ in Generator(seed).corpus(n):
        (pages / Path(page.path).name).write_bytes(page.text.encode("utf-8"))
    command = [sys.executable, "-m", "cablegraph.cli", "ingest", str(pages), "--db", str(db),
               "--format", "json", "--link" if link else "--no-link"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    report = json.loads(run.stdout.strip().splitlines()[-1])
    shutil.rmtree(pages, ignore_errors=True)
    return {"docs": report["added"], "failed": report["failed"], "seconds": round(seconds, 1),
            "docs_per_s": round(report["added"] / seconds, 1),
            "docs_per_cpu_s": round(report["added"] / max(cpu, 1e-6), 1),
            "cpu_seconds_all_processes": round(cpu, 1), "parser_included": True,
            "end_to_end_cli": True, "relink_included": link}


def search(corpus: Corpus, repeat: int) -> dict[str, Any]:
    per_query: dict[str, Any] = {}
    samples: list[float] = []
    for text, filters, _ in QUERIES:
        corpus.search(text, **filters)  # type: ignore[arg-type]
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            result = corpus.search(text, **filters)  # type: ignore[arg-type]
            times.append((time.perf_counter() - started) * 1000)
        samples += times
        label = " ".join([text or "<all>", *(f"{k}={v}" for k, v in filters.items())])
        per_query[label] = {"ms": round(statistics.median(times), 2), "total": result.total,
                            "facets_sampled": result.facets_sampled}
    return {**percentiles(samples), "per_query": per_query}


def fetch(corpus: Corpus, n: int, total: int, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    ids = [f"wda:{200_000 + rng.randrange(total)}" for _ in range(n)]
    samples = []
    for doc_id in ids:
        started = time.perf_counter()
        found = corpus.get(doc_id)
        samples.append((time.perf_counter() - started) * 1000)
        assert found is not None, doc_id
    return percentiles(samples)


def server_rss_mb(server: Any) -> float:
    """Resident memory of the PostgreSQL server's processes now (Linux)."""
    if server is None:
        return 0.0
    try:
        main = int((server.data / "postmaster.pid").read_text().split()[0])
        children = subprocess.run(["pgrep", "-P", str(main)], capture_output=True, text=True,
                                  check=False).stdout.split()
    except (OSError, ValueError):
        return 0.0
    total = 0
    for pid in [main, *map(int, children)]:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return round(total / 1024, 1)


def run_backend(backend: str, args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    server = None
    url = args.url
    if backend != "sqlite" and url is None:
        from pgserver import start

        server = start(durable=True, settings=("shared_buffers=256MB",))
        url = server.new_database()
    server_peak = [0.0]

    memory = MemorySplit()

    def sample(docs: int = 0) -> None:
        server_peak[0] = max(server_peak[0], server_rss_mb(server))
        if docs:
            memory.mark(docs)

    try:
        if args.cli and backend == "sqlite" and not args.search_only:
            db = folder / "bench.db"
            for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
                stale.unlink(missing_ok=True)
            shutil.rmtree(f"{db}.index", ignore_errors=True)
            cli_ingest = ingest_cli(db, args.docs, args.seed, folder, args.link)
            args.search_only = True  # then search and fetch the corpus it made
        else:
            cli_ingest = None
        if args.search_only:  # the SQLite corpus a previous run left in --dir
            db = folder / "bench.db"
            corpus = cablegraph.corpus.open(db, authority=None)
            size = lambda: folder_mb(db, Path(f"{db}-wal"), Path(f"{db}.index"))  # noqa: E731
        else:
            corpus, size = open_backend(backend, folder, url)
        out: dict[str, Any] = {"backend": backend, "docs": args.docs}
        if cli_ingest is not None:
            out["ingest"] = cli_ingest
        with memory:
            if not args.search_only:
                out["ingest"] = ingest(corpus, args.docs, args.seed, args.with_parser, sample)
            memory.phase = "search"
            out["db_size_mb"] = size()
            out["search"] = search(corpus, args.repeat)
            out["fetch"] = fetch(corpus, args.fetches, args.docs, args.seed)
        out["peak_rss_mb"] = round(peak_mb())
        out.update(memory.report())
        if server is not None:
            sample()
            out["server_rss_peak_mb"] = server_peak[0]
        corpus.close()
        return out
    finally:
        if server is not None:
            server.stop()


def ratios(out: dict[str, Any], baselines: dict[str, Any]) -> dict[str, Any]:
    if "ingest" not in out:
        fts = baselines.get("fts5")
        return {"fts5_p95_over_ours": round(fts["p95_ms"] / max(out["search"]["p95_ms"], 1e-6), 1)
                } if fts else {}
    ingest_rate = out["ingest"]["docs_per_s"]
    parse = baselines.get("parse", {}).get("pages_per_s")
    combined = ingest_rate if out["ingest"]["parser_included"] or not parse else round(
        1 / (1 / parse + 1 / ingest_rate), 1)
    found: dict[str, Any] = {"ingest_with_parser_docs_per_s": combined}
    fts = baselines.get("fts5")
    if fts:
        found["ingest_over_fts5_build"] = round(ingest_rate / fts["build_docs_per_s"], 2)
        found["ingest_with_parser_over_fts5_build"] = round(combined / fts["build_docs_per_s"], 3)
        if fts.get("build_docs_per_cpu_s") and out["ingest"].get("docs_per_cpu_s"):
            found["ingest_cpu_over_fts5_cpu"] = round(
                out["ingest"]["docs_per_cpu_s"] / fts["build_docs_per_cpu_s"], 3)
        found["fts5_p95_over_ours"] = round(fts["p95_ms"] / max(out["search"]["p95_ms"], 1e-6), 1)
        found["fts5_p50_over_ours"] = round(fts["p50_ms"] / max(out["search"]["p50_ms"], 1e-6), 1)
        found["size_over_fts5"] = round(out["db_size_mb"] / max(fts["size_mb"], 1e-6), 1)
    raw = baselines.get("raw")
    if raw:
        found["ingest_with_parser_over_raw_pass"] = round(combined / raw["docs_per_s"], 3)
    return found


def summary(report: dict[str, Any]) -> dict[str, Any]:
    """One line: the figures without the per-query detail."""
    out = {k: v for k, v in report.items() if k != "backends"}
    out["backends"] = [
        {k: ({kk: vv for kk, vv in v.items() if kk != "per_query"} if isinstance(v, dict) else v)
         for k, v in b.items()} for b in report["backends"]]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--backend", action="append", choices=BACKENDS,
                        help="repeat for several (default: sqlite)")
    parser.add_argument("--seed", type=int, default=1951)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--fetches", type=int, default=1000)
    parser.add_argument("--parse-sample", type=int, default=2000)
    parser.add_argument("--raw-sample", type=int, default=20_000)
    parser.add_argument("--with-parser", action="store_true",
                        help="run the real parser and resolver on every page during ingest")
    parser.add_argument("--url", help="an existing, empty PostgreSQL database")
    parser.add_argument("--dir", type=Path, help="working folder (default: a temporary one)")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--search-only", action="store_true",
                        help="measure search and fetch on the SQLite corpus already in --dir")
    parser.add_argument("--cli", action="store_true",
                        help="end to end: `cablegraph ingest` of page files, parsing on every core")
    parser.add_argument("--link", action="store_true", help="with --cli: relink after the ingest too")
    parser.add_argument("--fts5-json", type=Path, help="reuse an FTS5 baseline of the same --docs")
    parser.add_argument("--fts5-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="cablegraph-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    if args.fts5_only:
        print(json.dumps(fts5(args.docs, args.seed, args.repeat, folder)))
        return
    report: dict[str, Any] = {
        "docs": args.docs, "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
        "load_average_at_start": round(os.getloadavg()[0], 2), "baselines": {}, "backends": []}
    baselines = report["baselines"]
    if not args.no_baselines:
        baselines["raw"] = raw_pass(min(args.raw_sample, args.docs), args.seed, folder)
        baselines["parse"] = parse_rate(min(args.parse_sample, args.docs), args.seed)
        if args.fts5_json:
            baselines["fts5"] = json.loads(args.fts5_json.read_text())
        else:
            run = subprocess.run([sys.executable, __file__, "--fts5-only", "--docs", str(args.docs),
                                  "--seed", str(args.seed), "--repeat", str(args.repeat),
                                  "--dir", str(folder)], capture_output=True, text=True, check=True)
            baselines["fts5"] = json.loads(run.stdout.strip().splitlines()[-1])
    for backend in args.backend or ["sqlite"]:
        try:
            out = run_backend(backend, args, folder)
        except Exception as exc:  # PostgreSQL not installed here: say so, measure the rest
            if backend == "sqlite" or type(exc).__name__ != "UnavailableError":
                raise
            report["backends"].append({"backend": backend, "skipped": str(exc)})
            continue
        out["ratios"] = ratios(out, baselines)
        report["backends"].append(out)
        print(json.dumps(out, indent=2, ensure_ascii=False), flush=True)
    report["load_average_at_end"] = round(os.getloadavg()[0], 2)
    print(json.dumps(summary(report), ensure_ascii=False))


if __name__ == "__main__":
    main()
