"""Curator edits on PostgreSQL: the same versions, conflicts, audit log and reverts as SQLite.

- The ``test_curation_*`` checks run against a ``Curation`` on a SQLite file and on a fresh
  PostgreSQL database (the ``where`` fixture), so both backends pass the same checks:
  versions and 412s, the audit log, reverts, reopening, and concurrent edits of one target
  from threads and from separate ``Curation`` objects (separate connections, as separate
  server processes would have): exactly one edit made against a version wins, and no
  accepted edit is lost.
- The web checks run the curator checks of ``tests/web/test_api.py`` against a server over
  a fresh PostgreSQL corpus (``create_app(url)``: the edits live in PostgreSQL), then send
  concurrent edits with one If-Match to it and to a second server over the same database.

One known difference, by design: PostgreSQL ``text`` cannot hold NUL, so NUL in a target is
stored as U+FFFD there and kept on SQLite (``test_curation_nul_in_target``).
"""

from __future__ import annotations

import itertools
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from pgserver import Server
from test_pg_api import SEEDS, build_app, serve

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the shared checks live in the ``tests`` package
    sys.path.insert(0, str(ROOT))

import tests.web.test_api as shared  # noqa: E402
from tests.web.conftest import XSS_PAGE  # noqa: E402

from cablegraph import corpus as corpus_api  # noqa: E402
from cablegraph.store.postgres import PostgresStore  # noqa: E402
from cablegraph.web import curation as curation_module  # noqa: E402
from cablegraph.web.curation import ConflictError, Curation, CurationError  # noqa: E402

# The curator checks of the web tests, in their order (the first expects no edits yet).
WEB_CHECKS = ["test_writes_need_a_token_and_change_nothing", "test_two_curators_one_entity_second_gets_412"]
AUTH = shared.AUTH
TARGET = "entity:person:stalin"


@pytest.fixture(params=["sqlite", "postgresql"])
def where(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where the curator tables live: a SQLite file, or a fresh PostgreSQL database's URL."""
    return (
        str(tmp_path / "corpus.db") if request.param == "sqlite" else str(request.getfixturevalue("pg_url"))
    )


@pytest.fixture
def curation(where: str) -> Iterator[Curation]:
    opened = Curation(where)
    yield opened
    opened.close()


def run_together(n: int, edit: Callable[[int], Any]) -> list[Any]:
    """``edit(0) .. edit(n - 1)`` in ``n`` threads released at once; each result or exception."""
    start = threading.Barrier(n)

    def one(i: int) -> Any:
        start.wait()
        try:
            return edit(i)
        except Exception as exc:  # the caller counts them
            return exc

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(one, range(n)))


def slowed(edited: Callable[..., Any], seconds: float, inside: threading.Event | None = None) -> Any:
    """``edited`` (``curation._edited``) taking ``seconds`` longer, inside the edit's transaction."""

    def slow(*args: Any) -> Any:
        if inside is not None:
            inside.set()
        time.sleep(seconds)
        return edited(*args)

    return slow


# -- the Curation class on both backends -------------------------------------------------------


