"""Rows made by the parsing processes (issue 19) store and index what the writer made
from the parsed pages before: the same documents, facets, sketches, index records and
search results, merges included."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

import cablegraph.corpus
from cablegraph.errors import CablegraphError
from cablegraph.ingest.pipeline import read_and_parse
from cablegraph.ingest.rows import PageRow, page_row
from cablegraph.resolve import Authority
from cablegraph.search.names import CachedAuthority

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ["Stalin", "Сталин", "Mao Zedong", '"Kim Il Sung"', "negotiat*", "armistice -Ridgway", "telegram"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The bundled Wilson pages and seeds, and a changed copy of one: another page of the
    same record, which is merged into the stored document."""
    folder = tmp_path_factory.mktemp("pages")
    shutil.copytree(ROOT / "examples" / "pages" / "wilson", folder / "wilson")
    shutil.copytree(ROOT / "examples" / "pages" / "seeds", folder / "seeds")
    first = folder / "seeds" / "001_b2b330674646bd47.txt"  # record 110374
    head, rest = first.read_text(encoding="utf-8").split("\n", 1)
    (folder / "zz_copy.txt").write_text(f"{head}\nA copy, saved later.\n{rest}", encoding="utf-8")
    return [str(folder / "wilson"), str(folder / "seeds"), str(folder / "zz_copy.txt")]


def test_rows_from_workers_are_the_rows_made_here(pages: list[str]) -> None:
    names = CachedAuthority(Authority.builtin())  # type: ignore[arg-type]
    here = [item if isinstance(item, CablegraphError) else page_row(*item, names)
            for item in read_and_parse(pages, ocr=False)]  # fmt: skip
    there = list(read_and_parse(pages, ocr=False, jobs=2, rows=True))
    assert len(there) == len(here) > 15
    assert all(isinstance(r, PageRow) and r.record is not None for r in there)
    assert there == here


def _ingest(db: Path, pages: list[str], *, rows: bool) -> dict[str, object]:
    with cablegraph.corpus.open(db) as corpus:
        report = corpus.ingest_pages(read_and_parse(pages, ocr=False, jobs=2 if rows else 1, rows=rows))
        assert report.failed == 0
        found = {q: [(h.id, round(h.score, 4)) for h in corpus.search(q, limit=50).hits] for q in QUERIES}
        totals = {q: corpus.search(q).total for q in QUERIES}
        outcomes = (report.added, report.merged, report.updated, report.unchanged)
    with sqlite3.connect(db) as conn:
        documents = conn.execute(
            "SELECT id, version, record_key, title, date_iso, data, facets, sketch FROM documents ORDER BY id"
        ).fetchall()
        sources = conn.execute("SELECT sha256, doc_id, doc_json FROM sources ORDER BY sha256").fetchall()
        bands = conn.execute("SELECT * FROM sketch_bands ORDER BY 1, 2").fetchall()
    return {"outcomes": outcomes, "found": found, "totals": totals, "documents": documents,
            "sources": sources, "bands": bands}  # fmt: skip


def test_a_corpus_ingested_from_rows_is_the_corpus_ingested_from_parsed_pages(
    pages: list[str], tmp_path: Path
) -> None:
    from_pairs = _ingest(tmp_path / "pairs.db", pages, rows=False)
    from_rows = _ingest(tmp_path / "rows.db", pages, rows=True)
    added, merged, updated, _ = from_rows["outcomes"]  # type: ignore[misc]
    assert added > 15 and merged + updated >= 1  # the changed copy went through the merge
    assert any(from_rows["found"].values()) and from_rows["bands"]  # type: ignore[attr-defined]
    for key in from_pairs:
        assert from_rows[key] == from_pairs[key], key
