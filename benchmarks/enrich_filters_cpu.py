"""CPU time of the enrichment's names pass on the bundled pages, the model's share apart.

    python benchmarks/enrich_filters_cpu.py [--ner auto] [--passes 3]

Each bundled page (examples/pages) goes once through `names_in` with the recognizer's answers
remembered (the whole pass, model included), then `--passes` times more with those answers
given back (the authority's filters and the page-level carry alone). CPU time
(time.process_time), so that a loaded machine counts less than with the wall clock. To compare
with another revision, put its `src` first on PYTHONPATH (`git archive REV src | tar -x -C DIR`).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from cablegraph.resolve import Authority
from cablegraph.resolve.enrich import Found, Recognizer, names_in, recognizer

ROOT = Path(__file__).resolve().parents[1]


class Remembered:
    """A recognizer that asks its model once per text and gives the same answer after."""

    name = "remembered"

    def __init__(self, model: Recognizer) -> None:
        self.model = model
        self.answers: dict[tuple[str, str | None], list[Found]] = {}

    def find(self, text: str, lang: str | None) -> list[Found]:
        key = (text, lang)
        if key not in self.answers:
            self.answers[key] = self.model.find(text, lang)
        return self.answers[key]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ner", default="auto")
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    files = sorted((ROOT / "examples" / "pages").rglob("*.txt"))
    pages = [(p.name, p.read_text(encoding="utf-8")) for p in files]
    authority, found_by = Authority.builtin(), Remembered(recognizer(args.ner))
    names_in("warm", [(None, "Warm up Ambassador Chai Junwu.")], authority, found_by, year=1951)
    chars = sum(len(text) for _, text in pages)
    start = time.process_time()
    for doc_id, text in pages:
        names_in(doc_id, [(None, text)], authority, found_by, year=1951)
    whole = time.process_time() - start
    start = time.process_time()
    for _ in range(args.passes):
        for doc_id, text in pages:
            names_in(doc_id, [(None, text)], authority, found_by, year=1951)
    filters = (time.process_time() - start) / args.passes
    print(json.dumps({
        "ner": args.ner, "chars": chars, "whole_chars_per_cpu_s": round(chars / whole),
        "filters_ms": round(filters * 1000), "filters_chars_per_cpu_s": round(chars / filters),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
