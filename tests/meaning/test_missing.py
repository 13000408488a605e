"""The documents we don't have: cited telegrams of the seeds and samples that no page gives."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from cablegraph import corpus as corpus_api
from cablegraph.cli import main
from cablegraph.ingest import read_page
from cablegraph.link import Record
from cablegraph.link.missing import MissingDocument, find_missing
from cablegraph.model.jsonable import document_json
from cablegraph.parse import parse_page
from cablegraph.resolve import Authority
from cablegraph.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "examples" / "pages"
AUTHORITY = Authority.builtin()


def _records(*folders: str) -> list[Record]:
    records = []
    for folder in folders:
        for path in sorted((PAGES / folder).glob("*.txt")):
            page = read_page(path)
            records.append(Record.of(document_json(parse_page(page, AUTHORITY), page), page.text))
    return records


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return _records("seeds", "wilson", "frus")


@pytest.fixture(scope="module")
def stubs(records: list[Record]) -> list[MissingDocument]:
    return find_missing(records)


def _by_path(records: list[Record], folder: str, name: str) -> Record:
    return next(r for r in records if r.data["source"]["path"].endswith(f"{folder}/{name}"))


def _numbered(stubs: list[MissingDocument], number: str) -> MissingDocument:
    return next(s for s in stubs if s.number == number)


def test_numbers_cited_with_lead_words_and_their_direction(
    records: list[Record], stubs: list[MissingDocument]
) -> None:
    roshchin = _by_path(records, "wilson", "004.txt")  # "In addition to my Nº 2390"
    stub = _numbered(stubs, "2390")
    assert stub.senders == ["Nikolai Roshchin"] and stub.recipients == ["Joseph Stalin"]
    assert stub.citing == [roshchin.id]
    cite = stub.citations[0]
    assert roshchin.text[cite.start : cite.stop] == cite.evidence == "my Nº 2390"
    assert stub.latest == roshchin.date and stub.earliest is not None and stub.earliest < stub.latest
    # "Re Embtels 813, 819, ..." in a Department telegram: the Embassy wrote them (1952, the
    # year Muccio left: no ambassador datable from the year alone, so the embassy itself)
    embtel = _numbered(stubs, "829")
    assert embtel.senders == ["Embassy of the United States in Korea"]
    assert len(embtel.citations) == 2  # "Embtels 813, 819, 822, 829, ..." and "Embtel 829"
    deptel = _numbered(stubs, "619")
    assert deptel.senders == ["Department of State"]  # a FRUS heading's Acting Secretary is the Department
    reur = _numbered(stubs, "CX66183")  # "Reur CX 66183" in a JCS telegram: Ridgway's
    assert reur.senders == ["Matthew Ridgway"] and reur.recipients == ["Joint Chiefs of Staff"]


def test_a_number_with_its_date(stubs: list[MissingDocument]) -> None:
    stub = _numbered(stubs, "61")  # "As reported mytel 61, July 20"
    assert stub.cited_date == dt.date(1951, 7, 20) and stub.estimated_date == dt.date(1951, 7, 20)
    assert stub.senders == ["John J. Muccio"]


def test_dated_reply_cues_without_a_document(records: list[Record], stubs: list[MissingDocument]) -> None:
    seed = _by_path(records, "seeds", "004_9f93c5bc8e2ae310.txt")
    found = [s for s in stubs if seed.id in s.citing and s.number is None]
    # "I received your telegrams of 0200 30 October and 2120 30 October" (Li Kenong to Mao)
    assert [(s.cited_date, s.senders, s.recipients) for s in found] == [
        (dt.date(1951, 10, 30), ["Li Kenong"], ["Mao Zedong"])
    ]
    wilson = _by_path(records, "wilson", "006.txt")  # "We have received your telegram of 8 September"
    assert any(s.cited_date == dt.date(1951, 9, 8) for s in stubs if wilson.id in s.citing)


def test_days_and_own_numbers_and_found_documents_are_not_missing(
    records: list[Record], stubs: list[MissingDocument]
) -> None:
    numbers = {s.number for s in stubs}
    assert "31" not in numbers  # "my 31 October telegram" is a date
    assert "17" not in numbers  # "General Staff of the Soviet Army 17.7" is no citation
    own = {n for r in records for n in r.numbers}
    assert not numbers & own  # the corpus holds those
    # the seeds' reply (110374 answers 110371's telegrams) is found, so it is not listed
    s001 = _by_path(records, "seeds", "001_b2b330674646bd47.txt")
    assert all(s001.id not in s.citing for s in stubs)


def test_a_stored_document_with_the_number_removes_the_stub() -> None:
    citing = Record.of(
        {"id": "a", "senders": [{"name": "A"}], "recipients": [{"name": "B"}], "date": {"iso": "1951-07-10"}},
        "To my No. 2967 of 1 July I add the following.",
    )
    cited = Record.of(
        {
            "id": "b",
            "senders": [{"name": "A"}],
            "recipients": [{"name": "B"}],
            "date": {"iso": "1951-07-01"},
            "envelope": {"number": "2967"},
        },
        "Text.",
    )
    assert find_missing([citing, cited]) == []
    [stub] = find_missing([citing])
    assert (stub.number, stub.senders, stub.recipients, stub.cited_date) == (
        "2967",
        ["A"],
        ["B"],
        dt.date(1951, 7, 1),
    )


def test_russian_citations_and_number_sequence_bounds() -> None:
    def record(doc_id: str, date: str, text: str, number: str | None = None) -> Record:
        data = {
            "id": doc_id,
            "senders": [{"name": "Рощин"}],
            "recipients": [{"name": "Филиппов"}],
            "date": {"iso": date},
            "envelope": {"number": number},
        }
        return Record.of(data, text)

    citing = record("c", "1950-10-20", "В дополнение к моей № 2392 сообщаю.")
    low = record("l", "1950-10-01", "Текст.", "2380")
    high = record("h", "1950-10-12", "Текст.", "2400")
    [stub] = find_missing([citing, low, high])
    assert stub.number == "2392" and stub.senders == ["Рощин"]
    assert (stub.earliest, stub.latest) == (dt.date(1950, 10, 1), dt.date(1950, 10, 12))
    assert "number_sequence" in stub.rules
    assert stub.estimated_date is not None and low.date <= stub.estimated_date <= high.date  # type: ignore[operator]


def test_cli_and_api(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    with corpus_api.open(db) as corpus:
        corpus.ingest([str(PAGES / "seeds"), str(PAGES / "frus")])
    result = CliRunner().invoke(main, ["missing", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    embassy = "Embassy of the United States in Korea"  # "Embassy in Korea" in 1952 (issue 15)
    assert any(r["number"] == "829" and r["senders"] == [embassy] for r in rows)
    text = CliRunner().invoke(main, ["missing", "--db", db])
    assert "cited by" in text.output and "Embtel 829" in text.output
    client = TestClient(create_app(db))
    data = client.get("/api/missing").json()
    assert data["total"] == len(rows)
    page = client.get("/missing")
    assert page.status_code == 200 and embassy in page.text
