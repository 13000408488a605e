"""Stopping the server closes every worker thread's database connection cleanly."""

from __future__ import annotations

import signal
import subprocess
import sys

import httpx

from tests.web.conftest import free_port, wait_until_serving


def test_server_stops_without_errors(web_db: str) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "cablegraph.cli", "serve", "--db", web_db, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, process)
        # requests served from worker threads, each opening its own connection
        for path in ("/api/documents/wda:110374", "/search?q=Mao", "/api/reconcile", "/api/network"):
            assert httpx.get(url + path, timeout=10).status_code == 200, path
    finally:
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=30)
    assert "ProgrammingError" not in err and "shutdown failed" not in err, err
    assert process.returncode == 0
