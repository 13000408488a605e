"""The tantivy index's files under other processes: what a reader retries, and the schema
mark that must never be seen half-written. (Not search behaviour: the PostgreSQL suites do
not rerun these.)"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest


def test_a_read_is_tried_again_only_when_another_writer_removed_a_file_under_it() -> None:
    """Segments merged away and the meta lock file deleted by another process's writer
    are transient; every other failure is raised at once."""
    from cablegraph.search.index import _despite_merges

    transient = [
        'Failed to acquire Lockfile: IoError(Os { code: 2, kind: NotFound, message: "No such file" })',
        "FileDoesNotExist(\"0123.idx\")",
    ]
    for message in transient:
        calls: list[int] = []

        def flaky(message: str = message, calls: list[int] = calls) -> str:
            calls.append(1)
            if len(calls) < 3:
                raise ValueError(message)
            return "read"

        assert _despite_merges(flaky) == "read"
        assert len(calls) == 3

    def broken() -> str:
        calls.append(1)
        raise ValueError("Schema error: field 'x' does not exist")

    calls = []
    with pytest.raises(ValueError, match="Schema error"):
        _despite_merges(broken)
    assert len(calls) == 1


def test_reopening_an_index_never_shows_a_half_written_schema_mark(tmp_path: Path) -> None:
    """Another process that read the mark while an opener rewrote it took the index for an
    old one and deleted it under its writers (the concurrency test's failures in CI)."""
    import threading

    from cablegraph.search.index import SCHEMA_VERSION, SearchIndex, _schema_version

    path, mark = tmp_path / "c.db.index", "cablegraph-index.json"
    SearchIndex(path)
    before = (path / mark).stat()
    seen: list[int | None] = []
    stop = threading.Event()

    def read_marks() -> None:
        while not stop.is_set():
            seen.append(_schema_version(path))

    reader = threading.Thread(target=read_marks)
    reader.start()
    try:
        for _ in range(30):
            SearchIndex(path)
    finally:
        stop.set()
        reader.join()
    after = (path / mark).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # not rewritten
    assert seen and set(seen) == {SCHEMA_VERSION}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim is Linux's")
def test_the_writer_gives_freed_memory_back_through_the_c_library() -> None:
    from cablegraph.search import index

    trim = index._malloc_trim()
    assert trim is not None, "malloc_trim not found in the C library: a writer would keep its merges' peak"
    before = _anonymous_kb()
    junk = [bytearray(64 * 1024) for _ in range(2_000)]  # ~128 MB in many small blocks...
    del junk[::2]  # ...half freed in holes glibc keeps for reuse
    holding = _anonymous_kb()
    index.release_freed_memory()
    assert _anonymous_kb() < holding - 16 * 1024 or holding - before < 32 * 1024


def _anonymous_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1])
    raise AssertionError("no RssAnon in /proc/self/status")
