"""Enrichment rate: characters per second of NER + authority filtering, one core and two.

    python benchmarks/enrich_rate.py [--ner auto] [--repeat 2]

Reads the bundled pages (examples/pages) `--repeat` times with `names_in` (the work of one
`cablegraph enrich` document), once in this process and once over a pool of two workers;
models are loaded (and warmed) before the clock starts.
"""

from __future__ import annotations

import argparse
import json
import time
from multiprocessing import get_context
from pathlib import Path

from cablegraph.resolve import Authority
from cablegraph.resolve.enrich import Recognizer, names_in, recognizer

ROOT = Path(__file__).resolve().parents[1]
_state: tuple[Recognizer, Authority] | None = None


def _init(ner: str) -> None:
    global _state
    _state = (recognizer(ner), Authority.builtin())
    _state[0].find("Warm up Ambassador Chai Junwu.", "en")
    _state[0].find("Посол Чай Цзюньу.", "ru")
    _state[1].lookup("Chai Junwu", year=1951)  # a name the archive layer is read for


def _one(item: tuple[str, str]) -> int:
    assert _state is not None
    doc_id, text = item
    names_in(doc_id, [(None, text)], _state[1], _state[0], year=1951)
    return len(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ner", default="auto")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    files = sorted((ROOT / "examples" / "pages").rglob("*.txt"))
    pages = [(p.name, p.read_text(encoding="utf-8")) for p in files]
    work = pages * args.repeat
    # the pool forks before this process has read anything: no answers are shared
    with get_context("fork").Pool(2, initializer=_init, initargs=(args.ner,)) as pool:
        pool.map(_one, [("warm", "Ambassador Chai Junwu.")] * 2)  # both workers loaded
        start = time.perf_counter()
        two_chars = sum(pool.imap_unordered(_one, work, chunksize=2))
        two = time.perf_counter() - start
    _init(args.ner)
    assert _state is not None
    start = time.perf_counter()
    chars = sum(map(_one, work))
    one = time.perf_counter() - start
    print(json.dumps({
        "recognizer": _state[0].name,
        "chars": chars,
        "chars_per_s_one_core": round(chars / one),
        "chars_per_s_two_cores": round(two_chars / two),
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
