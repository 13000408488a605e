"""The authority at archive scale: import time, size on disk, memory, resolution cost per page.

    python benchmarks/authority_scale.py [--people PATH --pocom PATH] [--rounds 3] [--pages 100]

With --people/--pocom (the Office of the Historian datasets, folder or .tar.gz), times the
two importers into a temporary file. Then: the size of the shipped derived file, the time and
memory (tracemalloc peak, resident set growth) to read the archive layer, and the cost per page
of `find_mentions` and of `parse_page` on the bundled pages (examples/pages), with the
hand-made authority alone and with the archive layer behind it. Rounds alternate; the fastest
counts.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from cablegraph.ingest import read_page
from cablegraph.model import SourcePage
from cablegraph.parse import parse_page
from cablegraph.resolve import Authority, hs_import
from cablegraph.resolve.archive import ArchiveLayer

ROOT = Path(__file__).resolve().parents[1]


def _imports(people: Path, pocom: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "archive.json.gz"
        start = time.perf_counter()
        hs_import.write_derived(out, hs_import.import_people(people), hs_import.PEOPLE_SOURCE)
        middle = time.perf_counter()
        hs_import.write_derived(out, hs_import.import_pocom(pocom), hs_import.POCOM_SOURCE)
        end = time.perf_counter()
    return {"import_people_s": round(middle - start, 2), "import_pocom_s": round(end - middle, 2)}


def _rss_mb() -> float:
    """Resident memory now (Linux /proc), in MB."""
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 1e6


def _load() -> dict[str, float]:
    """Read the archive layer twice: timed with RSS, then under tracemalloc (slower, exact)."""
    core = Authority.builtin().entities()
    rss = _rss_mb()
    start = time.perf_counter()
    auth = Authority(core, archive=ArchiveLayer.builtin())
    assert auth.archive is not None
    persons = len(auth.archive)
    seconds = time.perf_counter() - start
    grown = _rss_mb() - rss
    tracemalloc.start()
    again = ArchiveLayer.builtin()
    len(again)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "archive_persons": persons,
        "load_s": round(seconds, 2),
        "rss_growth_mb": round(grown, 1),
        "loaded_traced_mb": round(current / 1e6, 1),
        "load_traced_peak_mb": round(peak / 1e6, 1),
    }


def _pages() -> list[SourcePage]:
    return [read_page(path) for path in sorted((ROOT / "examples" / "pages").rglob("*.txt"))]


def _timed(pages: list[SourcePage], count: int, step: object) -> float:
    start = time.perf_counter()
    for number in range(count):
        step(pages[number % len(pages)])  # type: ignore[operator]
    return time.perf_counter() - start


def _per_page(rounds: int, count: int) -> dict[str, float]:
    pages = _pages()
    core = Authority(Authority.builtin().entities())
    full = Authority(Authority.builtin().entities(), archive=ArchiveLayer.builtin())
    configs = {"core": core, "archive": full}
    best: dict[str, float] = {}
    for auth in configs.values():  # warm-up: index, memo, the archive file read
        _timed(pages, len(pages), lambda p, a=auth: parse_page(p, a))
    for _ in range(rounds):
        for name, auth in configs.items():
            # a fresh memo each round: `lookup` keeps answers, and pages repeat
            auth._memo.clear()
            mentions = _timed(pages, count, lambda p, a=auth: a.find_mentions(p.text, year=1951))
            parsed = _timed(pages, count, lambda p, a=auth: parse_page(p, a))
            for measure, seconds in (("find_mentions", mentions), ("parse_page", parsed)):
                label = f"{measure}_ms_{name}"
                best[label] = min(best.get(label, 1e9), 1000 * seconds / count)
    out = {k: round(v, 3) for k, v in best.items()}
    out["distinct_pages"] = len(pages)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=Path)
    parser.add_argument("--pocom", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args()
    result: dict[str, object] = {}
    if args.people and args.pocom:
        result.update(_imports(args.people, args.pocom))
    result["derived_file_mb"] = round(ArchiveLayer.builtin_path().stat().st_size / 1e6, 2)
    result.update(_load())
    result.update(_per_page(args.rounds, args.pages))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
