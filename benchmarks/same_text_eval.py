"""``same_event`` links scored on hand-labelled page pairs: precision and recall.

    python benchmarks/same_text_eval.py [--db PATH]

The corpus of benchmarks/meaning_eval.py (bundled and real pages, ingested and enriched
into PATH, reused when it exists). The labels: tests/fixtures/meaning/same_text.json
(pairs of pages carrying the same text, and hard negatives with the same people and
days). A labelled pair whose two pages became one document (one record on two sites) is
counted as found; otherwise found means a ``same_event`` link joins their documents.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from meaning_eval import ROOT, build, relative

from cablegraph import corpus as corpus_api
from cablegraph.link.table import LinkTable

LABELS = ROOT / "tests" / "fixtures" / "meaning" / "same_text.json"


def evaluate(db: Path) -> dict[str, float]:
    pairs = json.loads(LABELS.read_text(encoding="utf-8"))["pairs"]
    with corpus_api.open(db) as corpus:
        doc_of = {relative(s.path): doc.id for doc in corpus.documents() for s in doc.sources}
        table = LinkTable.for_store(corpus.store)
        joined = {frozenset((lk.source, lk.target)) for lk in table.all("same_event", limit=100_000)[1]}
        table.close()
    tp = fp = fn = tn = merged = 0
    for pair in pairs:
        a, b = doc_of.get(pair["a"]), doc_of.get(pair["b"])
        if a is None or b is None:
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
            "one_document": merged, "precision": round(precision, 3), "recall": round(recall, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "corpus.db"
        build(db)
        print(json.dumps(evaluate(db)))


if __name__ == "__main__":
    main()
