"""Hostile files (XML attacks, deep nesting, huge and binary files, zip bombs) and a batch
runner that reads them in a child process under a memory limit.

    python -m tests.reliability.hostile FOLDER     # prints one JSON report
"""

from __future__ import annotations

import io
import json
import resource
import shutil
import struct
import sys
import time
import zipfile
from pathlib import Path

from tests.reliability.kit import PAGES, ROOT

INVALID_XML = ROOT / "tests" / "fixtures" / "invalid_xml"
MEMORY_LIMIT = 1536 * 1024 * 1024  # address space of the child: a blow-up fails, not swaps
GOOD = ["good-1.txt", "good-2.txt", "good.zip!/a.txt", "good.zip!/b.txt"]


def _zip(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _forged(declared: int, actual: bytes) -> bytes:
    """A zip whose headers declare ``declared`` bytes for a member that inflates to more."""
    data = bytearray(_zip({"forged.txt": actual}))
    real = struct.pack("<I", len(actual))
    fake = struct.pack("<I", declared)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        data[at + offset : at + offset + 4] = fake
        assert real  # the real size is only in the headers we overwrite
    return bytes(data)


def build(folder: Path, deep: int = 3000) -> list[str]:
    """Write the hostile batch into ``folder``; returns the names of the hostile files."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = sorted((PAGES / "seeds").glob("*.txt"))
    shutil.copy(seeds[0], folder / "good-1.txt")
    shutil.copy(seeds[1], folder / "good-2.txt")
    (folder / "good.zip").write_bytes(_zip({"a.txt": seeds[2].read_bytes(), "b.txt": seeds[3].read_bytes()}))
    for attack in sorted(INVALID_XML.glob("*.xml")):
        shutil.copy(attack, folder / f"xml-{attack.name}")
    (folder / "deep.html").write_text(
        "<html><body>" + "<div>" * deep + "Stalin" + "</div>" * deep + "</body></html>"
    )
    (folder / "deep-unclosed.html").write_text("<table><tr><td>" * (deep // 3) + "x")
    (folder / "deep.xml").write_bytes(
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
        + b'<div type="document" xml:id="d1">'
        + b"<p>" * deep
        + b"x"
        + b"</p>" * deep
        + b"</div></body></text></TEI>"
    )
    with (folder / "huge.txt").open("wb") as handle:  # sparse: 80 MB on paper, refused by stat
        handle.truncate(80 * 1024 * 1024)
    (folder / "one-long-line.txt").write_bytes(b"Stalin " * 400_000)  # 2.8 MB, one line
    (folder / "random.txt").write_bytes(bytes((i * 7919 + 13) % 256 for i in range(1 << 20)))
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 4096)
    (folder / "bomb-ratio.zip").write_bytes(_zip({"zeros.txt": b"\x00" * (200 * 1024 * 1024)}))
    (folder / "bomb-forged.zip").write_bytes(_forged(1000, b"a" * (8 * 1024 * 1024)))
    (folder / "bomb-nested.zip").write_bytes(_zip({"inner.zip": _zip({"x.txt": b"x" * 1000})}))
    (folder / "bomb-many.zip").write_bytes(
        _zip({f"{i}.txt": b"x" for i in range(20_001)}, zipfile.ZIP_STORED)
    )
    (folder / "bomb-total.zip").write_bytes(
        _zip({f"{i}.txt": b"\x20" * (60 * 1024 * 1024) for i in range(10)})
    )
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("good"))


def inputs(folder: Path) -> list[str]:
    """The folder (its pages) and each zip named on its own (a folder walk skips zips)."""
    return [str(folder), *sorted(str(p) for p in folder.glob("*.zip"))]


def run(folder: Path) -> dict[str, object]:
    """Read and parse the whole folder; per input: outcome, seconds; and the peak memory."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    from cablegraph.errors import CablegraphError
    from cablegraph.ingest.pipeline import read_and_parse
    from cablegraph.resolve import Authority

    authority = Authority.builtin()
    results = []
    started = time.perf_counter()
    for item in read_and_parse(inputs(folder), authority, ocr=False):
        now = time.perf_counter()
        if isinstance(item, CablegraphError):
            entry = {"path": item.path or "?", "error": type(item).__name__, "message": str(item)}
        else:
            entry = {"path": item[0].path, "id": item[1].id}
        entry["seconds"] = round(now - started, 3)
        results.append(entry)
        started = now
    return {"results": results, "peak_bytes": _peak_rss()}


def _peak_rss() -> int:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited across
    fork and exec from a large parent such as pytest)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1]))))
