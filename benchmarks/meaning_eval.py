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

The queries are split once, by a hash of their text, into a development set (about 60 %,
the only one looked at while tuning) and a held-out set (looked at only to report): both
are printed, and a large gap between them means the tuning fitted the development queries.
``--show dev|held-out|all`` prints, per query, its relevant pages, where each ranks in
every mode, and the first ten hits: the misses to study.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from cablegraph import corpus as corpus_api

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "fixtures" / "meaning" / "queries.json"
CORPUS = [ROOT / "examples" / "pages", ROOT / "tests" / "fixtures" / "quality" / "real"]
MODES = ("text", "meaning", "hybrid")
K = 10
DEV_SHARE = 154  # of 256: a query is in the development set when its hash's first byte is below
SPLITS = ("all", "dev", "held-out")


def split_of(query: dict[str, object]) -> str:
    """"dev" or "held-out", fixed by the query's text (never by how it scores)."""
    return "dev" if hashlib.sha256(str(query["q"]).encode("utf-8")).digest()[0] < DEV_SHARE else "held-out"


def relative(path: str) -> str:
    """A stored source path as the labels name it (from ``examples/`` or ``tests/`` on)."""
    parts = Path(path).parts
    for anchor in ("examples", "tests"):
        if anchor in parts:
            return str(Path(*parts[len(parts) - parts[::-1].index(anchor) - 1:]))
    return path


def build(db: Path, pages: Sequence[Path] = CORPUS) -> None:
    """Ingest ``pages`` (folders or files) into an empty corpus at ``db``, then embed what is new."""
    with corpus_api.open(db) as corpus:
        if corpus.store.count() == 0:
            started = time.perf_counter()
            report = corpus.ingest(pages)
            seconds = time.perf_counter() - started
            print(f"ingested {report.added} documents in {seconds:.1f} s", file=sys.stderr)
        embedded = corpus.enrich()
        if embedded.documents:
            print(embedded.summary(), file=sys.stderr)


def short(path: str) -> str:
    """A page path as the diagnostics print it."""
    return path.removeprefix("tests/fixtures/quality/real/").removeprefix("examples/pages/")


def evaluate(db: Path, show: str | None = None) -> dict[str, dict[str, dict[str, float]]]:
    """Per split (all, dev, held-out) and mode: recall@10 (also per language), MRR, latency."""
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]
    rows: dict[str, list[tuple[dict[str, object], float, float, float]]] = {m: [] for m in MODES}
    with corpus_api.open(db) as corpus:
        paths = {doc.id: {relative(s.path) for s in doc.sources} for doc in corpus.documents()}
        known = set().union(*paths.values())
        for query in queries:
            relevant = {p for p in query["relevant"] if p in known}
            if not relevant:
                continue
            ranks_of: dict[str, list[tuple[str, int | None]]] = {}
            tops: dict[str, list[str]] = {}
            for mode in MODES:
                started = time.perf_counter()
                hits = corpus.search(query["q"], mode=mode, limit=K, facets=False).hits
                took = (time.perf_counter() - started) * 1000
                covered = set().union(*(paths.get(h.id, set()) for h in hits)) if hits else set()
                first = next((i for i, h in enumerate(hits, 1) if paths.get(h.id, set()) & relevant), None)
                share = len(covered & relevant) / len(relevant)
                rows[mode].append((query, share, 1 / first if first else 0.0, took))
                if show in ("all", split_of(query)):
                    deep = corpus.search(query["q"], mode=mode, limit=100, facets=False).hits
                    place = {p: i for i, h in reversed(list(enumerate(deep, 1)))
                             for p in paths.get(h.id, set())}
                    ranks_of[mode] = [(p, place.get(p)) for p in sorted(relevant)]
                    tops[mode] = [("*" if paths.get(h.id, set()) & relevant else " ")
                                  + " | ".join(sorted(short(p) for p in paths.get(h.id, set())))[:90]
                                  for h in hits]
            if ranks_of:
                _print_query(query, ranks_of, tops)
    out: dict[str, dict[str, dict[str, float]]] = {}
    for split in SPLITS:
        out[split] = {}
        for mode in MODES:
            chosen = [r for r in rows[mode] if split == "all" or split_of(r[0]) == split]
            times = sorted(r[3] for r in chosen)
            row: dict[str, float] = {
                "queries": len(chosen),
                "recall_at_10": round(statistics.fmean(r[1] for r in chosen), 3),
                "mrr": round(statistics.fmean(r[2] for r in chosen), 3),
                "p50_ms": round(times[len(times) // 2], 1),
                "p95_ms": round(times[max(int(len(times) * 0.95) - 1, 0)], 1),
            }
            for lang in ("ru", "en"):
                picked = [r[1] for r in chosen if r[0]["lang"] == lang]
                row[f"recall_at_10_{lang}"] = round(statistics.fmean(picked), 3) if picked else 0.0
            out[split][mode] = row
    return out


def _print_query(query: dict[str, object], ranks_of: dict[str, list[tuple[str, int | None]]],
                 tops: dict[str, list[str]]) -> None:
    print(f"\n== [{split_of(query)}] {query['lang']} {query['q']}")
    for path, _ in ranks_of[MODES[0]]:
        places = "  ".join(f"{mode}={dict(ranks_of[mode]).get(path) or '-'}" for mode in MODES)
        print(f"   relevant {short(path)[:80]:<80} {places}")
    for mode in MODES[1:]:
        print(f"   -- {mode} top {K}")
        for i, line in enumerate(tops[mode], 1):
            print(f"   {i:>3} {line}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", choices=SPLITS, help="print each query's ranks and hits")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "corpus.db"
        build(db)
        result = evaluate(db, args.show)
    if args.json:
        print(json.dumps(result))
        return
    print(f"{'split':<9} {'mode':<8} {'queries':>7} {'R@10':>6} {'R@10 ru':>8} {'R@10 en':>8} {'MRR':>6}"
          f" {'p50 ms':>7} {'p95 ms':>7}")
    for split, modes in result.items():
        for mode, row in modes.items():
            print(f"{split:<9} {mode:<8} {row['queries']:>7} {row['recall_at_10']:>6.3f}"
                  f" {row['recall_at_10_ru']:>8.3f} {row['recall_at_10_en']:>8.3f} {row['mrr']:>6.3f}"
                  f" {row['p50_ms']:>7} {row['p95_ms']:>7}")


if __name__ == "__main__":
    main()
