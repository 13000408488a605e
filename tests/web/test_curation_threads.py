"""One SQLite ``Curation`` shared by the app's threads, while another connection writes."""

from __future__ import annotations

import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cablegraph.web.curation import Curation


def test_threads_read_and_edit_while_another_connection_writes(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    other = sqlite3.connect(db, isolation_level=None, timeout=10, check_same_thread=False)
    other.execute("PRAGMA journal_mode = WAL")
    other.execute("CREATE TABLE noise (x INTEGER)")
    curation = Curation(db)
    stop = threading.Event()

    def write_elsewhere() -> None:
        while not stop.is_set():
            other.execute("BEGIN IMMEDIATE")
            other.execute("INSERT INTO noise VALUES (1)")
            other.execute("COMMIT")
            time.sleep(0.001)  # a busy writer, not one that starves every other (SQLite is not fair)

    def curate(i: int) -> int:
        target = f"entity:person:p{i % 4}"
        for _ in range(4):
            seen = curation.read(target)
            try:
                curation.apply(target, "annotate", {"text": f"note {i}"}, who=f"c{i}", if_match=seen.version)
            except Exception as exc:  # a lost race on the same target is a conflict, nothing else
                assert type(exc).__name__ == "ConflictError", exc
        return curation.read(target).version

    writer = threading.Thread(target=write_elsewhere)
    writer.start()
    try:
        with ThreadPoolExecutor(8) as pool:
            versions = list(pool.map(curate, range(16)))
    finally:
        stop.set()
        writer.join()
    assert all(v >= 1 for v in versions)
    assert sum(len(curation.audit(f"entity:person:p{i}")) for i in range(4)) == sum(
        curation.read(f"entity:person:p{i}").version for i in range(4)
    )
    curation.close()
    other.close()
