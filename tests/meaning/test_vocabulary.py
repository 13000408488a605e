"""Query translation through the corpus's vocabulary: terms counted from tiny texts,
embedded by the real second encoder (USE) into a real SQLite table."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from cablegraph.meaning.encoder import Encoder, sentence_encoder
from cablegraph.meaning.passages import Passage
from cablegraph.meaning.vectors import VectorIndex
from cablegraph.meaning.vocabulary import Vocabulary, count_terms, script_of_word, update_terms

ENGLISH = [
    "Foreign troops must leave Korea before the armistice talks resume.",
    "The foreign ministry reports a crisis: troops massed on the border.",
    "The ambassador discussed the weather and the harbour with the minister.",
    "A crisis in the harbour: the minister and the ambassador met twice.",
]
RUSSIAN = ["Министр говорил с послом о кризисе.", "Посол и министр обсудили кризис."]


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return sentence_encoder()


def _table(encoder: Encoder, texts: list[str]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    update_terms(db, encoder, texts)
    return db


def test_terms_are_counted_per_document_and_bounded_per_script() -> None:
    counted, read = count_terms([*ENGLISH, *RUSSIAN], per_script=3, min_documents=2)
    assert read == len(ENGLISH) + len(RUSSIAN)
    assert {s for s, _ in counted.values()} == {"latin", "cyrillic"}
    assert sum(1 for s, _ in counted.values() if s == "latin") == 3
    assert counted["the"] == ("latin", 4)  # in every English text, counted once each
    assert counted["министр"] == ("cyrillic", 2)
    assert "weather" not in count_terms(ENGLISH, min_documents=2)[0]  # in one text only
    scripts = [script_of_word(w) for w in ("troops", "войск", "停战", "42")]
    assert scripts == ["latin", "cyrillic", "cjk", None]


def test_a_query_word_becomes_the_terms_of_the_other_script_it_translates(encoder: Encoder) -> None:
    vocabulary = Vocabulary.read(_table(encoder, ENGLISH), encoder.dimensions)
    assert len(vocabulary) == len(count_terms(ENGLISH)[0])
    found = vocabulary.translate("иностранных войск кризис", encoder, per_word=1)
    assert found == ["foreign", "troops", "crisis"], found
    assert vocabulary.translate("troops crisis", encoder) == []  # no term of another script
    strict = vocabulary.translate("иностранных войск", encoder, near=0.99)
    assert strict == [], strict  # nothing that near: the threshold holds


def test_an_english_word_finds_the_russian_terms(encoder: Encoder) -> None:
    vocabulary = Vocabulary.read(_table(encoder, [*ENGLISH, *RUSSIAN]), encoder.dimensions)
    found = vocabulary.translate("minister", encoder)
    assert found and found[0] == "министр", found
    assert all(script_of_word(t) == "cyrillic" for t in found), found


def test_an_update_embeds_only_the_terms_it_lacks_and_drops_the_rare(encoder: Encoder) -> None:
    db = _table(encoder, ENGLISH)
    before = dict(db.execute("SELECT term, vector FROM terms"))
    again = update_terms(db, encoder, ENGLISH)
    assert (again.embedded, again.dropped, again.terms) == (0, 0, len(before))
    more = update_terms(db, encoder, [*ENGLISH[:2], *RUSSIAN])  # the harbour texts gone
    assert more.embedded == len(count_terms(RUSSIAN)[0]) and more.dropped > 0
    after = dict(db.execute("SELECT term, vector FROM terms"))
    assert "harbour" not in after and "министр" in after
    kept = [t for t in after if t in before]
    assert kept and all(after[t] == before[t] for t in kept)  # not embedded again
    assert np.frombuffer(after["министр"], dtype=np.float16).shape == (encoder.dimensions,)


def test_an_empty_or_missing_table_translates_nothing(encoder: Encoder) -> None:
    vocabulary = Vocabulary.read(sqlite3.connect(":memory:"), encoder.dimensions)
    assert len(vocabulary) == 0 and vocabulary.translate("войск", encoder) == []


def test_feedback_takes_the_terms_particular_to_the_texts_found(encoder: Encoder) -> None:
    vocabulary = Vocabulary.read(_table(encoder, ENGLISH), encoder.dimensions)
    assert vocabulary.total == len(ENGLISH)
    text = "Troops, troops and a crisis in the harbour, the harbour of the ministry."
    found = vocabulary.distinctive([text], 2)
    assert found == ["troops", "harbour"], found  # "the" is everywhere, "ministry" unknown (one text)
    assert vocabulary.distinctive([], 3) == []


def test_the_index_counts_its_passages_in_batches(tmp_path: Path, encoder: Encoder) -> None:
    """The vocabulary of a real vector index: its passages read a few documents at a
    time, every document once; a second count embeds nothing."""
    index = VectorIndex(tmp_path / "vectors", encoder=encoder.name, dimensions=encoder.dimensions)
    found = [Passage(f"d{i}", 0, None, text) for i, text in enumerate([*ENGLISH, *RUSSIAN])]
    index.add([(p.doc_id, 1) for p in found], found, encoder.passages([p.text for p in found]))
    index.flush()
    assert sorted(index.document_texts(batch=2)) == sorted([*ENGLISH, *RUSSIAN])
    first = index.update_terms(encoder)
    assert first.terms == first.embedded == len(index.vocabulary()) > 0
    assert index.vocabulary().total == len(found)
    assert index.update_terms(encoder).embedded == 0
    assert "troops" in index.vocabulary().translate("войск", encoder)
