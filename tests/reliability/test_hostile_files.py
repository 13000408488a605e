"""XML attacks, deep HTML and XML nesting, huge and binary files, zip bombs: each refused
quickly with a clear error, memory bounded, and the rest of the batch read and parsed."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from cablegraph import corpus as corpus_api
from cablegraph.errors import CablegraphError
from cablegraph.ingest.html import html_to_page_text
from tests.reliability import hostile
from tests.reliability.kit import PYTHON, ROOT

SECONDS_PER_INPUT = 10.0
PEAK_BYTES = 700 * 1024 * 1024


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    folder = tmp_path_factory.mktemp("hostile")
    hostile.build(folder, deep=3000)
    child = subprocess.run(
        [PYTHON, "-m", "tests.reliability.hostile", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    return folder, json.loads(child.stdout)


def test_the_good_pages_of_the_batch_are_parsed(batch: tuple[Path, dict[str, object]]) -> None:
    _folder, report = batch
    parsed = {str(r["path"]).rsplit("/", 3)[-1] for r in report["results"] if "id" in r}  # type: ignore[union-attr,index]
    assert {"good-1.txt", "good-2.txt", "a.txt", "b.txt"} <= parsed


def test_each_hostile_input_is_refused_quickly(batch: tuple[Path, dict[str, object]]) -> None:
    _folder, report = batch
    results: list[dict[str, object]] = report["results"]  # type: ignore[assignment]
    by_name = {Path(str(r["path"]).split("#")[0].split("!/")[0]).name: r for r in results}
    refused = [
        "huge.txt",
        "image.txt",
        "random.txt",
        "deep.xml",
        "bomb-ratio.zip",
        "bomb-forged.zip",
        "bomb-many.zip",
        "bomb-total.zip",
        "xml-billion_laughs.xml",
        "xml-xxe.xml",
        "xml-dtd.xml",
        "xml-external_dtd.xml",
        "xml-parameter_entity.xml",
    ]
    for name in refused:
        entry = by_name[name]
        assert "error" in entry, name
        assert "internal reader error" not in str(entry["message"]), entry
        assert name in str(entry["message"]), entry  # the message says which file
    for entry in results:
        assert float(entry["seconds"]) < SECONDS_PER_INPUT, entry  # type: ignore[arg-type]


def test_memory_stays_bounded(batch: tuple[Path, dict[str, object]]) -> None:
    _folder, report = batch
    assert int(report["peak_bytes"]) < PEAK_BYTES  # type: ignore[call-overload]


def test_ingest_goes_on_past_the_hostile_files(batch: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    folder, _report = batch
    with corpus_api.open(tmp_path / "c.db") as corpus:
        report = corpus.ingest([str(folder)])
        assert report.added >= 2
        assert report.failed >= 5
        assert corpus.check() == []


def test_deep_html_is_refused_with_a_clear_error() -> None:
    deep = 5000
    html = "<html><body>" + "<div>" * deep + "Stalin" + "</div>" * deep + "</body></html>"
    started = time.perf_counter()
    outcome = "no error"
    try:
        html_to_page_text(html)
    except CablegraphError as exc:
        outcome = str(exc)
    except RecursionError:  # kept out of the report: a 1,000-frame traceback takes minutes
        outcome = "RecursionError"
    assert "nest" in outcome
    assert time.perf_counter() - started < 2


def test_nested_zip_is_reported(tmp_path: Path) -> None:
    from cablegraph.ingest.archive import read_zip_pages

    path = tmp_path / "nested.zip"
    path.write_bytes(hostile._zip({"inner.zip": hostile._zip({"x.txt": b"x" * 100})}))
    assert any(isinstance(item, CablegraphError) for item in read_zip_pages(path))