def test_curation_versions_conflicts_audit_and_revert(curation: Curation) -> None:
    assert curation.read(TARGET).version == 0 and curation.read(TARGET).data == {}
    first = curation.apply(TARGET, "add_name", {"name": " Сталин "}, who="ann", if_match=0)
    assert first.version == 1 and first.data == {
        "names": [{"text": "Сталин", "lang": None, "system": "variant"}]
    }
    with pytest.raises(ConflictError, match="at version 1, not 0"):
        curation.apply(TARGET, "add_name", {"name": "Stalin"}, who="bob", if_match=0)
    with pytest.raises(ConflictError, match="If-Match"):
        curation.apply(TARGET, "add_name", {"name": "Stalin"}, who="bob", if_match=None)
    with pytest.raises(CurationError, match="unknown action"):
        curation.apply(TARGET, "delete", {}, who="bob", if_match=1)
    with pytest.raises(CurationError, match="cannot be corrected"):
        curation.apply(TARGET, "correct_field", {"field": "id", "value": "x"}, who="bob", if_match=1)
    with pytest.raises(CurationError, match="name"):
        curation.apply(TARGET, "add_name", {"name": "  "}, who="bob", if_match=1)
    assert curation.read(TARGET) == first and len(curation.audit()) == 1  # refused edits change nothing

    merged = curation.apply(TARGET, "merge", {"into": "person:dzhugashvili"}, who="bob", if_match=1)
    curation.apply(TARGET, "annotate", {"text": "a note"}, who="bob", if_match=2)
    split = curation.apply(TARGET, "split", {}, who="ann", if_match=3)
    assert merged.data["merged_into"] == "person:dzhugashvili" and "merged_into" not in split.data
    assert split.version == 4 and split.data["notes"] == [{"text": "a note"}]
    doc = curation.apply(
        "document:wda:1", "correct_field", {"field": "title", "value": "T"}, who="c", if_match=0
    )
    assert doc.version == 1 and curation.read("document:wda:1").data == {"corrections": {"title": "T"}}

    log = curation.audit(TARGET)
    assert [e["action"] for e in log] == ["split", "annotate", "merge", "add_name"]  # newest first
    assert [e["who"] for e in log] == ["ann", "bob", "bob", "ann"]
    assert log[-1]["before"] == {} and log[-1]["after"] == first.data and log[0]["after"] == split.data
    assert [e["id"] for e in curation.audit()] == sorted((e["id"] for e in curation.audit()), reverse=True)
    assert len(curation.audit()) == 5 and len(curation.audit(limit=2)) == 2
    assert curation.audit_entry(log[2]["id"]) == log[2] and curation.audit_entry(10**30) is None

    merge_id = log[2]["id"]
    reverted = curation.apply(TARGET, "revert", {"audit_id": merge_id}, who="ann", if_match=4)
    assert reverted.version == 5 and reverted.data == first.data  # as before the merge
    assert curation.audit(TARGET, limit=1)[0]["action"] == "revert"
    for missing in (10**9, 10**30, -1):
        with pytest.raises(CurationError, match="no audit entry"):
            curation.apply(TARGET, "revert", {"audit_id": missing}, who="ann", if_match=5)
    assert curation.read(TARGET) == reverted


def test_curation_survives_reopening(where: str) -> None:
    first = Curation(where)
    edit = first.apply(TARGET, "annotate", {"text": "kept"}, who="ann", if_match=0)
    log = first.audit()
    first.close()
    again = Curation(where)  # the tables exist: created once, not again
    assert again.read(TARGET) == edit and again.audit() == log
    assert again.apply(TARGET, "annotate", {"text": "more"}, who="ann", if_match=1).version == 2
    again.close()


@pytest.mark.parametrize("separate", [False, True], ids=["one-object", "separate-objects"])
def test_curation_concurrent_edits_one_version_one_winner(where: str, separate: bool) -> None:
    """Eight edits made against version 0 at once: exactly one is applied, seven are 412."""
    objects = [Curation(where) for _ in range(8 if separate else 1)]
    try:
        results = run_together(
            8,
            lambda i: objects[i % len(objects)].apply(
                TARGET, "add_name", {"name": f"n{i}"}, who=f"c{i}", if_match=0
            ),
        )
        won = [r for r in results if not isinstance(r, Exception)]
        assert len(won) == 1 and all(isinstance(r, ConflictError) for r in results if r not in won), results
        assert objects[0].read(TARGET) == won[0] and won[0].version == 1
        assert len(objects[0].audit(TARGET)) == 1
    finally:
        for each in objects:
            each.close()


