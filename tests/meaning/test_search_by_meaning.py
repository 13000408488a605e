"""Search by meaning across languages: passages embedded by the real encoder into a real
vector index beside a real SQLite corpus of the bundled pages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from cablegraph import corpus as corpus_api
from cablegraph.cli import main
from cablegraph.meaning import VectorIndex, fuse, passages
from cablegraph.meaning.encoder import Encoder, USEEncoder, default_encoder, sentence_encoder
from cablegraph.meaning.hybrid import documents_by_meaning, names_of, script_of
from cablegraph.meaning.passages import MAX_PASSAGES, SIZE, Passage, chunks
from cablegraph.meaning.vectors import PassageHit
from cablegraph.store.base import StoredDocument
from cablegraph.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "examples" / "pages"


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled pages ingested and enriched once (the encoder is real: ~10 s)."""
    db = tmp_path_factory.mktemp("meaning") / "corpus.db"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(PAGES), "--db", str(db)]).exit_code == 0
    result = runner.invoke(main, ["enrich", "--db", str(db), "--passes", "meaning", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)["meaning"]
    assert report["documents"] > 30 and report["passages"] > report["documents"]
    return db


def _ids(db: Path, query: str, mode: str, limit: int = 10) -> list[str]:
    result = CliRunner().invoke(
        main, ["search", query, "--db", str(db), "--mode", mode, "--limit", str(limit), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return [json.loads(line)["id"] for line in result.output.splitlines() if line.startswith("{")]


def _titles(db: Path, ids: list[str]) -> list[str]:
    with corpus_api.open(db) as corpus:
        return [str((corpus.get(i) or StoredDocument(i, 0, {})).data.get("title")) for i in ids]


def test_a_russian_word_finds_the_english_armistice_telegrams(embedded: Path) -> None:
    text = _ids(embedded, "перемирие", "text")
    hybrid = _ids(embedded, "перемирие", "hybrid")
    english = [t for t in _titles(embedded, hybrid) if "Ridgway" in t or "Joint Chiefs" in t]
    assert len(text) <= 2  # full text knows only the Russian word
    assert set(text) <= set(hybrid)  # fusion keeps what full text found
    assert english, _titles(embedded, hybrid)


def test_an_english_word_finds_what_full_text_cannot(embedded: Path) -> None:
    assert _ids(embedded, "truce", "text") == []
    found = _titles(embedded, _ids(embedded, "truce", "meaning", limit=5))
    assert any("Ridgway" in t or "Korea" in t or "Filippov" in t for t in found), found


def test_meaning_obeys_the_filters(embedded: Path) -> None:
    result = CliRunner().invoke(
        main, ["search", "armistice", "--db", str(embedded), "--mode", "meaning", "--from", "1952",
               "--format", "json"])
    dates = [json.loads(line)["date"] for line in result.output.splitlines() if line.startswith("{")]
    assert dates and all(d is None or d >= "1952" for d in dates), dates


def test_a_second_enrich_embeds_nothing(embedded: Path) -> None:
    args = ["enrich", "--db", str(embedded), "--passes", "meaning", "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert json.loads(result.output)["meaning"]["documents"] == 0
    assert json.loads(result.output)["meaning"]["terms_embedded"] == 0  # nor any term


def test_the_api_switches_modes(embedded: Path) -> None:
    client = TestClient(create_app(str(embedded)))
    meaning = client.get("/api/search", params={"q": "truce", "mode": "meaning"}).json()
    text = client.get("/api/search", params={"q": "truce", "mode": "text"}).json()
    bad = client.get("/api/search", params={"q": "truce", "mode": "vibes"})
    assert meaning["total"] > 0 and text["total"] == 0
    assert bad.status_code == 422
    assert all("<script" not in hit["snippet"] for hit in meaning["hits"])


def test_without_enrich_search_says_why_meaning_is_missing(tmp_path: Path) -> None:
    db = tmp_path / "plain.db"
    seeds = PAGES / "seeds"
    assert CliRunner().invoke(main, ["ingest", str(seeds), "--db", str(db)]).exit_code == 0
    with corpus_api.open(db) as corpus:
        result = corpus.search("перемирие", mode="hybrid")
    assert any("cablegraph enrich" in w for w in result.warnings)
    assert result.total >= 1  # full text still answers
    assert not (tmp_path / "plain.db.vectors").exists()


def test_vectors_survive_a_crash_between_saving_and_committing(tmp_path: Path) -> None:
    path = tmp_path / "v.vectors"
    one = np.eye(4, dtype=np.float32)
    index = VectorIndex(path, encoder="test", dimensions=4)
    index.add([("a", 1)], [Passage("a", 0, None, "first")], one[:1])
    assert index.flush() == 1
    index.add([("b", 1)], [Passage("b", 0, None, "second")], one[1:2])
    index._save()  # the vectors reach the disk, the ledger does not: a crash here
    index.close()
    again = VectorIndex(path, encoder="test", dimensions=4)
    assert len(again) == 1 and again.embedded() == {"a": 1}
    assert [h.doc_id for h in again.documents(one[1], 5)] == ["a"]
    again.add([("a", 2)], [Passage("a", 0, None, "changed"), Passage("a", 1, None, "more")], one[2:4])
    again.flush()
    assert len(again) == 2 and again.embedded() == {"a": 2}
    assert again.documents(one[3], 1)[0].text == "more"


def test_another_encoder_starts_the_vectors_over(tmp_path: Path) -> None:
    path = tmp_path / "v.vectors"
    index = VectorIndex(path, encoder="one", dimensions=4)
    assert index.started_over is None  # nothing there before
    index.add([("a", 1)], [Passage("a", 0, None, "x")], np.eye(4, dtype=np.float32)[:1])
    index.flush()
    index.close()
    again = VectorIndex(path, encoder="one", dimensions=4)
    assert len(again) == 1 and again.started_over is None  # the same encoder keeps them
    again.close()
    other = VectorIndex(path, encoder="two", dimensions=8)
    assert len(other) == 0 and other.embedded() == {}
    message = other.started_over or ""
    assert "one (4 dimensions)" in message and "two (8 dimensions)" in message, message
    assert str(path) in message and "cablegraph enrich" in message
    other.close()
    shutil.rmtree(path)


def test_passages_are_bounded_and_begin_with_the_title() -> None:
    doc = StoredDocument(
        "d", 1, {"title": "Telegram", "summary": "About truce.",
                 "texts": [{"role": "original", "language": "ru", "start": 0, "stop": 9000},
                           {"role": "editorial", "language": "en", "start": 9000, "stop": 9100}]},
        texts=["Слово. " * 1285 + "E" * 100])
    found = passages(doc)
    assert found[0].text == "Telegram — About truce." and found[0].number == 0
    assert 1 < len(found) <= MAX_PASSAGES
    assert all(len(p.text) <= 2 * SIZE for p in found)
    assert all("EEE" not in p.text for p in found)  # editorial text is not embedded
    assert chunks("One. Two.\n\nThree.", size=5) == ["One.", "Two.", "Three."]


def test_reciprocal_rank_fusion() -> None:
    fused = [doc for doc, _ in fuse(["a", "b", "c"], ["c", "a", "d"])]
    assert fused[:2] == ["a", "c"] and set(fused) == {"a", "b", "c", "d"}
    weighted = [doc for doc, _ in fuse(["a", "b"], ["b", "a"], weights=(1.0, 0.5))]
    assert weighted == ["a", "b"]  # the lighter ranking's first place counts for less
    assert [doc for doc, _ in fuse(["a", "b"], ["b", "a"], weights=(0.5, 1.0))] == ["b", "a"]


def test_a_document_by_meaning_counts_its_best_passages_less_the_encoder_s_biases() -> None:
    near = [PassageHit("once", 1, "Armistice talks at Kaesong.", 0.86),
            PassageHit("once", 2, "The weather in Tokyo.", 0.70),
            PassageHit("twice", 1, "The armistice talks resumed.", 0.85),
            PassageHit("twice", 2, "Talks at Kaesong again.", 0.85),
            PassageHit("russian", 1, "Переговоры о перемирии.", 0.865),
            PassageHit("title", 0, "Memorandum of Conversation", 0.865)]
    ranked = [h.doc_id for h in documents_by_meaning(near, "перемирие")]
    assert ranked[:3] == ["twice", "russian", "title"] or ranked[:3] == ["twice", "title", "russian"]
    # a passage in the query's own script and a title alone are discounted below "twice"
    assert ranked[-1] == "once"  # one good passage and a poor one: below two good ones
    assert script_of("Ким Ир Сен, 1950") == "cyrillic" and script_of("毛泽东同志 Mao") == "cjk"


def test_the_names_of_a_query_in_the_authority_s_preferred_form() -> None:
    authority = corpus_api.builtin_authority()
    assert authority is not None
    assert names_of(authority, "поездка Мао Цзэдуна в СССР в 1948 году") == [
        '"Mao Zedong"', '"Soviet Union"', "1948"]
    assert names_of(authority, "нейтральная зона в районе Кэсона") == ["Kaesong"]  # inflected
    assert names_of(authority, "sinking an enemy squadron near the border") == []  # lower case
    assert names_of(None, "Kaesong 1951") == ["1951"]


def test_a_russian_query_finds_english_pages_through_the_names_in_it(embedded: Path) -> None:
    text = _ids(embedded, "нейтральная зона в районе Кэсона", "text")
    hybrid = _titles(embedded, _ids(embedded, "нейтральная зона в районе Кэсона", "hybrid", limit=5))
    assert text == []  # none of its words is on an English page
    assert any("Kaesong" in t or "Ridgway" in t for t in hybrid), hybrid


def _doc_of(db: Path) -> dict[str, str]:
    with corpus_api.open(db) as corpus:
        return {f"{Path(s.path).parent.name}/{Path(s.path).name}": doc.id
                for doc in corpus.documents() for s in doc.sources}


def test_same_text_links_join_copies_and_only_them(embedded: Path) -> None:
    from cablegraph.link.table import LinkTable

    doc_of = _doc_of(embedded)
    with corpus_api.open(embedded) as corpus:
        table = LinkTable.for_store(corpus.store)
        links = table.all("same_event", limit=1000)[1]
        table.close()
    joined = {frozenset((lk.source, lk.target)) for lk in links}
    assert frozenset((doc_of["wilson/013.txt"], doc_of["wilson/014.txt"])) in joined  # Burgin, twice
    assert frozenset((doc_of["wilson/008.txt"], doc_of["wilson/009.txt"])) in joined  # two renderings
    two_translations = [lk for lk in links if {lk.source, lk.target} == {doc_of["wilson/008.txt"],
                                                                         doc_of["wilson/010.txt"]}]
    assert [lk.rule for lk in two_translations] == ["sentence_chain"]  # one letter, other words
    assert "sentences in order" in two_translations[0].evidence and " ≈ " in two_translations[0].evidence
    assert frozenset((doc_of["seeds/001_b2b330674646bd47.txt"],
                      doc_of["seeds/002_6b32c769bee096d7.txt"])) not in joined  # same day, different texts
    assert all(lk.evidence and lk.rule in ("shared_text", "translation", "sentence_chain") for lk in links)


def test_a_chain_of_sentences_pairs_them_off_in_order_with_a_clear_margin() -> None:
    from cablegraph.meaning.same_text import chained_pairs

    similar = np.full((6, 6), 0.80, dtype=np.float32)
    for i in range(5):
        similar[i, i] = 0.95  # five sentences and their translations, in order
    assert chained_pairs(similar) == [(i, i) for i in range(5)]
    crossed = similar.copy()
    crossed[[3, 4]] = crossed[[4, 3]]  # two pairs out of order: the chain keeps one of them
    assert len(chained_pairs(crossed)) == 4
    crowded = np.full((6, 6), 0.80, dtype=np.float32) + np.eye(6, dtype=np.float32) * 0.02
    assert chained_pairs(crowded) == []  # nearest, but by no margin: unrelated sentences
    assert chained_pairs(np.zeros((0, 3), dtype=np.float32)) == []


def test_a_relink_keeps_the_same_text_links(embedded: Path, tmp_path: Path) -> None:
    from cablegraph.link.table import LinkTable

    extra = tmp_path / "extra.txt"
    extra.write_text((PAGES / "seeds" / "000_76932a805ef3dd28.txt").read_text(encoding="utf-8") + "\nCopy.\n",
                     encoding="utf-8")
    with corpus_api.open(embedded) as corpus:
        table = LinkTable.for_store(corpus.store)
        before = table.all("same_event", limit=1000)[0]
        table.close()
    assert CliRunner().invoke(main, ["ingest", str(extra), "--db", str(embedded)]).exit_code == 0
    with corpus_api.open(embedded) as corpus:
        table = LinkTable.for_store(corpus.store)
        assert table.all("same_event", limit=1000)[0] == before
        table.close()


def test_the_enrich_pass_stores_the_alignment_of_bilingual_pages(embedded: Path) -> None:
    doc_of = _doc_of(embedded)
    with corpus_api.open(embedded) as corpus:
        rows = corpus.vectors().alignment(doc_of["seeds/001_b2b330674646bd47.txt"])
        plain = corpus.vectors().alignment(doc_of["frus/001.txt"])
    assert rows and sum(1 for r in rows if r["left"] and r["right"]) >= 20
    assert plain is None


def test_the_document_page_shows_the_sentence_alignment(embedded: Path) -> None:
    import re

    doc_id = _doc_of(embedded)["seeds/001_b2b330674646bd47.txt"]
    page = TestClient(create_app(str(embedded))).get(f"/documents/{doc_id}").text
    rows = re.findall(r"<tr><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td></tr>", page, flags=re.S)
    assert any("Ваши телеграммы о перемирии получены." in left
               and "Your telegrams about an armistice" in right for left, right in rows), rows[:5]
    assert len(rows) >= 20  # sentence by sentence, not a few paragraphs


@pytest.mark.parametrize("encoder", [default_encoder(), sentence_encoder()], ids=lambda e: e.name)
def test_a_chain_of_sentences_needs_translated_sentences_not_copied_ones(encoder: Encoder) -> None:
    from cablegraph.meaning.same_text import CHAIN, TextOf, sentence_chain

    english = ["The ambassador presented his credentials to the President this morning.",
               "The President spoke warmly of the friendship between our two peoples.",
               "He asked that greetings be conveyed to the government in Moscow.",
               "The conversation then turned to the question of trade agreements.",
               "Both sides agreed to resume the talks on fisheries next month.",
               "The ceremony ended with a short reception at the palace."]
    russian = ["Сегодня утром посол вручил президенту свои верительные грамоты.",
               "Президент тепло говорил о дружбе между нашими двумя народами.",
               "Он просил передать приветствия правительству в Москве.",
               "Затем разговор перешёл к вопросу о торговых соглашениях.",
               "Обе стороны согласились возобновить переговоры о рыболовстве в следующем месяце.",
               "Церемония завершилась коротким приёмом во дворце."]

    def text_of(doc_id: str, sentences: list[str]) -> TextOf:
        page = "\n".join(sentences)
        return TextOf.of(StoredDocument(doc_id, 1, {"texts": [{"role": "translation", "start": 0,
                                                                "stop": len(page)}]}, texts=[page]))

    assert len(english) >= CHAIN
    link = sentence_chain(text_of("en", english), text_of("ru", russian), encoder)
    assert link is not None and link.rule == "sentence_chain", "a translation pairs off in order"
    assert sentence_chain(text_of("one", english), text_of("two", english), encoder) is None  # copies
    shuffled = [russian[i] for i in (5, 3, 1, 4, 0, 2)]
    assert sentence_chain(text_of("en", english), text_of("ru", shuffled), encoder) is None  # no order


def test_linking_with_few_texts_kept_finds_the_same_links(embedded: Path) -> None:
    """The same-text pass holds a bounded number of documents (their sentence vectors are
    ~60 KB each): forgetting and reading them again changes no link."""
    from cablegraph.meaning.same_text import find_same_events

    with corpus_api.open(embedded) as corpus:
        ids = [doc.id for doc in corpus.documents()]
        vectors, encoder = corpus.sentence_vectors(), sentence_encoder()  # what enrich uses

        def links(keep: int) -> set[tuple[str, str, str]]:
            found = find_same_events(ids, corpus.store, vectors, encoder, keep=keep)
            return {(lk.source, lk.target, lk.rule) for lk in found}

        every = links(10_000)
        assert every and links(3) == every


ENGLISH = ["The ambassador presented his credentials to the President this morning.",
           "The President spoke warmly of the friendship between our two peoples.",
           "Both sides agreed to resume the talks on fisheries next month."]
RUSSIAN = ["Сегодня утром посол вручил президенту свои верительные грамоты.",
           "Президент тепло говорил о дружбе между нашими двумя народами.",
           "Обе стороны согласились возобновить переговоры о рыболовстве в следующем месяце."]


def test_use_tells_a_translation_from_the_sentences_around_it() -> None:
    """USE (the package's real weights): each English sentence nearest its own Russian
    translation, by a wide margin on an absolute scale (e5's cosines crowd near 0.8)."""
    encoder = USEEncoder()
    english, russian = encoder.passages(ENGLISH), encoder.passages(RUSSIAN)
    assert english.shape == (3, 512) and np.allclose(np.linalg.norm(english, axis=1), 1.0, atol=1e-5)
    similar = english @ russian.T
    diagonal, off = np.diag(similar), similar[~np.eye(3, dtype=bool)]
    assert list(similar.argmax(axis=1)) == [0, 1, 2] and list(similar.argmax(axis=0)) == [0, 1, 2]
    assert diagonal.min() >= encoder.near_cosine > off.max() + 0.2, similar
    assert np.allclose(encoder.query(ENGLISH[0]), english[0], atol=1e-5)  # no prefixes
    assert encoder.passages([]).shape == (0, 512)


def test_enrich_fills_both_encoders_indexes(embedded: Path) -> None:
    with corpus_api.open(embedded) as corpus:
        first, second = corpus.vectors(), corpus.sentence_vectors()
        assert first.path is not None and second.path == first.path / "sentences"
        assert second.encoder == "use-multilingual-v3" and second.dimensions == 512
        assert len(second) == len(first) > 0 and second.embedded() == first.embedded()
        assert second.alignment(next(iter(first.embedded()))) is None  # alignments live with e5


def test_an_index_of_another_encoder_is_embedded_again_for_that_one_alone(tmp_path: Path) -> None:
    """The second index made by another encoder (as a corpus enriched before this one was
    chosen): enrich says so, drops it and embeds the passages for the second encoder
    only; e5's vectors (their keys) stay as they are."""
    import sqlite3

    from cablegraph.meaning import vectors as vectors_module

    db = tmp_path / "c.db"
    assert CliRunner().invoke(main, ["ingest", str(PAGES / "seeds"), "--db", str(db)]).exit_code == 0
    with corpus_api.open(db) as corpus:
        assert corpus.enrich().documents > 0
        folder = corpus.vectors().path
    assert folder is not None
    keys = "SELECT key, doc_id FROM passages ORDER BY key"
    before = sqlite3.connect(folder / "passages.sqlite").execute(keys).fetchall()
    meta = folder / "sentences" / "cablegraph-vectors.json"
    meta.write_text(json.dumps({"encoder": "some-older-encoder", "dimensions": 512}), encoding="utf-8")
    vectors_module._SHARED.clear()  # this process's open indexes: as a new process would see them
    result = CliRunner().invoke(main, ["enrich", "--db", str(db), "--passes", "meaning"])
    assert result.exit_code == 0, result.output
    assert "made by some-older-encoder (512 dimensions), not use-multilingual-v3" in result.output
    with corpus_api.open(db) as corpus:
        embedded = len(corpus.vectors().embedded())
        assert f"embedded {embedded} documents" in result.output and embedded > 0
        assert len(corpus.sentence_vectors()) == len(corpus.vectors())
    assert sqlite3.connect(folder / "passages.sqlite").execute(keys).fetchall() == before


def test_search_fuses_the_second_encoder_s_ranking(embedded: Path) -> None:
    from cablegraph.meaning.hybrid import DEPTH, search_by_meaning
    from cablegraph.meaning.vectors import Embedding
    from cablegraph.search.filters import Filters

    query = "armistice talks"
    with corpus_api.open(embedded) as corpus:
        second = Embedding(corpus.sentence_vectors(), sentence_encoder())

        def ids(mode: str, more: Embedding | None) -> list[str]:
            result = search_by_meaning(corpus.index, corpus.store, corpus.vectors(), default_encoder(),
                                       query, Filters(), mode=mode, limit=10, second=more)
            return [h.id for h in result.hits]

        alone, both = ids("meaning", None), ids("meaning", second)
        by_use = {h.doc_id for h in second.vectors.documents(second.encoder.query(query), DEPTH)}
        assert alone and both and alone != both  # the second ranking moves documents
        assert set(both) - set(alone) <= by_use  # and what it brings is USE's
        assert ids("hybrid", second) == ids("hybrid", None)  # hybrid reads e5 alone (measured: see docs)


def test_enrich_embeds_the_vocabulary_and_hybrid_searches_a_query_s_translation(embedded: Path) -> None:
    from cablegraph.meaning.hybrid import search_by_meaning
    from cablegraph.search.filters import Filters

    query = "вывод иностранных войск"
    with corpus_api.open(embedded) as corpus:
        vocabulary = corpus.sentence_vectors().vocabulary()
        assert len(vocabulary) > 500 and {"troops", "foreign"} <= set(vocabulary.terms)
        words = corpus._words()
        terms = words["translate"](query)
        assert {"foreign", "troops"} <= set(terms), terms
        assert all(not any("\u0400" <= c <= "\u04ff" for c in t) for t in terms), terms
        searched = corpus.index.search(corpus.store, " OR ".join(terms), Filters(), limit=100)
        found = {h.id for h in searched.hits}

        def ids(**more: object) -> list[str]:
            result = search_by_meaning(corpus.index, corpus.store, corpus.vectors(), default_encoder(),
                                       query, Filters(), mode="hybrid", limit=10, **more)  # type: ignore[arg-type]
            return [h.id for h in result.hits]

        plain, translated = ids(), ids(translate=words["translate"])
        assert translated != plain and set(translated) - set(plain) <= found  # brought by the terms
        assert ids(translate=words["translate"]) == translated
        assert _ids(embedded, query, "hybrid") == translated  # the CLI searches the same way


def test_a_passage_s_script_without_counting_says_what_the_count_says() -> None:
    """The shortcut for passages with no Cyrillic or CJK letter gives the count's answer."""
    from cablegraph.meaning.hybrid import _SCRIPTS

    def counted(text: str) -> str:
        counts = {name: len(p.findall(text[:200])) for name, p in _SCRIPTS.items()}
        return max(counts, key=lambda name: counts[name])

    for text in ("The Ambassador’s note — 12 May 1950", "plain ascii", "1950 — 12", "", "Ким Ир Сен",
                 "金日成 Kim", "Kim Il Sung (Ким Ир Сен) said", "x" * 300 + "Сталин"):
        assert script_of(text) == counted(text), text
