"""State Department cables (PlusD / Cablegate text): headers read wherever they stand."""

from __future__ import annotations

from cablegraph.parse import parse_documents
from cablegraph.parse.cable import cable_references
from tests.parse.pages import text_page

HEADERS_FIRST = """CONFIDENTIAL
PAGE 01 MOSCOW 04512 031200Z
ACTION EUR-12
R 031130Z APR 75
FM AMEMBASSY MOSCOW
TO SECSTATE WASHDC 2211
INFO AMEMBASSY LONDON
C O N F I D E N T I A L MOSCOW 4512
E.O. 11652: GDS
TAGS: PFOR, UR, US
SUBJECT: GRAIN TALKS
REF: STATE 70011; MOSCOW 4400
1. (C) SUMMARY: TALKS WENT WELL.
"""

BODY_FIRST = """Show Headers
1. POST ASKS FOR GUIDANCE.
UNCLASSIFIED
UNCLASSIFIED
PAGE 02 WARSAW 00077 140900Z
2. PLEASE ADVISE.
"""


def test_plusd_headers_give_id_date_parties_and_subject() -> None:
    [doc] = parse_documents(text_page(HEADERS_FIRST, "c.txt"))
    assert doc.page_kind == "document" and doc.doc_type == "Cable"
    assert doc.record_id == "1975MOSCOW04512"
    assert doc.envelope.number == "4512"
    assert doc.date is not None and doc.date.iso == "1975-04-03" and doc.date.time == "11:30"
    # offices on the FM/TO lines are their holders on the cable's date, the office kept as role
    assert [(p.name, p.role) for p in doc.senders] == [("Walter John Stoessel Jr.", "Embassy Moscow")]
    assert [(p.entity_id, p.role) for p in doc.recipients] == [("person:kissinger", "Secretary of State")]
    assert doc.senders[0].rule.startswith("cable_fm+office_by_date:pocom@1974-03-04")
    assert doc.title == "GRAIN TALKS"
    assert doc.envelope.classification == "confidential"
    assert doc.provenance["title"].span is not None
    assert doc.provenance["title"].span.of(HEADERS_FIRST) == "GRAIN TALKS"


def test_body_first_page_is_a_cable_without_invented_id() -> None:
    [doc] = parse_documents(text_page(BODY_FIRST, "b.txt"))
    assert doc.page_kind == "document"
    assert doc.envelope.number == "77"
    assert doc.record_id is None  # no year printed: no ID is made up


def test_ref_lines_are_cited_cables() -> None:
    refs = cable_references(HEADERS_FIRST, 0, len(HEADERS_FIRST))
    assert [(o, n) for o, n, _ in refs] == [("STATE", "70011"), ("MOSCOW", "4400")]


def test_cable_posts_without_a_dated_chief_are_their_missions() -> None:
    """A post pocom has no chief for on the date is the mission itself, anywhere in the
    world ("Embassy Ndjamena", a liaison office); a department stands for its secretary."""
    text = HEADERS_FIRST.replace("AMEMBASSY MOSCOW", "USLO RIYADH").replace(
        "SECSTATE WASHDC", "SECDEF WASHDC")
    [doc] = parse_documents(text_page(text, "r.txt"))
    assert [p.entity_id for p in doc.senders] == ["org:liaison-office-of-united-states-in-saudi-arabia"]
    assert [(p.entity_id, p.role) for p in doc.recipients] == [
        ("org:us-department-of-defense", "Secretary of Defense")]
