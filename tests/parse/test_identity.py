"""Which record a page is: a FRUS document id makes the page that FRUS document, whatever
its layout, so it joins the archive facet, merges with the document's other renderings and
is cited at history.state.gov."""

from __future__ import annotations

from cablegraph.export.fields import canonical_url
from cablegraph.model.jsonable import document_json
from cablegraph.parse import parse_documents
from cablegraph.store.facets import facet_values
from tests.parse.pages import text_page

# A source note without the document's type: not the FRUS text layout, read by its evidence.
UNTYPED_NOTE = (
    "611.41/11–2951\n\nMemorandum of Conversation, by the Secretary of State\n\ntop secret\n"
    "Participants: Secretary Acheson\nMr. Eden\n\nThe second question was Korea. At this point "
    "Mr. Shuckburgh joined us, and the conversation was largely conducted through notes.\n"
)


def test_a_frus_document_id_makes_the_page_a_frus_record() -> None:
    [doc] = parse_documents(text_page(UNTYPED_NOTE, "frus1951v07p1-d754.txt"))
    assert doc.record_id == "frus1951v07p1/d754"
    assert doc.archive == "FRUS" and doc.provenance["archive"].rule == "frus_record_id"
    assert doc.url == "https://history.state.gov/historicaldocuments/frus1951v07p1/d754"
    assert ("archive", "FRUS") in facet_values(document_json(doc))


def test_a_page_without_a_frus_id_gets_no_archive_from_it() -> None:
    [doc] = parse_documents(text_page(UNTYPED_NOTE, "memorandum-acheson-eden.txt"))
    assert doc.record_id is None and doc.archive is None and doc.url is None


def test_a_stored_frus_record_is_cited_at_history_state_gov() -> None:
    record = {"id": "sha256:a104e06d9bf34310", "archive": "FRUS", "record_id": "frus1951v07p1/d754"}
    assert canonical_url(record) == "https://history.state.gov/historicaldocuments/frus1951v07p1/d754"
    assert canonical_url({**record, "archive": None}) is None

