"""The store interface, run against both the in-memory and the SQLite backend."""

from __future__ import annotations

from storekit import LOREM, doc, source

from cablegraph.store import Failure, Store


def test_put_then_get_keeps_data_and_source(store: Store) -> None:
    text = "Ciphered Telegram No. 3917\n" + LOREM
    result = store.put(source(text, "a.txt"), text, doc("wda:1", title="Telegram No. 3917"))
    assert result.outcome == "added" and result.doc_id == "wda:1"
    got = store.get("wda:1")
    assert got is not None
    assert got.data["title"] == "Telegram No. 3917"
    assert [s.path for s in got.sources] == ["a.txt"] and got.texts == [text]
    assert store.count() == 1 and store.get("nope") is None


def test_same_bytes_twice_change_nothing(store: Store) -> None:
    text = "page one " + LOREM
    store.put(source(text), text, doc("wda:1"))
    assert store.has_source(source(text).sha256)
    again = store.put(source(text), text, doc("wda:1", title="other"))
    assert again.outcome == "unchanged"
    got = store.get("wda:1")
    assert got is not None and got.version == 1 and got.data["title"] is None
    assert len(got.sources) == 1


def test_same_record_on_two_mirrors_is_one_document(store: Store) -> None:
    a, b = "mirror A " + LOREM, "mirror B, flat rendering " + LOREM
    store.put(source(a, "wilson/008.txt"), a,
              doc("wda:113658", archive="Wilson Center", record_id="113658", title="Telegram",
                  date={"iso": "1950", "precision": "year", "text": "1950"}))
    result = store.put(source(b, "wilson/009.txt"), b,
                       doc("sha256:other", archive="wilson center", record_id="113658",
                           title="Ciphered Telegram from Kim Il Sung to Stalin (via Shtykov)",
                           date={"iso": "1950-09-29", "precision": "day", "text": "x"}))
    assert result.outcome == "updated" and result.doc_id == "wda:113658"
    assert store.count() == 1
    got = store.get("wda:113658")
    assert got is not None
    assert [s.path for s in got.sources] == ["wilson/008.txt", "wilson/009.txt"]
    assert got.data["title"].startswith("Ciphered Telegram from Kim")
    assert got.data["date"]["iso"] == "1950-09-29"
    assert got.choices["title"]["rule"] == "richer"
    assert got.choices["title"]["source"] == source(b).sha256
    assert got.choices["id"]["aliases"] == ["sha256:other"]
    assert got.version == 2


def test_poorer_source_keeps_the_richer_value_and_says_so(store: Store) -> None:
    a, b = "first " + LOREM, "second " + LOREM
    store.put(source(a), a, doc("x:1", archive="A", record_id="1", title="A long title here"))
    result = store.put(source(b), b, doc("x:1", archive="A", record_id="1", title="Short"))
    assert result.outcome == "merged"
    got = store.get("x:1")
    assert got is not None and got.data["title"] == "A long title here"
    assert got.choices["title"]["rule"] == "kept_richer_or_first"


def test_near_duplicates_are_flagged_not_merged(store: Store) -> None:
    body = LOREM * 3
    a, b = "Skip to content\n" + body, body + "\nRecord ID"
    store.put(source(a), a, doc("sha256:a"))
    result = store.put(source(b), b, doc("sha256:b"))
    assert result.outcome == "added" and result.near_duplicates == ("sha256:a",)
    assert store.count() == 2
    got = store.get("sha256:a")
    assert got is not None and got.near_duplicates == ["sha256:b"]


def test_stamps_give_version_and_near_duplicates_without_loading(store: Store) -> None:
    body = LOREM * 3
    a, b = "Skip to content\n" + body, body + "\nRecord ID"
    store.put(source(a), a, doc("sha256:a", archive="X", record_id="1"))
    store.put(source(b), b, doc("sha256:b"))
    c = a + "\nA mirror's extra line."
    store.put(source(c), c, doc("sha256:c", archive="X", record_id="1"))  # merged into sha256:a
    assert store.stamps(["sha256:a", "sha256:b", "sha256:none"]) == {
        "sha256:a": (2, frozenset({"sha256:b"})),
        "sha256:b": (1, frozenset({"sha256:a"})),
    }
    assert store.stamps([]) == {}


