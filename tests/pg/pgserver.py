"""Start and stop a throwaway PostgreSQL cluster (tests and benchmarks).

Debian's ``postgresql`` package: binaries under ``/usr/lib/postgresql/<version>/bin`` (or
the directory in ``CABLEGRAPH_PG_BIN``). ``initdb`` refuses to run as root, so as root the
cluster is made and run by the ``postgres`` user in a temporary directory it owns. The
server listens on 127.0.0.1 only, on a free port, with its unix socket in that directory.
"""

from __future__ import annotations

import getpass
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


class UnavailableError(Exception):
    """PostgreSQL cannot be started here (the reason says why)."""


def bin_dir() -> Path | None:
    """Where initdb and pg_ctl are, or None when PostgreSQL is not installed."""
    if os.environ.get("CABLEGRAPH_PG_BIN"):
        return Path(os.environ["CABLEGRAPH_PG_BIN"])
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
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
    counter: itertools.count[int] = field(default_factory=itertools.count)

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(
            command, capture_output=True, text=True, check=False, cwd=self.root, timeout=120
        )

    def new_database(self) -> str:
        """Create an empty database; its URL."""
        import psycopg

        name = f"cg_{os.getpid()}_{next(self.counter)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"'.encode())
        return self.url(name)

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def start(*, durable: bool = False, settings: tuple[str, ...] = ()) -> Server:
    """initdb and start a cluster; ``durable=False`` turns fsync off (tests only)."""
    where = bin_dir()
    if where is None or not (where / "initdb").exists():
        raise UnavailableError(
            "PostgreSQL binaries not found (apt-get install postgresql, or "
            "set CABLEGRAPH_PG_BIN to the directory holding initdb and pg_ctl)"
        )
    as_postgres = os.geteuid() == 0
    if as_postgres and shutil.which("runuser") is None:
        raise UnavailableError("running as root needs runuser to start PostgreSQL as 'postgres'")
    root = Path(tempfile.mkdtemp(prefix="cablegraph-pg-"))
    if as_postgres:
        shutil.chown(root, "postgres", "postgres")
    server = Server(where, root, free_port(), as_postgres, "postgres" if as_postgres else getpass.getuser())
    made = server.run(
        "initdb",
        "-D",
        str(server.data),
        "-U",
        server.user,
        "--auth=trust",
        "--encoding=UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
    )
    if made.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {made.stderr or made.stdout}")
    options = [
        f"-c listen_addresses=127.0.0.1 -p {server.port}",
        f"-c unix_socket_directories={root}",
        "-c max_connections=100",
    ]
    if not durable:
        options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
    options += [f"-c {s}" for s in settings]
    log = root / "server.log"
    started = server.run(
        "pg_ctl", "-D", str(server.data), "-l", str(log), "-w", "-t", "60", "-o", " ".join(options), "start"
    )
    if started.returncode != 0:
        text = log.read_text(errors="replace") if log.exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"pg_ctl start failed: {started.stderr or started.stdout}\n{text}")
    return server
