"""The corpus commands end to end, on a real SQLite file in a temporary folder."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from cablegraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "pages" / "seeds"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("corpus") / "seeds.db")
    result = CliRunner().invoke(main, ["ingest", str(SEEDS), "--db", path, "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["added"] == 5 and report["failed"] == 0
    return path


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def test_reingest_changes_nothing(db: str) -> None:
    report = json.loads(run("ingest", str(SEEDS), "--db", db, "--format", "json"))
    assert report["unchanged"] == 5 and report["added"] == 0


def test_ingest_in_two_processes_stores_the_same(db: str, tmp_path: Path) -> None:
    other = str(tmp_path / "jobs.db")
    report = json.loads(run("ingest", str(SEEDS), "--db", other, "--jobs", "2", "--format", "json"))
    assert report["added"] == 5 and report["failed"] == 0
    assert run("search", "Kaesong", "--db", other, "--format", "json") == run(
        "search", "Kaesong", "--db", db, "--format", "json")


def test_search_json_lines_only(db: str) -> None:
    lines = run("search", "Filippov", "--db", db, "--format", "json").splitlines()
    hits = [json.loads(line) for line in lines]
    assert {"id", "record_id", "title", "date", "doc_type", "score", "snippet"} <= hits[0].keys()
    assert {h["record_id"] for h in hits} >= {"110374", "113632"}


def test_hostile_queries_never_fail(db: str) -> None:
    for query in [
        '"',
        "AND",
        "OR NOT",
        "-",
        "*",
        ":",
        "(",
        "No. 26044",
        "21.XI.1951",
        "don't",
        "",
        "x" * 10_000,
    ]:
        run("search", query, "--db", db, "--format", "json")


def test_show_and_stats(db: str) -> None:
    assert "Gromyko" in run("show", "wda:113632", "--db", db)
    record = json.loads(run("show", "wda:113632", "--db", db, "--format", "json"))
    assert record["envelope"]["number"] == "26044" and record["sources"]
    assert json.loads(run("stats", "--db", db, "--format", "json"))["documents"] == 5


def test_show_unknown_id_is_a_clear_error(db: str) -> None:
    result = CliRunner().invoke(main, ["show", "wda:0", "--db", db])
    assert result.exit_code == 1 and "wda:0" in result.stderr


def test_links_and_thread(db: str) -> None:
    links = [json.loads(line) for line in run("links", "--db", db).splitlines()]
    assert {"source": "wda:110374", "target": "wda:110371", "kind": "reply_to"}.items() <= next(
        lk for lk in links if lk["kind"] == "reply_to"
    ).items()
    thread = json.loads(run("thread", "wda:110371", "--db", db, "--format", "json"))
    assert thread["documents"] == ["wda:110371", "wda:110374"] or set(thread["documents"]) == {
        "wda:110371",
        "wda:110374",
    }


def test_timeline_and_network(db: str, tmp_path: Path) -> None:
    csv_text = run("timeline", "--db", db, "--format", "csv", "--person", "Stalin")
    assert csv_text.splitlines()[0] == "at,precision,kind,document,message,person,place"
    gexf = tmp_path / "seeds.gexf"
    run("network", "--db", db, "--format", "gexf", "--output", str(gexf))
    assert ET.parse(gexf).getroot().tag.endswith("gexf")


def test_export_formats(db: str, tmp_path: Path) -> None:
    items = json.loads(run("export", "--all", "--db", db, "--format", "csl-json"))
    assert len(items) == 5
    assert run("export", "wda:110374", "--db", db, "--format", "citation").startswith(
        '"Ciphered Telegram No. 3917'
    )
    run("export", "--query", "Stalin", "--db", db, "--format", "csv", "--output", str(tmp_path / "tables"))
    assert (tmp_path / "tables" / "documents.csv").exists()


def test_authority_check(tmp_path: Path) -> None:
    bad = tmp_path / "mine.json"
    bad.write_text('[{"id": "person:x", "kind": "person", "names": []}]', encoding="utf-8")
    result = CliRunner().invoke(main, ["authority", "check", str(bad)])
    assert result.exit_code == 1 and "person:x" in result.stdout


def test_an_index_from_another_version_is_rebuilt_saying_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an upgrade that changed the index, the first command that reads it rebuilds
    it with a message and progress on stderr, instead of seeming to hang (or, in a server,
    serving empty results); the results are those of a fresh index."""
    import shutil

    from cablegraph import cli_common

    path = str(tmp_path / "seeds.db")
    run("ingest", str(SEEDS), "--db", path, "--format", "json")
    fresh = run("search", "Kaesong", "--db", path, "--format", "json")
    mark = Path(path + ".index") / "cablegraph-index.json"
    mark.write_text(json.dumps({"schema": 1}), encoding="utf-8")
    monkeypatch.setattr(cli_common, "CATCH_UP_SHOWN", 1)
    result = CliRunner().invoke(main, ["search", "Kaesong", "--db", path, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "was built by another version of Cablegraph (index schema 1" in result.stderr
    assert "indexing 5 documents" in result.stderr
    assert result.stdout == fresh
    # a lost index folder: the same, with its own reason
    shutil.rmtree(path + ".index")
    result = CliRunner().invoke(main, ["stats", "--db", path])
    assert result.exit_code == 0, result.output
    assert "holds fewer documents than the store says it indexed" in result.stderr
    assert run("search", "Kaesong", "--db", path, "--format", "json") == fresh


def test_people_names_the_entity_of_a_mission(tmp_path: Path) -> None:
    page = ROOT / "tests/fixtures/quality/real/frus/frus1961-63v05-d260.txt"
    path = str(tmp_path / "one.db")
    run("ingest", str(page), "--db", path, "--format", "json")
    rows = [json.loads(line) for line in run("people", "--db", path, "--format", "json").splitlines()]
    embassy = [r for r in rows if r.get("name") == "Embassy of the United States in the Soviet Union"]
    assert embassy and embassy[0].get("id") == "org:embassy-of-united-states-in-russia", rows
