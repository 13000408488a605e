"""Faults a user saw on the bundled pages (issue 14 part 4), each pinned by a test."""

from __future__ import annotations

import io
from pathlib import Path

from cablegraph.export import export
from cablegraph.ingest import read_page
from cablegraph.link import Record, transit_times
from cablegraph.model.jsonable import document_json
from cablegraph.parse import parse_page
from cablegraph.resolve import Authority

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "examples" / "pages"
AUTHORITY = Authority.builtin()


def _parsed(relative: str) -> tuple[dict, str]:  # type: ignore[type-arg]
    page = read_page(PAGES / relative)
    return document_json(parse_page(page, AUTHORITY), page), page.text


def test_outgoing_telegram_has_no_negative_transit() -> None:
    seed = next((PAGES / "seeds").glob("000_*.txt"))
    data, text = _parsed(f"seeds/{seed.name}")
    envelope = data["envelope"]
    assert envelope["direction"] == "outgoing"  # the cipher office took it in, then sent it
    assert envelope["received"]["at"] < envelope["sent"]["at"]  # the seed's values stay
    times = transit_times([Record.of(data, text)])
    assert all(v["min"] >= 0 for v in times.values())
    assert [key.split(" | ")[1] for key in times] == ["received→sent"]
    assert next(iter(times.values()))["median"] == 135.0


def test_pdf_mirror_keeps_what_its_twin_page_keeps() -> None:
    flat, _ = _parsed("wilson/008.txt")
    pdf, _ = _parsed("wilson/009.txt")
    for got in (flat, pdf):
        assert got["envelope"]["priority"] == ["Extremely Urgent"]
        assert "No. 1351 (under the signature)" in got["envelope"]["stamps"]
    names = [c["name"] for c in flat["envelope"]["distribution"]]
    assert names and names == [c["name"] for c in pdf["envelope"]["distribution"]]


def test_wilson_record_is_cited_at_the_archives_address() -> None:
    pdf, _ = _parsed("wilson/009.txt")
    assert pdf["record_id"] == "113658"
    assert pdf["url"] == "https://digitalarchive.wilsoncenter.org/document/113658"


def test_listings_are_never_exported_as_records() -> None:
    listing = next((PAGES / "listings").glob("*.txt"))
    page = read_page(listing)
    data = document_json(parse_page(page, AUTHORITY), page)
    assert data["page_kind"] == "listing"
    document, text = _parsed("wilson/009.txt")
    out = io.StringIO()
    assert export([(data, page.text), (document, text)], "jsonl", out) == 1
    assert "113658" in out.getvalue()
