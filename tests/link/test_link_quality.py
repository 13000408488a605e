"""Links scored against hand labels over the seeds and samples: precision and recall."""

from __future__ import annotations

import json
from pathlib import Path

from cablegraph.ingest import read_page
from cablegraph.link import Record, find_links
from cablegraph.model.jsonable import document_json
from cablegraph.parse import parse_page
from cablegraph.resolve import Authority

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "examples" / "pages"


def test_links_meet_their_floors() -> None:
    labels = json.loads((ROOT / "tests/fixtures/links/labels.json").read_text(encoding="utf-8"))
    authority = Authority.builtin()
    records, names = [], {}
    for folder in ("seeds", "wilson", "frus"):
        for path in sorted((PAGES / folder).glob("*.txt")):
            page = read_page(path)
            record = Record.of(document_json(parse_page(page, authority), page), page.text)
            records.append(record)
            names[record.id] = f"{folder}/{path.name}"
    predicted = set()
    for link in find_links(records):
        target = "msg" if "#msg/" in link.target else names.get(link.target, link.target)
        predicted.add((names[link.source], target, link.kind))
    gold = {tuple(item) for item in labels["links"]}
    correct = predicted & gold
    precision = len(correct) / len(predicted)
    recall = len(correct) / len(gold)
    print(
        f"links: precision {precision:.3f} ({len(correct)}/{len(predicted)}), "
        f"recall {recall:.3f} ({len(correct)}/{len(gold)}); missed: {sorted(gold - predicted)}"
    )
    assert precision >= labels["floors"]["precision"], sorted(predicted - gold)
    assert recall >= labels["floors"]["recall"], sorted(gold - predicted)
