"""The two designs that keep the tantivy index fast at a million documents.

Phrases go through ``pairs`` fields (adjacent words as one term; a longer phrase is a
phrase of pairs) and stay exact; facet
counts beyond ``FACET_EXACT`` matches are estimated from a hash sample of the matches and
say so (``facets_sampled``).
"""

from __future__ import annotations

import hashlib

import pytest

from cablegraph.corpus import Corpus
from cablegraph.model import DateValue, Document, PersonRef, SourcePage
from cablegraph.search import index as search_index
from cablegraph.search.index import pairs, sample_level
from cablegraph.store import MemoryStore


def _page(i: int, text: str, doc_type: str, senders: tuple[str, ...] = ()
          ) -> tuple[Document, SourcePage]:
    data = f"{i} {text}".encode()
    page = SourcePage(f"t/{i}.txt", hashlib.sha256(data).hexdigest(), "text", "utf-8", text, data)
    doc = Document(id=f"t:{i}", title=f"Telegram {i}", date=DateValue("1951", "1951", "year"),
                   doc_type=doc_type, senders=[PersonRef(name, name) for name in senders])
    return doc, page


def _corpus(texts: list[tuple[str, str]], senders: dict[int, tuple[str, ...]] | None = None
            ) -> Corpus:
    corpus = Corpus(MemoryStore(), authority=None)
    for i, (text, doc_type) in enumerate(texts):
        corpus.add(*_page(i, text, doc_type, (senders or {}).get(i, ())))
    corpus.sync()
    return corpus


def test_pairs_are_adjacent_stems() -> None:
    assert pairs(["kim", "il", "sung"]) == ["kim_il", "il_sung"]
    assert pairs(["one"]) == []


def test_phrases_stay_exact_through_pairs() -> None:
    corpus = _corpus([
        ("Kim Il Sung wrote to Stalin.", "telegram"),        # the phrase
        ("Kim Il met Il Sung and Stalin.", "telegram"),      # every pair, not the phrase
        ("the demarcation lines were drawn", "report"),      # stems: demarc line
        ("a line of demarcation", "report"),                 # the words, not adjacent
    ])
    assert {h.id for h in corpus.search('"Kim Il Sung"').hits} == {"t:0"}
    assert {h.id for h in corpus.search('"demarcation line"').hits} == {"t:2"}
    assert {h.id for h in corpus.search("demarcation line").hits} == {"t:2", "t:3"}


def test_long_phrases_and_names_stay_exact_through_pairs() -> None:
    corpus = _corpus([
        ("the Chairman of the Council of Ministers", "telegram"),  # the 5-word phrase
        ("the Council of the Chairman of Ministers", "telegram"),  # every pair, elsewhere
        ("a letter", "letter"),                                    # the name, only as sender
        ("a letter", "letter"),                                    # two names, one after the other
        ("Il Sung Kim", "letter"),                                 # the words, another order
    ], senders={2: ("Kim Il Sung",), 3: ("Pak Kim Il", "Sung Man")})
    assert {h.id for h in corpus.search('"chairman of the council of"').hits} == {"t:0"}
    assert {h.id for h in corpus.search('"Kim Il Sung"').hits} == {"t:2"}
    assert {h.id for h in corpus.search('"Kim Il"').hits} == {"t:2", "t:3"}
    assert {h.id for h in corpus.search('"Il Sung Man"').hits} == set()  # not across names


def test_sample_levels_halve_the_documents() -> None:
    assert sample_level("wda:110374") == sample_level("wda:110374")
    levels = [sample_level(f"doc:{i}") for i in range(40_000)]
    for j in (1, 2, 3, 4):  # level j holds 2^-j of the documents
        assert abs(sum(v >= j for v in levels) / len(levels) - 2**-j) < 0.01


def test_facets_are_exact_below_the_limit_and_estimated_above(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [("armistice talks at Kaesong", "telegram" if i % 4 else "report") for i in range(2_000)]
    corpus = _corpus(texts)
    exact = corpus.search("armistice")
    assert exact.total == 2_000 and exact.facets_sampled == 0
    assert {f.value: f.count for f in exact.facets["type"]} == {"telegram": 1_500, "report": 500}

    monkeypatch.setattr(search_index, "FACET_EXACT", 400)
    estimated = corpus.search("armistice")
    assert estimated.total == 2_000 and 0 < estimated.facets_sampled < 2_000
    counts = {f.value: f.count for f in estimated.facets["type"]}
    assert abs(counts["telegram"] - 1_500) < 200 and abs(counts["report"] - 500) < 200
    assert estimated.to_json()["facets_sampled"] == estimated.facets_sampled
    assert [h.id for h in estimated.hits] == [h.id for h in exact.hits]  # only facets change


def test_a_limit_of_zero_counts_without_hits() -> None:
    result = _corpus([("armistice talks", "telegram")] * 3).search("armistice", limit=0)
    assert result.total == 3 and result.hits == []


@pytest.mark.parametrize("query", ['"talks at Kaesong"', 'armistice -"talks at Panmunjom"',
                                   '"talks at Kaesong" OR Panmunjom', 'NOT "talks at Panmunjom"'])
def test_sampled_facets_of_phrases_and_negations(query: str, monkeypatch: pytest.MonkeyPatch) -> None:
    place = ("Kaesong", "Panmunjom")
    texts = [(f"armistice talks at {place[i % 2]}", "telegram" if i % 3 else "report")
             for i in range(3_000)]
    corpus = _corpus(texts)
    exact = corpus.search(query)
    monkeypatch.setattr(search_index, "FACET_EXACT", 300)
    estimated = corpus.search(query)
    assert estimated.total == exact.total and estimated.facets_sampled > 0
    want = {f.value: f.count for f in exact.facets["type"]}
    got = {f.value: f.count for f in estimated.facets["type"]}
    assert set(got) == set(want)
    assert all(abs(got[k] - want[k]) <= 0.2 * exact.total for k in want)


@pytest.mark.parametrize("query", ["armistice talks", "Kaesong OR Panmunjom", "armistice -Panmunjom",
                                   "talk* Kaesong", '"talks at Kaesong" OR Panmunjom',
                                   "NOT (Kaesong OR armistice)"])
def test_the_sample_inside_unions_counts_the_same_documents(
        query: str, monkeypatch: pytest.MonkeyPatch) -> None:
    place = ("Kaesong", "Panmunjom", "Pyongyang")
    texts = [(f"{'armistice ' if i % 5 else ''}talks at {place[i % 3]}", "telegram" if i % 4 else "report")
             for i in range(3_000)]
    corpus = _corpus(texts, {i: ("Ridgway",) for i in range(0, 3_000, 7)})
    monkeypatch.setattr(search_index, "FACET_EXACT", 60)
    found = {}
    for inside in (False, True):  # the sample outside every union, then inside each
        monkeypatch.setattr(search_index, "SPARSE_LEVEL", 0 if inside else search_index.MAX_LEVEL + 1)
        result = corpus.search(query, person="Ridgway" if "talk*" in query else None)
        found[inside] = (result.total, result.facets_sampled, result.to_json()["facets"])
    assert found[True] == found[False] and found[True][1] > 0
