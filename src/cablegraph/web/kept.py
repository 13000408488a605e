"""What the web layer derives from the store and its search index, kept while the store's
generation holds (``Store.generation``).

A person's documents by role, correspondents, network and timeline, and a search's hits,
facets and snippets are each a function of the documents, their near duplicates and the
index; every write to those moves the store's generation on (an ingest's pages, then its
index ledger; a relink's or enrichment's changed documents), from whatever connection or
process. So a value computed under generation G is served only while the store still says
G: the first request after a write computes afresh, and nothing is served stale. The
index is reloaded by each thread when it sees a new generation (``CorpusViews.generation``),
so that a value kept under G was computed on an index at least as new as G's ledger.

A backend without a generation (``None``) keeps nothing: every request computes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

KEPT = 512  # values kept at most (persons, timelines, networks, searches)
WAIT_SECONDS = 10.0  # how long a request waits for another's computation of the same value


class Kept:
    """Values of one generation, the most recently used ``size`` of them (thread-safe).

    A value is stored only when it was computed under the newest generation seen; a newer
    generation drops everything kept. One thread computes a missing value while the others
    asking for it wait for it (twenty clients opening one page after a write cost one
    computation, not twenty). Values are shared between requests: callers must not change
    them.
    """

    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self._generation: int | None = None
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._computing: dict[tuple[int, Hashable], threading.Event] = {}
        self._lock = threading.Lock()
        self.computed = 0  # how many values were computed (misses), for tests and benchmarks

    def clear(self) -> None:
        """Drop every value (what a new generation does)."""
        with self._lock:
            self._kept.clear()

    def get(self, generation: int | None, key: Hashable, compute: Callable[[], T]) -> T:
        """The value of ``key`` under ``generation``: kept, computed by another thread
        meanwhile, or computed here (and kept)."""
        if generation is None:
            return compute()
        mine: threading.Event | None = None  # set when this thread computes for the others
        while True:
            with self._lock:
                if self._generation is None or generation > self._generation:
                    self._kept.clear()
                    self._generation = generation
                if generation < self._generation:
                    break  # a write came in since this request read the generation: keep nothing
                if key in self._kept:
                    self._kept.move_to_end(key)
                    found: T = self._kept[key]
                    return found
                other = self._computing.get((generation, key))
                if other is None:
                    mine = self._computing[(generation, key)] = threading.Event()
                    break
            if not other.wait(WAIT_SECONDS):
                break  # still not done: compute here rather than wait on
        try:
            value = compute()
        except BaseException:
            with self._lock:
                self._release(generation, key, mine)
            raise
        with self._lock:
            self.computed += 1
            if generation == self._generation:  # not when a write came in meanwhile
                self._kept[key] = value
                while len(self._kept) > self.size:
                    self._kept.popitem(last=False)
            self._release(generation, key, mine)
        return value

    def _release(self, generation: int, key: Hashable, mine: threading.Event | None) -> None:
        """Wake the requests waiting for this thread's computation (the lock held)."""
        if mine is None:
            return
        if self._computing.get((generation, key)) is mine:
            del self._computing[(generation, key)]
        mine.set()
