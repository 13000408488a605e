"""Where the CPU of a real `cablegraph ingest` goes, stage by stage, in every process.

    python benchmarks/ingest_stages.py --docs 2000            # synthetic telegram files
    PYTHONPATH=<old checkout>/src python benchmarks/ingest_stages.py --docs 2000   # before

Writes ``--docs`` synthetic telegrams (``benchmarks/synthetic.py``) as page files (not
timed), then runs the ingest command (``cablegraph ingest <folder> --no-link``: parsing in
one worker process per core, then store and index in this one) in this process, with the
functions of each stage wrapped to add up the CPU time of the thread that runs them
(``time.thread_time``; no profiler, so no distortion). Each worker reports its own stages
when it exits. Printed: CPU µs per telegram for each stage, and the totals of every
process (``time.process_time``: all threads; tantivy's indexing thread and the pool's
result thread are "other threads" of the writer). Stages a checkout does not have (the
rows made by the workers are new in issue 19) are left out, so the same script measures
before and after. On a shared machine read the CPU figures, not the wall time.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import multiprocessing.util
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import Generator  # noqa: E402

SPENT: dict[str, float] = {}  # stage -> CPU seconds of the threads that ran it


def _add(stage: str, since: float) -> None:
    SPENT[stage] = SPENT.get(stage, 0.0) + time.thread_time() - since


def wrap(module: str, name: str, stage: str, owner: str | None = None, *, static: bool = False) -> None:
    """Count the CPU of ``module.[owner.]name`` under ``stage`` (absent: nothing to count)."""
    try:
        target: Any = importlib.import_module(module)
    except ImportError:
        return
    if owner is not None:
        target = getattr(target, owner, None)
    function = getattr(target, name, None) if target is not None else None
    if function is None:
        return

    @functools.wraps(function)
    def counted(*args: Any, **kwargs: Any) -> Any:
        started = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            _add(stage, started)

    setattr(target, name, staticmethod(counted) if static else counted)


def wrap_iterator(module: str, name: str, stage: str) -> None:
    """Count the CPU of a generator function, one item at a time."""
    target = importlib.import_module(module)
    function = getattr(target, name)

    @functools.wraps(function)
    def counted(*args: Any, **kwargs: Any) -> Iterator[Any]:
        items = function(*args, **kwargs)
        while True:
            started = time.thread_time()
            try:
                item = next(items)
            except StopIteration:
                _add(stage, started)
                return
            _add(stage, started)
            yield item

    setattr(target, name, counted)


def instrument(report: Path) -> None:
    from cablegraph.ingest import pipeline

    # in the workers (forked after this, so they inherit the wrappers)
    wrap_iterator("cablegraph.ingest.pipeline", "file_pages", "worker: read, decode, repair")
    wrap("cablegraph.ingest.pipeline", "parse_documents", "worker: parse + resolve")
    wrap("cablegraph.ingest.pipeline", "page_row", "worker: rows for store + index")
    start_worker: Callable[..., None] = pipeline._start_worker

    def started_worker(*args: Any) -> None:
        SPENT.clear()
        start_worker(*args)

        def tell() -> None:
            spent = dict(SPENT)
            spent["worker: process total"] = time.process_time()
            with report.open("a") as out:
                out.write(json.dumps(spent) + "\n")

        multiprocessing.util.Finalize(None, tell, exitpriority=100)

    pipeline._start_worker = started_worker  # type: ignore[assignment]
    # in the writer (this process)
    wrap("cablegraph.corpus", "document_json", "writer: rows (document_json)")
    wrap("cablegraph.corpus", "page_row", "writer: rows (made here)")
    wrap("cablegraph.store.sqlite", "put_many", "writer: store (put_many)", "SQLiteStore")
    wrap("cablegraph.search.index", "index_record", "writer: index records")
    wrap("cablegraph.search.index", "_tantivy_doc", "writer: tantivy documents")
    wrap("cablegraph.corpus", "_sync_into", "writer: index (sync, main thread)", "Corpus")
    wrap("cablegraph.corpus", "ingest_pages", "writer: ingest_pages (main thread)", "Corpus")


def write_pages(n: int, seed: int, folder: Path) -> None:
    folder.mkdir(parents=True)
    for page, _ in Generator(seed).corpus(n):
        (folder / Path(page.path).name).write_bytes(page.text.encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1951)
    parser.add_argument("--jobs", type=int, default=None, help="parsing processes (default: the command's)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cablegraph-stages-"))
    try:
        write_pages(args.docs, args.seed, folder / "pages")
        report = folder / "workers.jsonl"
        load = os.getloadavg()[0]
        cpu_started, wall_started = time.process_time(), time.perf_counter()
        main_started = time.thread_time()
        instrument(report)
        from cablegraph.cli import main as cli

        command = ["ingest", str(folder / "pages"), "--db", str(folder / "c.db"), "--no-link",
                   "--format", "json"] + (["--jobs", str(args.jobs)] if args.jobs else [])  # fmt: skip
        cli(command, standalone_mode=False)
        wall = time.perf_counter() - wall_started
        writer = dict(SPENT)
        writer["writer: main thread total"] = time.thread_time() - main_started
        writer["writer: process total"] = time.process_time() - cpu_started
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers = [json.loads(line) for line in report.read_text().splitlines()] if report.exists() else []
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    stages: dict[str, float] = {}
    for spent in [writer, *workers]:
        for stage, seconds in spent.items():
            stages[stage] = stages.get(stage, 0.0) + seconds
    worker_known = sum(v for k, v in stages.items()
                       if k.startswith("worker: ") and k != "worker: process total")  # fmt: skip
    if workers:
        stages["worker: other (tasks, pickling, start)"] = stages["worker: process total"] - worker_known
    stages["writer: other threads (tantivy indexing, results)"] = (
        stages["writer: process total"] - stages["writer: main thread total"])
    everything = stages["writer: process total"] + children.ru_utime + children.ru_stime
    out = {"docs": args.docs, "load_average_at_start": round(load, 2), "wall_s": round(wall, 1),
           "cpu_s_all_processes": round(everything, 2), "workers": len(workers),
           "us_per_doc": {k: round(1e6 * v / args.docs) for k, v in sorted(stages.items())},
           "cpu_ms_per_doc_all_processes": round(1e3 * everything / args.docs, 2)}  # fmt: skip
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
