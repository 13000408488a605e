"""``cablegraph serve`` answers on every core by default, and fails once, clearly, on a
database it cannot open (not in every worker the supervisor would restart)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from cablegraph.cli_corpus import serving_workers
from tests.web.conftest import free_port, wait_until_serving


def test_one_worker_per_core_unless_asked_and_one_for_memory() -> None:
    assert serving_workers("corpus.db", None) == (os.cpu_count() or 1)
    assert serving_workers("corpus.db", 3) == 3
    assert serving_workers(":memory:", None) == 1
    assert serving_workers(":memory:", 4) == 1


def _children(pid: int) -> list[int]:
    listed = subprocess.run(
        ["ps", "--ppid", str(pid), "-o", "pid="], capture_output=True, text=True, check=False
    )
    return [int(line) for line in listed.stdout.split()]


def test_by_default_a_worker_process_per_core_answers_and_all_stop_together(web_db: str) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "cablegraph.cli", "serve", "--db", web_db, "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, process)
        workers = _children(process.pid)
        expected = os.cpu_count() or 1
        # uvicorn's supervisor starts the workers (and may keep a resource tracker)
        assert len(workers) >= expected if expected > 1 else len(workers) <= 1, workers
        for _ in range(4):
            assert httpx.get(url + "/search?q=Mao", timeout=10).status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=30)
    assert "Traceback" not in err and "shutdown failed" not in err, err
    assert process.returncode == 0
    deadline = time.monotonic() + 10  # a worker ends its own requests, then exits
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if _running(pid)], [_command(pid) for pid in workers]


def _running(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "zombie" not in status.read_text().lower()
    except OSError:
        return False


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return f"{pid} (ended)"


def test_a_database_that_cannot_be_opened_fails_once_with_its_name(tmp_path: Path) -> None:
    db = tmp_path / "no-such-folder" / "corpus.db"
    done = subprocess.run(
        [sys.executable, "-m", "cablegraph.cli", "serve", "--db", str(db), "--port", str(free_port()),
         "--workers", "2"],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 1
    assert str(db) in done.stderr and "cannot open the database" in done.stderr
    assert "Traceback" not in done.stderr


def test_workers_end_when_their_supervisor_is_killed(web_db: str) -> None:
    """SIGKILL cannot be caught to stop the workers; each notices and ends by itself."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "cablegraph.cli", "serve", "--db", web_db, "--port", str(port),
         "--workers", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        wait_until_serving(f"http://127.0.0.1:{port}", process)
        workers = _children(process.pid)
        assert len(workers) >= 2, workers
    finally:
        process.kill()
        process.wait(timeout=30)
    deadline = time.monotonic() + 60  # each watches once a second; a loaded machine may start one late
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if _running(pid)], [_command(pid) for pid in workers]


def test_a_keep_alive_connection_is_closed_after_its_share_of_requests(server: str) -> None:
    """The workers share one listening socket and a connection stays with the worker that
    accepted it: every ``KEEPALIVE_REQUESTS``-th answer on a connection closes it, so that
    clients spread again over the workers; the client goes on, on a new connection."""
    from cablegraph.web.serving import KEEPALIVE_REQUESTS

    closing = []
    with httpx.Client(base_url=server, timeout=30) as client:
        for n in range(1, 2 * KEEPALIVE_REQUESTS + 2):
            response = client.get("/api/search", params={"q": "Stalin"})
            assert response.status_code == 200
            if response.headers.get("connection") == "close":
                closing.append(n)
    assert closing == [KEEPALIVE_REQUESTS, 2 * KEEPALIVE_REQUESTS]


def test_answers_on_a_kept_alive_connection_do_not_wait_for_delayed_acks(server: str) -> None:
    """The workers' shared socket has proto 0, on which asyncio sets no TCP_NODELAY: each
    answer after a connection's first waited ~40 ms (Linux's delayed ACK minimum) before
    its body went out. Sequential requests on one connection take a few ms."""
    import statistics

    took = []
    with httpx.Client(base_url=server, timeout=30) as client:
        for _ in range(21):
            began = time.perf_counter()
            assert client.get("/api/links", params={"limit": 1}).status_code == 200
            took.append((time.perf_counter() - began) * 1000)
    assert statistics.median(took) < 30, took
