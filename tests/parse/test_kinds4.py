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


def test_a_telegram_numbered_first_line_is_prose_and_the_name_below_signs_it() -> None:
    text = (
        "File No. 811.142/3200\n\nThe Secretary of State to the Ambassador in Russia ( Francis)\n\n"
        "[Telegram]\n\n"
        "78. Your 101, April 15, 8 p.m. Department understands that Robins is cabling to Colonel Thompson "
        "and also Red Cross direct without Embassy’s knowledge on matters of political policy.\n\nLansing\n"
    )
    [doc] = parse_documents(_page(text, "frus1918Russiav01-d482.txt"), AUTHORITY)
    assert doc.envelope.number == "78"  # a long line with a date in it is no dateline
    assert [p.name for p in doc.senders] == ["Robert Lansing"]
    assert doc.senders[0].rule.startswith("signature_line")


def test_a_telegram_number_after_its_channel_or_the_word_number() -> None:
    for line, number in (
        ("Topol 2308. Paris for USRO and Embassy. Following is summary of analysis.", "Topol 2308"),
        ("Number 76. Top Secret and Personal from the President to Ambassador Harriman.", "76"),
        ("Part 2. The situation in the north has not changed since our last report.", None),
    ):
        text = (
            "36. Telegram From the Department of State to the Embassy in France\n\n"
            f"Washington, January 9, 1958, 8:14 p.m.\n\n{line}\n\nDulles\n"
        )
        [doc] = parse_documents(_page(text), AUTHORITY)
        assert doc.envelope.number == number, line
