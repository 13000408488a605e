"""The query parser: every text is a valid query; the syntax people expect still works."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegraph.search.query import And, Not, Or, Phrase, Term, parse

HOSTILE = ['"', '""', "AND", "OR", "NOT", "-", "*", ":", "(", ")", "(((", ")))", "No. 26044",
           "21.XI.1951", "don't", "", "   ", "NOT NOT NOT", "a OR", "OR b", "-(", '"unclosed',
           "person:", "x:y:z", "AND OR NOT ( ) * : -", "*negot", "\x00\u200b", "ё" * 200,
           "(" * 500 + "a" + ")" * 500, "NOT " * 3000, "x" * 10_000, "word " * 2_500]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_parses(text: str) -> None:
    parse(text)


@given(st.text(max_size=400))
@settings(max_examples=300, deadline=None)
def test_any_text_parses(text: str) -> None:
    parse(text)


def test_words_phrases_and_prefixes() -> None:
    assert parse("armistice Kaesong").root == And((Term("armistice"), Term("kaesong")))
    assert parse('"armistice talks"').root == Phrase(("armistice", "talks"), "armistice talks")
    assert parse("negotiat*").root == Term("negotiat", prefix=True)
    assert parse("“Kim Il Sung”").root == Phrase(("kim", "il", "sung"), "Kim Il Sung")


def test_punctuated_words_become_phrases() -> None:
    assert parse("21.XI.1951").root == Phrase(("21", "xi", "1951"), "21.XI.1951")
    assert parse("don't").root == Phrase(("don", "t"), "don't")
    assert parse("No. 26044").root == And((Term("no"), Term("26044")))


def test_operators() -> None:
    assert parse("a OR b").root == Or((Term("a"), Term("b")))
    assert parse("a -b").root == And((Term("a"), Not(Term("b"))))
    assert parse("a NOT b").root == And((Term("a"), Not(Term("b"))))
    assert parse("(a OR b) c").root == And((Or((Term("a"), Term("b"))), Term("c")))
    assert parse("a and b").root == And((Term("a"), Term("and"), Term("b")))


def test_repairs_and_limits() -> None:
    assert parse("").root is None and parse("( ) * : -").root is None
    long = parse("x" * 20_000, max_chars=10_000)
    assert long.warnings and len(long.text) == 10_000
    many = parse("word " * 200, max_terms=64)
    assert isinstance(many.root, And) and len(many.root.children) == 64 and many.warnings


def test_inline_filters() -> None:
    parsed = parse('armistice person:"Kim Il Sung" from:1951 to:1951-12 place:Kaesong')
    assert parsed.root == Term("armistice")
    assert parsed.filters == {"person": "Kim Il Sung", "from": "1951", "to": "1951-12",
                              "place": "Kaesong"}
    assert parse("http://x.org").root == Phrase(("http", "x", "org"), "http://x.org")
