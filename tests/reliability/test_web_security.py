"""People: stored and reflected XSS over HTTP (every payload escaped), the security headers
on every response, and authorisation of every write route (no token, a wrong token, a
cross-site form post: refused, nothing changed, the audit log untouched).

The long tier loads the same pages in headless Chromium and fails if a dialog fires
(``tests/reliability/soak/xss.mjs``)."""

from __future__ import annotations

import sqlite3
from urllib.parse import quote

import httpx
import pytest

from cablegraph.web.app import SECURITY_HEADERS
from tests.reliability.kit import TOKEN
from tests.reliability.payloads import JS_URL, XSS, XSS_DOC

AUTH = {"Authorization": f"Bearer {TOKEN}"}
ENTITY = "person:razuvaev"


def _pages_with_payloads() -> list[str]:
    """Every HTML page that shows stored or reflected text, with the payloads in it."""
    pages = [
        f"/documents/{quote(XSS_DOC, safe=':')}",
        f"/entities/{ENTITY}",
        "/timeline",
        "/network",
        "/search?q=Razuvaev",
        "/search?q=telegram",
        "/",
        "/search?q=armistice+Kaesong",
    ]
    for payload in [*XSS, JS_URL]:
        q = quote(payload, safe="")
        pages += [
            f"/search?q={q}",
            f"/search?q=Stalin&person={q}",
            f"/search?q=x&date_from={q}",
            f"/documents/{q}",
            f"/entities/{q}",
            f"/timeline?person={q}",
            f"/network?person={q}",
            f"/search?q=x&type={q}&lang={q}&archive={q}",
        ]
    return pages


def _store_payloads(client: httpx.Client) -> None:
    """Curator edits that put payloads into names, notes and corrected fields."""
    edits = [
        (f"/api/curate/entities/{ENTITY}", {"action": "add_name", "name": XSS[1], "lang": XSS[0]}),
        (f"/api/curate/documents/{XSS_DOC}", {"action": "annotate", "text": XSS[2]}),
        (f"/api/curate/documents/{XSS_DOC}", {"action": "correct_field", "field": "title", "value": XSS[3]}),
        (
            f"/api/curate/documents/{XSS_DOC}",
            {"action": "correct_field", "field": "summary", "value": XSS[5]},
        ),
    ]
    for route, body in edits:
        etag = client.get(route.replace("/api/curate/", "/api/")).headers.get("ETag")
        headers = {**AUTH, **({"If-Match": etag} if etag else {})}
        response = client.post(route, json=body, headers=headers)
        assert response.status_code == 200, (route, response.text[:300])


@pytest.fixture(scope="module")
def client(server: str) -> httpx.Client:
    with httpx.Client(base_url=server, timeout=30) as opened:
        _store_payloads(opened)
        yield opened


def test_stored_and_reflected_payloads_are_escaped(client: httpx.Client) -> None:
    shown = 0
    for page in _pages_with_payloads():
        response = client.get(page)
        assert response.status_code < 500, (page, response.text[:300])
        body = response.text
        for payload in XSS:
            assert payload not in body, (page, payload)
        assert 'href="javascript:' not in body.lower(), page
        assert "<img src=x onerror" not in body and "<svg/onload" not in body, page
        shown += "&lt;script&gt;alert(" in body or "&lt;img src=x onerror" in body
    assert shown >= 5  # the payloads are on the pages, as text


def test_document_page_shows_the_stored_payloads_as_text(client: httpx.Client) -> None:
    body = client.get(f"/documents/{XSS_DOC}").text
    assert (
        "&lt;script&gt;alert(&#34;cg-xss-1&#34;)&lt;/script&gt;" in body
        or "&lt;script&gt;alert(&quot;cg-xss-1&quot;)&lt;/script&gt;" in body
    )


def test_json_api_is_never_served_as_html(client: httpx.Client) -> None:
    for route in (
        f"/api/documents/{XSS_DOC}",
        f"/api/search?q={quote(XSS[0])}",
        f"/api/documents/{quote(XSS[0], safe='')}",
        f"/api/entities/{ENTITY}",
    ):
        response = client.get(route)
        assert response.headers["content-type"].startswith("application/json"), route


