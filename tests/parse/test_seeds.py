"""Golden tests: the five seed pages parse to what tests/fixtures/expected/*.json says.

People are compared as persons (through the authority), not as spellings: "Iosif
Stalin" and "Joseph Stalin" are one answer; "Filippov" for Stalin is not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cablegraph.ingest import read_page
from cablegraph.model.jsonable import document_json
from cablegraph.parse import parse_page
from cablegraph.resolve import Authority

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "examples" / "pages" / "seeds"
EXPECTED = sorted((ROOT / "tests" / "fixtures" / "expected").glob("*.json"))
AUTHORITY = Authority.builtin()


def _person_key(name: str) -> str:
    match = AUTHORITY.lookup(name)
    return match.entity.id if match else name.lower()


def _keys(people: list[dict[str, Any]]) -> list[str]:
    return [p["entity_id"] or p["name"].lower() for p in people]


@pytest.fixture(scope="module", params=EXPECTED, ids=lambda p: p.stem[:3])
def case(request: pytest.FixtureRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    expected_path: Path = request.param
    page = read_page(SEEDS / f"{expected_path.stem}.txt")
    return json.loads(expected_path.read_text()), document_json(parse_page(page, AUTHORITY), page)


def test_record_fields(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    expected, got = case
    assert got["page_kind"] == expected["page_kind"]
    assert got["title"] == expected["title"]
    assert got["date"]["iso"] == expected["date"]
    assert got["date"]["precision"] == "day"
    assert got["doc_type"] == expected["doc_type"]
    assert got["record_id"] == expected["record_id"]
    assert got["id"] == f"wda:{expected['record_id']}"
    assert got["errors"] == []


def test_languages(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    expected, got = case
    assert got["languages_present"] == expected["languages_present"]
    assert got["original_language"] == expected["original_language"]


def test_envelope(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    expected, got = case
    envelope = got["envelope"]
    assert envelope["number"] == expected["telegram_number"]
    assert envelope["priority"] == expected["priority"]
    if "series" in expected:
        assert envelope["series"] == expected["series"]
    for event in ("sent", "received"):
        if event in expected:
            assert envelope[event] is not None, event
            assert envelope[event]["at"] == expected[event]
    for event in ("deciphered", "printed"):
        if event in expected:
            value = envelope[event]
            assert value["at"] == expected[event]["at"]
            assert expected[event]["by"] in (value["by"]["name"], value["by"]["as_written"])
            if "copies" in expected[event]:
                assert value["copies"] == expected[event]["copies"]
    if "verified_by" in expected:
        assert envelope["verified"]["by"]["name"] == expected["verified_by"]


def test_people(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    expected, got = case
    for role in ("senders", "recipients", "via"):
        assert _keys(got[role]) == [_person_key(n) for n in expected[role]], role
    if "copies_to" in expected:
        assert _keys(got["copies_to"]) == [_person_key(n) for n in expected["copies_to"]]


def test_archive_refs(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    expected, got = case
    assert [r["text"] for r in got["archive_refs"]] == expected["archive_refs"]
    for ref in got["archive_refs"]:
        assert ref["archive"] and ref["fond"] and ref["opis"] and ref["delo"] and ref["listy"]


def test_credits(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    expected, got = case
    if "translator" in expected:
        translators = [c["name"] for c in got["credits"] if c["role"] == "translator"]
        assert expected["translator"] in translators


def test_embedded_messages(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    expected, got = case
    children = got["messages"][0]["children"]
    assert len(children) == len(expected["embedded_messages"])
    for want in expected["embedded_messages"]:
        authors = want["author"] if isinstance(want["author"], list) else [want["author"]]
        match = [
            c
            for c in children
            if sorted(_keys(c["authors"])) == sorted(_person_key(a) for a in authors)
            and _person_key(want["recipient"]) in _keys(c["recipients"])
        ]
        assert match, f"no child {authors} -> {want['recipient']} in {children}"
        child = match[0]
        assert (child["date"] or {}).get("iso") == want["date"]
        if "copies_to" in want:
            assert _keys(child["copies_to"]) == [_person_key(n) for n in want["copies_to"]]


def test_variants_resolve(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    expected, got = case
    variants: dict[str, str] = {}
    variants.update(expected.get("pseudonyms", {}))
    variants.update(expected.get("ocr_variants", {}))
    for place, spellings in expected.get("place_variants", {}).items():
        variants.update({spelling: place for spelling in spellings})
    for written, name in variants.items():
        want = _person_key(name)
        hits = [m for m in got["mentions"] if written.lower() in m["text"].lower()]
        assert hits, f"{written!r} not mentioned"
        assert all(m["entity_id"] == want for m in hits), (written, hits)


def test_spans_point_into_the_page(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    _, got = case
    text = (SEEDS / f"{Path(got['source']['path']).stem}.txt").read_text(encoding="utf-8")
    for mention in got["mentions"]:
        assert text[mention["start"] : mention["stop"]] == mention["text"]
    for ref in got["archive_refs"]:
        assert text[ref["start"] : ref["stop"]] == ref["text"]
    for name, prov in got["provenance"].items():
        if prov["start"] is not None:
            assert 0 <= prov["start"] <= prov["stop"] <= len(text), name
