"""The biggest pages Cablegraph accepts, and the time and memory one takes to ingest
(read, parse, store, index) in a fresh process.

    python -m tests.reliability.budget FOLDER     # writes the pages, prints one JSON report
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from cablegraph.ingest import MAX_PAGE_BYTES
from tests.reliability.hostile import _peak_rss
from tests.reliability.kit import PYTHON, ROOT

WORDS = [
    "Stalin",
    "Mao",
    "telegram",
    "ceasefire",
    "Korea",
    "armistice",
    "Beijing",
    "Moscow",
    "the",
    "of",
    "and",
    "to",
    "in",
]


def _words(size: int) -> str:
    """``size`` bytes of words on one line (no newline at all)."""
    out, total, i = [], 0, 0
    while total < size - 16:
        word = WORDS[(i * 7 + i // 13) % len(WORDS)]
        out.append(word)
        total += len(word) + 1
        i += 1
    return " ".join(out)


def biggest_pages(folder: Path, size: int = MAX_PAGE_BYTES) -> dict[str, Path]:
    """The worst shapes of page at ``size`` bytes: one line of text, one HTML paragraph,
    and ``size / 2`` one-character lines."""
    folder.mkdir(parents=True, exist_ok=True)
    line = _words(size)
    pages = {
        "one-line.txt": line.encode(),
        "one-paragraph.html": b"<html><body><p>" + line[: size - 64].encode() + b"</p></body></html>",
        "short-lines.txt": b"a\n" * (size // 2),
    }
    for name, data in pages.items():
        assert len(data) <= size, (name, len(data))
        (folder / name).write_bytes(data)
    return {name: folder / name for name in pages}


def ingest_one(path: Path, db: Path) -> dict[str, object]:
    """Ingest ``path`` into a new corpus at ``db`` in a fresh process: outcome, seconds, peak bytes."""
    child = subprocess.run(
        [PYTHON, "-m", "tests.reliability.budget", "--one", str(path), str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    return dict(json.loads(child.stdout))


def _one(path: Path, db: Path) -> dict[str, object]:
    from cablegraph import corpus as corpus_api

    with corpus_api.open(db) as corpus:
        corpus.sync()  # the empty index exists: what is measured is the page
        started = time.perf_counter()
        report = corpus.ingest([str(path)])
        seconds = time.perf_counter() - started
    return {
        "path": str(path),
        "bytes": path.stat().st_size,
        "added": report.added,
        "failed": report.failed,
        "failures": [f.reason for f in report.failures],
        "seconds": round(seconds, 2),
        "peak_bytes": _peak_rss(),
    }


if __name__ == "__main__":
    if sys.argv[1] == "--one":
        print(json.dumps(_one(Path(sys.argv[2]), Path(sys.argv[3]))))
    else:
        out = Path(sys.argv[1])
        rows = [ingest_one(p, out / f"{name}.db") for name, p in biggest_pages(out / "pages").items()]
        print(json.dumps(rows, indent=1))
