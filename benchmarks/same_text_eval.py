"""``same_event`` links scored on hand-labelled page pairs: precision and recall.

    python benchmarks/same_text_eval.py [--db PATH]             # development set
    python benchmarks/same_text_eval.py --heldout [--db NEW]    # held-out set
    python benchmarks/same_text_eval.py --both                  # both, one line each

Development set: the corpus of benchmarks/meaning_eval.py (bundled and real pages, ingested
and enriched into PATH, reused when it exists) and the labels in
tests/fixtures/meaning/same_text.json (pairs of pages carrying the same text, and hard
negatives with the same people and days). The rule thresholds were chosen on these pairs,
so their figure is a development figure.

Held-out set (``--heldout``): a fresh corpus of ONLY the pages under
tests/fixtures/meaning/same_text_heldout/ (collected later, never used for tuning; see the
README there) and the labels in tests/fixtures/meaning/same_text_heldout.json. Its corpus is
built in a temporary file, or in ``--db NEW`` when given, which must then be new or hold
nothing but those pages. ``--labels FILE`` scores another labels file of the same format.

A labelled pair whose two pages became one document (one record on two sites) is counted as
found; otherwise found means a ``same_event`` link joins their documents. A pair with a page
that became no document is not scored, and counted in ``pairs_unscored``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from meaning_eval import CORPUS, ROOT, build, relative

from cablegraph import corpus as corpus_api
from cablegraph.link.table import LinkTable

MEANING = ROOT / "tests" / "fixtures" / "meaning"
LABELS = MEANING / "same_text.json"
HELDOUT_LABELS = MEANING / "same_text_heldout.json"
HELDOUT_PAGES = MEANING / "same_text_heldout"


def evaluate(db: Path, labels: Path = LABELS) -> dict[str, float]:
    """Precision, recall and counts of the pairs in ``labels`` over the corpus at ``db``."""
    pairs = json.loads(labels.read_text(encoding="utf-8"))["pairs"]
    with corpus_api.open(db) as corpus:
        doc_of = {relative(s.path): doc.id for doc in corpus.documents() for s in doc.sources}
        table = LinkTable.for_store(corpus.store)
        joined = {frozenset((lk.source, lk.target)) for lk in table.all("same_event", limit=100_000)[1]}
        table.close()
    tp = fp = fn = tn = merged = unscored = 0
    for pair in pairs:
        a, b = doc_of.get(pair["a"]), doc_of.get(pair["b"])
        if a is None or b is None:
            unscored += 1
            continue
        found = a == b or frozenset((a, b)) in joined
        merged += a == b
        if pair["same"]:
            tp += found
            fn += not found
        else:
            fp += found
            tn += not found
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"true_pairs": tp + fn, "false_pairs": fp + tn, "found": tp, "wrong": fp,
            "one_document": merged, "pairs_unscored": unscored,
            "precision": round(precision, 3), "recall": round(recall, 3)}


def foreign_sources(db: Path, pages: Path) -> list[str]:
    """The stored source paths of the corpus at ``db`` that are not under ``pages``."""
    inside = relative(str(pages))
    with corpus_api.open(db) as corpus:
        return sorted({relative(s.path) for doc in corpus.documents() for s in doc.sources
                       if not relative(s.path).startswith(inside + "/")})


def run(db: Path, pages: Sequence[Path], labels: Path, only: Path | None) -> dict[str, float]:
    """Build (or reuse) the corpus of ``pages`` at ``db`` and score ``labels`` on it; with
    ``only``, refuse a corpus holding any page outside that folder."""
    build(db, pages)
    if only is not None:
        stray = foreign_sources(db, only)
        if stray:
            raise SystemExit(f"{db}: the held-out corpus holds {len(stray)} page(s) from outside "
                             f"{relative(str(only))}/, first {stray[0]!r}: give a new --db")
    return evaluate(db, labels)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="the corpus file (kept; reused when it exists)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--heldout", action="store_true",
                       help="score the held-out labels on a corpus of the held-out pages only")
    which.add_argument("--both", action="store_true",
                       help="the development set (on --db) and then the held-out set (always fresh)")
    parser.add_argument("--labels", type=Path,
                        help="score this labels file (same format) instead of the set's own;"
                             " with --both, instead of the held-out one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dev_db = args.db or Path(tmp) / "corpus.db"
        held_db = (args.db if args.heldout and args.db else None) or Path(tmp) / "heldout.db"
        if args.heldout or args.both:
            if args.both:
                dev = run(dev_db, CORPUS, LABELS, None)
                print(json.dumps({"set": "dev", **dev}))
            held = run(held_db, [HELDOUT_PAGES], args.labels or HELDOUT_LABELS, HELDOUT_PAGES)
            print(json.dumps({"set": "heldout", **held}))
        else:
            print(json.dumps(run(dev_db, CORPUS, args.labels or LABELS, None)))


if __name__ == "__main__":
    main()
