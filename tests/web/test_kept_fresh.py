"""What the server keeps between requests (a person's documents, correspondents, network,
timeline and map; a search's hits, snippets and facets) is never served after a write: an
ingest or an edit made through another connection, as another process would, shows on the
very next request of every kept page (``cablegraph.web.kept``)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from cablegraph import corpus as corpus_api
from cablegraph.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "kept-fresh-token"
NEW_PAGE = """Skip to content

July 3, 1950

Ciphered Telegram No. 34777 from Feng Xi [Stalin] to Soviet Ambassador in Pyongyang Shtykov

Ciphered Telegram No. 34777/sh.

Pyongyang. Soviet Ambassador.

Report at once on the quokkaverse crossing at the river and the state of the bridges north of the capital.

FENG XI [Stalin].

No. 377/sh

A request from Stalin to Shtykov for a report on the quokkaverse crossing.

Document Information

Record ID

909090
"""
NEW_ID = "wda:909090"
STALIN = "person:stalin"
KEPT_PAGES = (
    "/search?q=quokkaverse",
    "/api/search?q=quokkaverse",
    f"/entities/{STALIN}",
    f"/api/entities/{STALIN}",
    f"/timeline?person={STALIN}",
    f"/api/timeline?person={STALIN}",
    f"/api/timeline/messages?person={STALIN}",
    f"/api/network?person={STALIN}",
    f"/api/map?person={STALIN}",
)


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "kept.db")
    with corpus_api.open(path) as corpus:
        assert corpus.ingest([str(ROOT / "examples" / "pages" / "wilson")]).failed == 0
    return path


def shows(text: str, doc_id: str) -> bool:
    return doc_id in text or quote(doc_id, safe="") in text


def test_an_ingest_shows_at_once_on_every_kept_page(db: str, tmp_path: Path) -> None:
    app = create_app(db)
    with TestClient(app) as client:
        for path in KEPT_PAGES:  # twice: the second answer is the kept one
            assert not shows(client.get(path).text, NEW_ID)
            assert not shows(client.get(path).text, NEW_ID)
        computed = app.state.web.views.kept.computed
        for path in KEPT_PAGES:
            client.get(path)
        assert app.state.web.views.kept.computed == computed  # all kept: nothing computed again
        page = tmp_path / "new.txt"
        page.write_text(NEW_PAGE, encoding="utf-8")
        with corpus_api.open(db) as writer:  # another connection and index, as `cablegraph ingest`
            assert writer.ingest([str(page)]).added == 1
        missing = [path for path in KEPT_PAGES if not shows(client.get(path).text, NEW_ID)]
        assert missing == []


def test_a_document_edit_and_a_curator_edit_show_at_once(db: str) -> None:
    app = create_app(db, token=TOKEN)
    with TestClient(app) as client:
        with corpus_api.open(db) as writer:
            other = writer.get("wda:111264")  # Mao Zedong to Liu Shaoqi: no Stalin in it
        assert other is not None
        before = client.get(f"/api/entities/{STALIN}").json()
        assert not shows(str(before["documents"]), other.id)
        total = client.get("/api/search", params={"person": "Joseph Stalin"}).json()["total"]
        client.get(f"/entities/{STALIN}")
        mention = {"text": "Skip", "kind": "person", "start": 0, "stop": 4, "entity_id": STALIN,
                   "name": "Joseph Stalin", "rule": "test", "confidence": 1.0}
        with corpus_api.open(db) as writer:  # an enrichment pass's edit, then its index sync
            assert writer.store.add_mentions(other.id, [mention]) == 1
            writer.sync()
        after = client.get(f"/api/entities/{STALIN}").json()
        assert [d["id"] for d in after["documents"]["mentioned"]].count(other.id) == 1
        assert shows(client.get(f"/entities/{STALIN}").text, other.id)
        assert client.get("/api/search", params={"person": "Joseph Stalin"}).json()["total"] == total + 1
        # a curator's edit of the person: shown on the next request of the kept person page
        version = after["curation"]["version"]
        response = client.post(
            f"/api/curate/entities/{STALIN}",
            json={"action": "add_name", "name": "Quokkavich"},
            headers={"Authorization": f"Bearer {TOKEN}", "If-Match": f'"{version}"'},
        )
        assert response.status_code == 200, response.text
        assert "Quokkavich" in client.get(f"/entities/{STALIN}").text
        assert "Quokkavich" in str(client.get(f"/api/entities/{STALIN}").json()["curation"])
