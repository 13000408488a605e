"""A real PostgreSQL server for the tests, started here and stopped at the end.

``pgserver.start`` makes a cluster in a temporary directory (as the ``postgres`` user when
the tests run as root, since ``initdb`` refuses root), listening on 127.0.0.1 only on a
free port with its unix socket in that directory; each test gets a fresh database. The
tests are skipped, saying why, only when the PostgreSQL binaries are not installed.

Also puts ``tests/store`` and ``tests/search`` on ``sys.path``, so the PostgreSQL tests
run the very checks the SQLite and in-memory backends run (``storekit``, ``searchkit``,
``test_store_interface``, ``test_search_index``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for _kit in ("store", "search"):
    if str(HERE.parent / _kit) not in sys.path:
        sys.path.insert(0, str(HERE.parent / _kit))

from pgserver import Server, UnavailableError, start  # noqa: E402  (needs the path above)

from cablegraph.store.postgres import PostgresStore  # noqa: E402


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    try:
        server = start()
    except UnavailableError as exc:
        pytest.skip(str(exc))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: Server) -> str:
    """A fresh, empty database on the test server."""
    return pg_server.new_database()


@pytest.fixture
def store(pg_url: str) -> Iterator[PostgresStore]:
    """The store the shared interface checks run against: PostgreSQL."""
    backend = PostgresStore(pg_url, pool_max=4)
    yield backend
    backend.close()
