"""``/docs`` (issue 17): the API reference served from vendored Swagger UI files (no CDN,
the CSP unchanged), every parameter described, an "API" link in every page's header."""

from __future__ import annotations

import re

import httpx

from cablegraph.web.app import SECURITY_HEADERS

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def test_docs_page_loads_only_local_assets(server: str) -> None:
    response = httpx.get(server + "/docs", timeout=30)
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == CSP == SECURITY_HEADERS["Content-Security-Policy"]
    html = response.text
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in assets
    assert "/static/vendor/swagger-ui/swagger-ui.css" in assets
    assert not [a for a in assets if re.match(r"(https?:)?//", a)], assets
    assert "<script>" not in html  # no inline script: the CSP would block it
    for asset in assets:
        if asset.startswith("/static/"):
            fetched = httpx.get(server + asset, timeout=30)
            assert fetched.status_code == 200, asset
    bundle = httpx.get(server + "/static/vendor/swagger-ui/swagger-ui-bundle.js", timeout=30)
    assert "javascript" in bundle.headers["content-type"] and "SwaggerUIBundle" in bundle.text
    assert "sourceMappingURL" not in bundle.text  # no request for a file that is not there


def test_every_api_parameter_is_described(server: str) -> None:
    spec = httpx.get(server + "/openapi.json", timeout=30).json()
    undescribed = [
        f"{method.upper()} {path} {param['in']}:{param['name']}"
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        for param in operation.get("parameters", [])
        if not (param.get("description") or "").strip()
    ]
    assert not undescribed, undescribed
    assert len(spec["paths"]) >= 10


def test_every_page_links_to_the_api(server: str) -> None:
    for path in ("/", "/search?q=Stalin", "/documents/wda%3A110374", "/timeline", "/network", "/docs"):
        html = httpx.get(server + path, timeout=30).text
        header = re.search(r'<header class="top">(.*?)</header>', html, re.S)
        assert header and '<a href="/docs">API</a>' in header.group(1), path
