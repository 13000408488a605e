"""Resolution speed: what mentions and name resolution add to the parse time of a page.

    python benchmarks/resolve_speed.py [--rounds 5] [--pages 300]

Parses the bundled pages (examples/pages) with the built-in authority, and again with an
authority that knows no entity (every `lookup` and `find_mentions` call still runs, but finds
nothing at once). The difference is the cost of resolution; the target is at most +50%.
Each configuration runs `--rounds` times, alternating, and the fastest round counts.
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


class EmptyAuthority(Authority):
    """No entities. Truthy even though empty, so `parse_page` does not swap in the built-in one."""

    def __bool__(self) -> bool:
        return True


def corpus() -> list[SourcePage]:
    return [read_page(path) for path in sorted((ROOT / "examples" / "pages").rglob("*.txt"))]


def _round(pages: list[SourcePage], authority: Authority, count: int) -> float:
    start = time.perf_counter()
    for number in range(count):
        parse_page(pages[number % len(pages)], authority)
    return time.perf_counter() - start


def _mentions_only(pages: list[SourcePage], authority: Authority, count: int) -> float:
    start = time.perf_counter()
    for number in range(count):
        authority.find_mentions(pages[number % len(pages)].text, year=1951)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    pages = corpus()
    full, empty = Authority.builtin(), EmptyAuthority([])
    for authority in (full, empty):  # warm-up: caches, the authority index, language models
        _round(pages, authority, len(pages))
    with_times, without_times, find_times, scan_times = [], [], [], []
    for _ in range(args.rounds):
        with_times.append(_round(pages, full, args.pages))
        without_times.append(_round(pages, empty, args.pages))
        find_times.append(_mentions_only(pages, full, args.pages))
        scan_times.append(_mentions_only(pages, empty, args.pages))
    best_with, best_without = min(with_times), min(without_times)
    # The empty authority still tokenises every page for find_mentions; without that pass at all:
    bare = best_without - min(scan_times)
    result = {
        "pages": args.pages,
        "distinct_pages": len(pages),
        "ms_per_page_with": round(1000 * best_with / args.pages, 3),
        "ms_per_page_without": round(1000 * best_without / args.pages, 3),
        "ms_per_page_find_mentions": round(1000 * min(find_times) / args.pages, 3),
        "ms_per_page_find_mentions_empty": round(1000 * min(scan_times) / args.pages, 3),
        "added_percent": round(100 * (best_with - best_without) / best_without, 1),
        "added_percent_vs_no_mention_pass": round(100 * (best_with - bare) / bare, 1),
        "entities": len(full),
    }
    print(
        f"{args.pages} pages ({len(pages)} distinct), best of {args.rounds}: "
        f"{result['ms_per_page_without']} ms/page without resolution, "
        f"{result['ms_per_page_with']} ms/page with it: +{result['added_percent']}% "
        f"(find_mentions alone {result['ms_per_page_find_mentions']} ms/page); "
        f"+{result['added_percent_vs_no_mention_pass']}% against no mention pass at all"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
