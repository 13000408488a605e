"""Hostile search input through the library, the CLI, the JSON API and the web form: no
error, no 5xx, and prefix and phrase searches still work afterwards."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablegraph import corpus as corpus_api
from cablegraph.cli import main
from tests.reliability.payloads import BIDI, CONTROL, HOSTILE_QUERIES

FILTERS = ["person", "place", "via", "type", "lang", "archive"]


@pytest.fixture(scope="module")
def corpus(corpus_db: str) -> Iterator[corpus_api.Corpus]:
    with corpus_api.open(corpus_db) as opened:
        yield opened


def _still_works(search: object) -> None:
    """Prefix, phrase and plain searches give their known hits."""
    prefix = search("Stal*")  # type: ignore[operator]
    phrase = search('"armistice negotiations"')  # type: ignore[operator]
    cyrillic = search("перемир*")  # type: ignore[operator]
    assert "wda:110374" in prefix
    assert "wda:110374" in phrase
    assert "wda:110374" in cyrillic


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_library_search_takes_any_text(corpus: corpus_api.Corpus, query: str) -> None:
    result = corpus.search(query, limit=5)
    assert result.hits is not None


@pytest.mark.parametrize("name", FILTERS)
def test_library_filters_take_any_text(corpus: corpus_api.Corpus, name: str) -> None:
    for value in ['"', "*", "' OR 1=1 --", CONTROL, BIDI, "Ѕtalin", "x" * 10_000]:
        corpus.search("Stalin", **{name: value}, limit=3)  # type: ignore[arg-type]


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
    | st.lists(st.sampled_from([*HOSTILE_QUERIES[:60], "Stalin", "Kim", "Kaesong"]), max_size=6).map(" ".join)
)
def test_library_search_generated(corpus: corpus_api.Corpus, query: str) -> None:
    corpus.search(query, limit=3, facets=False)


def test_library_prefix_and_phrase_still_work(corpus: corpus_api.Corpus) -> None:
    for query in HOSTILE_QUERIES:
        corpus.search(query, limit=1)
    _still_works(lambda q: [h.id for h in corpus.search(q, limit=50).hits])


def test_cli_search_takes_any_text(corpus_db: str) -> None:
    runner = CliRunner()
    for query in HOSTILE_QUERIES:
        query = query.replace("\x00", "")  # argv cannot carry NUL
        result = runner.invoke(
            main, ["search", "--db", corpus_db, "--format", "json", "--limit", "3", "--", query]
        )
        assert result.exit_code == 0, (query[:40], result.output[-500:], result.exception)
        assert "Traceback" not in result.output

    def ids(query: str) -> list[str]:
        result = runner.invoke(
            main, ["search", "--db", corpus_db, "--format", "json", "--limit", "50", "--", query]
        )
        assert result.exit_code == 0, result.output
        return [json.loads(line)["id"] for line in result.output.splitlines() if line.strip()]

    _still_works(ids)


def test_http_api_and_web_form_take_any_text(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as client:
        for query in HOSTILE_QUERIES:
            for route in ("/api/search", "/search"):
                # percent-encoded by hand: a lone surrogate goes as its (invalid) UTF-8 bytes
                q = quote(query, safe="", errors="surrogatepass")
                response = client.get(f"{route}?q={q}&limit=3")
                assert response.status_code < 500, (route, query[:40], response.text[:300])
                assert response.status_code in (200, 400, 414, 422), (route, query[:40])
                if query.isprintable() and len(query) < 2000:
                    assert response.status_code == 200, (route, query[:40], response.text[:300])
            for name in [*FILTERS, "date_from", "date_to"]:
                value = quote(query[:500], safe="", errors="surrogatepass")
                response = client.get(f"/api/search?q=Stalin&{name}={value}")
                assert response.status_code < 500, (name, query[:40], response.text[:300])

        for raw in ("%FF", "%C0%80", "%ED%A0%80", "%00", "%", "%%%", "%E2%80%AE"):
            for route in ("/api/search", "/search"):
                response = client.get(f"{route}?q={raw}")
                assert response.status_code < 500, (route, raw, response.text[:300])

        def ids(query: str) -> list[str]:
            response = client.get("/api/search", params={"q": query, "limit": 50})
            assert response.status_code == 200
            return [hit["id"] for hit in response.json()["hits"]]

        _still_works(ids)
