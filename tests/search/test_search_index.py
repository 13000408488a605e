"""Search over hand-built telegrams: stemming, names, filters, facets, snippets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from searchkit import TinyAuthority, build

from cablegraph.corpus import Corpus
from cablegraph.errors import QueryError

_CORPORA: dict[str, Corpus] = {}


def corpus(kind: str = "authority") -> Corpus:
    if kind not in _CORPORA:
        _CORPORA[kind] = build(TinyAuthority() if kind == "authority" else None)
    return _CORPORA[kind]


def ids(query: str, kind: str = "authority", **filters: str) -> set[str]:
    return {h.id for h in corpus(kind).search(query, limit=50, **filters).hits}  # type: ignore[arg-type]


@pytest.mark.parametrize(("query", "expected"), [
    ("перемирие", "wda:110374"),           # перемирии in the text
    ("Риджуэй", "wda:110374"),             # Риджуэю in the text
    ("negotiations", "frus:d458"),          # negotiating in the text
    ("negotiat*", "frus:d458"),
    ("No. 26044", "wda:26044"),
    ("21.XI.1951", "wda:26044"),
    ("don't", "frus:d458"),
    ('"joint chiefs"', "frus:d458"),
])
def test_stemming_phrases_and_punctuation(query: str, expected: str) -> None:
    assert expected in ids(query)


@pytest.mark.parametrize(("query", "expected"), [
    ("Stalin", {"wda:110374", "wda:110371"}),  # signed Filippov / Филиппов, addressed Filippov
    ("Kaesong", {"wda:110374"}),               # written Кайдзио and Gaeseong
    ("Kim Il Sung", {"wda:110374", "wda:110371"}),  # Ким Ир Сеном, OCR "Kim II Sung"
    ('"Kim Il Sung"', {"wda:110374", "wda:110371"}),
])
def test_spelling_and_pseudonyms(query: str, expected: set[str]) -> None:
    assert expected <= ids(query)


def test_names_without_authority_use_the_resolved_names() -> None:
    assert {"wda:110374", "wda:110371"} <= ids("Stalin", "none")
    assert "wda:110374" in ids("Kaesong", "none")


def test_boolean_operators() -> None:
    assert ids("negotiations -Ridgway") == set()
    assert ids("Gromyko OR Ridgway") >= {"wda:26044", "frus:d458"}
    assert "wda:26044" not in ids("NOT Gromyko")
    assert len(ids("")) == 5


@pytest.mark.parametrize("query", ['"', "AND", "OR", "NOT", "-", "*", ":", "(", ")", "",
                                   "No. 26044", "21.XI.1951", "don't", "x" * 10_000,
                                   "a*" * 3000, "NOT " * 3000, "(" * 5000, "Stalin " * 2000])
def test_hostile_queries_never_raise(query: str) -> None:
    result = corpus().search(query)
    assert result.total >= 0


@given(st.text(max_size=200))
@settings(max_examples=150, deadline=None)
def test_any_text_searches(text: str) -> None:
    corpus().search(text, limit=3)


def test_filters() -> None:
    assert ids("", person="Stalin") == {"wda:110374", "wda:110371"}
    assert ids("", person="Filippov") == {"wda:110374", "wda:110371"}
    assert ids("", via="Krasovsky") == {"wda:110374"}
    assert ids("", place="Кайдзио") == {"wda:110374"}
    assert ids("", date_from="1951-07", date_to="1951-12-31") == {"frus:d458", "wda:26044"}
    assert ids("", date_from="1953") == {"sha256:hostile"}
    assert ids("telegram", type="telegram", archive="frus") == {"frus:d458"}
    assert ids("", lang="Russian") == {"wda:110374"}
    assert ids("person:Gromyko") == {"wda:26044"}


def test_bad_filter_values_say_what_is_valid() -> None:
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        corpus().search("x", date_from="yesterday")
    with pytest.raises(QueryError, match="after"):
        corpus().search("x", date_from="1952", date_to="1951")


def test_facets_count_matches() -> None:
    facets = corpus().search("").facets
    assert {(f.value, f.count) for f in facets["year"]} == {("1951", 4), ("1953", 1)}
    assert "person" not in facets  # the union of the role facets: in stats only
    assert ("Joseph Stalin", 1) in {(f.value, f.count) for f in facets["recipient"]}
    assert ("Joseph Stalin", 1) in {(f.value, f.count) for f in facets["sender"]}
    assert ("Krasovsky", 1) in {(f.value, f.count) for f in facets["via"]}
    assert ("Kaesong", 1) in {(f.value, f.count) for f in facets["place"]}
    assert {f.value for f in facets["archive"]} == {"Wilson Center", "FRUS"}
    narrowed = corpus().search("Gromyko").facets
    assert [(f.value, f.count) for f in narrowed["year"]] == [("1951", 1)]


def test_snippets_mark_matches_and_escape_html() -> None:
    [hit] = corpus().search("armistice", type="Report").hits
    assert "<script>" not in hit.snippet and "</script>" not in hit.snippet
    assert "&lt;/script&gt;" in hit.snippet and "&lt;Pyongyang&gt;." in hit.snippet
    assert "<mark>armistice</mark>" in hit.snippet
    [hit] = corpus().search("перемирие").hits
    assert "<mark>перемирии</mark>" in hit.snippet
    stalin = {h.id: h for h in corpus().search("Stalin").hits}
    assert "<mark>Филиппов</mark>" in stalin["wda:110374"].snippet


def test_hit_json_shape() -> None:
    hit = corpus().search("No. 26044").hits[0]
    assert set(hit.to_json()) == {"id", "record_id", "title", "date", "doc_type", "score",
                                  "snippet"}
    assert hit.to_json()["date"] == "1951-11-21" and hit.record_id == "26044"


def test_ranking_prefers_more_matches() -> None:
    hits = corpus().search("Ridgway negotiations OR Ridgway").hits
    assert hits[0].id == "frus:d458"


def test_inline_filters_never_raise() -> None:
    result = corpus().search("Gromyko from:yesterday to:1952")
    assert [h.id for h in result.hits] == ["wda:26044"]
    assert any("from:yesterday" in w for w in result.warnings)
    assert corpus().search("from:1952 to:1951").total == 0

