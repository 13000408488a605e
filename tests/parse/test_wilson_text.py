"""Label-driven reading of Wilson pages: blocks in any order, missing or empty."""

from __future__ import annotations

import hashlib
from pathlib import Path

from cablegraph.model import SourcePage
from cablegraph.model.jsonable import document_json
from cablegraph.parse import parse_page
from cablegraph.resolve import Authority

ROOT = Path(__file__).resolve().parents[2]
AUTHORITY = Authority.builtin()


def parse_text(text: str) -> dict[str, object]:
    page = SourcePage("t.txt", hashlib.sha256(text.encode()).hexdigest(), "text", "utf-8", text)
    return document_json(parse_page(page, AUTHORITY), page)


def test_full_page_with_trailer_blocks() -> None:
    """A whole current-site page: Author(s), Associated ..., Original Archive labels."""
    got = parse_text((ROOT / "tests/fixtures/pages/full_trailer_blocks.txt").read_text())
    assert got["record_id"] == "999999"
    assert got["summary"] == "Mao agrees with Stalin's proposal."
    assert got["source_note"] == "APRF, f. 45, op. 1, d. 337, l. 12."
    assert got["original_language"] == "ru"
    assert [c["name"] for c in got["credits"] if c["role"] == "author"] == ["Mao, Zedong"]  # type: ignore[attr-defined]
    body = got["texts"][0]  # type: ignore[index]
    assert body["language"] == "en"


def test_authors_field_gives_the_sender_when_the_title_does_not() -> None:
    text = (ROOT / "tests/fixtures/pages/full_trailer_blocks.txt").read_text()
    text = text.replace("Telegram from Mao Zedong to Filippov [Stalin]", "Telegram on the proposal")
    got = parse_text(text)
    assert [p["name"] for p in got["senders"]] == ["Mao Zedong"]  # type: ignore[attr-defined]
    assert got["senders"][0]["rule"].startswith("author_field")  # type: ignore[index]


def test_empty_labels_stay_empty() -> None:
    text = (
        "Skip to content\n\nMay 1, 1951\n\nLetter, Gromyko to Malik\n\nText of the letter here,"
        " long enough to count as English prose for the language vote.\n\nSummary line.\n\n"
        "Document Information\n\nSource\n\nRights\n\nType\n\nLanguage\n\nRecord ID\n"
    )
    got = parse_text(text)
    assert got["record_id"] is None
    assert got["doc_type"] == "Letter"  # from the title: the Type label is empty
    assert got["source_note"] is None
    assert got["original_language"] is None


def test_record_id_only_in_citation_url() -> None:
    text = (
        "\n\nJune 30, 1951 Ciphered Telegram No. 1 from Beijing, Mao Zedong to Filippov [Stalin]\n\n"
        'Citation:\n\n"Ciphered Telegram No. 1", June 30, 1951, Wilson Center Digital Archive, '
        "APRF, f. 45, op. 1, d. 339, l. 92. https://digitalarchive.wilsoncenter.org/document/123456\n\n"
        "Summary:\n\nA telegram.\n\nOriginal Language:\n\nRussian\n\nContents:\n\nTranslation - English\n\n"
        "CIPHERED TELEGRAM No. 1\n\nText of the telegram in English, long enough to be a paragraph.\n"
    )
    got = parse_text(text)
    assert got["record_id"] == "123456"
    assert got["url"] == "https://digitalarchive.wilsoncenter.org/document/123456"
    assert got["layout"] == "citation-block"
    assert [r["text"] for r in got["archive_refs"]] == ["APRF, f. 45, op. 1, d. 339, l. 92"]  # type: ignore[attr-defined]
