"""Every export format over the seeds, checked with real parsers and the specifications."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
import rispy

from cablegraph.export import archive_citation, chicago_note, csl_item, csl_problems, export, neutralise
from cablegraph.ingest import read_page
from cablegraph.model.jsonable import document_json
from cablegraph.parse import parse_page
from cablegraph.resolve import Authority

ROOT = Path(__file__).resolve().parents[2]
TEI = "{http://www.tei-c.org/ns/1.0}"
AUTHORITY = Authority.builtin()


@pytest.fixture(scope="module")
def seeds() -> list[tuple[dict[str, Any], str]]:
    out = []
    for path in sorted((ROOT / "examples/pages/seeds").glob("*.txt")):
        page = read_page(path)
        out.append((document_json(parse_page(page, AUTHORITY), page), page.text))
    return out


def _seed(seeds: list[tuple[dict[str, Any], str]], record_id: str) -> dict[str, Any]:
    return next(d for d, _ in seeds if d["record_id"] == record_id)


def test_archive_citation_is_built_from_fields(seeds: list[tuple[dict[str, Any], str]]) -> None:
    citation = archive_citation(_seed(seeds, "110374"))
    assert citation.startswith(
        '"Ciphered Telegram No. 3917, Filippov [Stalin] to Krasovsky, for Cde. Mao Zedong", June 30, 1951, '
        "Wilson Center Digital Archive, APRF, f. 45, op. 1, d. 339, ll. 95-96; "
    )
    assert "and RGASPI, f. 558, op. 11, d. 339, ll. 0095-0096." in citation
    cited = archive_citation(_seed(seeds, "117412"))
    assert "Translated by Gary Goldberg." in cited and cited.endswith("/document/117412")


def test_chicago_note(seeds: list[tuple[dict[str, Any], str]]) -> None:
    note = chicago_note(_seed(seeds, "110374"))
    assert note.startswith(
        "Joseph Stalin to Mao Zedong (via Stepan Krasovsky), telegram no. 3917, June 30, 1951, "
        "APRF, f. 45, op. 1, d. 339, ll. 95-96"
    )


def test_csl_json_follows_the_schema(seeds: list[tuple[dict[str, Any], str]]) -> None:
    for data, _ in seeds:
        item = csl_item(data)
        assert csl_problems(item) == [], item
    item = csl_item(_seed(seeds, "110374"))
    assert item["type"] == "personal_communication"
    assert item["author"] == [{"family": "Stalin", "given": "Joseph"}]
    assert item["issued"] == {"date-parts": [[1951, 6, 30]]}
    assert (item["archive"], item["archive_location"]) == ("APRF", "f. 45, op. 1, d. 339, ll. 95-96")
    assert "Record ID: 110374" in item["note"]
    out = io.StringIO()
    export(seeds, "csl-json", out)
    assert len(json.loads(out.getvalue())) == 5


def test_csl_problems_catches_bad_items() -> None:
    assert csl_problems({"id": "x", "type": "telegram"})
    assert csl_problems({"id": "x", "type": "document", "issued": {"date-parts": [["1951"]]}})
    assert csl_problems({"id": "x", "type": "document", "author": [{"given": "Joseph"}]})


def test_ris_parses_back(seeds: list[tuple[dict[str, Any], str]]) -> None:
    out = io.StringIO()
    export(seeds, "ris", out)
    entries = rispy.loads(out.getvalue())
    assert len(entries) == 5
    first = next(e for e in entries if e.get("id") == "wda_110374")
    assert first["title"].startswith("Ciphered Telegram No. 3917")
    assert first["authors"] == ["Stalin, Joseph"]


def test_biblatex_parses_back(seeds: list[tuple[dict[str, Any], str]]) -> None:
    out = io.StringIO()
    export(seeds, "bibtex", out)
    library = bibtexparser.parse_string(out.getvalue())
    assert not library.failed_blocks
    assert len(library.entries) == 5
    entry = next(e for e in library.entries if e.key == "wda_110374")
    assert entry.entry_type == "misc"  # biblatex's data model has no fields for @letter
    assert entry["date"] == "1951-06-30"
    assert entry["url"].endswith("110374") if "url" in entry else True


def test_tei_is_well_formed_with_correspondence(seeds: list[tuple[dict[str, Any], str]]) -> None:
    out = io.StringIO()
    export(seeds, "tei", out)
    corpus = ET.fromstring(out.getvalue())
    assert corpus.tag == f"{TEI}teiCorpus"
    documents = corpus.findall(f"{TEI}TEI")
    assert len(documents) == 5
    for document in documents:
        desc = document.find(f".//{TEI}profileDesc/{TEI}correspDesc")
        assert desc is not None
        kinds = [a.get("type") for a in desc.findall(f"{TEI}correspAction")]
        assert "sent" in kinds and "received" in kinds
    seed_001 = next(d for d in documents if d.find(f".//{TEI}idno").text == "wda:110374")  # type: ignore[union-attr]
    actions = seed_001.findall(f".//{TEI}correspDesc")[0].findall(f"{TEI}correspAction")
    assert [a.get("type") for a in actions][:3] == ["sent", "transmitted", "received"]
    langs = [
        d.get("{http://www.w3.org/XML/1998/namespace}lang")
        for d in seed_001.findall(f".//{TEI}body/{TEI}div")
    ]
    assert "ru" in langs and "en" in langs
    assert len(seed_001.findall(f".//{TEI}correspDesc")) == 2  # the telegram and the draft inside it


def test_cmif_lists_every_message(seeds: list[tuple[dict[str, Any], str]]) -> None:
    out = io.StringIO()
    written = export(seeds, "cmif", out, cmif_url="https://example.org/cablegraph/cmif.xml")
    root = ET.fromstring(out.getvalue())
    descs = root.findall(f".//{TEI}profileDesc/{TEI}correspDesc")
    assert len(descs) == written >= 10
    for desc in descs:
        sent = desc.find(f"{TEI}correspAction[@type='sent']")
        assert sent is not None
        assert desc.find(f"{TEI}correspAction[@type='received']") is not None


def test_csv_tables_are_neutralised(seeds: list[tuple[dict[str, Any], str]], tmp_path: Path) -> None:
    data, text = seeds[0]
    hostile = dict(data, title='=HYPERLINK("http://x")', summary="+1-2", record_id="@SUM(A1)")
    export([(hostile, text), *seeds[1:]], "csv", tmp_path)
    rows = list(csv.DictReader((tmp_path / "documents.csv").open(encoding="utf-8")))
    assert len(rows) == 5
    assert (
        rows[0]["title"].startswith("'=")
        and rows[0]["summary"] == "'+1-2"
        and rows[0]["record_id"] == "'@SUM(A1)"
    )
    for table in ("messages", "mentions", "entities", "links"):
        assert (tmp_path / f"{table}.csv").exists()
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["documents"] == 5 and manifest["tool"].startswith("cablegraph")
    assert neutralise("-5") == "'-5" and neutralise("Stalin") == "Stalin"


def test_jsonl_carries_version_time_and_sources(seeds: list[tuple[dict[str, Any], str]]) -> None:
    out = io.StringIO()
    export(seeds, "jsonl", out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == 5
    for line in lines:
        assert line["export"]["tool"].startswith("cablegraph ")
        assert line["export"]["exported_at"]
        assert line["source"]["sha256"]
