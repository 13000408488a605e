"""Saved HTML pages give the same fields as their text versions."""

from __future__ import annotations

from pathlib import Path

import pytest

from cablegraph.ingest import read_page
from cablegraph.ingest.html import html_metadata, html_page_as_text, html_to_page_text
from cablegraph.model import Document
from cablegraph.parse.document import parse_page
from cablegraph.resolve import Authority

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "tests" / "fixtures" / "html"
SEEDS = ROOT / "examples" / "pages" / "seeds"

PAIRS = [
    ("wilson_current_113632.html", next(SEEDS.glob("000_*.txt"))),
    ("wilson_older_110371.html", next(SEEDS.glob("002_*.txt"))),
    ("hsg_frus1951v07p1_d656.html", ROOT / "examples" / "pages" / "frus" / "006.txt"),
]


@pytest.fixture(scope="module")
def authority() -> Authority:
    return Authority.builtin()


def fields(doc: Document) -> dict[str, object]:
    return {
        "title": doc.title,
        "date": doc.date.iso if doc.date else None,
        "record_id": doc.record_id,
        "number": doc.envelope.number,
        "senders": [p.name for p in doc.senders],
        "recipients": [p.name for p in doc.recipients],
        "doc_type": doc.doc_type,
        "summary": doc.summary,
        "original_language": doc.original_language,
        "texts": [(t.language, t.role) for t in doc.texts],
        "archive_refs": [r.text for r in doc.archive_refs],
        "classification": doc.envelope.classification,
    }


@pytest.mark.parametrize(("html_name", "text_path"), PAIRS, ids=[p[0] for p in PAIRS])
def test_html_gives_the_fields_of_the_text_version(
    html_name: str, text_path: Path, authority: Authority
) -> None:
    from_html = parse_page(html_page_as_text(read_page(HTML / html_name)), authority)
    from_text = parse_page(read_page(text_path), authority)
    assert from_html.title is not None and from_html.errors == []
    assert fields(from_html) == fields(from_text)


def test_navigation_and_furniture_are_dropped() -> None:
    text = html_to_page_text((HTML / "wilson_current_113632.html").read_text(encoding="utf-8"))
    for noise in ("Skip to content", "Collections", "Search the archive", "Share", "Download PDF",
                  "Privacy", "cookies", "dataLayer", "Korean War"):  # fmt: skip
        assert noise not in text
    assert text.startswith("November 21, 1951\n\nCiphered Telegram No. 26044, Gromyko to Razuvaev\n")
    assert "\nDocument Information\n\nSource\n\nAPRF, f. 45" in text


def test_frus_footnotes_are_numbered_lines() -> None:
    text = html_to_page_text((HTML / "hsg_frus1951v07p1_d656.html").read_text(encoding="utf-8"))
    assert text.startswith("795.00/7–2051: Telegram\n\nThe Ambassador in Korea (Muccio)")
    assert "\n  1. The Department of State made the following reply" in text
    assert "Historical Documents" not in text and "Previous" not in text


def test_metadata_from_the_page_head() -> None:
    meta = html_metadata((HTML / "hsg_frus1951v07p1_d656.html").read_text(encoding="utf-8"))
    assert meta.url == "https://history.state.gov/historicaldocuments/frus1951v07p1/d656"
    assert meta.title == "The Ambassador in Korea (Muccio) to the Secretary of State"


def test_blocks_lists_and_tables() -> None:
    html = (
        "<html><body><nav>Menu</nav><main><h1>Title</h1><p>One <b>bold</b>\n   word.</p>"
        "<ul><li>a</li><li>b</li></ul><table><tr><td>x</td><td>y</td></tr></table>"
        "<p>line<br>break</p><pre>  keep   this</pre></main></body></html>"
    )
    assert (
        html_to_page_text(html) == "Title\n\nOne bold word.\n\na\nb\n\nx y\n\nline\nbreak\n\n  keep   this\n"
    )


def test_an_empty_page_gives_empty_text() -> None:
    assert html_to_page_text("<html><body><nav>only navigation</nav></body></html>") == ""
