"""The command line: JSON Lines out, clear errors, a batch that goes on past bad files."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cablegraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "pages" / "seeds"
INVALID = ROOT / "tests" / "fixtures" / "invalid"
CONTRACT_KEYS = {
    "id",
    "source",
    "page_kind",
    "title",
    "date",
    "doc_type",
    "record_id",
    "archive",
    "url",
    "summary",
    "original_language",
    "languages_present",
    "archive_refs",
    "envelope",
    "senders",
    "recipients",
    "via",
    "copies_to",
    "messages",
    "mentions",
    "links",
    "errors",
}


def test_json_lines_have_the_contract_keys() -> None:
    result = CliRunner().invoke(main, ["parse", str(SEEDS), "--format", "json"])
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(objects) == 5
    for obj in objects:
        assert obj.keys() >= CONTRACT_KEYS
        assert {
            "number",
            "series",
            "priority",
            "sent",
            "received",
            "deciphered",
            "printed",
            "distribution",
        } <= obj["envelope"].keys()
        assert {"iso", "precision", "text"} <= obj["date"].keys()


def test_text_table_lists_every_page() -> None:
    result = CliRunner().invoke(main, ["parse", str(SEEDS), "--format", "text"])
    assert result.exit_code == 0
    assert "Gromyko" in result.stdout and "Joseph Stalin" in result.stdout
    assert len(result.stdout.strip().splitlines()) == 2 + 5


def test_explain_names_rules_and_source_text() -> None:
    seed = next(SEEDS.glob("000_*.txt"))
    result = CliRunner().invoke(main, ["parse", str(seed), "--format", "text", "--explain"])
    assert "rule=date_line" in result.stdout
    assert "'November 21, 1951'" in result.stdout


def test_bad_files_do_not_stop_the_batch() -> None:
    seed = next(SEEDS.glob("000_*.txt"))
    inputs = [
        str(INVALID / "empty.txt"),
        str(INVALID / "binary.bin"),
        str(seed),
        str(INVALID / "truncated.txt"),
        str(ROOT / "tests" / "fixtures" / "encodings" / "cp1251.txt"),
    ]
    result = CliRunner().invoke(main, ["parse", *inputs, "--format", "json"])
    assert result.exit_code == 1  # some files failed completely
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(objects) == 5
    by_path = {Path(o["source"]["path"]).name: o for o in objects}
    assert by_path["empty.txt"]["errors"] and by_path["binary.bin"]["errors"]
    assert by_path[seed.name]["record_id"] == "113632"
    assert by_path["truncated.txt"]["page_kind"] == "document"
    assert by_path["cp1251.txt"]["source"]["encoding"] == "cp1251"
    assert "empty.txt" in result.stderr and "binary.bin" in result.stderr


def test_missing_file_is_named() -> None:
    result = CliRunner().invoke(main, ["parse", "no/such/page.txt"])
    assert result.exit_code == 1
    assert "no/such/page.txt" in result.stderr


def test_huge_file_is_refused_or_parsed_without_a_traceback(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    seed = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    with big.open("w", encoding="utf-8") as out:
        while out.tell() < 50 * 1024 * 1024:
            out.write(seed)
    result = CliRunner().invoke(main, ["parse", str(big), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    obj = json.loads(result.stdout.splitlines()[0])
    assert obj["source"]["path"].endswith("big.txt")
    # refused by the reader's byte limit (or, under it, by the parser's page limit)
    error = obj["errors"][0]
    assert "big.txt" in error
    assert "over the limit" in error or "too large for one page" in error
