"""End-to-end ingest from files (read + parse + resolve + store + index), 1 and N processes.

    python benchmarks/ingest_jobs.py --docs 5000 --jobs 2

Writes N synthetic telegrams (``synthetic.py``) as text files, then ingests them into a
fresh SQLite corpus as ``cablegraph ingest --jobs J`` does, for each J, and prints
documents/s, the CPU seconds of this process and the peak RSS. Reading the files is
included; writing them is not.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import Generator

import cablegraph.corpus
from cablegraph.ingest.pipeline import read_and_parse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=2, help="compare 1 process with this many")
    parser.add_argument("--seed", type=int, default=1951)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cablegraph-jobs-"))
    pages = folder / "pages"
    pages.mkdir()
    for page, _ in Generator(args.seed).corpus(args.docs):
        (pages / Path(page.path).name).write_text(page.text, encoding="utf-8")
    results = []
    for jobs in sorted({1, args.jobs}):
        db = folder / f"jobs{jobs}.db"
        started, cpu = time.perf_counter(), time.process_time()
        with cablegraph.corpus.open(db) as corpus:
            report = corpus.ingest_pages(read_and_parse([str(pages)], jobs=jobs))
        seconds = time.perf_counter() - started
        results.append({"jobs": jobs, "docs": report.added, "failed": report.failed,
                        "seconds": round(seconds, 1), "docs_per_s": round(report.added / seconds, 1),
                        "main_process_cpu_s": round(time.process_time() - cpu, 1)})
        print(json.dumps(results[-1]), flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps({"ingest_jobs": results,
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))


if __name__ == "__main__":
    main()