def test_every_response_has_the_security_headers(client: httpx.Client) -> None:
    extra = [
        "/api/search?q=Stalin",
        "/openapi.json",
        "/api/documents/nope",
        "/no/such/page",
        "/static/nope.css",
        "/api/audit",
        "/api/links",
        "/api/timeline",
    ]
    routes = [*_pages_with_payloads()[:12], *extra]
    for route in routes:
        response = client.get(route)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (route, name)
    response = client.post("/api/curate/documents/wda:110374", json={})
    assert all(response.headers.get(n) == v for n, v in SECURITY_HEADERS.items())


# -------------------------------------------------------------------- authorisation


def _write_routes(client: httpx.Client) -> list[str]:
    """Every route that writes, from the OpenAPI document (reconcile is a read)."""
    spec = client.get("/openapi.json").json()
    routes = []
    for path, methods in spec["paths"].items():
        for method in methods:
            if method in ("post", "put", "patch", "delete") and path != "/api/reconcile":
                routes.append(path.replace("{entity_id}", ENTITY).replace("{doc_id}", "wda:110374"))
    return routes


def _curation_state(db: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        targets = conn.execute("SELECT * FROM curation_targets ORDER BY target").fetchall()
        audit = conn.execute("SELECT * FROM audit_log ORDER BY id").fetchall()
    return targets, audit


ATTEMPTS = [
    ("no token", {}, "json"),
    ("bare scheme", {"Authorization": "Bearer"}, "json"),
    ("wrong token", {"Authorization": "Bearer wrong-token"}, "json"),
    ("token prefix", {"Authorization": f"Bearer {TOKEN[:-1]}"}, "json"),
    ("token plus", {"Authorization": f"Bearer {TOKEN}x"}, "json"),
    ("basic scheme", {"Authorization": f"Basic {TOKEN}"}, "json"),
    ("lower-case scheme", {"Authorization": "bearer wrong"}, "json"),
    ("non-ascii", {"Authorization": "Bearer t\u00f6ken".encode()}, "json"),
    ("cross-site form", {"Origin": "https://evil.example", "Referer": "https://evil.example/"}, "form"),
    ("cross-site text/plain", {"Origin": "https://evil.example"}, "plain"),
    ("form with the token", {**AUTH, "Origin": "https://evil.example"}, "form"),
]


@pytest.mark.parametrize(("label", "headers", "body"), ATTEMPTS, ids=[a[0] for a in ATTEMPTS])
def test_write_routes_refuse_without_a_valid_token(
    client: httpx.Client, corpus_db: str, label: str, headers: dict[str, object], body: str
) -> None:
    routes = _write_routes(client)
    assert len(routes) >= 2
    before = _curation_state(corpus_db)
    audit_before = client.get("/api/audit", headers=AUTH).json()
    for route in routes:
        edit = {"action": "annotate", "text": "should not be stored"}
        if body == "json":
            response = client.post(route, json=edit, headers=headers)
        elif body == "form":
            response = client.post(route, data=edit, headers=headers)
        else:
            response = client.post(
                route,
                content='{"action":"annotate","text":"x"}',
                headers={**headers, "Content-Type": "text/plain"},
            )
        assert response.status_code in (401, 403, 415), (label, route, response.status_code)
        assert response.json()["error"]["status"] == response.status_code
    assert _curation_state(corpus_db) == before
    assert client.get("/api/audit", headers=AUTH).json() == audit_before


def test_curator_only_data_needs_the_token(client: httpx.Client) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        response = client.get("/api/audit", headers=headers)
        assert response.status_code == 401
        assert "entries" not in response.text


def test_read_only_server_refuses_every_write(corpus_db: str) -> None:
    from tests.reliability.kit import served

    before = _curation_state(corpus_db)
    with served(corpus_db, token=None) as url, httpx.Client(base_url=url, timeout=30) as client:
        for route in _write_routes(client):
            response = client.post(route, json={"action": "annotate", "text": "x"}, headers=AUTH)
            assert response.status_code == 403, route
        assert client.get("/api/audit", headers=AUTH).status_code == 403
    assert _curation_state(corpus_db) == before
