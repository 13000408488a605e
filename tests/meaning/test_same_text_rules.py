"""The ``same_event`` rules on real pages, one pair at a time (the real e5 encoder, a real
SQLite corpus of the pages; no candidate search): what each rule joins and what it leaves."""

from __future__ import annotations

from pathlib import Path

import pytest

from cablegraph import corpus as corpus_api
from cablegraph.meaning.encoder import default_encoder
from cablegraph.meaning.same_text import LOOSE_SHARE, TextOf, same_event, sentence_chain

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "quality" / "real" / "wilson"
MAO_ZH = "drivingcreative-mao-speech-sixty-four-parties-edited-zh.txt"
MAO_EN = "mao-zedong-speech-moscow-meeting-edited-121559-2019.txt"
NASSER = ("minutes-brezhnev-kosygin-podgorny-nasser-5-july-1968-flat.txt",
          "minutes-brezhnev-kosygin-podgorny-nasser-6-july-1968.txt")


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, TextOf]:
    """The pages of the pairs below, ingested into a real corpus, as the rules read them."""
    names = [MAO_ZH, MAO_EN, *NASSER]
    missing = [n for n in names if not (REAL / n).is_file()]
    assert not missing, missing
    db = tmp_path_factory.mktemp("same") / "corpus.db"
    with corpus_api.open(db) as corpus:
        corpus.ingest([REAL / n for n in names])
        docs = list(corpus.documents())
    return {Path(doc.sources[0].path).name: TextOf.of(doc) for doc in docs}


def test_a_chinese_speech_and_its_english_translation_pair_off(texts: dict[str, TextOf]) -> None:
    """Two excerpts of Mao's 1957 Moscow speech: e5 puts Chinese and English sentences
    less clearly apart than two European languages, so the chain is found at the looser
    margin, and only because it spans most of the shorter excerpt."""
    zh, en = texts[MAO_ZH], texts[MAO_EN]
    assert len(zh.sentences) >= 12, "full-width stops end Chinese sentences"
    link = same_event(zh, en, default_encoder())
    assert link is not None and link.rule == "sentence_chain"
    paired = int(link.evidence.split(" sentences in order")[0])
    assert paired >= LOOSE_SHARE * min(len(zh.sentences), len(en.sentences))


def test_two_sessions_of_one_negotiation_are_not_one_text(texts: dict[str, TextOf]) -> None:
    """Brezhnev, Kosygin and Podgorny with Nasser on two days: the same people, the same
    headings, different words (a labelled hard negative)."""
    first, second = texts[NASSER[0]], texts[NASSER[1]]
    assert first.doc.id != second.doc.id
    assert sentence_chain(first, second, default_encoder()) is None
