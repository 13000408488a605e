"""The vector index at scale: build time, size on disk, memory and search latency.

    python benchmarks/vectors_scale.py [--docs 100000] [--passages 4]

Random unit vectors stand in for the encoder's (384 dimensions, e5-small's), DOCS x
PASSAGES of them, added in batches as ``cablegraph enrich`` adds them, saved, reloaded,
then 200 queries for the 100 nearest passages (what one search by meaning reads). The
encoder's own cost (a query: 7-15 ms; passages: see docs/meaning.md) is not included.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from cablegraph.meaning.passages import Passage
from cablegraph.meaning.vectors import VectorIndex

DIMENSIONS = 384


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--passages", type=int, default=4)
    args = parser.parse_args()
    rng = np.random.default_rng(1951)
    with tempfile.TemporaryDirectory() as tmp:
        index = VectorIndex(Path(tmp) / "v", encoder="random", dimensions=DIMENSIONS)
        started = time.perf_counter()
        batch = 1_000
        for first in range(0, args.docs, batch):
            ids = [(f"d{i}", 1) for i in range(first, min(first + batch, args.docs))]
            found = [Passage(doc, n, None, "") for doc, _ in ids for n in range(args.passages)]
            vectors = rng.standard_normal((len(found), DIMENSIONS)).astype(np.float32)
            index.add(ids, found, vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
            if (first // batch) % 20 == 19:
                index.flush()
        index.flush()
        built = time.perf_counter() - started
        size = sum(f.stat().st_size for f in (Path(tmp) / "v").iterdir()) / 1e6
        index.close()
        started = time.perf_counter()
        index = VectorIndex(Path(tmp) / "v", encoder="random", dimensions=DIMENSIONS)
        loaded = time.perf_counter() - started
        took = []
        for _ in range(200):
            query = rng.standard_normal(DIMENSIONS).astype(np.float32)
            started = time.perf_counter()
            index.documents(query / np.linalg.norm(query), 100)
            took.append((time.perf_counter() - started) * 1000)
        took.sort()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{args.docs:,} documents, {len(index):,} passages: built in {built:.0f} s,"
              f" {size:.0f} MB on disk, loaded in {loaded:.1f} s;"
              f" search of 100 documents p50 {took[100]:.1f} ms,"
              f" p95 {took[190]:.1f} ms; peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
