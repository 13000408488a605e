"""The network view's data and downloads (issue 17): node kinds, edges with their message
counts, dates and documents by title, one message counted once across mirror copies, and
the GEXF, GraphML and CSV downloads of the same graph."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import httpx


def network(server: str, **params: str) -> dict:  # type: ignore[type-arg]
    response = httpx.get(server + "/api/network", params=params, timeout=30)
    assert response.status_code == 200, response.text[:300]
    return response.json()  # type: ignore[no-any-return]


def test_nodes_have_kinds_offices_apart_from_people(server: str) -> None:
    kinds = {n["label"]: n["kind"] for n in network(server)["nodes"]}
    assert kinds["Joseph Stalin"] == "person" and kinds["Mao Zedong"] == "person"
    assert kinds["Joint Chiefs of Staff"] == "organisation"
    assert kinds["Department of State"] == "organisation"
    assert kinds["Embassy of the United States in Korea"] == "organisation"


def test_an_office_no_date_can_fill_is_an_office() -> None:
    from cablegraph.web.views import node_kind

    assert node_kind("Acting Secretary of State", "Acting Secretary of State") == "office"
    assert node_kind("Soviet Ambassador in Prague", "Soviet Ambassador in Prague") == "office"
    assert node_kind("person:acheson", "Dean Acheson") == "person"
    assert node_kind("org:mid-ussr", "Ministry of Foreign Affairs of the USSR") == "organisation"


def test_edges_carry_counts_dates_and_titled_documents(server: str) -> None:
    graph = network(server)
    edge = next(
        e for e in graph["edges"] if (e["source"], e["target"]) == ("person:kim-il-sung", "person:stalin")
    )
    assert edge["kind"] == "message" and edge["count"] == len(edge["dates"]) >= 2
    titles = [d["title"] for d in edge["documents"]]
    assert all(not t.startswith(("sha256:", "wda:")) for t in titles)
    assert [d["date"] for d in edge["documents"]] == sorted(d["date"] for d in edge["documents"])
    # the mirror copy of record 113658 is the same message: counted once
    ids = [d["id"] for d in edge["documents"]]
    assert sum(1 for t in titles if t.startswith("Ciphered Telegram from DPRK")) == 1, ids


def test_network_downloads(server: str) -> None:
    graph = network(server, person="person:mao-zedong")
    messages = sum(e["count"] for e in graph["edges"])
    gexf = httpx.get(server + "/export/network.gexf", params={"person": "person:mao-zedong"}, timeout=30)
    assert gexf.status_code == 200 and "attachment" in gexf.headers["content-disposition"]
    root = ET.fromstring(gexf.content)
    nodes = [n for n in root.iter() if n.tag.endswith("}node")]
    assert len(nodes) == len(graph["nodes"])
    graphml = httpx.get(
        server + "/export/network.graphml", params={"person": "person:mao-zedong"}, timeout=30
    )
    assert len([e for e in ET.fromstring(graphml.content).iter() if e.tag.endswith("}edge")]) == messages
    rows = list(csv.DictReader(io.StringIO(httpx.get(server + "/export/network.csv", timeout=30).text)))
    assert rows and {"source", "target", "kind", "date", "document"} <= set(rows[0])
    bad = httpx.get(server + "/export/network.png", timeout=30)
    assert bad.status_code == 404 and bad.json()["error"]["code"] == "unknown_format"


def test_the_network_page_loads_cytoscape_from_the_app(server: str) -> None:
    html = httpx.get(server + "/network", timeout=30).text
    assert '<script src="/static/vendor/cytoscape/cytoscape.min.js"></script>' in html
    assert "//cdn" not in html and 'id="__________cytoscape_stylesheet"' in html
    assert httpx.get(server + "/static/vendor/cytoscape/cytoscape.min.js", timeout=30).status_code == 200


def test_a_name_in_the_network_form_marks_its_entity_as_ego(server: str) -> None:
    html = httpx.get(server + "/network", params={"person": "Stalin"}, timeout=30).text
    assert 'data-person="person:stalin"' in html and 'name="person" value="Stalin"' in html
    ego = network(server, person="person:stalin")
    assert any(n["id"] == "person:stalin" for n in ego["nodes"])
