"""Shared helpers of the reliability suite: the fast tier (pytest) and the long tier
(``benchmarks/soak.py``) call the same functions with different budgets."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from cablegraph.errors import CablegraphError

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "examples" / "pages"
TEI = ROOT / "examples" / "tei"
HTML = ROOT / "tests" / "fixtures" / "html"
FUZZ_FIXTURES = ROOT / "tests" / "fixtures" / "invalid" / "fuzz"
TOKEN = "reliability-curator-token"
PYTHON = sys.executable


def seed_pages() -> list[Path]:
    """Every real text page shipped in examples/pages (seeds, Wilson, FRUS, listings)."""
    return sorted(PAGES.rglob("*.txt"))


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in seed_pages()]


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0..1); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def record_crash(reader: str, data: bytes, exc: BaseException) -> Path:
    """Keep an input that crashed ``reader`` as a regression fixture (one file per case)."""
    FUZZ_FIXTURES.mkdir(parents=True, exist_ok=True)
    name = f"{reader}-{hashlib.sha256(data).hexdigest()[:12]}.case"
    target = FUZZ_FIXTURES / name
    target.write_bytes(data)
    (FUZZ_FIXTURES / (name + ".why")).write_text(f"{type(exc).__name__}: {exc}\n", encoding="utf-8")
    return target


def only_our_errors(reader: str, data: bytes, call: object) -> object:
    """Run ``call()``; a CablegraphError is fine, anything else is a crash (kept when
    CABLEGRAPH_FUZZ_SAVE=1, as the soak sets it) and re-raised."""
    try:
        return call()  # type: ignore[operator]
    except CablegraphError:
        return None
    except Exception as exc:
        if os.environ.get("CABLEGRAPH_FUZZ_SAVE") == "1":
            record_crash(reader, data, exc)
        raise


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def served(db: str, *, token: str | None = TOKEN, startup: float = 60) -> Iterator[str]:
    """A real ``cablegraph serve`` over ``db`` in a subprocess; yields its base URL."""
    port = free_port()
    env = dict(os.environ)
    env.pop("CABLEGRAPH_CURATOR_TOKEN", None)
    if token is not None:
        env["CABLEGRAPH_CURATOR_TOKEN"] = token
    process = subprocess.Popen(
        [PYTHON, "-m", "cablegraph.cli", "serve", "--db", db, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + startup
    try:
        while True:
            try:
                if httpx.get(url + "/api/search?q=", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                err = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"server did not start: {err[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
