"""Parse speed: pages per second over the bundled corpus, repeated to N pages, one core.

    python benchmarks/parse_speed.py [--pages 10000]

Reads every bundled page once (I/O is not measured), then parses the texts round-robin
until N pages are done, and prints pages/s and the time per page.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from cablegraph.ingest import read_page
from cablegraph.model import SourcePage
from cablegraph.parse import parse_page
from cablegraph.resolve import Authority

ROOT = Path(__file__).resolve().parents[1]


def corpus() -> list[SourcePage]:
    paths = sorted((ROOT / "examples" / "pages").rglob("*.txt"))
    return [read_page(path) for path in paths]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=10_000)
    args = parser.parse_args()
    pages = corpus()
    authority = Authority.builtin()
    parse_page(pages[0], authority)  # warm-up: loads the authority and the language model
    start = time.perf_counter()
    chars = 0
    for number in range(args.pages):
        page = pages[number % len(pages)]
        parse_page(page, authority)
        chars += len(page.text)
    elapsed = time.perf_counter() - start
    result = {
        "pages": args.pages,
        "distinct_pages": len(pages),
        "seconds": round(elapsed, 2),
        "pages_per_second": round(args.pages / elapsed, 1),
        "ms_per_page": round(1000 * elapsed / args.pages, 3),
        "mb_per_second": round(chars / elapsed / 1e6, 2),
    }
    print(
        f"parsed {args.pages} pages ({len(pages)} distinct) in {elapsed:.2f} s: "
        f"{result['pages_per_second']} pages/s, {result['ms_per_page']} ms/page"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