def test_unrelated_pages_are_not_near_duplicates(store: Store) -> None:
    a = LOREM * 2
    b = " ".join(f"word{i} other{i * 7}" for i in range(80))
    store.put(source(a), a, doc("sha256:a"))
    assert store.put(source(b), b, doc("sha256:b")).near_duplicates == ()


def test_quarantine_keeps_error_and_raw_text_until_success(store: Store) -> None:
    text = "broken page"
    store.quarantine(Failure(source(text).sha256, "bad.txt", "ParseError: no title", text))
    store.quarantine(Failure(source(text).sha256, "bad.txt", "ParseError: again", text))
    [failure] = store.failures()
    assert failure.raw_text == text and "again" in failure.error
    store.put(source(text), text, doc("sha256:fixed"))
    assert store.failures() == []


def test_index_ledger(store: Store) -> None:
    for i in range(3):
        text = f"page {i} " + LOREM
        store.put(source(text), text, doc(f"d:{i}"))
    pending = store.pending(10)
    assert [d.id for d in pending] == ["d:0", "d:1", "d:2"]
    store.mark_indexed([(d.id, d.version) for d in pending[:2]])
    assert [d.id for d in store.pending(10)] == ["d:2"]
    assert store.indexed_count() == 2
    store.reset_index()
    assert len(store.pending(10)) == 3 and store.indexed_count() == 0


def test_stats_and_documents(store: Store) -> None:
    people = [{"name": "Joseph Stalin", "entity_id": "Q855", "as_written": "Filippov"}]
    for i, year in enumerate(["1950-09-29", "1951-06-30", "1951-11-21"]):
        text = f"page {i} " + LOREM
        store.put(source(text), text, doc(
            f"d:{i}", doc_type="Telegram", archive="Wilson Center", senders=people,
            date={"iso": year, "precision": "day", "text": year}, languages_present=["ru"]))
    stats = store.stats()
    assert (stats.documents, stats.sources, stats.failures) == (3, 3, 0)
    assert stats.facets["year"] == [("1951", 2), ("1950", 1)]
    assert stats.facets["sender"] == [("Joseph Stalin", 3)]
    assert stats.facets["lang"] == [("ru", 3)]
    assert [d.id for d in store.documents()] == ["d:0", "d:1", "d:2"]
    assert stats.to_json()["facets"]["type"] == [{"value": "Telegram", "count": 3}]


def test_mentions_added_later_keep_the_old_ones_reach_facets_and_bump_the_version(store: Store) -> None:
    text = "Minister Pak Seong-cheol met Ambassador Puzanov. " + LOREM
    old = {"text": "Puzanov", "kind": "person", "start": 40, "stop": 47, "entity_id": "person:puzanov",
           "name": "Aleksandr Puzanov", "rule": "surname", "confidence": 0.85}
    store.put(source(text), text, doc("wda:1", mentions=[old]))
    new = {"text": "Pak Seong-cheol", "kind": "person", "start": 9, "stop": 24, "entity_id": None,
           "name": "Pak Seong-cheol", "rule": "ner:spacy", "confidence": 0.5}
    overlapping = {**new, "text": "Puzanov.", "start": 40, "stop": 48}
    assert store.add_mentions("wda:1", [new, overlapping]) == 1
    got = store.get("wda:1")
    assert got is not None and got.version == 2
    assert [m["text"] for m in got.data["mentions"]] == ["Pak Seong-cheol", "Puzanov"]
    assert ("Pak Seong-cheol", 1) in store.stats().facets["person"]
    assert store.add_mentions("wda:1", [new]) == 0  # a second run adds nothing
    got = store.get("wda:1")
    assert got is not None and got.version == 2
