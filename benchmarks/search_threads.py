"""Can one query use both cores? Two measurements on an existing corpus's tantivy index.

    python benchmarks/search_threads.py --db /tmp/webperf-load-100000.db

1. Does a search release the GIL? 100 searches in one thread, then 100 in each of two:
   with the GIL released, two threads use two cores (CPU/wall near 2 on a quiet machine);
   held, the ratio stays that of one thread.
2. Does a filter split the work? Each query timed whole (CPU), and in two halves of the
   documents (the hash sample's level-1 term; level 0 by its fast field), as two shards of
   one index would be searched.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections.abc import Callable

import tantivy
from tantivy import Occur, Query

from cablegraph.resolve import Authority
from cablegraph.search.filters import Filters
from cablegraph.search.index import _Compiler, build_schema
from cablegraph.search.query import parse

QUERIES = ("Stalin", '"Kim Il Sung"', "negotiat*", "armistice negotiations", "prisoners of war",
           "Mao Zedong Filippov", "Gromyko OR Vyshinsky", "armistice -Ridgway")


def cpu_ms(run: Callable[[], object], times: int = 9) -> float:
    spent = []
    for _ in range(times):
        started = time.process_time()
        run()
        spent.append(time.process_time() - started)
    return statistics.median(spent) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a corpus database; its index is <db>.index")
    args = parser.parse_args()
    schema = build_schema()
    searcher = tantivy.Index(schema, path=args.db + ".index", reuse=True).searcher()
    authority = Authority.builtin()

    def compiled(text: str, within: Query | None = None) -> Query:
        return _Compiler(schema, authority, sample=within).full_query(parse(text), Filters())

    phrase = compiled('"Kim Il Sung"')

    def searches() -> None:
        for _ in range(100):
            searcher.search(phrase, 20, True)

    for threads in (1, 2):
        workers = [threading.Thread(target=searches) for _ in range(threads)]
        wall, cpu = time.perf_counter(), time.process_time()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"{threads} thread(s) x 100 searches: wall {wall:.2f} s, CPU {cpu:.2f} s, "
              f"CPU/wall {cpu / wall:.2f}")

    halves = (Query.term_query(schema, "sample", "1"),
              Query.range_query(schema, "level", tantivy.FieldType.Unsigned, 0, 0))
    print(f"{'query':28} {'whole':>7} {'no count':>9} {'half 1':>7} {'half 2':>7}  (ms of CPU)")
    for text in QUERIES:
        whole = compiled(text)
        parts = [Query.boolean_query([(Occur.Must, h), (Occur.Must, compiled(text, h))]) for h in halves]
        row = [cpu_ms(lambda q=whole, c=counted: searcher.search(q, 20, c)) for counted in (True, False)]
        row += [cpu_ms(lambda q=part: searcher.search(q, 20, True)) for part in parts]
        print(f"{text:28} " + " ".join(f"{v:7.2f}" for v in row))


if __name__ == "__main__":
    main()
