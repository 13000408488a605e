"""Relinking after a small ingest: the whole corpus (before) against only the change (now).

    python benchmarks/relink.py [--docs 100000] [--new 10] [--check]

Builds N + NEW synthetic telegrams (benchmarks/synthetic.py: correspondents who answer each
other, cited numbers, nested messages), links the first N into a links table in a real
SQLite file (the full relink every ingest used to run), then adds the NEW documents and
relinks only what they change (``relink_changed``). The documents are served from memory
in both cases (the corpus read is not timed; a full relink also reads all N documents from
the store, which this leaves out in its favour). ``--check`` relinks all N + NEW in full in
a second file and compares the two links tables.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import Generator

from cablegraph.link import Record
from cablegraph.link.table import relink, relink_changed
from cablegraph.model.jsonable import document_json


class Records:
    def __init__(self, records: list[Record]) -> None:
        self.by_id = {r.id: r for r in records}

    def count(self) -> int:
        return len(self.by_id)

    def records(self, ids: Sequence[str] | None = None) -> Iterable[Record]:
        return self.by_id.values() if ids is None else (self.by_id[i] for i in ids if i in self.by_id)


def links(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute("SELECT source, target, kind, rule, confidence FROM links"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1951)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    recs = [Record.of(document_json(doc, page), page.text)
            for page, doc in Generator(args.seed).corpus(args.docs + args.new)]
    old, new = recs[: args.docs], recs[args.docs :]
    print(f"generated {len(recs):,} records in {time.perf_counter() - started:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "corpus.db"
        sqlite3.connect(db).close()
        started = time.perf_counter()
        written = relink(str(db), old)
        full = time.perf_counter() - started
        print(f"full relink of {args.docs:,} documents: {full:.2f} s ({written:,} links)")

        started = time.perf_counter()
        done = relink_changed(str(db), Records(recs), [r.id for r in new])
        step = time.perf_counter() - started
        print(f"relink after adding {args.new} documents: {step:.2f} s "
              f"({done.sources} documents rerun, {done.written} links written, full={done.full}); "
              f"ratio {step / full:.3f} of a full relink")
        if args.check:
            whole = Path(tmp) / "whole.db"
            sqlite3.connect(whole).close()
            relink(str(whole), recs)
            same = links(db) == links(whole)
            print(f"same links as a full relink of all {len(recs):,}: {same}")
            if not same:
                sys.exit(1)


if __name__ == "__main__":
    main()
