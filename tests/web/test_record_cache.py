"""The records behind person, timeline, network and map views are read once per document
version: reused while the version holds, read again when it changes, their near
duplicates always current."""

from __future__ import annotations

from pathlib import Path

from cablegraph import corpus as corpus_api
from cablegraph.store.memory import MemoryStore
from cablegraph.web.views import RecordCache

ROOT = Path(__file__).resolve().parents[2]


def test_stamps_are_versions_and_near_duplicates_without_loading(tmp_path: Path) -> None:
    with corpus_api.open(tmp_path / "c.db") as corpus:
        corpus.ingest([str(ROOT / "examples" / "pages" / "wilson")])
        docs = list(corpus.documents())
        stamps = corpus.store.stamps([d.id for d in docs] + ["no:such"])
        assert stamps == {d.id: (d.version, frozenset(d.near_duplicates)) for d in docs}
        assert any(near for _, near in stamps.values())  # the bundled mirrors are near duplicates
        memory = MemoryStore()
        for doc in docs:
            memory.put(doc.sources[0], doc.texts[0], doc.data)
        assert set(memory.stamps([d.id for d in docs])) == {d.id for d in docs}


def test_a_record_is_reused_until_its_document_changes(tmp_path: Path) -> None:
    cache = RecordCache(size=100)
    with corpus_api.open(tmp_path / "c.db") as corpus:
        corpus.ingest([str(ROOT / "examples" / "pages" / "wilson")])
        doc = next(d for d in corpus.documents() if d.data.get("record_id"))
        first = cache.read(corpus.store, [doc.id, "no:such"])
        assert set(first) == {doc.id}
        assert cache.read(corpus.store, [doc.id])[doc.id][0] is first[doc.id][0]  # reused
        # another page of the same record (a mirror with one more line): merged, a new version
        mirror = tmp_path / "mirror.txt"
        mirror.write_text(doc.texts[0] + "\nMirror copy.\n", encoding="utf-8")
        corpus.ingest([str(mirror)])
        assert corpus.store.stamps([doc.id])[doc.id][0] > doc.version
        again = cache.read(corpus.store, [doc.id])[doc.id][0]
        assert again is not first[doc.id][0] and again.id == doc.id


def test_the_cache_keeps_at_most_its_size(tmp_path: Path) -> None:
    cache = RecordCache(size=3)
    with corpus_api.open(tmp_path / "c.db") as corpus:
        corpus.ingest([str(ROOT / "examples" / "pages" / "frus")])
        ids = [d.id for d in corpus.documents()]
        assert len(ids) > 3
        assert set(cache.read(corpus.store, ids)) == set(ids)  # all answered, 3 kept
        kept = cache.read(corpus.store, ids[-3:])
        assert all(cache.read(corpus.store, [i])[i][0] is kept[i][0] for i in ids[-3:])
