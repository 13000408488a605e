"""The parser never raises on odd text, and says what kind of page it saw."""

from __future__ import annotations

import hashlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablegraph.ingest import read_page
from cablegraph.model import SourcePage
from cablegraph.model.jsonable import document_json
from cablegraph.parse import parse_page
from cablegraph.resolve import Authority

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "examples" / "pages"
AUTHORITY = Authority.builtin()
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted((PAGES / "seeds").glob("*.txt"))]
LABELS = [
    "Skip to content",
    "Document Information",
    "Source",
    "Rights",
    "Record ID",
    "Citation:",
    "Summary:",
    "Contents:",
    "Original Language:",
    "CIPHERED TELEGRAM No. 1",
    "Copies:",
    "Sent",
    "Received 18:35 21.XI.1951",
    "“",
    "”",
    '"',
    "«",
    "[Stalin]",
    "No.",
    "\n",
    "\n\n",
    "\u00a0",
    "I report the letter from",
    "Send to Ridgway today an answer:",
    "Series GT.",
]


def _parse(text: str) -> dict[str, object]:
    """Parse any string, even one ingest would refuse (empty, whitespace)."""
    page = SourcePage(
        "fuzz.txt", hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), "text", "utf-8", text
    )
    return document_json(parse_page(page, AUTHORITY), page)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(LABELS), st.text(max_size=40)), max_size=40))
def test_label_soup_never_raises(parts: list[str]) -> None:
    got = _parse(" ".join(parts))
    assert got["page_kind"] in ("document", "listing", "unknown")


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 4), st.integers(0, 6000), st.integers(0, 6000))
def test_cut_seed_pages_never_raise(which: int, start: int, length: int) -> None:
    text = SEED_TEXTS[which][start : start + length]
    got = _parse(text)
    for mention in got["mentions"]:  # type: ignore[attr-defined]
        assert text[mention["start"] : mention["stop"]] == mention["text"]


def test_prose_is_an_unknown_page() -> None:
    got = _parse("Some notes I took in the reading room.\nNothing here is a telegram.\n")
    assert got["page_kind"] == "unknown"
    assert got["title"] == "Some notes I took in the reading room."


def test_listing_pages_are_never_documents() -> None:
    for path in sorted((PAGES / "listings").glob("*.txt")):
        page = read_page(path)
        got = document_json(parse_page(page, AUTHORITY), page)
        assert got["page_kind"] == "listing", path
        assert got["items"] and all(item["date"]["iso"] for item in got["items"])


def test_empty_record_id_stays_empty() -> None:
    page = read_page(PAGES / "wilson" / "004.txt")  # "Record ID" is the last, empty label
    got = document_json(parse_page(page, AUTHORITY), page)
    assert got["record_id"] is None
    assert got["id"].startswith("sha256:")


def test_same_record_in_two_layouts_agrees() -> None:
    flat, pdf = (read_page(PAGES / "wilson" / name) for name in ("008.txt", "009.txt"))
    a = document_json(parse_page(flat, AUTHORITY), flat)
    b = document_json(parse_page(pdf, AUTHORITY), pdf)
    for field in ("senders", "recipients", "via"):
        assert [p["entity_id"] for p in a[field]] == [p["entity_id"] for p in b[field]]
    assert a["date"]["iso"] == b["date"]["iso"] == "1950-09-29"
    for event in ("sent", "received", "deciphered"):
        assert a["envelope"][event]["at"] == b["envelope"][event]["at"]


def test_impossible_dates_stay_unparsed() -> None:
    got = _parse("Skip to content\n\nFebruary 31, 1951\n\nTelegram, Gromyko to Razuvaev\n\nText.\n")
    assert got["date"]["iso"] is None  # type: ignore[index]
    assert got["date"]["text"] == "February 31, 1951"  # type: ignore[index]
