"""The HTTP API over a PostgreSQL corpus: the checks of ``tests/web/test_api.py``, then the
same answers as over SQLite.

Two real servers (uvicorn, in threads of this process) serve ``create_app`` over the same
pages (the seeds and the hostile page of ``tests/web/conftest.py``), one on a SQLite file
and one on a PostgreSQL database. ``test_web_checks_on_postgresql`` runs each ``test_*``
function of ``tests/web/test_api.py`` (in their order: some edit, later ones expect it)
against the PostgreSQL server; the ``test_same_*`` checks compare the two servers' answers
(search as sets of ids and facet counts: ranking scores differ by design).

Curator edits are kept in each server's own database (``cablegraph.web.curation``), so the
PostgreSQL server's edits, versions and audit log are in PostgreSQL; ``test_pg_curation.py``
checks them further (concurrent edits of one target included).
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import uvicorn
from fastapi import FastAPI
from pgserver import Server

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the shared checks live in the ``tests`` package
    sys.path.insert(0, str(ROOT))

import tests.web.test_api as shared  # noqa: E402
from tests.web.conftest import TOKEN, XSS_PAGE  # noqa: E402

from cablegraph import corpus as corpus_api  # noqa: E402
from cablegraph.link.table import LinkTable  # noqa: E402
from cablegraph.web import app as web_app  # noqa: E402

CHECKS: dict[str, Callable[..., Any]] = {
    name: fn for name, fn in vars(shared).items() if name.startswith("test_") and callable(fn)
}
SEEDS = ROOT / "examples" / "pages" / "seeds"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_app(db: str) -> FastAPI:
    """``create_app(db)`` with the curator token of the shared checks."""
    return web_app.create_app(db, token=TOKEN)


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` on a free port in a thread of this process; its URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def dbs(pg_server: Server, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """``{"sqlite": file, "postgresql": url}``: two corpora of the same pages (not yet linked)."""
    folder = tmp_path_factory.mktemp("pgweb")
    (folder / "xss.txt").write_text(XSS_PAGE, encoding="utf-8")
    found = {"sqlite": str(folder / "web.db"), "postgresql": pg_server.new_database()}
    for db in found.values():
        with corpus_api.open(db) as corpus:
            assert corpus.ingest([str(SEEDS), str(folder / "xss.txt")]).failed == 0
    return found


@pytest.fixture(scope="module")
def servers(dbs: dict[str, str]) -> Iterator[dict[str, str]]:
    """``{"sqlite": url, "postgresql": url}``: the two servers over the same pages."""
    with ExitStack() as stack:
        yield {name: stack.enter_context(serve(build_app(db))) for name, db in dbs.items()}


@pytest.fixture(scope="module")
def pg_web(servers: dict[str, str]) -> str:
    return servers["postgresql"]


@pytest.mark.parametrize("name", list(CHECKS))  # in the module's order: later checks expect earlier edits
def test_web_checks_on_postgresql(name: str, pg_web: str) -> None:
    CHECKS[name](pg_web)


def test_create_app_on_postgresql(pg_url: str) -> None:
    """``create_app`` starts on a ``postgresql://`` URL (an empty corpus), its curator tables there."""
    app = web_app.create_app(pg_url, token=TOKEN)
    with serve(app) as url:  # on exit the server runs the app's shutdown: the pools close
        assert httpx.get(url + "/api/search", params={"q": ""}, timeout=30).json()["total"] == 0
        assert httpx.get(url + "/api/audit", headers=shared.AUTH, timeout=30).json() == {"entries": []}
    with psycopg.connect(pg_url) as conn:
        tables = conn.execute(
            "SELECT to_regclass('curation_targets') IS NOT NULL, to_regclass('audit_log') IS NOT NULL"
        ).fetchone()
    assert tables == (True, True)


# -- the same answers on both backends ---------------------------------------------------------


def both(servers: dict[str, str], path: str, **params: Any) -> tuple[Any, Any]:
    """The JSON of ``path`` from the SQLite and the PostgreSQL server (both must answer 200)."""
    answers = []
    for url in (servers["sqlite"], servers["postgresql"]):
        response = httpx.get(url + path, params=params, timeout=30)
        assert response.status_code == 200, (url, path, params, response.text[:300])
        answers.append(response.json())
    return answers[0], answers[1]


