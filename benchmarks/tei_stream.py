"""Streaming a FRUS TEI volume: documents/s and peak memory at growing file sizes.

    python benchmarks/tei_stream.py [--sizes 1.5 15] [--no-resolve]

Builds volumes of the given sizes (MB) by repeating the document divs of the bundled
1951 excerpt (each copy with a fresh xml:id), then streams each one in a fresh
subprocess and prints documents/s, the tracemalloc peak (Python objects) and the growth
of the peak resident set size (which also counts libxml2's C allocations, which
tracemalloc cannot see). Memory is bounded when both peaks stay flat as the size grows.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
EXCERPT = ROOT / "examples" / "tei" / "frus1951v07p2-excerpt.xml"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
PLACEHOLDER = "<!--CABLEGRAPH-DOCUMENTS-->"


def build_volume(target_bytes: int, excerpt: Path = EXCERPT) -> tuple[bytes, int]:
    """A volume of about ``target_bytes``: the excerpt's shell around repeated documents."""
    tree = etree.parse(str(excerpt))
    docs = tree.findall(f".//{TEI}div[@type='document']")
    parent = docs[0].getparent()
    index = parent.index(docs[0])
    for doc in docs:
        parent.remove(doc)
    parent.insert(index, etree.Comment("CABLEGRAPH-DOCUMENTS"))
    shell = etree.tostring(tree, encoding="unicode")
    before, after = shell.split(PLACEHOLDER)
    chunks: list[str] = []
    size = len(before.encode()) + len(after.encode())
    n = 0
    while size < target_bytes:
        for doc in docs:
            n += 1
            doc.set(XML_ID, f"d{n}")
            doc.set("n", str(n))
            chunk = etree.tostring(doc, encoding="unicode")
            chunks.append(chunk)
            size += len(chunk.encode())
    return (before + "".join(chunks) + after).encode("utf-8"), n


def measure(path: str, resolve: bool) -> dict[str, float]:
    """Stream the volume at ``path`` once; runs in its own process."""
    from cablegraph.parse.frus_tei import iter_tei_documents
    from cablegraph.resolve import Authority

    authority = Authority.builtin()
    if not resolve:
        authority = Authority([])
    list(iter_tei_documents(EXCERPT, authority=authority))  # warm up imports and caches
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    count = sum(1 for _ in iter_tei_documents(path, authority=authority))
    elapsed = time.perf_counter() - started
    tracemalloc.start()  # a second pass: tracing slows Python down, so it is not timed
    for _ in iter_tei_documents(path, authority=authority):
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "documents": count,
        "seconds": round(elapsed, 2),
        "documents_per_s": round(count / elapsed, 1),
        "tracemalloc_peak_mb": round(peak / 1e6, 2),
        "rss_growth_mb": round((rss - base_rss) / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=float, nargs="+", default=[1.5, 15.0], help="volume sizes in MB")
    parser.add_argument("--no-resolve", action="store_true", help="use an empty authority (parsing only)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, not args.no_resolve)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            data, n = build_volume(int(size * 1e6))
            path = Path(tmp) / f"volume-{size}MB.xml"
            path.write_bytes(data)
            command = [sys.executable, __file__, "--measure", str(path)]
            if args.no_resolve:
                command.append("--no-resolve")
            out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            result = json.loads(out)
            print(
                f"{len(data) / 1e6:6.1f} MB  {n:6d} docs  " + "  ".join(f"{k}={v}" for k, v in result.items())
            )


if __name__ == "__main__":
    main()
