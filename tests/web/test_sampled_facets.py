"""Facet counts estimated from a sample are marked as such on the search page and in the API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cablegraph.search import index as search_index
from cablegraph.web.app import create_app


def test_estimated_counts_are_marked(web_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    client = TestClient(create_app(web_db))
    exact = client.get("/search", params={"q": "Stalin"}).text
    assert "estimated from a sample" not in exact and "≈" not in exact
    documents = {"q": "Stalin", "f": "kind:document"}  # what the page shows: no listing pages
    total = client.get("/api/search", params=documents).json()["total"]
    monkeypatch.setattr(search_index, "FACET_EXACT", total - 1)  # sample level 1: half the matches
    client = TestClient(create_app(web_db))  # a new server: the first kept its exact answers
    api = client.get("/api/search", params=documents).json()
    assert api["total"] == total and 1 <= api["facets_sampled"] < total
    page = client.get("/search", params={"q": "Stalin"}).text
    assert f"estimated from a sample of {api['facets_sampled']} of the {api['total']} matches" in page
    assert "(≈" in page
