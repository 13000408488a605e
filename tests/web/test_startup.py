"""What a server does before its first request."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cablegraph.resolve import Authority
from cablegraph.web.app import create_app


def test_the_authority_is_read_whole_before_the_first_request(
    web_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The archive layer (FRUS persons, office holders) is read on first use, ~1 s: a
    server that read it at its first searches kept them waiting, and under load they ran
    into the query timeout (503). Now the startup reads it."""
    fresh = Authority.load(include_builtin=True)  # its own archive layer, not read yet
    assert fresh.archive is not None and "_loaded" not in vars(fresh.archive)
    monkeypatch.setattr(Authority, "builtin", staticmethod(lambda: fresh))
    app = create_app(web_db)
    assert "_loaded" not in vars(fresh.archive)
    with TestClient(app) as client:
        assert "_loaded" in vars(fresh.archive)
        assert client.get("/api/search", params={"q": "Kaesong"}).status_code == 200
