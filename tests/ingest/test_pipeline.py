"""Parsing in worker processes gives what parsing here gives, in the same order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cablegraph.errors import CablegraphError
from cablegraph.ingest import pipeline
from cablegraph.ingest.pipeline import read_and_parse
from cablegraph.model.jsonable import document_json

ROOT = Path(__file__).resolve().parents[2]


def _outcomes(jobs: int, inputs: list[str]) -> list[object]:
    out: list[object] = []
    for item in read_and_parse(inputs, jobs=jobs, ocr=False):
        if isinstance(item, CablegraphError):
            out.append(("error", item.path, type(item).__name__))
        else:
            page, doc = item
            out.append((page.path, page.sha256, document_json(doc, page)))
    return out


def test_workers_give_the_same_documents_in_the_same_order() -> None:
    inputs = [
        str(ROOT / "examples" / "pages" / "seeds"),
        str(ROOT / "examples" / "tei" / "frus1951v07p2-excerpt.xml"),  # streams here, in order
        str(ROOT / "tests" / "fixtures" / "invalid"),                  # errors keep their place
        str(ROOT / "no-such-folder"),
        str(ROOT / "examples" / "pages" / "wilson"),
    ]
    serial = _outcomes(1, inputs)
    assert any(o[0] == "error" for o in serial)  # type: ignore[index]
    assert _outcomes(2, inputs) == serial


def test_the_window_bounds_the_files_in_flight(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "WINDOW", 2)
    files = sorted(str(p) for p in (ROOT / "examples" / "pages").rglob("*.txt"))
    taken = []

    def lazily() -> Iterator[str]:
        for f in files:
            taken.append(f)
            yield f

    parsed = read_and_parse(lazily(), jobs=2, ocr=False)
    next(parsed)
    assert len(files) > 20 and len(taken) <= 2 * 2 + 2  # not the whole input read ahead
    assert len(list(parsed)) == len(files) - 1
