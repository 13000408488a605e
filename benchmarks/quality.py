"""Quality on the real labelled corpus: every field, per source and per split.

    python benchmarks/quality.py [--split dev|heldout|all] [--misses] [--json PATH]

Scores every page labelled in tests/fixtures/quality/real/labels-*.json (method:
cablegraph.quality). Prints a table and a JSON summary. ``--misses`` lists the fields
missed on dev pages only: held-out pages are scored, never shown.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cablegraph.ingest import read_page
from cablegraph.ingest.pages import prepare
from cablegraph.model import Document
from cablegraph.parse import parse_documents
from cablegraph.quality import SPLITS, score_corpus, table
from cablegraph.resolve import Authority

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "fixtures" / "quality" / "real"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="all")
    parser.add_argument("--misses", action="store_true", help="list the misses on dev pages")
    parser.add_argument("--source", help="only pages of this source folder (wilson, frus, ...)")
    parser.add_argument(
        "--labels",
        help="only pages labelled in this labels file (e.g. labels-corpus-parser4.json): "
        "a batch of new pages scored on its own",
    )
    parser.add_argument("--json", type=Path, help="also write the JSON summary to this file")
    parser.add_argument(
        "--pin",
        type=Path,
        help="write floors (measured value minus --margin, per split and field) to this file",
    )
    parser.add_argument("--margin", type=float, default=0.02, help="floor = measured - margin")
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    args = parser.parse_args()
    authority = Authority.builtin()

    def parse(path: Path) -> list[Document]:
        return parse_documents(prepare(read_page(path)), authority)

    splits = SPLITS if args.split == "all" else (args.split,)
    only = _only(args.source, args.labels)
    report = score_corpus(REAL, parse, authority, splits=splits, only=only)
    if args.markdown:
        print(markdown(report.summary()))
        return
    print(table(report))
    if args.misses:
        print("\nmisses (dev only):")
        print("\n".join(report.misses))
    summary = report.summary()
    print(json.dumps(summary))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    if args.pin:
        args.pin.write_text(json.dumps(floors(summary, args.margin), indent=2) + "\n", encoding="utf-8")


def _only(source: str | None, labels: str | None) -> Callable[[str], bool] | None:
    """The page filter of --source and --labels (both must hold), or None for every page."""
    names: set[str] | None = None
    if labels:
        path = REAL / labels
        if not path.is_file():
            raise SystemExit(f"{path}: no such labels file")
        names = set(json.loads(path.read_text(encoding="utf-8")))
    if source is None and names is None:
        return None

    def only(name: str) -> bool:
        return (source is None or name.startswith(source + "/")) and (names is None or name in names)

    return only


def markdown(summary: dict[str, Any]) -> str:
    """Per split: overall and per field; per source: overall and per field; page counts."""
    out: list[str] = []
    splits = [s for s in summary if summary[s]["pages"]]
    out.append("| | " + " | ".join(splits) + " |")
    out.append("|---|" + "---:|" * len(splits))
    out.append("| pages | " + " | ".join(str(summary[s]["pages"]) for s in splits) + " |")
    out.append("| **overall** | " + " | ".join(_cell(summary[s]["overall"]) for s in splits) + " |")
    fields = list(dict.fromkeys(f for s in splits for f in summary[s]["fields"]))
    for name in fields:
        out.append(f"| {name} | " + " | ".join(_cell(summary[s]["fields"].get(name)) for s in splits) + " |")
    for label, key in (
        ("document pages read as `unknown`", "unknown_on_document_pages"),
        ("listings taken for documents", "listings_taken_for_documents"),
        ("pages with errors", "pages_with_errors"),
    ):
        out.append(f"| {label} | " + " | ".join(str(summary[s][key]) for s in splits) + " |")
    for split in splits:
        sources = summary[split]["sources"]
        names = list(sources)
        out.append("")
        out.append(f"**{split}, per source**")
        out.append("")
        out.append("| field | " + " | ".join(names) + " |")
        out.append("|---|" + "---:|" * len(names))
        out.append("| pages | " + " | ".join(str(sources[n]["pages"]) for n in names) + " |")
        out.append("| **overall** | " + " | ".join(_cell(sources[n]["overall"]) for n in names) + " |")
        for name in fields:
            cells = " | ".join(_cell(sources[n]["fields"].get(name)) for n in names)
            out.append(f"| {name} | {cells} |")
    return "\n".join(out)


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def floors(summary: dict[str, Any], margin: float) -> dict[str, dict[str, float | int]]:
    """Per split: every field's floor and the overall floor at the measured value minus
    ``margin`` (rounded down to 0.001), and the unknown count as measured."""

    def floor(value: float) -> float:
        return max(0.0, math.floor((value - margin) * 1000) / 1000)

    out: dict[str, dict[str, float | int]] = {}
    for split, part in summary.items():
        if not part["pages"]:
            continue
        pinned: dict[str, float | int] = {"overall": floor(part["overall"])}
        pinned.update({name: floor(value) for name, value in part["fields"].items()})
        pinned["unknown_on_document_pages"] = part["unknown_on_document_pages"]
        pinned["listings_taken_for_documents"] = part["listings_taken_for_documents"]
        out[split] = pinned
    return out


if __name__ == "__main__":
    main()
