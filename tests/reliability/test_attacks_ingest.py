"""Attacks on the ingest and import side, as an outsider runs them: real files on disk, the
real ``cablegraph`` command in a child process, a real server over what was imported
(issue 20: the zip bomb of small members, a named pipe, huge pages, malformed JSONL,
escaping member names, links out of a folder, unchanged pages parsed again)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from cablegraph import corpus as corpus_api
from cablegraph.ingest import MAX_PAGE_BYTES
from tests.reliability import budget
from tests.reliability.kit import PAGES, PYTHON, ROOT, served

SECONDS_PER_INPUT = 10.0
PEAK_BYTES = 700 * 1024 * 1024


def cablegraph(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "cablegraph.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def ingest_json(*args: str, timeout: float = 120) -> tuple[dict[str, object], str]:
    child = cablegraph("ingest", *args, "--format", "json", "--no-link", timeout=timeout)
    return json.loads(child.stdout.strip().splitlines()[-1]), child.stderr


def seed(n: int) -> Path:
    return sorted((PAGES / "seeds").glob("*.txt"))[n]


def count(db: Path) -> int:
    with corpus_api.open(db) as corpus:
        return corpus.stats(0, sync=False).documents


def test_zip_bomb_of_many_small_members_is_refused(tmp_path: Path) -> None:
    """30 members of 1 MiB (under the per-member checks), 400-fold together: refused whole."""
    bomb = tmp_path / "bomb.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for i in range(30):
            archive.writestr(f"page-{i:02}.txt", b"Stalin " + b" " * (1024 * 1024 - 7))
    bomb.write_bytes(buffer.getvalue())
    shutil.copy(seed(0), tmp_path / "good.txt")
    started = time.monotonic()
    report, _ = ingest_json(str(tmp_path / "good.txt"), str(bomb), "--db", str(tmp_path / "c.db"))
    assert time.monotonic() - started < 30  # process start included; the bomb itself is not read
    reasons = [str(f["reason"]) + str(f["path"]) for f in report["failures"]]  # type: ignore[attr-defined]
    assert any("bomb.zip" in r and "zip bomb" in r and "-fold" in r for r in reasons), reasons
    assert report["added"] == 1 and count(tmp_path / "c.db") == 1


def test_zip_members_that_climb_out_are_refused_by_name(tmp_path: Path) -> None:
    archive = tmp_path / "names.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("../../etc/evil.txt", seed(0).read_bytes())
        out.writestr("/abs/evil.txt", seed(1).read_bytes())
        out.writestr("ok/page.txt", seed(2).read_bytes())
    report, _ = ingest_json(str(archive), "--db", str(tmp_path / "c.db"))
    failures = {str(f["path"]): str(f["reason"]) for f in report["failures"]}  # type: ignore[attr-defined]
    assert any("../../etc/evil.txt" in p and "climbs out" in r for p, r in failures.items()), failures
    assert any("/abs/evil.txt" in p and "absolute" in r for p, r in failures.items()), failures
    assert report["added"] == 1


def test_a_named_pipe_or_device_given_by_name_is_refused_at_once(tmp_path: Path) -> None:
    pipe = tmp_path / "p.txt"
    os.mkfifo(pipe)
    shutil.copy(seed(0), tmp_path / "good.txt")
    started = time.monotonic()
    report, stderr = ingest_json(
        str(pipe), "/dev/null", str(tmp_path / "good.txt"), "--db", str(tmp_path / "c.db"), timeout=60
    )
    assert time.monotonic() - started < 30
    assert f"{pipe}: is a named pipe (FIFO), not a regular file" in stderr, stderr
    assert "/dev/null: is a character device, not a regular file" in stderr, stderr
    assert report["added"] == 1


def test_a_link_out_of_the_folder_is_not_followed_unless_asked(tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    shutil.copy(seed(0), secret)
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(seed(1), folder / "own.txt")
    (folder / "link.txt").symlink_to(secret)
    (folder / "inner.txt").symlink_to(folder / "own.txt")  # inside: still read (once)
    report, _ = ingest_json(str(folder), "--db", str(tmp_path / "a.db"))
    assert report["added"] == 1 and report["pages_read"] == 1
    with corpus_api.open(tmp_path / "a.db") as corpus:
        assert all(s.path != str(folder / "link.txt") for d in corpus.documents() for s in d.sources)
    report, _ = ingest_json(str(folder), "--follow-links", "--db", str(tmp_path / "b.db"))
    assert report["added"] == 2


def test_unchanged_pages_are_not_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "pages"
    shutil.copytree(PAGES, folder)
    db = tmp_path / "c.db"
    first, _ = ingest_json(str(folder), "--db", str(db))
    assert first["added"] and not first["failed"]
    started = time.monotonic()
    again, _ = ingest_json(str(folder), "--db", str(db))
    assert again["unchanged"] == again["pages_read"] == first["pages_read"], again
    assert time.monotonic() - started < 30
    import cablegraph.ingest.pipeline as pipeline

    def no_parsing(*_args: object) -> object:
        raise AssertionError("an unchanged page was parsed")

    monkeypatch.setattr(pipeline, "parse_documents", no_parsing)  # in-process: parsing any page fails
    (folder / "seeds" / "new.txt").write_text(seed(0).read_text(encoding="utf-8") + "\nPS.\n")
    with corpus_api.open(db) as corpus:
        report = corpus.ingest([str(folder)])
    assert report.unchanged == first["pages_read"]
    assert report.failed == 1 and "new.txt" in report.failures[0].path  # only the changed one was parsed


@pytest.fixture(scope="module")
def biggest(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return budget.biggest_pages(tmp_path_factory.mktemp("biggest"))


@pytest.mark.parametrize("name", ["one-line.txt", "one-paragraph.html", "short-lines.txt"])
def test_the_biggest_accepted_page_is_ingested_within_the_budget(
    biggest: dict[str, Path], name: str, tmp_path: Path
) -> None:
    row = budget.ingest_one(biggest[name], tmp_path / "c.db")
    assert row["added"] == 1, row
    assert float(row["seconds"]) < SECONDS_PER_INPUT, row  # type: ignore[arg-type]
    assert int(row["peak_bytes"]) < PEAK_BYTES, row  # type: ignore[call-overload]


def test_a_page_over_the_limit_is_refused_clearly_and_at_once(tmp_path: Path) -> None:
    page = tmp_path / "huge.txt"
    page.write_bytes(b"Stalin " * (30 * 1024 * 1024 // 7))  # 30 MB, one line
    row = budget.ingest_one(page, tmp_path / "c.db")
    assert row["added"] == 0 and row["failed"] == 1, row
    reason = str(row["failures"][0])  # type: ignore[index]
    assert f"over the limit of {MAX_PAGE_BYTES} bytes" in reason and "split it" in reason, reason
    assert float(row["seconds"]) < 1, row  # type: ignore[arg-type]


def test_import_skips_malformed_lines_and_the_rest_serves(corpus_db: str, tmp_path: Path) -> None:
    export = tmp_path / "all.jsonl"
    assert (
        cablegraph(
            "export", "--all", "--format", "jsonl", "--db", corpus_db, "--output", str(export)
        ).returncode
        == 0
    )
    good = export.read_text(encoding="utf-8").splitlines()
    broken_time = json.loads(good[1])
    broken_time["envelope"]["sent"] = {"text": "x", "at": "T-x"}
    texts_string = json.loads(good[2])
    texts_string["texts"] = "abc"
    no_sha = json.loads(good[3])
    del no_sha["sources"][0]["sha256"]
    bad = [
        '{"id":"a","sources":["x"],"source_texts":["t"]}',
        json.dumps(broken_time),
        json.dumps(texts_string),
        json.dumps(no_sha),
        "[1]",
        '{"id": 5, "sources": [], "source_texts": []}',
        "{not json",
    ]
    lines = [good[0], *bad, *good[4:]]
    source = tmp_path / "mixed.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "imported.db"
    child = cablegraph("import", str(source), "--db", str(db))
    assert child.returncode == 0, child.stderr
    assert "Traceback" not in child.stderr
    errors = child.stderr.strip().splitlines()
    assert len(errors) == len(bad), errors
    assert "line 2: not a Cablegraph record: field 'sources[0]' is 'x'" in errors[0]
    assert "line 3: not a Cablegraph record: field 'envelope.sent.at' is 'T-x'" in errors[1]
    assert "line 4: not a Cablegraph record: field 'texts' is 'abc'" in errors[2]
    assert "line 5: not a Cablegraph record: field 'sources[0].sha256' is missing" in errors[3]
    assert "line 8: not JSON" in errors[6]
    assert count(db) == len(good) - 3
    ids = [json.loads(line)["id"] for line in [good[0], *good[4:]]]
    with served(str(db)) as url, httpx.Client(base_url=url, timeout=30) as client:
        for doc_id in ids:
            for path in (f"/documents/{doc_id}", f"/api/documents/{doc_id}"):
                assert client.get(path).status_code == 200, path
        for path in (
            "/api/search?q=Stalin",
            "/api/network",
            "/api/links",
            "/api/timeline",
            "/timeline",
            "/network",
            "/",
        ):
            assert client.get(path).status_code < 500, path
