"""The scorer of the real corpus (cablegraph.quality), on a corpus made here."""

from __future__ import annotations

import json
from pathlib import Path

from cablegraph.ingest import read_page
from cablegraph.model import Document
from cablegraph.parse import parse_documents
from cablegraph.quality import load_labels, score_corpus, table
from cablegraph.resolve import Authority

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "examples" / "pages"
AUTHORITY = Authority.builtin()


def _parse(path: Path) -> list[Document]:
    return parse_documents(read_page(path), AUTHORITY)


def _corpus(tmp_path: Path, labels: dict[str, dict[str, object]]) -> Path:
    for name in labels:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        source = PAGES / ("wilson/001.txt" if name.startswith("wilson") else "listings/001.txt")
        target.write_bytes(source.read_bytes())
    (tmp_path / "labels-test.json").write_text(json.dumps(labels), encoding="utf-8")
    return tmp_path


def test_right_and_wrong_labels_score_one_and_zero(tmp_path: Path) -> None:
    right = {
        "split": "dev",
        "page_kind": "document",
        "title": "Ciphered Telegram No. 34691 from Feng Xi [Stalin] to Soviet Ambassador in Pyongyang "
        "Shtykov",
        "date": "1950-07-01",
        "number": "34691",
        "senders": ["Joseph Stalin"],
        "recipients": ["Terenty Shtykov"],
        "nested_messages": 0,
    }
    wrong = dict(
        right,
        split="heldout",
        title="Another title",
        date="1950-07-02",
        number="1",
        senders=["Mao Zedong"],
        recipients=[],
        nested_messages=2,
    )
    root = _corpus(tmp_path, {"wilson/a.txt": right, "wilson/b.txt": wrong})
    report = score_corpus(root, _parse, AUTHORITY)
    assert report.mean(split="dev") == 1.0
    assert report.mean(split="heldout", name="title") == 0.0
    assert report.mean(split="heldout", name="page_kind") == 1.0
    assert report.mean(split="heldout", name="senders") == 0.0
    assert all(miss.startswith("wilson/a.txt") for miss in report.misses)  # held-out stays hidden
    assert "OVERALL" in table(report)
    assert report.summary()["heldout"]["pages"] == 1


def test_listing_counts_items_and_never_a_document(tmp_path: Path) -> None:
    root = _corpus(tmp_path, {"listings/x.txt": {"split": "dev", "page_kind": "listing", "items": 5}})
    report = score_corpus(root, _parse, AUTHORITY)
    assert report.listings_as_documents["dev"] == 0
    assert report.mean(split="dev", name="page_kind") == 1.0
    assert load_labels(root)["listings/x.txt"]["items"] == 5


def test_labelled_names_are_looked_up_in_the_labelled_year() -> None:
    from cablegraph.quality import _label_year, _PersonKey

    persons = _PersonKey(AUTHORITY)
    hay = AUTHORITY.lookup("John Hay", year=1898)
    assert hay is not None and AUTHORITY.lookup("John Hay") is None  # two persons without a year
    assert _label_year({"date": None, "record_id": "frus1898/d825"}) == 1898
    assert _label_year({"date": "1950-07-01"}) == 1950
    assert persons.want("John Hay", 1898) == hay.entity.id == persons.got(None, "Mr. John Hay", 1898)
    assert persons.want("John Hay") == "john hay"  # undated label: the year-blind lookup, as before
    assert persons.want("the Embassy in Ruritania") == persons.want("Embassy in Ruritania")
