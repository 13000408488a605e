"""Same search results before and after a change: ids and totals of fixed queries.

    python benchmarks/search_compare.py --examples --out after-examples.json
    python benchmarks/search_compare.py --docs 20000 --out after-20k.json
    python benchmarks/search_compare.py --diff before-20k.json after-20k.json
    python benchmarks/search_compare.py --db /tmp/scale1m-b/bench.db --out after-1m.json

Builds a corpus (the bundled ``examples/`` through the real reader, parser and authority;
or ``--docs`` synthetic telegrams from ``benchmarks/synthetic.py``, stored without the
parser, as in ``scale.py``; or ``--db``, a corpus a ``scale.py`` run left, searched as it is
and never written), runs the queries of ``scale.py`` and a few more, and writes,
for each, the total and the ids of the first ``--top`` hits in order. Run it once with the
old code (e.g. ``PYTHONPATH=<old checkout>/src``) and once with the new, then ``--diff``:
it prints every query whose total or ids differ and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from scale import QUERIES  # noqa: E402
from synthetic import Generator  # noqa: E402

import cablegraph.corpus  # noqa: E402
from cablegraph.corpus import Corpus  # noqa: E402
from cablegraph.model import Document, SourcePage  # noqa: E402

EXTRA: list[tuple[str, dict[str, str]]] = [
    ("Филиппов", {}), ("Chou En-lai", {}), ("Ridgway", {}), ("nuclear weapons", {}),
    ("atom*", {}), ('"joint chiefs"', {}), ("negotiations", {}), ("Кайдзио", {}),
    ("переговоры о перемирии", {}), ("Korea", {"lang": "en"}), ("telegram", {"sort": "date"}),
    ("Molotov OR Молотов", {}), ('"prisoners of war"', {}), ("ceasefire -Kaesong", {}),
]


def build_examples(folder: Path) -> Corpus:
    corpus = cablegraph.corpus.open(folder / "examples.db")
    corpus.ingest([str(HERE.parent / "examples")])
    return corpus


def build_synthetic(folder: Path, n: int, seed: int) -> Corpus:
    corpus = cablegraph.corpus.open(folder / "synthetic.db", authority=None)
    parsed: dict[str, Document] = {}

    def pages() -> Any:
        for page, doc in Generator(seed).corpus(n):
            parsed[page.sha256] = doc
            yield page

    def parser(page: SourcePage) -> Document:
        return parsed.pop(page.sha256)

    corpus._parser = parser
    corpus.ingest_pages(pages())
    return corpus


def results(corpus: Corpus, top: int, *, sync: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for text, filters in [(q, f) for q, f, _ in QUERIES] + EXTRA:
        found = corpus.search(text, limit=top, sync=sync, **filters)  # type: ignore[arg-type]
        label = " ".join([text or "<all>", *(f"{k}={v}" for k, v in filters.items())])
        out[label] = {"total": found.total, "ids": [h.id for h in found.hits],
                      "keys": [[float(f"{h.score:.6g}"), h.date or ""] for h in found.hits],
                      "facets": {name: [[f.value, f.count] for f in counts]
                                 for name, counts in sorted(found.facets.items())},
                      "facets_sampled": found.facets_sampled}
    return out


def _only_ties(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """The same ranking up to ties: the same sort keys in the same order (the score, or the
    date where hits are not scored), and the same ids for each key but the last one shown
    (equal hits at the cut may be any of them). tantivy breaks ties by the order of
    documents in its segments, which depends on when background merges ran."""
    def keys(found: dict[str, Any]) -> list[Any]:
        return [score if score else date for score, date in found.get("keys", [])]

    if not old.get("keys") or keys(old) != keys(new):
        return False
    last = keys(old)[-1]
    groups: dict[Any, tuple[set[str], set[str]]] = {}
    for key, a, b in zip(keys(old), old["ids"], new["ids"], strict=True):
        groups.setdefault(key, (set(), set()))
        groups[key][0].add(a)
        groups[key][1].add(b)
    return all(a == b for key, (a, b) in groups.items() if key != last)


def diff(before: dict[str, Any], after: dict[str, Any]) -> int:
    changed = ties = 0
    for label in sorted(set(before) | set(after)):
        old, new = before.get(label), after.get(label)
        if old == new:
            continue
        if old is not None and new is not None and any(
                old.get(k) != new.get(k) for k in ("facets", "facets_sampled")):
            changed += 1
            print(f"{label}: facets differ")
            continue
        if old["total"] == new["total"] and _only_ties(old, new):
            ties += 1
            continue
        changed += 1
        if old is None or new is None:
            print(f"{label}: only in {'after' if old is None else 'before'}")
            continue
        lost = [i for i in old["ids"] if i not in new["ids"]]
        gained = [i for i in new["ids"] if i not in old["ids"]]
        print(f"{label}: total {old['total']} -> {new['total']}; ids lost {lost[:5]}, "
              f"gained {gained[:5]}{', same ids, other order' if not lost and not gained else ''}")
    print(f"{len(set(before) | set(after))} queries: {changed} differ; {ties} more differ only in"
          " the order of equal hits (same score, or same date when unscored) or which of them"
          " make the top")
    return 1 if changed else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", action="store_true", help="the bundled examples corpus")
    parser.add_argument("--docs", type=int, default=0, help="synthetic telegrams instead")
    parser.add_argument("--db", type=Path, help="an existing SQLite corpus instead (only searched)")
    parser.add_argument("--seed", type=int, default=1951)
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--diff", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.diff:
        before, after = (json.loads(p.read_text(encoding="utf-8"))["results"] for p in args.diff)
        sys.exit(diff(before, after))
    if args.db is not None:
        corpus = cablegraph.corpus.open(args.db, authority=None)
        name = str(args.db)
    elif args.examples or args.docs > 0:
        folder = Path(tempfile.mkdtemp(prefix="cablegraph-compare-"))
        corpus = build_examples(folder) if args.examples else build_synthetic(folder, args.docs, args.seed)
        name = "examples" if args.examples else f"synthetic {args.docs} seed {args.seed}"
    else:
        parser.error("say --examples, --docs N or --db PATH (or --diff BEFORE AFTER)")
    found = {"corpus": name,
             "code": cablegraph.corpus.__file__, "results": results(corpus, args.top, sync=args.db is None)}
    corpus.close()
    text = json.dumps(found, ensure_ascii=False, indent=1)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    print(text if not args.out else f"{len(found['results'])} queries -> {args.out}")


if __name__ == "__main__":
    main()
