"""Cross-language retrieval on hand-labelled queries: recall at 10, full text against
meaning and hybrid, measured in one run over one corpus.

    python benchmarks/meaning_eval.py [--db PATH] [--json]

The corpus: the bundled pages (examples/pages) and the real labelled pages
(tests/fixtures/quality/real), ingested and enriched into PATH (a temporary file unless
given; an existing PATH is reused, so a second run only searches). The queries:
tests/fixtures/meaning/queries.json (made by reading the pages, see its README): each
names the pages relevant to it. A hit covers every page among its document's sources (one
record on two mirrors is one document). recall@10 = covered relevant pages / relevant
pages, averaged over queries; also MRR (first relevant hit) and the query latency.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from cablegraph import corpus as corpus_api

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "fixtures" / "meaning" / "queries.json"
CORPUS = [ROOT / "examples" / "pages", ROOT / "tests" / "fixtures" / "quality" / "real"]
MODES = ("text", "meaning", "hybrid")
K = 10


def relative(path: str) -> str:
    """A stored source path as the labels name it (from ``examples/`` or ``tests/`` on)."""
    parts = Path(path).parts
    for anchor in ("examples", "tests"):
        if anchor in parts:
            return str(Path(*parts[len(parts) - parts[::-1].index(anchor) - 1:]))
    return path


def build(db: Path) -> None:
    with corpus_api.open(db) as corpus:
        if corpus.store.count() == 0:
            started = time.perf_counter()
            report = corpus.ingest(CORPUS)
            seconds = time.perf_counter() - started
            print(f"ingested {report.added} documents in {seconds:.1f} s", file=sys.stderr)
        embedded = corpus.enrich()
        if embedded.documents:
            print(embedded.summary(), file=sys.stderr)


def evaluate(db: Path) -> dict[str, dict[str, float]]:
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]
    out: dict[str, dict[str, float]] = {}
    with corpus_api.open(db) as corpus:
        paths = {doc.id: {relative(s.path) for s in doc.sources} for doc in corpus.documents()}
        known = set().union(*paths.values())
        for mode in MODES:
            recalls, ranks, took = [], [], []
            for query in queries:
                relevant = [p for p in query["relevant"] if p in known]
                if not relevant:
                    continue
                started = time.perf_counter()
                hits = corpus.search(query["q"], mode=mode, limit=K, facets=False).hits
                took.append((time.perf_counter() - started) * 1000)
                covered = set().union(*(paths.get(h.id, set()) for h in hits)) if hits else set()
                recalls.append(len(covered & set(relevant)) / len(relevant))
                first = next(
                    (i for i, h in enumerate(hits, 1) if paths.get(h.id, set()) & set(relevant)), None)
                ranks.append(1 / first if first else 0.0)
            took.sort()
            out[mode] = {
                "queries": len(recalls),
                "recall_at_10": round(statistics.fmean(recalls), 3),
                "mrr": round(statistics.fmean(ranks), 3),
                "p50_ms": round(took[len(took) // 2], 1),
                "p95_ms": round(took[int(len(took) * 0.95) - 1], 1),
            }
            for lang in ("ru", "en"):
                chosen = [r for r, q in zip(recalls, [q for q in queries if set(q["relevant"]) & known],
                                            strict=True) if q["lang"] == lang]
                out[mode][f"recall_at_10_{lang}"] = round(statistics.fmean(chosen), 3) if chosen else 0.0
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "corpus.db"
        build(db)
        result = evaluate(db)
    if args.json:
        print(json.dumps(result))
        return
    print(f"{'mode':<8} {'queries':>7} {'R@10':>6} {'R@10 ru':>8} {'R@10 en':>8} {'MRR':>6}"
          f" {'p50 ms':>7} {'p95 ms':>7}")
    for mode, row in result.items():
        print(f"{mode:<8} {row['queries']:>7} {row['recall_at_10']:>6.3f} {row['recall_at_10_ru']:>8.3f}"
              f" {row['recall_at_10_en']:>8.3f} {row['mrr']:>6.3f} {row['p50_ms']:>7} {row['p95_ms']:>7}")


if __name__ == "__main__":
    main()
