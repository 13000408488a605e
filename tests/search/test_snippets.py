"""Snippet marking: whole words, and function words only where they join meaningful ones."""

from __future__ import annotations

from cablegraph.search.query import Phrase, Term
from cablegraph.search.snippets import Matcher, snippet

TEXT = "The Secretary of State met the head of the embassy. Later the Minister of Foreign Affairs spoke."


def marked(html: str) -> list[str]:
    return [part.split("</mark>")[0] for part in html.split("<mark>")[1:]]


def test_a_phrase_marks_its_function_words_only_inside_it() -> None:
    html = snippet(TEXT, Matcher.from_leaves([Phrase(("secretary", "of", "state"))]))
    assert marked(html) == ["Secretary", "of", "State"]  # not "head of the embassy"


def test_function_words_joined_to_a_match_stay_marked() -> None:
    leaves: list[Term | Phrase] = [Term("minister"), Term("of"), Term("foreign"), Term("affairs")]
    html = snippet(TEXT, Matcher.from_leaves(leaves))
    assert marked(html) == ["Minister", "of", "Foreign", "Affairs"]


def test_a_query_of_function_words_only_marks_them_all() -> None:
    html = snippet(TEXT, Matcher.from_leaves([Term("of")]))
    assert marked(html) == ["of", "of", "of"]
