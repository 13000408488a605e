"""The corpus end to end on the real pages, in a real SQLite file.

Uses ``cablegraph.parse.parse_page`` and ``cablegraph.ingest.read_pages`` when they can be
imported, else a minimal stand-in (title, record id, whole text) so the store and search
are still tested while the parser is being written.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

import cablegraph.corpus
from cablegraph.corpus import Corpus
from cablegraph.errors import CablegraphError
from cablegraph.model import Document, SourcePage, Span, TextBlock

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "examples" / "pages"
FAMILIES = ("seeds", "wilson", "frus", "listings")


def minimal_parse(page: SourcePage) -> Document:
    """Stand-in parser: first line as title, a record id if the page prints one."""
    text = page.text
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    title = next((ln for ln in lines if ln != "Skip to content"), None)
    found = re.search(r"Record ID\s+(\d+)|/document/(\d+)", text)
    record_id = (found.group(1) or found.group(2)) if found else None
    doc = Document(f"wda:{record_id}" if record_id else f"sha256:{page.sha256[:16]}",
                   "document", title=title, record_id=record_id,
                   archive="Wilson Center Digital Archive" if record_id else None)
    doc.texts = [TextBlock(Span(0, len(text)), None, "body")]
    return doc


def read_files(inputs: Iterable[str]) -> Iterator[SourcePage | CablegraphError]:
    """Stand-in reader: every file named, or every .txt under a folder, as UTF-8."""
    for name in inputs:
        path = Path(name)
        for file in sorted(path.rglob("*.txt")) if path.is_dir() else [path]:
            data = file.read_bytes()
            yield SourcePage(str(file), hashlib.sha256(data).hexdigest(), "text", "utf-8",
                             data.decode("utf-8"), data)


def real_or_minimal() -> tuple[object, object]:
    try:
        from cablegraph.parse import parse_page
        parse_page(next(iter(read_files([str(PAGES / "seeds")]))))  # type: ignore[arg-type]
    except Exception:
        return minimal_parse, read_files
    return parse_page, read_files


PARSER, READER = real_or_minimal()


def page_files() -> list[str]:
    return [str(p) for family in FAMILIES for p in sorted((PAGES / family).glob("*.txt"))]


def open_corpus(path: Path) -> Corpus:
    return cablegraph.corpus.open(path, parser=PARSER, reader=READER)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    corpus = open_corpus(tmp_path_factory.mktemp("corpus") / "cablegraph.db")
    report = corpus.ingest(page_files())
    assert report.failed == 0, report.failures
    yield corpus
    corpus.close()


def test_every_page_is_stored(ingested: Corpus) -> None:
    stats = ingested.stats()
    assert stats.sources == len(page_files()) and stats.failures == 0
    assert stats.documents <= stats.sources
    assert ingested.check() == []


def source_paths(corpus: Corpus, query: str) -> set[str]:
    found = set()
    for hit in corpus.search(query, limit=100).hits:
        doc = corpus.get(hit.id)
        assert doc is not None
        found |= {Path(s.path).parent.name + "/" + Path(s.path).name[:3] for s in doc.sources}
    return found


@pytest.mark.parametrize(("query", "page"), [
    ("Stalin", "seeds/001"), ("Stalin", "seeds/000"), ("Stalin", "seeds/002"),
    ("Риджуэй", "seeds/001"), ("перемирие", "seeds/001"), ("Kaesong", "seeds/001"),
    ("Kim Il Sung", "seeds/000"), ("Kim Il Sung", "seeds/002"), ("No. 26044", "seeds/000"),
    ("21.XI.1951", "seeds/000"), ("negotiat*", "seeds/002"), ('"armistice"', "seeds/001"),
])
def test_real_queries_find_the_right_pages(ingested: Corpus, query: str, page: str) -> None:
    assert page in source_paths(ingested, query)


def test_bare_hits_are_the_same_hits_without_snippets(ingested: Corpus) -> None:
    full = ingested.search("Stalin", limit=50, facets=False)
    bare = ingested.search("Stalin", limit=50, facets=False, snippets=False)
    assert full.total == bare.total > 1
    assert [h.id for h in bare.hits] == [h.id for h in full.hits]
    assert all(h.snippet for h in full.hits) and not any(h.snippet for h in bare.hits)


def test_exact_queries_are_precise(ingested: Corpus) -> None:
    assert source_paths(ingested, "No. 26044") == {"seeds/000"}
    assert source_paths(ingested, "21.XI.1951") == {"seeds/000"}


@pytest.mark.parametrize("query", ['"', "AND", "OR", "NOT", "-", "*", ":", "(", "",
                                   "No. 26044", "21.XI.1951", "don't", "x" * 10_000,
                                   "a OR (b AND -c*) \"d"])
def test_hostile_queries_on_real_pages(ingested: Corpus, query: str) -> None:
    result = ingested.search(query)
    assert all(h.snippet is not None for h in result.hits)
    json.dumps(result.to_json())


def test_reingest_changes_nothing(ingested: Corpus) -> None:
    before = ingested.store.conn.execute(  # type: ignore[attr-defined]
        "SELECT id, version, data FROM documents ORDER BY id").fetchall()
    report = ingested.ingest(page_files())
    assert (report.added, report.updated, report.merged, report.failed) == (0, 0, 0, 0)
    assert report.unchanged == len(page_files())
    after = ingested.store.conn.execute(  # type: ignore[attr-defined]
        "SELECT id, version, data FROM documents ORDER BY id").fetchall()
    assert before == after


def test_one_record_on_two_mirrors_is_one_document(tmp_path: Path) -> None:
    seed = PAGES / "seeds" / "001_b2b330674646bd47.txt"
    text = seed.read_text(encoding="utf-8")
    mirror = tmp_path / "mirror.txt"
    mirror.write_text(re.sub(r"\n\s*\n", "\n", text), encoding="utf-8")  # flat rendering
    corpus = open_corpus(tmp_path / "c.db")
    report = corpus.ingest([str(seed), str(mirror)])
    assert report.added == 1 and report.updated + report.merged == 1
    [doc] = list(corpus.documents())
    assert len(doc.sources) == 2 and doc.data["record_id"] == "110374"
    assert len(corpus.search("перемирие").hits) == 1
    corpus.close()


def test_a_failing_page_is_quarantined_with_its_text(tmp_path: Path) -> None:
    def parser(page: SourcePage) -> Document:
        if "26044" in page.text:
            raise ValueError("cannot parse this one")
        return PARSER(page)  # type: ignore[operator,no-any-return]

    corpus = cablegraph.corpus.open(tmp_path / "c.db", parser=parser, reader=READER)  # type: ignore[arg-type]
    report = corpus.ingest([str(PAGES / "seeds")])
    assert report.failed == 1 and "cannot parse" in report.failures[0].reason
    [failure] = corpus.failures()
    assert "No. 26044" in failure.raw_text and "ValueError" in failure.error
    corpus.close()


def test_memory_corpus(tmp_path: Path) -> None:
    corpus = cablegraph.corpus.open(":memory:", parser=PARSER, reader=READER)  # type: ignore[arg-type]
    corpus.ingest([str(PAGES / "seeds")])
    assert corpus.stats().sources == 5 and corpus.search("Риджуэй").total >= 1
    assert corpus.check() == []


KILL_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
import test_corpus, cablegraph.corpus
corpus = cablegraph.corpus.open({db!r}, parser=test_corpus.PARSER, reader=test_corpus.READER)
corpus.ingest([{pages!r}], on_page=lambda path, outcome: print(outcome, flush=True))
"""


