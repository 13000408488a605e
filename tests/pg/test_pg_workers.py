"""Several web worker processes on one PostgreSQL database (``cablegraph serve --workers 2``)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psycopg

from cablegraph.pg import postgres_corpus

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_two_workers_share_one_database(pg_url: str) -> None:
    with postgres_corpus(pg_url) as corpus:
        assert corpus.ingest([str(ROOT / "examples" / "pages" / "seeds")]).added == 5
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CABLEGRAPH_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "cablegraph.cli", "serve", "--db", pg_url, "--port", str(port),
         "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/api/search?q=", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, process.stderr.read().decode() if process.stderr else ""
            time.sleep(0.3)

        def ask(i: int) -> tuple[int, int]:
            query = ("Stalin", "Kaesong", "перемирие")[i % 3]
            response = httpx.get(url + "/api/search", params={"q": query}, timeout=30)
            return response.status_code, response.json()["total"]

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(ask, range(60)))
        assert {status for status, _ in answers} == {200}
        for i in range(3):  # every worker gives the same answer to the same question
            assert len({total for j, (_, total) in enumerate(answers) if j % 3 == i}) == 1
        with psycopg.connect(pg_url) as conn:
            clients = conn.execute(
                "SELECT count(DISTINCT client_port) FROM pg_stat_activity"
                " WHERE application_name = 'cablegraph' AND datname = current_database()").fetchone()
        assert clients is not None and clients[0] >= 2  # both workers hold connections
    finally:
        process.terminate()
        process.wait(timeout=20)
