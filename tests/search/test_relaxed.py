"""The top hits of a dense conjunction through the union of its words (``relaxed``) are
the plain search's: the same ids, scores, total and facets, on both paths of ``top``
(shown exact, or given up so the plain search runs)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from cablegraph.corpus import Corpus
from cablegraph.model import DateValue, Document, PersonRef, SourcePage
from cablegraph.search import index as search_index
from cablegraph.search import relaxed
from cablegraph.store import MemoryStore

QUERIES = ["armistice talks", "armistice talks Kaesong", '"talks at Kaesong" armistice',
           'armistice "the talks at Panmunjom"', "armistice talks -Panmunjom",
           "(Kaesong OR Panmunjom) talks", "talks AND armistice AND truce"]


def _corpus(texts: list[str] | None = None) -> Corpus:
    corpus = Corpus(MemoryStore(), authority=None)
    places = ("Kaesong", "Panmunjom", "Pyongyang", "Tokyo")
    for i in range(600):
        words = ["armistice"] * (1 + i % 4) + ["the", "talks", "at", places[i % 4]] + ["truce"] * (i % 3)
        if i % 7 == 0:
            words = ["armistice"] * 9  # scores high in the union, matches no conjunction
        text = " ".join(words) + f" telegram {i}" if texts is None else texts[i % len(texts)]
        if texts is not None and i >= len(texts):
            break
        data = text.encode()
        page = SourcePage(f"t/{i}.txt", hashlib.sha256(data).hexdigest(), "text", "utf-8", text, data)
        doc = Document(id=f"t:{i}", title=f"Telegram {i}", date=DateValue("1951", "1951", "year"),
                       doc_type="telegram" if i % 3 else "report",
                       senders=[PersonRef("Ridgway", "Ridgway")] if i % 5 == 0 else [])
        corpus.add(doc, page)
    corpus.sync()
    return corpus


def _found(corpus: Corpus, query: str, **options: Any) -> tuple[Any, ...]:
    result = corpus.search(query, **options)
    return (result.total, [(h.id, h.score) for h in result.hits], result.to_json()["facets"],
            result.facets_sampled)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return _corpus()


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each relaxed search was shown exact (True) or gave up (False)."""
    outcomes: list[bool] = []
    real = relaxed.top

    def top(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        outcomes.append(found is not None)
        return found

    monkeypatch.setattr(relaxed, "top", top)
    return outcomes


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("options", [{}, {"limit": 5}, {"limit": 3, "offset": 4}, {"limit": 0}])
def test_relaxed_top_hits_are_the_plain_ones(corpus: Corpus, query: str, options: dict[str, int],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "FACET_EXACT", 50)  # sampled facets, from the other thread
    monkeypatch.setattr(relaxed, "dense", lambda *a: False)
    plain = _found(corpus, query, **options)
    outcomes = _spy(monkeypatch)
    monkeypatch.setattr(relaxed, "dense", lambda *a: True)
    assert _found(corpus, query, **options) == plain
    assert len(outcomes) == 1 and plain[0] > 0  # shown exact, or given up at a tie


@pytest.mark.parametrize("options", [{"limit": 5}, {"limit": 4, "offset": 3}])
def test_relaxed_top_hits_are_shown_exact(options: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [" ".join(["armistice", "talks", *["word"] * n]) for n in range(25)]  # no two scores alike
    texts += ["armistice armistice armistice", "talks talks talks"]
    corpus = _corpus(texts)
    monkeypatch.setattr(relaxed, "dense", lambda *a: False)
    plain = _found(corpus, "armistice talks", **options)
    outcomes = _spy(monkeypatch)
    monkeypatch.setattr(relaxed, "dense", lambda *a: True)
    assert _found(corpus, "armistice talks", **options) == plain
    assert outcomes == [True] and plain[0] == 25


def test_relaxed_top_hits_give_up_when_the_union_holds_too_few_matches(
        corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(relaxed, "dense", lambda *a: False)
    plain = _found(corpus, "armistice talks", limit=5)
    outcomes = _spy(monkeypatch)
    monkeypatch.setattr(relaxed, "dense", lambda *a: True)
    monkeypatch.setattr(relaxed, "MIN_SPARE", 0)
    monkeypatch.setattr(relaxed, "SPARE_SHARE", 0.0)  # the union's top 5: nine-fold "armistice"
    assert _found(corpus, "armistice talks", limit=5) == plain
    assert outcomes == [False]


@pytest.mark.parametrize("query", ["armistice", "armistice OR talks", "NOT (Kaesong armistice)",
                                   "NOT Kaesong NOT talks", "talk* armistice", '"talks at Kaesong"'])
def test_only_sums_of_terms_are_relaxed(corpus: Corpus, query: str, monkeypatch: pytest.MonkeyPatch) -> None:
    outcomes = _spy(monkeypatch)
    monkeypatch.setattr(relaxed, "dense", lambda *a: True)
    corpus.search(query)
    corpus.search("armistice talks", person="Ridgway")  # a filter scores too
    assert outcomes == []


def test_dense_conjunctions_are_told_from_sparse_ones(corpus: Corpus) -> None:
    searcher = corpus.index.index.searcher()
    words = {w: [("stem", w)] for w in ("armistic", "talk", "truce", "kaesong", "telegram")}
    assert relaxed.dense(searcher, [words["talk"], words["telegram"]])
    assert not relaxed.dense(searcher, [words["kaesong"], words["truce"]])
    assert not relaxed.dense(searcher, [words["talk"]])


@pytest.mark.parametrize("query", ["armistice talks", "Kaesong", "talk* armistice", "armistice -Panmunjom"])
def test_one_thread_finds_what_two_find(corpus: Corpus, query: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "FACET_EXACT", 50)
    monkeypatch.setattr(relaxed, "dense", lambda *a: True)
    two = _found(corpus, query, limit=7)
    monkeypatch.setattr(corpus.index, "threads", 1)
    assert _found(corpus, query, limit=7) == two
