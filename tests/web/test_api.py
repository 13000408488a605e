"""The HTTP API over a real database and a real server."""

from __future__ import annotations

import json

import httpx
from openapi_spec_validator import validate

from tests.web.conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_openapi_document_validates(server: str) -> None:
    spec = httpx.get(server + "/openapi.json").json()
    validate(spec)
    for path in (
        "/api/search",
        "/api/documents/{doc_id}",
        "/api/entities/{entity_id}",
        "/api/links",
        "/api/timeline",
        "/api/network",
        "/api/reconcile",
    ):
        assert path in spec["paths"], path


def test_search_with_facets_and_paging(server: str) -> None:
    body = httpx.get(server + "/api/search", params={"q": "Stalin", "limit": 2}).json()
    assert body["total"] >= 4 and len(body["hits"]) == 2 and "sender" in body["facets"]
    second = httpx.get(server + "/api/search", params={"q": "Stalin", "limit": 2, "offset": 2}).json()
    assert {h["id"] for h in body["hits"]}.isdisjoint(h["id"] for h in second["hits"])


def test_hostile_queries_get_no_5xx(server: str) -> None:
    for query in ['"', "AND OR", "*", "(", "No. 26044", "\u202e\u0000x", "x" * 10_000, "person:", "Кіm"]:
        response = httpx.get(server + "/api/search", params={"q": query})
        assert response.status_code == 200, (query, response.text[:200])


def test_one_error_shape(server: str) -> None:
    for response in (
        httpx.get(server + "/api/documents/nope"),
        httpx.get(server + "/api/entities/person:nobody"),
        httpx.get(server + "/api/search", params={"limit": "lots"}),
        httpx.get(server + "/api/search", params={"q": "x", "from": "not a date"}),
    ):
        error = response.json()["error"]
        assert set(error) == {"status", "code", "message"} and error["status"] == response.status_code
        assert 400 <= response.status_code < 500
        assert "Traceback" not in response.text


def test_document_etag(server: str) -> None:
    first = httpx.get(server + "/api/documents/wda:110374")
    assert first.status_code == 200 and first.json()["envelope"]["number"] == "3917"
    again = httpx.get(server + "/api/documents/wda:110374", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_entity_links_timeline_network(server: str) -> None:
    mao = httpx.get(server + "/api/entities/person:mao-zedong").json()
    assert mao["name"] == "Mao Zedong" and mao["documents"]["recipient"]
    links = httpx.get(server + "/api/links", params={"kind": "reply_to"}).json()["links"]
    assert {"source": "wda:110374", "target": "wda:110371"}.items() <= links[0].items()
    events = httpx.get(server + "/api/timeline").json()["events"]
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)
    graph = httpx.get(server + "/api/network").json()
    assert any(e["source"] == "person:stalin" and e["target"] == "person:krasovsky" for e in graph["edges"])


def test_reconciliation_service(server: str) -> None:
    assert httpx.get(server + "/api/reconcile").json()["name"] == "Cablegraph authority"
    queries = {
        "q0": {"query": "Mao Tse-tung"},
        "q1": {"query": "Кайдзио", "type": "place"},
        "q2": {"query": "Nobody"},
    }
    result = httpx.post(server + "/api/reconcile", data={"queries": json.dumps(queries)}).json()
    assert result["q0"]["result"][0]["id"] == "person:mao-zedong"
    assert result["q1"]["result"][0]["id"] == "place:kaesong"
    assert result["q2"]["result"] == []


def test_security_headers_on_every_page(server: str) -> None:
    for path in ("/", "/search?q=x", "/documents/wda:110374", "/api/search", "/nope"):
        headers = httpx.get(server + path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


def test_pages_escape_archive_text(server: str) -> None:
    page = httpx.get(server + "/documents/wda:424242").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    reflected = httpx.get(server + "/search", params={"q": "<script>alert(9)</script>"}).text
    assert "<script>alert(9)" not in reflected
    missing = httpx.get(server + "/documents/<script>alert(5)</script>").text
    assert "alert(5)" not in missing


def test_writes_need_a_token_and_change_nothing(server: str) -> None:
    target = server + "/api/curate/entities/person:razuvaev"
    edit = {"action": "add_name", "name": "Разуваев"}
    assert httpx.post(target, json=edit).status_code == 401
    assert httpx.post(target, json=edit, headers={"Authorization": "Bearer wrong"}).status_code == 401
    form = httpx.post(target, data={"action": "add_name", "name": "x"}, headers=AUTH | {"If-Match": '"0"'})
    assert form.status_code == 415  # a cross-site form post cannot send JSON
    entity = httpx.get(server + "/api/entities/person:razuvaev").json()
    assert entity["curation"] == {"version": 0}
    assert httpx.get(server + "/api/audit", headers=AUTH).json()["entries"] == []


def test_two_curators_one_entity_second_gets_412(server: str) -> None:
    target = server + "/api/curate/entities/person:gromyko"
    etag = httpx.get(server + "/api/entities/person:gromyko").headers["ETag"]
    first = httpx.post(
        target, json={"action": "add_name", "name": "Громыко А.А."}, headers=AUTH | {"If-Match": etag}
    )
    second = httpx.post(
        target, json={"action": "add_name", "name": "Gromyko A."}, headers=AUTH | {"If-Match": etag}
    )
    assert first.status_code == 200 and second.status_code == 412
    assert second.json()["error"]["code"] == "precondition_failed"
    log = httpx.get(server + "/api/audit", params={"target": "entity:person:gromyko"}, headers=AUTH).json()[
        "entries"
    ]
    assert len(log) == 1 and log[0]["after"]["names"][0]["text"] == "Громыко А.А."
    revert = httpx.post(
        target,
        json={"action": "revert", "audit_id": log[0]["id"]},
        headers=AUTH | {"If-Match": first.headers["ETag"]},
    )
    assert revert.status_code == 200 and revert.json()["data"] == {}


def test_network_filtered_by_dates(server: str) -> None:
    everything = httpx.get(server + "/api/network").json()
    june = httpx.get(server + "/api/network", params={"from": "1951-06-01", "to": "1951-06-30"}).json()
    assert 0 < len(june["edges"]) < len(everything["edges"])
    bad = httpx.get(server + "/api/network", params={"from": "June"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_date"
