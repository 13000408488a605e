"""The shared export rules: names with the authority, archive and location, URLs, dates."""

from __future__ import annotations

from typing import Any

import pytest

from cablegraph.export import biblatex_entry, csl_item, export
from cablegraph.export.fields import PersonName, canonical_url, holdings, person_name


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ({"name": "Mao Zedong", "entity_id": "person:mao-zedong"}, PersonName(None, "Mao", "Zedong", True)),
        ({"name": "Zhou Enlai", "entity_id": "person:zhou-enlai"}, PersonName(None, "Zhou", "Enlai", True)),
        (
            {"name": "Kim Il Sung", "entity_id": "person:kim-il-sung"},
            PersonName(None, "Kim", "Il Sung", True),
        ),
        (
            {"name": "Pak Heon-yeong", "entity_id": "person:pak-heon-yeong"},
            PersonName(None, "Pak", "Heon-yeong", True),
        ),
        ({"name": "Syngman Rhee", "entity_id": "person:syngman-rhee"}, PersonName(None, "Rhee", "Syngman")),
        ({"name": "Joseph Stalin", "entity_id": "person:stalin"}, PersonName(None, "Stalin", "Joseph")),
        ({"name": "Joint Chiefs of Staff", "entity_id": "org:jcs"}, PersonName("Joint Chiefs of Staff")),
        (
            {"name": "Department of State", "entity_id": "org:us-department-of-state"},
            PersonName("Department of State"),
        ),
        ({"name": "Secretary of State", "entity_id": None}, PersonName("Secretary of State")),
        ({"name": "Wilson", "entity_id": None}, PersonName("Wilson")),
    ],
)
def test_person_names(person: dict[str, Any], expected: PersonName) -> None:
    if person["entity_id"] == "person:syngman-rhee":
        from cablegraph.resolve import Authority

        match = Authority.builtin().lookup("Syngman Rhee")
        assert match is not None
        person = {**person, "entity_id": match.entity.id}
    assert person_name(person) == expected
    assert person_name(person).display == person["name"]


def test_holdings_never_repeat_the_archive() -> None:
    data = {
        "archive_refs": [
            {"text": "AP RF, f. 45, op. 1, d. 334, l. 141", "archive": "APRF", "fond": "45"},
            {
                "text": "Department of State, Central Files, 611.93/8–155",
                "archive": "Department of State, Central Files",
            },
            {"text": "795.00/9–2651", "archive": "Department of State, Central Files"},
            {"text": "Lot 55D128: Black Book, Tab 91", "archive": None},
        ]
    }
    assert [(h.archive, h.location) for h in holdings(data)] == [
        ("APRF", "f. 45, op. 1, d. 334, l. 141"),
        ("Department of State, Central Files", "611.93/8–155"),
        ("Department of State, Central Files", "795.00/9–2651"),
        (None, "Lot 55D128: Black Book, Tab 91"),
    ]


@pytest.mark.parametrize(
    ("data", "url"),
    [
        (
            {
                "id": "wda:117412",
                "url": "https://wilson-center-digital-archive.dvincitest.com/document/117412",
            },
            "https://digitalarchive.wilsoncenter.org/document/117412",
        ),
        (
            {"id": "wda:113658", "url": "http://digitalarchive.wilsoncenter.org/document/113658"},
            "https://digitalarchive.wilsoncenter.org/document/113658",
        ),
        ({"id": "wda:110374", "url": None}, "https://digitalarchive.wilsoncenter.org/document/110374"),
        (
            {"id": "frus:frus1951v07p2/d119", "url": None},
            "https://history.state.gov/historicaldocuments/frus1951v07p2/d119",
        ),
        ({"id": "sha256:edd18ac0b1d6f094", "url": None, "archive": "FRUS"}, None),
    ],
)
def test_canonical_urls(data: dict[str, Any], url: str | None) -> None:
    assert canonical_url(data) == url


def test_date_ranges_and_undated_documents() -> None:
    ranged = {"id": "x:1", "title": "T", "date": {"iso": "1951-06-01", "end_iso": "1951-06-30"}}
    assert csl_item(ranged)["issued"] == {"date-parts": [[1951, 6, 1], [1951, 6, 30]]}
    assert "date = {1951-06-01/1951-06-30}" in biblatex_entry(ranged)
    assert "date = {XXXX}" in biblatex_entry({"id": "x:2", "title": "T", "date": None})


def test_listing_pages_are_left_out_of_citations() -> None:
    import io

    listing = ({"id": "sha256:1", "page_kind": "listing", "title": None}, "")
    document = ({"id": "wda:1", "page_kind": "document", "title": "A telegram"}, "")
    out = io.StringIO()
    assert export([listing, document], "ris", out) == 1
    assert "sha256" not in out.getvalue()
