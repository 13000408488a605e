"""Relinking only what an ingest changed gives the links a full relink gives.

Real corpora in real SQLite files: the bundled pages ingested in slices, in orders where
an old document gains a link to a new one (seed 001 answers 002, ingested after it), must
end with the same links table as one ingest of everything.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from cablegraph import corpus as corpus_api
from cablegraph.cli import main
from cablegraph.cli_common import CorpusRecords
from cablegraph.link.table import LinkTable, relink_changed

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "examples" / "pages").rglob("*.txt"))


def _links(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute("SELECT source, target, kind, rule, confidence, evidence FROM links"))


def _ingest(db: Path, paths: list[Path]) -> None:
    result = CliRunner().invoke(main, ["ingest", *map(str, paths), "--db", str(db)])
    assert result.exit_code == 0, result.output


def _copy(pages: list[Path], into: Path) -> list[Path]:
    """Pages under distinct names in one folder (the ledger keys on bytes, not names)."""
    into.mkdir(exist_ok=True)
    copies = []
    for page in pages:
        target = into / f"{page.parent.name}-{page.name}"
        shutil.copyfile(page, target)
        copies.append(target)
    return copies


def test_old_document_gains_its_reply_link_when_the_answered_one_arrives(tmp_path: Path) -> None:
    seeds = [p for p in PAGES if p.parent.name == "seeds"]
    answered = next(p for p in seeds if p.name.startswith("002"))
    first = tmp_path / "steps.db"
    _ingest(first, [p for p in seeds if p != answered])
    assert not [row for row in _links(first) if row[2] == "reply_to"]
    _ingest(first, [answered])
    whole = tmp_path / "whole.db"
    _ingest(whole, seeds)
    assert [row for row in _links(first) if row[2] == "reply_to"]  # 001 → 002, from the old 001
    assert _links(first) == _links(whole)


def test_random_slices_end_with_the_links_of_one_ingest(tmp_path: Path) -> None:
    pages = _copy(PAGES, tmp_path / "pages")
    whole = tmp_path / "whole.db"
    _ingest(whole, pages)
    expected = _links(whole)
    assert expected
    for seed in range(3):
        order = pages[:]
        random.Random(seed).shuffle(order)
        db = tmp_path / f"slices-{seed}.db"
        for start in range(0, len(order), 7):
            _ingest(db, order[start : start + 7])
        assert _links(db) == expected, f"slices of seed {seed}"


def test_only_the_change_and_its_candidates_are_rerun(tmp_path: Path) -> None:
    pages = _copy(PAGES, tmp_path / "pages")
    db = tmp_path / "corpus.db"
    _ingest(db, pages)
    with corpus_api.open(db) as corpus:
        one = next(doc.id for doc in corpus.documents() if "26044" in (doc.texts[0] if doc.texts else ""))
        done = relink_changed(corpus.store, CorpusRecords(corpus), [one])
        assert not done.full
        assert 1 <= done.sources < corpus.store.count()
        table = LinkTable.for_store(corpus.store)
        assert sorted(table.keys()) == sorted(doc.id for doc in corpus.documents())
        table.close()


def test_a_database_without_keys_is_relinked_in_full(tmp_path: Path) -> None:
    pages = _copy(PAGES, tmp_path / "pages")
    db = tmp_path / "corpus.db"
    _ingest(db, pages)
    expected = _links(db)
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM link_keys")
        conn.execute("DELETE FROM links")
    with corpus_api.open(db) as corpus:
        done = relink_changed(corpus.store, CorpusRecords(corpus), [])
        assert done.full
    assert _links(db) == expected
