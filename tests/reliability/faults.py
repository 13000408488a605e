"""Fault injection shared by the fast tier (``test_faults.py``) and the soak: kill -9 during
``cablegraph ingest``, a full disk, concurrent writers and readers, backup under writes.

``python -m tests.reliability.faults write DB FIRST COUNT`` and ``... read DB SECONDS`` are the
child processes of the concurrency test; each prints one JSON line of counts and errors.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from cablegraph import corpus as corpus_api
from cablegraph.model import Document, SourcePage
from tests.reliability.kit import PAGES, PYTHON, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import Generator


def synthetic(first: int, count: int, seed: int = 1951) -> Iterator[tuple[SourcePage, Document]]:
    generator = Generator(seed)
    for i in range(first, first + count):
        yield generator.telegram(i)


def write_pages(folder: Path, synthetic_count: int) -> int:
    """The example pages and ``synthetic_count`` synthetic telegrams as text files."""
    folder.mkdir(parents=True, exist_ok=True)
    for page in sorted(PAGES.rglob("*.txt")):
        (folder / f"{page.parent.name}-{page.name}").write_bytes(page.read_bytes())
    for page, _doc in synthetic(0, synthetic_count):
        (folder / Path(page.path).name).write_text(page.text, encoding="utf-8")
    return len(list(folder.iterdir()))


def cli_ingest(folder: Path, db: Path, **kwargs: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [PYTHON, "-m", "cablegraph.cli", "ingest", str(folder), "--db", str(db), "--format", "json"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )  # type: ignore[call-overload]


def page_ledger(db: Path) -> dict[str, int]:
    """sha256 of each stored page -> how many times it is stored."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT sha256, COUNT(*) FROM sources GROUP BY sha256").fetchall()
    return {sha: n for sha, n in rows}


def doc_ids(db: Path) -> list[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")]


def pages_for_kills(kills: int) -> int:
    """Synthetic pages enough that each of ``kills`` ingests still has pages left to store
    when it is killed (a kill costs at most two write batches of at most 5 pages)."""
    return max(80, 12 * kills)


def stored_pages(db: Path) -> int:
    """How many pages (sources) are committed in ``db`` now; 0 before the schema exists."""
    if not db.exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0])
    except sqlite3.Error:
        return 0  # the first ingest is still creating the schema


