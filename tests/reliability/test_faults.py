"""Faults (fast tier): kill -9 during ingest in a loop, a full disk, concurrent writers and
readers on SQLite, and a backup while writers run. The soak runs the same at length."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import httpx
import pytest

from cablegraph import corpus as corpus_api
from cablegraph.errors import CablegraphError
from tests.reliability import faults
from tests.reliability.kit import served

KILLS = 20


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("pages")
    return folder, faults.write_pages(folder, faults.pages_for_kills(KILLS))


@pytest.fixture(scope="module")
def reference(pages: tuple[Path, int], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same pages ingested once, without faults."""
    db = tmp_path_factory.mktemp("reference") / "ref.db"
    process = faults.cli_ingest(pages[0], db)
    _out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    return db


def test_kill_9_during_ingest_then_resume(pages: tuple[Path, int], reference: Path, tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    result = faults.kill_loop(pages[0], db, KILLS)
    assert result["kills"] == KILLS, result  # every kill landed in a real ingest, mid-way
    assert 0 < int(result["stored_before_final"]) < pages[1], result  # type: ignore[call-overload]
    assert "error" not in result["final"], result["final"]
    assert result["problems"] == []  # database integrity and the search index
    ledger: dict[str, int] = result["ledger"]  # type: ignore[assignment]
    assert set(ledger.values()) == {1}  # every page exactly once
    assert ledger == faults.page_ledger(reference)
    assert result["ids"] == faults.doc_ids(reference)
    assert result["indexed"] == len(faults.doc_ids(reference))


def test_full_database_file_gives_a_clear_error_and_keeps_earlier_data(
    pages: tuple[Path, int], tmp_path: Path
) -> None:
    db = tmp_path / "full.db"
    files = sorted(pages[0].iterdir())
    with corpus_api.open(db) as corpus:
        first = corpus.ingest([str(p) for p in files[:20]])
        before = faults.doc_ids(db)
        pages_now = corpus.store.conn.execute("PRAGMA page_count").fetchone()[0]  # type: ignore[attr-defined]
        corpus.store.conn.execute(f"PRAGMA max_page_count = {pages_now + 3}")  # type: ignore[attr-defined]
        with pytest.raises(CablegraphError, match="full") as info:
            corpus.ingest([str(p) for p in files[20:]])
        assert "write failed" in str(info.value)
        stored_after_error = faults.doc_ids(db)
    assert first.added == 20
    assert set(before) <= set(stored_after_error)
    assert len(stored_after_error) < len(files)  # it stopped: no silent retry, no skipping on
    with corpus_api.open(db) as corpus:
        corpus.sync()
        assert corpus.check() == []
        assert corpus.search("telegram", limit=1).total > 0


def test_disk_full_in_the_cli_fails_loudly_and_reads_go_on(pages: tuple[Path, int], tmp_path: Path) -> None:
    db = tmp_path / "fsize.db"
    files = sorted(pages[0].iterdir())
    half = tmp_path / "half"
    half.mkdir()
    for p in files[:15]:
        (half / p.name).write_bytes(p.read_bytes())
    with corpus_api.open(db) as corpus:
        corpus.ingest([str(half)])
    before = faults.doc_ids(db)
    child = faults.disk_full_cli(pages[0], db, headroom=64 * 1024)
    assert child.returncode != 0, child.stdout[-500:]
    assert "Traceback" not in child.stderr, child.stderr[-3000:]
    assert "error" in child.stderr.lower()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert set(before) <= set(faults.doc_ids(db))
    with served(str(db), token=None) as url:
        response = httpx.get(url + "/api/search", params={"q": "telegram"}, timeout=30)
        assert response.status_code == 200
        assert response.json()["total"] >= 1


def test_concurrent_writers_and_readers(tmp_path: Path) -> None:
    db = tmp_path / "busy.db"
    result = faults.concurrent(db, writers=2, per_writer=60, readers=2, seconds=12)
    assert result["errors"] == [], result["errors"][:5]
    assert not any("locked" in str(e) for e in result["errors"])  # type: ignore[attr-defined]
    assert result["count"] == 120
    assert result["indexed"] == 120
    assert result["problems"] == []
    assert int(result["reads"]) > 10  # type: ignore[call-overload]


def test_backup_while_writing_and_restore(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    result = faults.backup_under_writes(db, tmp_path, rounds=3, per_round=25)
    for copy in result["copies"]:  # type: ignore[attr-defined]
        assert copy["integrity"] == "ok", copy
        assert copy["matches"], copy
    restored = faults.restore(Path(result["copies"][-1]["path"]), tmp_path / "restored.db")  # type: ignore[index]
    assert restored["problems"] == []
    assert restored["count"] == restored["indexed"] == result["copies"][-1]["documents"]  # type: ignore[index]
    assert json.dumps(result["writer"]).count("locked") == 0


def test_an_ingest_killed_with_minus_9_leaves_no_parser_behind(tmp_path: Path) -> None:
    """Parsing runs in worker processes for a big batch; SIGKILL on the ingest (which it
    cannot catch to stop them) must not leave them waiting forever."""
    import signal
    import subprocess
    import sys
    import time

    pages = tmp_path / "pages"
    pages.mkdir()
    seed = (Path(__file__).resolve().parents[2] / "examples" / "pages" / "seeds" / "001_b2b330674646bd47.txt")
    for n in range(400):
        (pages / f"{n}.txt").write_text(seed.read_text(encoding="utf-8") + f"\npage {n}\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "cablegraph.cli", "ingest", str(pages), "--db", str(tmp_path / "c.db"),
         "--jobs", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def children() -> list[int]:
        found = subprocess.run(["ps", "--ppid", str(process.pid), "-o", "pid="],
                               capture_output=True, text=True, check=False)
        return [int(p) for p in found.stdout.split()]

    deadline = time.monotonic() + 60
    workers: list[int] = []
    while not workers and time.monotonic() < deadline and process.poll() is None:
        workers = children()
        time.sleep(0.05)
    assert workers, "the ingest never started its parsing workers"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [p for p in workers if Path(f"/proc/{p}").exists() and "Z" not in _state(p)]
    assert alive == [], f"workers still running after their ingest was killed: {alive}"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].split()[0]
    except (OSError, IndexError):
        return "Z"
