"""FRUS TEI volumes: fields per document, Wade-Giles names, streaming, and unsafe XML."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cablegraph.errors import CablegraphError, InputError, ParseError
from cablegraph.ingest import read_page
from cablegraph.ingest.xmlsafe import safe_iterparse
from cablegraph.model import Document, SourcePage
from cablegraph.parse.document import parse_page
from cablegraph.parse.frus_tei import (
    _NUMBER,
    glossary,
    is_tei_file,
    iter_tei_documents,
    match_persons,
    volume_persons,
)
from cablegraph.resolve import Authority

ROOT = Path(__file__).resolve().parents[2]
TEI = ROOT / "examples" / "tei"
V1951 = TEI / "frus1951v07p2-excerpt.xml"
V1955 = TEI / "frus1955-57v03-excerpt.xml"
FIXTURES = ROOT / "tests" / "fixtures"
INVALID = FIXTURES / "invalid_xml"  # kept apart: tests/fixtures/invalid is read as a batch
WADE_GILES = FIXTURES / "tei" / "wade_giles.xml"


@pytest.fixture(scope="module")
def authority() -> Authority:
    return Authority.builtin()


@pytest.fixture(scope="module")
def docs1951(authority: Authority) -> dict[str, tuple[SourcePage, Document]]:
    return {doc.id: (page, doc) for page, doc in iter_tei_documents(V1951, authority=authority)}


def _names(people: list) -> list[str]:  # type: ignore[type-arg]
    return [p.name for p in people]


# ------------------------------------------------------------------ the excerpts


def test_excerpts_give_the_expected_number_of_documents(authority: Authority) -> None:
    assert len(list(iter_tei_documents(V1951, authority=authority))) == 9
    assert len(list(iter_tei_documents(V1955, authority=authority))) == 1


# id: (from, to, date, time, number, classification, priority). An office named without a
# name is its holder on the date ("Secretary of State" in 1951: Dean Acheson; issue 15); a
# mission the year cannot date is the embassy itself ("Embassy in India": Henderson left,
# Bowles came in 1951).
EXPECTED_1951 = {
    "d119": ("Loyd V. Steere", "Dean Acheson", "1951-06-27", "17:00", "3798", "top secret", []),
    "d120": (
        "Loyd V. Steere",
        "Department of State",
        "1951-06-28",
        None,
        "3113",
        "top secret",
        ["air pouch"],
    ),
    "d122": ("Karl L. Rankin", "Dean Acheson", "1951-06-30", "13:00", "1803", "top secret", []),
    "d123": (
        "William C. Foster",
        "Karl L. Rankin",
        "1951-06-30",
        "18:00",
        "611",
        "secret",
        [],
    ),
    "d126": ("Wilson", "Dean Acheson", "1951-07-03", "13:00", "13", "top secret", ["priority"]),
    "d127": (
        "Dean Acheson",
        "Embassy of the United States in India",
        "1951-07-03",
        "19:00",
        "13",
        "top secret",
        ["priority"],
    ),
}


@pytest.mark.parametrize("xml_id", sorted(EXPECTED_1951))
def test_1951_fields(docs1951: dict[str, tuple[SourcePage, Document]], xml_id: str) -> None:
    page, doc = docs1951[f"frus:frus1951v07p2/{xml_id}"]
    sender, recipient, date, time, number, classification, priority = EXPECTED_1951[xml_id]
    assert _names(doc.senders) == [sender]
    assert _names(doc.recipients) == [recipient]
    assert doc.date is not None and (doc.date.iso, doc.date.time) == (date, time)
    assert doc.envelope.number == number
    assert doc.envelope.classification == classification
    assert doc.envelope.priority == priority
    assert doc.url == f"https://history.state.gov/historicaldocuments/frus1951v07p2/{xml_id}"
    assert page.path == f"{V1951}#{xml_id}" and page.format == "tei"


def test_1951_offices_stay_the_role_of_their_holder(docs1951: dict[str, tuple[SourcePage, Document]]) -> None:
    (to_secretary,) = docs1951["frus:frus1951v07p2/d119"][1].recipients
    assert (to_secretary.entity_id, to_secretary.role) == ("person:acheson", "Secretary of State")
    assert to_secretary.rule == "tei_to+office_by_date:pocom@1949-01-21..1953-01-20"
    (to_india,) = docs1951["frus:frus1951v07p2/d127"][1].recipients
    assert to_india.entity_id == "org:embassy-of-united-states-in-india"
    assert to_india.role == "Embassy in India"
    assert to_india.rule == "tei_to+office_ambiguous+institution"


def test_1951_number_span_and_series(docs1951: dict[str, tuple[SourcePage, Document]]) -> None:
    page, doc = docs1951["frus:frus1951v07p2/d123"]
    assert doc.envelope.series == "Ecato"
    assert doc.envelope.number_span is not None
    assert doc.envelope.number_span.of(page.text) == "611"


def test_1951_source_note_is_the_archive_reference(docs1951: dict[str, tuple[SourcePage, Document]]) -> None:
    page, doc = docs1951["frus:frus1951v07p2/d119"]
    ref = doc.archive_refs[0]
    assert ref.text == "793B.00/6–2751"
    assert ref.archive == "Department of State, Central Files"
    assert ref.span is not None and ref.span.of(page.text) == "793B.00/6–2751"
    assert doc.doc_type == "Telegram"
    assert doc.envelope.origin == "New Delhi"


def test_legacy_memorandum_by_line(docs1951: dict[str, tuple[SourcePage, Document]]) -> None:
    _, doc = docs1951["frus:frus1951v07p2/d125"]
    assert doc.doc_type == "Memorandum of Conversation"
    assert _names(doc.senders) == ["Troy L. Perkins"]
    assert doc.senders[0].role == "Deputy Director of the Office of Chinese Affairs"


def test_signature_stands_for_an_office(docs1951: dict[str, tuple[SourcePage, Document]]) -> None:
    _, doc = docs1951["frus:frus1951v07p2/d127"]
    assert doc.senders[0].entity_id == "person:acheson"
    assert doc.senders[0].role == "Secretary of State"


def test_footnotes_are_editorial_text(docs1951: dict[str, tuple[SourcePage, Document]]) -> None:
    page, doc = docs1951["frus:frus1951v07p2/d119"]
    roles = {block.rule: block.role for block in doc.texts}
    assert roles == {"tei_source_note": "editorial", "tei_body": "original", "tei_footnotes": "editorial"}
    notes = next(b for b in doc.texts if b.rule == "tei_footnotes")
    body = next(b for b in doc.texts if b.rule == "tei_body")
    assert notes.span.of(page.text).startswith("1. Subimal Dutt, Secretary")
    assert "Subimal" not in body.span.of(page.text)


def test_page_refs_are_links(docs1951: dict[str, tuple[SourcePage, Document]]) -> None:
    _, doc = docs1951["frus:frus1951v07p2/d120"]
    targets = [link["target"] for link in doc.links]
    assert "frus:frus1951v07p2#pg_1610" in targets
    assert "frus:frus1950v06#pg_618" in targets
    assert all(link["kind"] == "references" and link["rule"] == "tei_ref" for link in doc.links)


def test_every_span_points_into_its_own_text(docs1951: dict[str, tuple[SourcePage, Document]]) -> None:
    for page, doc in docs1951.values():
        text = page.text
        for mention in doc.mentions:
            assert text[mention.start : mention.stop] == mention.text
        for person in doc.senders + doc.recipients:
            if person.span is not None:
                assert person.span.stop <= len(text)
                assert person.span.of(text) == person.as_written
        if doc.date is not None and doc.date.span is not None:
            assert doc.date.span.of(text) == doc.date.text
        for block in doc.texts:
            assert 0 <= block.span.start < block.span.stop <= len(text)
        assert doc.title is not None and doc.title in text


def test_1955_modern_volume(authority: Authority) -> None:
    [(page, doc)] = list(iter_tei_documents(V1955, authority=authority))
    assert doc.id == "frus:frus1955-57v03/d1"
    assert doc.title == "Telegram From Ambassador U. Alexis Johnson to the Department of State"
    assert [(p.name, p.entity_id) for p in doc.senders] == [("U. Alexis Johnson", "person:johnson-u-alexis")]
    assert _names(doc.recipients) == ["Department of State"]
    assert doc.date is not None and doc.date.datetime_iso == "1955-08-01T19:00"
    assert doc.envelope.number == "239"
    assert doc.envelope.classification == "official use only"  # from the source note
    assert doc.archive_refs[0].text == "Department of State, Central Files, 611.93/8–155"
    assert doc.archive_refs[0].delo == "611.93/8–155"
    assert doc.citation == "Foreign Relations of the United States, 1955–1957, China, Volume III, Document 1"
    wang = [m for m in doc.mentions if m.text == "Wang"]
    assert wang and all(
        m.entity_id == "person:wang-bingnan" and m.rule == "tei_persname_corresp" for m in wang
    )
    assert "1. Return of civilians of both sides" in page.text  # a TEI list, one item a line


def test_persons_and_glossary(authority: Authority) -> None:
    persons = volume_persons(V1955)
    assert persons["p_JUA1"].name == "U. Alexis Johnson"
    assert persons["p_JUA1"].listed == "Johnson, U. Alexis"
    assert persons["p_WP1"].description.startswith("Assistant Minister of Foreign Affairs")
    matched = match_persons(persons, authority, year=1955)
    assert {k: m.entity.id if m else None for k, m in matched.items()} == {
        "p_DJF1": "person:dulles",
        "p_GFC1": "person:gowen",
        "p_JUA1": "person:johnson-u-alexis",
        "p_MCWP1": "person:mcconaughy",
        "p_WP1": "person:wang-bingnan",
    }
    terms = glossary(V1951)
    assert terms["t_Deptel1"].term == "Deptel"
    assert terms["t_Deptel1"].expansion == "Department of State telegram"
    assert len(terms) == 16
    assert {t.term for t in glossary(WADE_GILES).values()} == {"CINCUNC", "Niact", "Reurtel"}


def test_is_tei_file() -> None:
    assert is_tei_file(V1951)
    assert not is_tei_file(ROOT / "examples" / "pages" / "frus" / "006.txt")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("440. Text", "440"),
        ("JCS 95438. Text", "JCS 95438"),
        ("CX–67390. Text", "CX–67390"),
        ("Dept believes", None),
    ],
)
def test_first_token_number(text: str, number: str | None) -> None:
    found = _NUMBER.match(text)
    assert (found.group("number") if found else None) == number


# ------------------------------------------------------------------ Wade-Giles


def test_chou_en_lai_and_zhou_enlai_are_one_entity(authority: Authority) -> None:
    docs = {d.id: d for _, d in iter_tei_documents(WADE_GILES, authority=authority)}
    frus = docs["frus:frus1950v07-test/d1"]
    assert frus.senders[0].as_written == "Chou En-lai"
    wilson = parse_page(read_page(ROOT / "examples" / "pages" / "wilson" / "002.txt"), authority)
    zhou = [p for p in wilson.senders if p.name == "Zhou Enlai"]
    assert zhou and frus.senders[0].entity_id == zhou[0].entity_id == "person:zhou-enlai"
    assert _names(frus.recipients) == ["Trygve Lie"]
    mao = [m for m in frus.mentions if m.text == "Mao Tse-tung"]
    assert mao[0].entity_id == "person:mao-zedong"
    peng = [m for m in docs["frus:frus1950v07-test/d2"].mentions if m.text == "Peng Teh-huai"]
    assert peng[0].entity_id == "person:peng-dehuai"


def test_document_refs_and_doc_datetime(authority: Authority) -> None:
    docs = {d.id: d for _, d in iter_tei_documents(WADE_GILES, authority=authority)}
    d1 = docs["frus:frus1950v07-test/d1"]
    assert [link["target"] for link in d1.links] == ["frus:frus1950v07-test/d2", "frus:frus1950v06/d45"]
    assert d1.date is not None and (d1.date.iso, d1.date.time, d1.date.rule) == (
        "1950-11-11",
        None,
        "tei_doc_datetime",
    )
    d2 = docs["frus:frus1950v07-test/d2"]
    assert d2.envelope.number == "C 50635"
    assert (d2.envelope.classification, d2.envelope.priority) == ("top secret", ["niact"])


# ------------------------------------------------------------------ streaming


def _big_volume(target: int) -> tuple[bytes, int]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from tei_stream import build_volume  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    return build_volume(target)  # type: ignore[no-any-return]


def test_a_15_mb_volume_streams_to_the_end(tmp_path: Path) -> None:
    data, count = _big_volume(15_000_000)
    assert len(data) >= 15_000_000
    path = tmp_path / "volume.xml"
    path.write_bytes(data)
    seen = 0
    ids: set[str] = set()
    for _page, doc in iter_tei_documents(path, authority=Authority([])):
        seen += 1
        ids.add(doc.id)
    assert seen == count == len(ids)


# ------------------------------------------------------------------ unsafe and broken XML


@pytest.mark.parametrize(
    "name", ["dtd.xml", "xxe.xml", "external_dtd.xml", "parameter_entity.xml", "billion_laughs.xml",
             "quadratic_blowup.xml"],
)  # fmt: skip
def test_unsafe_xml_is_refused_before_parsing(name: str) -> None:
    path = INVALID / name
    with pytest.raises(InputError) as info:
        list(iter_tei_documents(path, authority=Authority([])))
    message = str(info.value)
    assert message.startswith(f"{path}@")
    assert "refused" in message and "DTD" in message
    assert "root:" not in message  # nothing of /etc/passwd


def test_unsafe_bytes_are_refused_too() -> None:
    with pytest.raises(InputError, match="document type declaration"):
        list(iter_tei_documents((INVALID / "xxe.xml").read_bytes(), path="upload.xml"))


def test_the_parser_refuses_a_dtd_the_prolog_check_missed(tmp_path: Path) -> None:
    """Second line of defence: the parser runs without entities, and checks DOCTYPE itself."""
    canary = tmp_path / "secret.txt"
    canary.write_text("CANARY-SECRET")
    xml = f'<!DOCTYPE r [<!ENTITY x SYSTEM "file://{canary}">]><r>&x;</r>'.encode()
    import io

    with pytest.raises(InputError, match="document type declaration"):
        list(safe_iterparse(io.BytesIO(xml), "direct.xml"))


def test_undefined_entity_is_a_parse_error_with_the_line() -> None:
    with pytest.raises(ParseError, match=r"line 4: not well-formed XML") as info:
        list(iter_tei_documents(INVALID / "undefined_entity.xml", authority=Authority([])))
    assert info.value.path == str(INVALID / "undefined_entity.xml")


def test_truncated_volume_yields_what_came_before_the_break(authority: Authority) -> None:
    got: list[str] = []
    with pytest.raises(ParseError, match="not well-formed XML"):
        for _page, doc in iter_tei_documents(INVALID / "truncated_volume.xml", authority=authority):
            got.append(doc.id)
    assert got[:3] == ["frus:frus1951v07p2/d119", "frus:frus1951v07p2/d120", "frus:frus1951v07p2/d121"]


def test_no_documents_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match=r'no div\[@type="document"\]'):
        list(iter_tei_documents(INVALID / "no_documents.xml", authority=Authority([])))


def test_a_batch_goes_on_past_bad_volumes(authority: Authority) -> None:
    paths = [INVALID / "xxe.xml", V1955, INVALID / "billion_laughs.xml", INVALID / "undefined_entity.xml"]
    ids: list[str] = []
    errors: list[CablegraphError] = []
    for path in paths:
        try:
            ids += [doc.id for _, doc in iter_tei_documents(path, authority=authority)]
        except CablegraphError as exc:
            errors.append(exc)
    assert ids == ["frus:frus1955-57v03/d1"]
    assert [type(e) for e in errors] == [InputError, InputError, ParseError]