def kill_mid_ingest(folder: Path, db: Path, rng: random.Random, *, timeout: float = 600) -> bool:
    """Start ``cablegraph ingest`` and SIGKILL it once it has committed at least one page
    of its own, so the kill lands mid-way through a real ingest (while it parses, writes
    a batch or commits the search index), whatever the speed of the machine. Write and
    index batches are drawn per run, so kills land inside multi-page transactions too.
    True if it was killed; False if it finished first (nothing was left to store)."""
    env = dict(os.environ)
    env["CABLEGRAPH_WRITE_BATCH"] = str(rng.choice((1, 2, 5)))
    env["CABLEGRAPH_INDEX_BATCH"] = str(rng.choice((1, 3, 10)))
    target = stored_pages(db) + 1
    process = subprocess.Popen(
        [PYTHON, "-m", "cablegraph.cli", "ingest", str(folder), "--db", str(db), "--format", "json"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + timeout
    try:
        while process.poll() is None:
            if stored_pages(db) >= target:
                process.send_signal(signal.SIGKILL)
                process.wait()
                return True
            if time.monotonic() > deadline:
                raise RuntimeError(f"ingest of {folder} made no progress in {timeout:.0f} s")
            time.sleep(0.002)  # a polling step, not a guess of how long an ingest takes
        return False
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def kill_loop(folder: Path, db: Path, kills: int, *, seed: int = 9) -> dict[str, object]:
    """``kills`` times: start ``cablegraph ingest`` and SIGKILL it mid-way (see
    kill_mid_ingest). Then one ingest to the end. Returns what was done and what the
    checks found."""
    rng = random.Random(seed)
    killed = finished = 0
    for _ in range(kills):
        if kill_mid_ingest(folder, db, rng):
            killed += 1
        else:
            finished += 1
    before_final = stored_pages(db)
    final = cli_ingest(folder, db)
    out, err = final.communicate(timeout=600)
    report = json.loads(out) if final.returncode == 0 else {"error": err.decode()[-2000:]}
    with corpus_api.open(db) as corpus:
        corpus.sync()
        problems = corpus.check()
        hits = corpus.search("", limit=1).total
    return {
        "kills": killed,
        "finished_before_kill": finished,
        "stored_before_final": before_final,
        "final": report,
        "problems": problems,
        "ledger": page_ledger(db),
        "ids": doc_ids(db),
        "indexed": hits,
    }


# ------------------------------------------------------------- concurrency workers


def _writer(db: str, first: int, count: int) -> dict[str, object]:
    pairs = list(synthetic(first, count))
    docs = {page.sha256: doc for page, doc in pairs}
    errors: list[str] = []
    added = deferred = 0
    with corpus_api.open(db, parser=lambda page: docs[page.sha256], authority=None) as corpus:
        for page, _doc in pairs:
            try:
                report = corpus.ingest_pages([page])
                added += report.added
                deferred += bool(report.warnings)  # the index is busy: left pending, by design
            except Exception as exc:  # counted and reported: the test fails on any
                errors.append(f"{type(exc).__name__}: {exc}")
    return {"added": added, "errors": errors, "index_deferred": deferred}


def _reader(db: str, seconds: float) -> dict[str, object]:
    errors: list[str] = []
    reads = 0
    deadline = time.monotonic() + seconds
    words = ["Stalin", "Kaesong", "перемир*", '"Kim Il Sung"', "Filippov", "telegram"]
    with corpus_api.open(db, authority=None) as corpus:
        while time.monotonic() < deadline:
            try:
                result = corpus.search(words[reads % len(words)], limit=5)
                for hit in result.hits[:2]:
                    corpus.get(hit.id)
                corpus.stats(top=3)
                reads += 1
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
    return {"reads": reads, "errors": errors}


def concurrent(db: Path, writers: int, per_writer: int, readers: int, seconds: float) -> dict[str, object]:
    """Writers and readers in separate processes on one SQLite corpus."""
    corpus_api.open(db, authority=None).close()
    children = [
        subprocess.Popen(
            [
                PYTHON,
                "-m",
                "tests.reliability.faults",
                "write",
                str(db),
                str(w * per_writer),
                str(per_writer),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for w in range(writers)
    ]
    children += [
        subprocess.Popen(
            [PYTHON, "-m", "tests.reliability.faults", "read", str(db), str(seconds)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(readers)
    ]
    results = []
    for child in children:
        out, err = child.communicate(timeout=seconds + 600)
        results.append(
            json.loads(out)
            if child.returncode == 0
            else {"errors": [f"exit {child.returncode}: {err.decode()[-1500:]}"]}
        )
    with corpus_api.open(db, authority=None) as corpus:
        corpus.sync()
        problems = corpus.check()
        count = corpus.store.count()
        indexed = corpus.search("", limit=1).total
    return {
        "results": results,
        "problems": problems,
        "count": count,
        "indexed": indexed,
        "reads": sum(int(r.get("reads", 0)) for r in results),  # type: ignore[call-overload]
        "errors": [e for r in results for e in r["errors"]],
    }  # type: ignore[attr-defined]


if __name__ == "__main__":
    mode, db = sys.argv[1], sys.argv[2]
    if mode == "write":
        result = _writer(db, int(sys.argv[3]), int(sys.argv[4]))
    else:
        result = _reader(db, float(sys.argv[3]))
    print(json.dumps(result))
    os._exit(0)


# ------------------------------------------------------------------ disk full, backup

DISK_FULL_CHILD = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # a write past the limit fails with EFBIG
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.argv = ["cablegraph", "ingest", sys.argv[2], "--db", sys.argv[3], "--format", "json"]
from cablegraph.cli import main
main()
"""


def disk_full_cli(folder: Path, db: Path, headroom: int) -> subprocess.CompletedProcess[str]:
    """``cablegraph ingest`` with files limited to their size now plus ``headroom`` bytes."""
    limit = (
        max([db.stat().st_size] + [p.stat().st_size for p in db.parent.rglob("*") if p.is_file()]) + headroom
    )
    return subprocess.run(
        [PYTHON, "-c", DISK_FULL_CHILD, str(limit), str(folder), str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def backup_under_writes(db: Path, out: Path, rounds: int, per_round: int) -> dict[str, object]:
    """While a writer adds documents, take ``rounds`` snapshots with the backup API (inside
    a read transaction, compared with what that transaction sees) and one VACUUM INTO."""
    corpus_api.open(db, authority=None).close()
    writer = subprocess.Popen(
        [PYTHON, "-m", "tests.reliability.faults", "write", str(db), "100000", str(rounds * per_round)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    copies: list[dict[str, object]] = []
    source = sqlite3.connect(db, timeout=30, isolation_level=None)
    for i in range(rounds):
        time.sleep(0.3)
        target = out / f"backup-{i}.db"
        source.execute("BEGIN")
        snapshot = [r[0] for r in source.execute("SELECT id FROM documents ORDER BY id")]
        with sqlite3.connect(target) as copy:
            source.backup(copy)
        source.execute("COMMIT")
        with sqlite3.connect(target) as copy:
            ok = copy.execute("PRAGMA integrity_check").fetchone()[0]
            ids = [r[0] for r in copy.execute("SELECT id FROM documents ORDER BY id")]
        copies.append(
            {"path": str(target), "integrity": ok, "matches": ids == snapshot, "documents": len(ids)}
        )
    vacuumed = out / "vacuum-into.db"
    source.execute("VACUUM INTO ?", (str(vacuumed),))
    source.close()
    with sqlite3.connect(vacuumed) as copy:
        copies.append(
            {
                "path": str(vacuumed),
                "matches": True,
                "documents": copy.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
                "integrity": copy.execute("PRAGMA integrity_check").fetchone()[0],
            }
        )
    out_, err = writer.communicate(timeout=600)
    return {"copies": copies, "writer": json.loads(out_) if writer.returncode == 0 else err.decode()}


def restore(copy: Path, into: Path) -> dict[str, object]:
    """Put a backup in place as a new corpus (the search index is rebuilt from it)."""
    into.write_bytes(copy.read_bytes())
    with corpus_api.open(into, authority=None) as corpus:
        corpus.sync()
        return {
            "problems": corpus.check(),
            "count": corpus.store.count(),
            "indexed": corpus.search("", limit=1).total,
            "found": corpus.search("telegram", limit=1).total,
        }
