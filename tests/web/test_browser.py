"""The workbench in a real headless Chromium (Debian's), driven by npm playwright-core."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.web.conftest import TOKEN

ROOT = Path(__file__).resolve().parents[2]
BROWSER_TESTS = ROOT / "tests" / "browser"
ARTIFACTS = ROOT / "artifacts" / "browser"


def _missing() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed (.ci/run installs Debian's nodejs)"
    if not Path(os.environ.get("CHROMIUM", "/usr/bin/chromium")).exists():
        return "Debian's chromium is not installed (.ci/run installs it)"
    if not (BROWSER_TESTS / "node_modules" / "playwright-core").exists():
        return "playwright-core is not installed (make test runs npm ci in tests/browser)"
    return None


@pytest.mark.skipif(_missing() is not None, reason=_missing() or "")
def test_journeys_search_cite_person_network_timeline_docs_and_no_xss(server: str) -> None:
    """Issue 17's journeys in Chromium (tests/browser/workbench.mjs): search, two facets,
    a document, RIS downloaded and read back, a person (CJK glyphs), the network (an edge's
    documents), the timeline (zoom, open an event), /docs; no console error; XSS inert."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ, CABLEGRAPH_URL=server, ARTIFACTS=str(ARTIFACTS), XSS_DOC="wda:424242", CURATOR_TOKEN=TOKEN
    )
    run = subprocess.run(
        ["node", str(BROWSER_TESTS / "workbench.mjs")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=BROWSER_TESTS,
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith("[")]
    assert lines, run.stdout + run.stderr
    results = json.loads(lines[-1])
    failed = [r for r in results if not r["ok"]]
    assert not failed, failed
    assert len(results) >= 29
    shots = ["search-stalin", "search-two-facets", "document-110374", "entity-mao-zedong", "network-edge"]
    for shot in [f"{name}.png" for name in [*shots, "timeline", "docs", "curation", "xss"]]:
        assert (ARTIFACTS / shot).stat().st_size > 10_000
