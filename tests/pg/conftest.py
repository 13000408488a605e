"""A real PostgreSQL server for the tests, started here and stopped at the end.

Debian's ``postgresql`` package (binaries under ``/usr/lib/postgresql/<version>/bin``, or
the directory named by ``CABLEGRAPH_PG_BIN``). ``initdb`` refuses to run as root, so when
the tests run as root the cluster is made and run by the ``postgres`` user, in a
temporary directory it owns. The server listens on 127.0.0.1 only, on a free port, with
its unix socket in that directory; each test gets a fresh database. The tests are skipped,
saying why, only when the binaries are not installed.

Also puts ``tests/store`` and ``tests/search`` on ``sys.path``, so the PostgreSQL tests
run the very checks the SQLite and in-memory backends run (``storekit``, ``searchkit``,
``test_store_interface``, ``test_search_index``).
"""

from __future__ import annotations

import getpass
import glob
import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for _kit in ("store", "search"):
    if str(HERE.parent / _kit) not in sys.path:
        sys.path.insert(0, str(HERE.parent / _kit))


def _bin_dir() -> Path | None:
    if os.environ.get("CABLEGRAPH_PG_BIN"):
        return Path(os.environ["CABLEGRAPH_PG_BIN"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running throwaway cluster: where it is and how to reach it."""

    bin: Path
    root: Path
    port: int
    as_postgres: bool
    user: str
    counter: itertools.count[int]

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=False,
                              cwd=self.root, timeout=120)

    def new_database(self) -> str:
        import psycopg

        name = f"cg_test_{os.getpid()}_{next(self.counter)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"'.encode())
        return self.url(name)


def _start() -> Iterator[Server]:
    bin_dir = _bin_dir()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        pytest.skip("PostgreSQL binaries not found (apt-get install postgresql, or set "
                    "CABLEGRAPH_PG_BIN to the directory holding initdb and pg_ctl)")
    as_postgres = os.geteuid() == 0
    if as_postgres and shutil.which("runuser") is None:
        pytest.skip("running as root needs runuser to start PostgreSQL as 'postgres'")
    root = Path(tempfile.mkdtemp(prefix="cablegraph-pg-"))
    if as_postgres:
        shutil.chown(root, "postgres", "postgres")
    server = Server(bin_dir, root, _free_port(), as_postgres,
                    "postgres" if as_postgres else getpass.getuser(), itertools.count())
    data = root / "data"
    made = server.run("initdb", "-D", str(data), "-U", server.user, "--auth=trust",
                      "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
    if made.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"initdb failed: {made.stderr or made.stdout}")
    options = (f"-c listen_addresses=127.0.0.1 -p {server.port}"
               f" -c unix_socket_directories={root} -c fsync=off"
               " -c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
    started = server.run("pg_ctl", "-D", str(data), "-l", str(root / "server.log"), "-w",
                         "-t", "60", "-o", options, "start")
    if started.returncode != 0:
        log = (root / "server.log").read_text(errors="replace") if (
            root / "server.log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"pg_ctl start failed: {started.stderr or started.stdout}\n{log}")
    try:
        yield server
    finally:
        server.run("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    yield from _start()


@pytest.fixture
def pg_url(pg_server: Server) -> str:
    """A fresh, empty database on the test server."""
    return pg_server.new_database()


@pytest.fixture
def store(pg_url: str) -> Iterator[object]:
    """The store the shared interface checks run against: PostgreSQL."""
    from cablegraph.store.postgres import PostgresStore

    backend = PostgresStore(pg_url, pool_max=4)
    yield backend
    backend.close()
