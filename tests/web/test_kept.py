"""The values the web layer keeps per store generation (``cablegraph.web.kept.Kept``)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from cablegraph.web.kept import Kept


def test_a_value_is_kept_while_its_generation_holds() -> None:
    kept = Kept(size=2)
    calls: list[str] = []

    def compute(name: str) -> object:
        calls.append(name)
        return object()

    first = kept.get(1, "a", lambda: compute("a"))
    assert kept.get(1, "a", lambda: compute("a")) is first
    assert kept.get(2, "a", lambda: compute("a")) is not first  # a write: computed again
    assert kept.get(1, "a", lambda: compute("a")) is not first  # an older reader keeps nothing
    kept.get(2, "b", lambda: compute("b"))
    kept.get(2, "c", lambda: compute("c"))  # size 2: "a" (least recently used) goes
    kept.get(2, "a", lambda: compute("a"))
    assert calls == ["a", "a", "a", "b", "c", "a"]
    assert kept.get(None, "a", lambda: "fresh") == "fresh"  # no generation: nothing kept


def test_one_thread_computes_what_many_ask_for_at_once() -> None:
    kept = Kept()
    started = threading.Event()

    def slow() -> object:
        started.set()
        time.sleep(0.3)
        return object()

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: kept.get(5, "page", slow), range(8)))
    assert started.is_set() and kept.computed == 1
    assert all(answer is answers[0] for answer in answers)


def test_a_failed_computation_wakes_the_waiters_who_compute_themselves() -> None:
    kept = Kept()
    entered = threading.Event()
    release = threading.Event()

    def failing() -> object:
        entered.set()
        release.wait(5)
        raise RuntimeError("the search failed")

    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(kept.get, 7, "page", failing)
        assert entered.wait(5)
        second = pool.submit(kept.get, 7, "page", lambda: "computed by the waiter")
        time.sleep(0.1)  # the second request is waiting on the first
        release.set()
        with pytest.raises(RuntimeError, match="the search failed"):
            first.result(5)
        assert second.result(5) == "computed by the waiter"
    assert kept.get(7, "page", lambda: "not again") == "computed by the waiter"
