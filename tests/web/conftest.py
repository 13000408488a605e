"""A real corpus database and a real server (uvicorn in a subprocess) for the web tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cablegraph import corpus as corpus_api

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "test-curator-token"
XSS_PAGE = """Skip to content

June 1, 1951

Ciphered Telegram No. 999, <script>alert(1)</script> to Razuvaev

CIPHERED TELEGRAM No. 999

Text with <img src=x onerror=alert(3)> and <b>bold</b> and "quotes" & ampersands, long enough.

RAZUVAEV

A summary with <script>alert(4)</script>.

Document Information

Record ID

424242
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("web")
    (folder / "xss.txt").write_text(XSS_PAGE, encoding="utf-8")
    path = str(folder / "web.db")
    with corpus_api.open(path) as corpus:
        # Every example page: seeds, Wilson pages (with a mirror copy of record 113658),
        # FRUS pages and the archive's listing pages.
        report = corpus.ingest([str(ROOT / "examples" / "pages"), str(folder / "xss.txt")])
        assert report.failed == 0
    return path


@pytest.fixture(scope="session")
def server(web_db: str) -> Iterator[str]:
    port = free_port()
    env = dict(os.environ, CABLEGRAPH_CURATOR_TOKEN=TOKEN)
    process = subprocess.Popen(
        [sys.executable, "-m", "cablegraph.cli", "serve", "--db", web_db, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_serving(url, process)
    yield url
    process.terminate()
    process.wait(timeout=10)


def wait_until_serving(url: str, process: subprocess.Popen[bytes] | subprocess.Popen[str],
                       seconds: float = 60) -> None:
    """Return once the server at ``url`` answers a search; else stop it and say why."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/api/search?q=Stalin", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    err = process.stderr.read() if process.stderr else ""
    raise RuntimeError(f"server did not start: {err.decode() if isinstance(err, bytes) else err}")
