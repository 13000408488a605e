"""Export all → import into an empty database → export again: identical but for the time."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from cablegraph.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_jsonl_round_trip_is_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    _run("ingest", str(ROOT / "examples/pages/seeds"), str(ROOT / "examples/pages/frus"), "--db", str(first))
    _run("export", "--all", "--format", "jsonl", "--db", str(first), "--output", str(tmp_path / "a.jsonl"))
    assert "documents 15" in _run("import", str(tmp_path / "a.jsonl"), "--db", str(second))
    _run("export", "--all", "--format", "jsonl", "--db", str(second), "--output", str(tmp_path / "b.jsonl"))

    def without_time(path: Path) -> str:
        return re.sub(r'"exported_at": "[^"]+"', "", path.read_text(encoding="utf-8"))

    assert without_time(tmp_path / "a.jsonl") == without_time(tmp_path / "b.jsonl")
    assert '"kind": "reply_to"' in (tmp_path / "a.jsonl").read_text(encoding="utf-8")


def test_bad_lines_are_named_and_skipped(tmp_path: Path) -> None:
    source = tmp_path / "mixed.jsonl"
    source.write_text('not json\n{"id": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(source), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 1
    assert "line 1: not JSON" in result.stderr and "line 2: not a Cablegraph record" in result.stderr
