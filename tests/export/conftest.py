"""The whole bundled corpus (examples/pages and examples/tei) ingested into a real SQLite
file, and the validators the export tests run (jing, biber) found on the PATH."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cablegraph.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "tests/fixtures/schemas"
CMIF_URL = "https://example.org/cablegraph/cmif.xml"


def run_cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def tool(name: str) -> str:
    """The path of a validator program; missing is a failure on CI and a skip elsewhere."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed (Debian package {name}); CI must install it")
        pytest.skip(f"{name} is not installed (Debian package {name})")
    return found


def jing(schema: Path, document: Path) -> list[str]:
    """jing's error lines for ``document`` against ``schema`` (RELAX NG or Schematron)."""
    done = subprocess.run(
        [tool("jing"), str(schema), str(document)], capture_output=True, text=True, timeout=300, check=False
    )
    return [line for line in done.stdout.splitlines() if line.strip()]


class Corpus:
    """The ingested corpus and its exports, written once per test session."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db = folder / "corpus.db"
        run_cli("ingest", str(ROOT / "examples/pages"), str(ROOT / "examples/tei"), "--db", str(self.db))
        self._files: dict[str, Path] = {}

    def export(self, fmt: str) -> Path:
        if fmt not in self._files:
            target = self.folder / f"export.{fmt}"
            more = ["--cmif-url", CMIF_URL] if fmt == "cmif" else []
            run_cli("export", "--all", "--format", fmt, "--db", str(self.db), "--output", str(target), *more)
            self._files[fmt] = target
        return self._files[fmt]

    def records(self) -> list[dict[str, Any]]:
        lines = self.export("jsonl").read_text(encoding="utf-8").splitlines()
        return [r for r in map(json.loads, lines) if "page_kind" in r]

    def documents(self) -> list[dict[str, Any]]:
        return [r for r in self.records() if r["page_kind"] != "listing"]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return Corpus(tmp_path_factory.mktemp("exports"))
