"""Fourth pass (issue 14): rules for kinds of page met on new real pages."""

from __future__ import annotations

import hashlib

from cablegraph.model import SourcePage
from cablegraph.parse import parse_documents
from cablegraph.parse.people import parse_title_parties
from cablegraph.resolve import Authority

AUTHORITY = Authority.builtin()


def _page(text: str, name: str = "page.txt") -> SourcePage:
    raw = text.encode()
    return SourcePage(
        path=name, sha256=hashlib.sha256(raw).hexdigest(), format="text", encoding="utf-8", text=text, raw=raw
    )


def test_a_classified_kind_with_places_in_brackets_names_its_parties() -> None:
    title = "Secret Telegram from Maneli (Saigon) to Spasowski (Warsaw) [Ciphergram No. 7237]"
    parties = parse_title_parties(title, 0, AUTHORITY, year=1963)
    assert [p.name for p in parties.senders] == ["Mieczyslaw Maneli"]
    assert [p.name for p in parties.recipients] == ["Romuald Spasowski"]
    assert "place_bracket" in parties.senders[0].rule
    assert parties.senders[0].span is not None and title[parties.senders[0].span.start :].startswith("Maneli")


def test_an_addressee_line_names_who_at_the_place_a_title_names() -> None:
    text = (
        "Skip to content\n\nNovember 2, 1981\n\nSecret Telegram No. 3638/IV - From Moscow to Warsaw\n\n"
        "This document was made possible with support from Leon Levy Foundation\n\n"
        "To [Foreign Minister] Comrade Czyrek:\n\n"
        "In a conversation today the deputy minister said the following about the situation.\n"
    )
    [doc] = parse_documents(_page(text), AUTHORITY)
    assert [p.name for p in doc.recipients] == ["Czyrek"]
    assert doc.recipients[0].rule.startswith("addressee_line")
    assert [p.name for p in doc.senders] == ["Moscow"]  # the title's place, as before