def test_curation_edit_in_progress_holds_its_target(where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second edit of a target waits for the first one's transaction, then sees its version.

    The edit is slowed down inside the transaction, so without the lock both would read
    version 0 and both would be applied (a lost update); a second ``Curation`` (its own
    connection, as another server process has) makes the database do the locking.
    """
    inside = threading.Event()
    monkeypatch.setattr(curation_module, "_edited", slowed(curation_module._edited, 0.5, inside))
    one, two = Curation(where), Curation(where)
    try:
        with ThreadPoolExecutor(1) as pool:
            first = pool.submit(one.apply, TARGET, "add_name", {"name": "first"}, who="a", if_match=0)
            assert inside.wait(10)
            with pytest.raises(ConflictError, match="at version 1, not 0"):
                two.apply(TARGET, "add_name", {"name": "second"}, who="b", if_match=0)
            assert first.result().version == 1
        other = two.apply("entity:person:mao-zedong", "annotate", {"text": "x"}, who="b", if_match=0)
        assert other.version == 1  # other targets are not held
        assert [n["text"] for n in two.read(TARGET).data["names"]] == ["first"]
    finally:
        one.close()
        two.close()


@pytest.mark.parametrize("separate", [False, True], ids=["one-object", "separate-objects"])
def test_curation_no_lost_updates(where: str, separate: bool) -> None:
    """Six curators each make five edits of one target, retrying on 412: all 30 are kept."""
    objects = [Curation(where) for _ in range(6 if separate else 1)]

    def curator(i: int) -> int:
        mine = objects[i % len(objects)]
        conflicts = 0
        for k in range(5):
            while True:
                seen = mine.read(TARGET).version
                try:
                    mine.apply(TARGET, "annotate", {"text": f"{i}.{k}"}, who=f"c{i}", if_match=seen)
                    break
                except ConflictError:
                    conflicts += 1
        return conflicts

    try:
        results = run_together(6, curator)
        assert all(isinstance(r, int) for r in results), results
        final = objects[0].read(TARGET)
        assert final.version == 30
        assert sorted(n["text"] for n in final.data["notes"]) == sorted(
            f"{i}.{k}" for i in range(6) for k in range(5)
        )
        log = objects[0].audit(TARGET, limit=100)
        assert len(log) == 30
        for newer, older in itertools.pairwise(log):  # each edit starts where the last ended
            assert newer["before"] == older["after"]
    finally:
        for each in objects:
            each.close()


def test_curation_tables_created_once_by_concurrent_openers(where: str) -> None:
    results = run_together(6, lambda i: Curation(where))
    assert all(isinstance(r, Curation) for r in results), results
    assert results[0].apply(TARGET, "annotate", {"text": "x"}, who="a", if_match=0).version == 1
    for each in results:
        each.close()


def test_curation_nul_in_target(curation: Curation, where: str) -> None:
    target = "entity:person:a\x00b"
    edit = curation.apply(target, "annotate", {"text": "nul \x00 in text"}, who="a", if_match=0)
    assert curation.read(target) == edit and edit.data == {"notes": [{"text": "nul \x00 in text"}]}
    stored = curation.audit(limit=1)[0]["target"]
    assert stored == (target.replace("\x00", "\ufffd") if where.startswith("postgresql") else target)


def test_curation_borrows_a_store_pool(pg_url: str) -> None:
    store = PostgresStore(pg_url, pool_max=2)
    borrowed = Curation(store)
    assert borrowed.apply(TARGET, "annotate", {"text": "x"}, who="a", if_match=0).version == 1
    borrowed.close()  # the store's pool stays open
    assert not store.pool.closed and Curation(pg_url).read(TARGET).version == 1
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT target, version FROM curation_targets").fetchall() == [(TARGET, 1)]
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone() == (1,)
    store.close()


# -- the web app over a PostgreSQL corpus ------------------------------------------------------


@pytest.fixture(scope="module")
def pg_corpus(pg_server: Server, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh PostgreSQL corpus of the web tests' pages (no curator edits yet)."""
    folder = tmp_path_factory.mktemp("pgcuration")
    (folder / "xss.txt").write_text(XSS_PAGE, encoding="utf-8")
    url = pg_server.new_database()
    with corpus_api.open(url) as corpus:
        assert corpus.ingest([str(SEEDS), str(folder / "xss.txt")]).failed == 0
    return url


@pytest.fixture(scope="module")
def pg_servers(pg_corpus: str) -> Iterator[list[str]]:
    """Two servers (as two worker processes would be) over the same PostgreSQL corpus."""
    with ExitStack() as stack:
        yield [stack.enter_context(serve(build_app(pg_corpus))) for _ in range(2)]


@pytest.mark.parametrize("name", WEB_CHECKS)  # in this order: the first expects no edits yet
def test_web_curation_checks_on_postgresql(name: str, pg_servers: list[str]) -> None:
    getattr(shared, name)(pg_servers[0])


@pytest.mark.parametrize("entity", ["person:krasovsky", "person:mao-zedong"])
def test_web_concurrent_edits_one_if_match_one_winner(
    pg_servers: list[str], entity: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eight posts with one If-Match, to two servers at once: one 200, seven 412.

    Each edit is slowed down inside its transaction (the servers run in this process), so
    the posts overlap: without the database's lock several would be applied.
    """
    monkeypatch.setattr(curation_module, "_edited", slowed(curation_module._edited, 0.3))
    etag = httpx.get(f"{pg_servers[0]}/api/entities/{entity}", timeout=30).headers["ETag"]

    def post(i: int) -> httpx.Response:
        return httpx.post(
            f"{pg_servers[i % 2]}/api/curate/entities/{entity}",
            json={"action": "add_name", "name": f"Name {i}"},
            headers=AUTH | {"If-Match": etag},
            timeout=30,
        )

    responses = run_together(8, post)
    codes = sorted(r.status_code for r in responses)
    assert codes == [200] + [412] * 7, [r.text[:200] for r in responses]
    winner = next(r for r in responses if r.status_code == 200)
    assert all(r.json()["error"]["code"] == "precondition_failed" for r in responses if r is not winner)
    for url in pg_servers:  # both servers read the one version from the database
        after = httpx.get(f"{url}/api/entities/{entity}", timeout=30)
        assert after.headers["ETag"] == winner.headers["ETag"] == f'"{int(etag.strip(chr(34))) + 1}"'
        assert after.json()["curation"]["names"] == winner.json()["data"]["names"]
    log = httpx.get(
        f"{pg_servers[1]}/api/audit", params={"target": f"entity:{entity}"}, headers=AUTH, timeout=30
    )
    assert len(log.json()["entries"]) == 1


def test_web_document_edit_and_revert_on_postgresql(pg_servers: list[str]) -> None:
    first, second = pg_servers
    doc = httpx.get(f"{first}/api/documents/wda:110371", timeout=30)
    edit = httpx.post(
        f"{first}/api/curate/documents/wda:110371",
        json={"action": "correct_field", "field": "title", "value": "Corrected"},
        headers=AUTH | {"If-Match": doc.headers["ETag"]},
        timeout=30,
    )
    assert edit.status_code == 200
    seen = httpx.get(f"{second}/api/documents/wda:110371", timeout=30).json()["curation"]
    assert seen == {"version": 1, "corrections": {"title": "Corrected"}}
    stale = httpx.post(
        f"{second}/api/curate/documents/wda:110371",
        json={"action": "annotate", "text": "late"},
        headers=AUTH | {"If-Match": doc.headers["ETag"]},
        timeout=30,
    )
    assert stale.status_code == 412
    entry = httpx.get(
        f"{second}/api/audit", params={"target": "document:wda:110371"}, headers=AUTH, timeout=30
    )
    [logged] = entry.json()["entries"]
    revert = httpx.post(
        f"{second}/api/curate/documents/wda:110371",
        json={"action": "revert", "audit_id": logged["id"]},
        headers=AUTH | {"If-Match": edit.headers["ETag"]},
        timeout=30,
    )
    assert revert.status_code == 200 and revert.json() == {
        "target": "document:wda:110371",
        "version": 2,
        "data": {},
    }
