"""Parse speed: pages per second over the bundled corpus, repeated to N pages, one core.

    python benchmarks/parse_speed.py [--pages 10000] [--real] [--profile N]

Reads every bundled page once (I/O is not measured; with ``--real``, the real labelled
corpus tests/fixtures/quality/real/, HTML/XML already turned into text), then parses the
texts round-robin until N pages are done, on one core, without NER, and prints pages/s
and the time per page (wall clock, and the CPU time of this process, which is the
one-core rate when other work shares the machine). ``--profile N`` prints the N
costliest functions (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import time
from pathlib import Path

from cablegraph.ingest import read_page
from cablegraph.model import SourcePage
from cablegraph.parse import parse_documents, parse_page
from cablegraph.resolve import Authority

ROOT = Path(__file__).resolve().parents[1]


def corpus(real: bool = False) -> list[SourcePage]:
    if real:
        from cablegraph.ingest.pages import prepare

        paths = sorted((ROOT / "tests" / "fixtures" / "quality" / "real").rglob("*.txt"))
        return [prepare(read_page(path)) for path in paths]
    paths = sorted((ROOT / "examples" / "pages").rglob("*.txt"))
    return [read_page(path) for path in paths]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--real", action="store_true", help="the real labelled corpus, not the samples")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions")
    args = parser.parse_args()
    pages = corpus(args.real)
    authority = Authority.builtin()
    # warm-up: loads the authority and the language identifier (not parsing: not timed)
    parse_page(pages[0], authority)
    from cablegraph.parse.languages import _identifier

    _identifier()
    profiler = cProfile.Profile() if args.profile else None
    start = time.perf_counter()
    cpu_start = time.process_time()
    chars = 0
    if profiler:
        profiler.enable()
    for number in range(args.pages):
        page = pages[number % len(pages)]
        parse_documents(page, authority)
        chars += len(page.text)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
    result = {
        "pages": args.pages,
        "distinct_pages": len(pages),
        "corpus": "real" if args.real else "samples",
        "seconds": round(elapsed, 2),
        "pages_per_second": round(args.pages / elapsed, 1),
        "ms_per_page": round(1000 * elapsed / args.pages, 3),
        # CPU time of this one process: the one-core rate even on a machine others share
        "cpu_seconds": round(cpu, 2),
        "pages_per_cpu_second": round(args.pages / cpu, 1),
        "mb_per_second": round(chars / elapsed / 1e6, 2),
    }
    print(
        f"parsed {args.pages} pages ({len(pages)} distinct) in {elapsed:.2f} s: "
        f"{result['pages_per_second']} pages/s, {result['ms_per_page']} ms/page"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