def ids(servers: dict[str, str]) -> list[str]:
    body = both(servers, "/api/search", q="", limit=200)[0]
    return sorted(h["id"] for h in body["hits"])


SEARCHES: list[dict[str, Any]] = [
    {"q": ""},
    {"q": "Stalin"},
    {"q": "Kaesong"},
    {"q": "перемирие"},
    {"q": "Filippov"},
    {"q": '"Mao Zedong"'},
    {"q": "", "person": "Stalin"},
    {"q": "", "from": "1951-06", "to": "1951-12"},
    {"q": "telegram", "type": "Telegram"},
    {"q": "", "lang": "ru"},
    {"q": "nothing-like-this-anywhere"},
]


@pytest.mark.parametrize("params", SEARCHES, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()))
def test_same_search(servers: dict[str, str], params: dict[str, Any]) -> None:
    lite, pg = both(servers, "/api/search", limit=200, **params)
    assert pg["total"] == lite["total"]
    assert (lite["total"] > 0) == (params["q"] != "nothing-like-this-anywhere")
    assert {h["id"] for h in pg["hits"]} == {h["id"] for h in lite["hits"]}
    assert pg["facets"] == lite["facets"]


def test_same_documents(servers: dict[str, str]) -> None:
    every = ids(servers)
    assert len(every) == 6
    for doc_id in every:
        lite, pg = both(servers, f"/api/documents/{doc_id}")
        for body in (lite, pg):
            for source in body["sources"]:
                source.pop("added_at", None)  # when it was ingested
        assert pg == lite, doc_id


def test_same_links_and_threads(servers: dict[str, str], dbs: dict[str, str]) -> None:
    lite, pg = both(servers, "/api/links", limit=1000)
    assert pg == lite and lite["total"] > 0
    table = LinkTable(dbs["postgresql"])  # the app linked the corpus into PostgreSQL itself
    assert table.count() == lite["total"]
    table.close()
    for params in ({"kind": k} for k in ("reply_to", "relays", "references", "near_duplicate")):
        lite, pg = both(servers, "/api/links", **params)
        assert pg == lite, params
    lite, pg = both(servers, "/api/links", limit=2, offset=3)
    assert pg == lite and len(lite["links"]) == 2
    for doc_id in ids(servers):
        lite, pg = both(servers, "/api/links", document=doc_id)
        assert pg == lite, doc_id
        lite, pg = both(servers, f"/api/threads/{doc_id}")
        assert pg == lite, doc_id


@pytest.mark.parametrize(
    "params", [{}, {"person": "Stalin"}, {"person": "Mao Zedong"}, {"limit": 3, "offset": 2}]
)
def test_same_timeline(servers: dict[str, str], params: dict[str, Any]) -> None:
    lite, pg = both(servers, "/api/timeline", **params)
    assert pg == lite and lite["total"] > 0


@pytest.mark.parametrize(
    "params", [{}, {"person": "Stalin"}, {"from": "1951-06-01", "to": "1951-06-30"}, {"from": "1952"}]
)
def test_same_network(servers: dict[str, str], params: dict[str, Any]) -> None:
    lite, pg = both(servers, "/api/network", **params)
    key: Callable[[dict[str, Any]], str] = repr
    assert sorted(pg["nodes"], key=key) == sorted(lite["nodes"], key=key)
    assert sorted(pg["edges"], key=key) == sorted(lite["edges"], key=key) and lite["edges"]


@pytest.mark.parametrize("entity", ["person:stalin", "person:mao-zedong", "place:kaesong"])
def test_same_entities(servers: dict[str, str], entity: str) -> None:
    lite, pg = both(servers, f"/api/entities/{entity}")
    lite.pop("curation"), pg.pop("curation")  # the curator checks above edit only one server
    assert pg == lite


def test_same_stats_on_the_home_page(servers: dict[str, str]) -> None:
    pages = [httpx.get(url + "/", timeout=30) for url in (servers["sqlite"], servers["postgresql"])]
    assert [p.status_code for p in pages] == [200, 200]
    assert pages[1].text == pages[0].text and "Stalin" in pages[0].text
