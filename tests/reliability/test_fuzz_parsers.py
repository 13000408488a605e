"""Parser fuzzing (fast tier): every reader, fed inputs mutated from the real pages, lets
only CablegraphError escape and finishes each input in bounded time. Every crash found
is kept under tests/fixtures/invalid/fuzz/ and replayed here.

The long tier runs the same readers at length: ``python benchmarks/soak.py``.
"""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.reliability import fuzzing
from tests.reliability.kit import FUZZ_FIXTURES, only_our_errors

EXAMPLES = int(os.environ.get("CABLEGRAPH_FUZZ_EXAMPLES", "60"))
SECONDS_PER_INPUT = 5.0

# Crashes found and not yet fixed in src/ (the fix is named in the reason).
OPEN: dict[str, str] = {}  # kept crashes not fixed yet: file name -> what is wrong (none open)

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=SECONDS_PER_INPUT),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
    derandomize=os.environ.get("CABLEGRAPH_FUZZ_RANDOM") != "1",
)


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    fuzzing.authority()  # load the authority once, outside any example's deadline


def _fuzz(reader: str, data: bytes) -> None:
    only_our_errors(reader, data, lambda: fuzzing.READERS[reader](data))


@FUZZ
@given(fuzzing.strategy("text"))
def test_text_layouts_never_crash(data: bytes) -> None:
    _fuzz("text", data)


@FUZZ
@given(fuzzing.strategy("html"))
def test_html_reader_never_crashes(data: bytes) -> None:
    _fuzz("html", data)


@settings(FUZZ, max_examples=max(EXAMPLES // 3, 10))
@given(fuzzing.strategy("tei"))
def test_tei_reader_never_crashes(data: bytes) -> None:
    _fuzz("tei", data)


@FUZZ
@given(fuzzing.strategy("file"))
def test_read_page_on_random_bytes(data: bytes) -> None:
    _fuzz("file", data)


@settings(FUZZ, max_examples=max(EXAMPLES // 3, 10))
@given(fuzzing.strategy("zip"))
def test_zip_reader_never_crashes(data: bytes) -> None:
    _fuzz("zip", data)


def _cases() -> list[Path]:
    return sorted(FUZZ_FIXTURES.glob("*.case"))


def _case_params() -> list[object]:
    return [
        pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=OPEN[c.name])])
        if c.name in OPEN
        else pytest.param(c, id=c.name)
        for c in _cases()
    ]


@pytest.mark.parametrize("case", _case_params())
def test_kept_crashes_stay_fixed(case: Path) -> None:
    reader = case.name.split("-", 1)[0]
    data = case.read_bytes()
    started = time.perf_counter()
    only_our_errors(reader, data, lambda: fuzzing.READERS[reader](data))
    assert time.perf_counter() - started < SECONDS_PER_INPUT


def test_every_kept_crash_names_a_reader() -> None:
    for case in _cases():
        assert case.name.split("-", 1)[0] in fuzzing.READERS, case.name
