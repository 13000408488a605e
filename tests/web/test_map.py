"""The map: places with coordinates and document counts, flows between places, the page
drawn from vendored outlines (no tile server, nothing from a CDN)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from cablegraph.cli import main
from cablegraph.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = tmp_path_factory.mktemp("map") / "corpus.db"
    pages = str(ROOT / "examples" / "pages")
    assert CliRunner().invoke(main, ["ingest", pages, "--db", str(db)]).exit_code == 0
    return TestClient(create_app(str(db)))


def test_places_carry_coordinates_and_counts(client: TestClient) -> None:
    data = client.get("/api/map").json()
    places = {p["name"]: p for p in data["places"]}
    assert {"Beijing", "Kaesong", "Pyongyang"} <= places.keys()
    kaesong = places["Kaesong"]
    assert abs(kaesong["lat"] - 37.97) < 0.1 and abs(kaesong["lon"] - 126.55) < 0.1
    assert kaesong["documents"] >= 3 and kaesong["examples"]
    counts = [p["documents"] for p in data["places"]]
    assert counts == sorted(counts, reverse=True)


def test_flows_follow_the_headings(client: TestClient) -> None:
    flows = client.get("/api/map").json()["flows"]
    assert {"from": "place:pyongyang", "to": "place:moscow"}.items() <= next(
        f for f in flows if f["from"] == "place:pyongyang").items()


def test_dates_filter_the_map(client: TestClient) -> None:
    everything = client.get("/api/map").json()["places"]
    early = client.get("/api/map", params={"from": "1950-01-01", "to": "1950-12-31"}).json()["places"]
    assert sum(p["documents"] for p in early) < sum(p["documents"] for p in everything)
    assert client.get("/api/map", params={"from": "not a date"}).status_code == 400


def test_the_page_uses_only_vendored_assets(client: TestClient) -> None:
    page = client.get("/map").text
    assert '<a href="/map">Map</a>' in page
    assert "/static/vendor/world-atlas/" in client.get("/static/map.js").text
    assert "http" not in page.split("<main")[-1].split("</main>")[0].replace("http://www.w3.org", "")
    outline = client.get("/static/vendor/world-atlas/countries-110m.json")
    assert outline.status_code == 200 and outline.json()["type"] == "Topology"