def test_kill_9_during_ingest_then_resume(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    originals = [Path(p).read_text(encoding="utf-8") for p in page_files()]
    total = 1200
    for i in range(total):
        (pages / f"{i:05d}.txt").write_text(originals[i % len(originals)] + f"\n\nCopy {i}\n",
                                             encoding="utf-8")
    db = tmp_path / "c.db"
    script = KILL_SCRIPT.format(tests=str(Path(__file__).parent), db=str(db), pages=str(pages))
    env = {**os.environ, "CABLEGRAPH_INDEX_BATCH": "50"}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, env=env,
                            cwd=ROOT)
    assert proc.stdout is not None
    seen = 0
    deadline = time.monotonic() + 120
    while seen < 300 and time.monotonic() < deadline:
        if not proc.stdout.readline():
            break
        seen += 1
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 0 < seen < total, "the ingest must be killed mid-way"

    corpus = open_corpus(db)
    report = corpus.ingest([str(pages)])
    assert report.failed == 0
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == total
    assert conn.execute("SELECT count(DISTINCT sha256) FROM sources").fetchone()[0] == total
    orphans = conn.execute("SELECT count(*) FROM documents d WHERE NOT EXISTS"
                           " (SELECT 1 FROM sources s WHERE s.doc_id = d.id)").fetchone()[0]
    assert orphans == 0
    conn.close()
    assert corpus.check(full=True) == []  # SQLite integrity + every document indexed once
    corpus.close()


def test_stats_from_index_match_the_store(ingested: Corpus) -> None:
    fast, slow = ingested.stats(), ingested.store.stats()
    assert (fast.documents, fast.sources, fast.failures) == (
        slow.documents, slow.sources, slow.failures)
    for name in ("year", "type", "archive", "lang"):
        assert dict(fast.facets[name]) == dict(slow.facets[name]), name


def test_show_has_the_whole_record(ingested: Corpus) -> None:
    [hit] = ingested.search("No. 26044").hits
    doc = ingested.get(hit.id)
    assert doc is not None
    record = doc.to_json()
    for key in ("envelope", "messages", "texts", "sources", "choices", "provenance"):
        assert key in record
    json.dumps(record)
    assert all(block["text"] for block in doc.text_blocks())


def test_settings_are_declared_once_and_read_from_the_environment() -> None:
    from cablegraph import settings
    from cablegraph.errors import SettingsError

    assert settings.value("db", {}) == "cablegraph.db"
    assert settings.value("db", {"CABLEGRAPH_DB": "x.db"}) == "x.db"
    assert settings.int_value("search_limit", {"CABLEGRAPH_SEARCH_LIMIT": "5"}) == 5
    assert len({s.env for s in settings.SETTINGS}) == len(settings.SETTINGS)
    with pytest.raises(SettingsError, match="CABLEGRAPH_SEARCH_LIMIT"):
        settings.int_value("search_limit", {"CABLEGRAPH_SEARCH_LIMIT": "many"})
    with pytest.raises(SettingsError, match="valid: "):
        settings.value("nope")
