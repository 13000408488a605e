"""Resolution cost per page in CPU time, to compare two checkouts of the package.

    python benchmarks/resolve_ab.py                              # this checkout
    PYTHONPATH=/tmp/base/src python benchmarks/resolve_ab.py      # another one, e.g.
        git archive <commit> src | tar -x -C /tmp/base

`find_mentions` and `parse_page` over the bundled pages (examples/pages of this checkout),
after a warm-up pass, best of several rounds of `time.process_time()` (CPU time of this
process: less disturbed by other processes on a shared machine than the wall clock).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import cablegraph
from cablegraph.ingest import read_page
from cablegraph.model import SourcePage
from cablegraph.parse import parse_page
from cablegraph.resolve import Authority

ROOT = Path(__file__).resolve().parents[1]


def _cpu_ms(pages: list[SourcePage], step: Callable[[SourcePage], object], rounds: int) -> float:
    start = time.process_time()
    for _ in range(rounds):
        for page in pages:
            step(page)
    return 1000 * (time.process_time() - start) / (rounds * len(pages))


def main() -> None:
    pages = [read_page(p) for p in sorted((ROOT / "examples" / "pages").rglob("*.txt"))]
    authority = Authority.builtin()
    for page in pages:  # warm-up: indexes, memo, the archive layer if any
        authority.find_mentions(page.text, year=1951)
        parse_page(page, authority)
    mentions = min(_cpu_ms(pages, lambda p: authority.find_mentions(p.text, year=1951), 5) for _ in range(7))
    parsed = min(_cpu_ms(pages, lambda p: parse_page(p, authority), 2) for _ in range(5))
    print(json.dumps({
        "package": str(Path(cablegraph.__file__).parent),
        "pages": len(pages),
        "find_mentions_cpu_ms": round(mentions, 3),
        "parse_page_cpu_ms": round(parsed, 3),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
