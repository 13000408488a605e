"""Linking and exporting a synthetic corpus: time, and memory while streaming.

    python benchmarks/link_export.py [--docs 100000]

Builds N synthetic telegrams (benchmarks/synthetic.py: envelopes, nested messages,
Russian and English text, names in their variants, replies between correspondents),
then measures on one core:
  - find_links over all N records (reply_to, relays, references): seconds;
  - JSON Lines export of N records, streamed (2,000 distinct records cycled to N, so the
    generator is not timed): seconds, and the peak memory the export itself allocates
    (tracemalloc, a second pass), which does not grow with N.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import Generator

from cablegraph.export import export
from cablegraph.link import Record, find_links
from cablegraph.model.jsonable import document_json


def records(n: int, seed: int) -> Iterator[tuple[dict[str, object], str]]:
    for page, doc in Generator(seed).corpus(n):
        yield document_json(doc, page), page.text


class Sink(io.TextIOBase):
    """Counts what is written and keeps nothing (the export's output is not measured)."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1951)
    args = parser.parse_args()

    started = time.perf_counter()
    recs = [Record.of(data, text) for data, text in records(args.docs, args.seed)]
    built = time.perf_counter() - started

    started = time.perf_counter()
    links = find_links(recs)
    linking = time.perf_counter() - started
    kinds: dict[str, int] = {}
    for link in links:
        kinds[link.kind] = kinds.get(link.kind, 0) + 1
    del recs, links

    pool = list(records(min(args.docs, 2_000), args.seed))  # distinct records, cycled to N

    def stream() -> Iterator[tuple[dict[str, object], str]]:
        for number in range(args.docs):
            data, text = pool[number % len(pool)]
            yield {**data, "id": f"synthetic:{number}"}, text

    sink = Sink()
    started = time.perf_counter()
    count = export(stream(), "jsonl", sink)
    exporting = time.perf_counter() - started
    tracemalloc.start()
    export(stream(), "jsonl", Sink())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    result = {
        "docs": args.docs,
        "build_records_s": round(built, 1),
        "link_s": round(linking, 1),
        "links": kinds,
        "export_jsonl_s": round(exporting, 1),
        "export_docs_per_s": round(count / exporting, 1),
        "export_peak_traced_mb": round(peak / 2**20, 1),
        "export_mb_written": round(sink.chars / 2**20, 1),
    }
    print(
        f"linked {args.docs} documents in {linking:.1f} s; exported {count} to JSON Lines "
        f"in {exporting:.1f} s "
        f"with a traced peak of {peak / 2**20:.1f} MB"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
