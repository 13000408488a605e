"""The communication network: who wrote to whom, through whom, and who got copies.

People (and offices) are nodes; each message is a directed edge author → recipient,
an intermediary splits it into hops (Stalin → Krasovsky → Mao), and a distribution list
adds "copy" edges. Edges carry the date, so the GEXF file plays over time in Gephi.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from cablegraph import __version__
from cablegraph.link.records import Record, message_ref, walk_messages

FORMATS = ("gexf", "graphml", "csv", "json")


def _node(graph: nx.MultiDiGraph, person: dict[str, Any]) -> str:
    key = str(person.get("entity_id") or f"name:{str(person.get('name', '')).casefold()}")
    if key not in graph:
        graph.add_node(key, label=str(person.get("name") or key), resolved=bool(person.get("entity_id")))
    return key


def network(
    records: Iterable[Record],
    *,
    start: dt.date | None = None,
    stop: dt.date | None = None,
    person: str | None = None,
) -> nx.MultiDiGraph:
    """The network of the records dated within [start, stop] (undated ones are kept)."""
    graph = nx.MultiDiGraph(mode="dynamic", name="cablegraph correspondence network")
    for record in records:
        if record.date and ((start and record.date < start) or (stop and record.date > stop)):
            continue
        for path, message in walk_messages(record.data.get("messages") or []):
            _add_message(graph, record, path, message)
    if person:
        keep = {n for n in graph if person.casefold() in (n.casefold(), graph.nodes[n]["label"].casefold())}
        around = set(keep)
        for node in keep:
            around |= set(graph.predecessors(node)) | set(graph.successors(node))
        graph = graph.subgraph(around).copy()
    return graph


def _add_message(
    graph: nx.MultiDiGraph, record: Record, path: tuple[int, ...], message: dict[str, Any]
) -> None:
    date = (message.get("date") or {}).get("iso") or (record.date.isoformat() if record.date else None)
    attrs = {"document": record.id, "message": message_ref(record.id, path)}
    if date:
        attrs["start"] = date[:10]
    authors = [_node(graph, p) for p in message.get("authors") or []]
    recipients = [_node(graph, p) for p in message.get("recipients") or []]
    via = [_node(graph, p) for p in message.get("via") or []]
    for author in authors:
        if via:
            graph.add_edge(author, via[0], kind="relay_hop", **attrs)
            for hop, nxt in itertools.pairwise(via):
                graph.add_edge(hop, nxt, kind="relay_hop", **attrs)
            for recipient in recipients:
                graph.add_edge(via[-1], recipient, kind="relay_hop", **attrs)
        for recipient in recipients:
            graph.add_edge(author, recipient, kind="message", **attrs)
        for holder in message.get("copies_to") or []:
            graph.add_edge(author, _node(graph, holder), kind="copy", **attrs)


def network_metrics(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Degree and betweenness per person (brokers have high betweenness), highest first."""
    simple = nx.DiGraph()
    simple.add_nodes_from(graph.nodes(data=True))
    for a, b, data in graph.edges(data=True):
        if data.get("kind") != "copy":
            simple.add_edge(a, b)
    betweenness = nx.betweenness_centrality(simple) if len(simple) > 2 else {n: 0.0 for n in simple}
    rows = [
        {
            "id": n,
            "label": graph.nodes[n]["label"],
            "in_degree": simple.in_degree(n),
            "out_degree": simple.out_degree(n),
            "betweenness": round(betweenness.get(n, 0.0), 4),
        }
        for n in simple
    ]
    rows.sort(key=lambda r: (-r["betweenness"], -(r["in_degree"] + r["out_degree"]), r["label"]))
    return rows


def gephi_graph(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """The graph as Gephi reads it: one edge per (from, to), ``weight`` the number of
    messages and hops it carries, ``kinds`` and ``documents`` listed, and one time interval
    (``spells``, start and end on the day) per date it was used, so the timeline plays."""
    out = nx.DiGraph(mode="dynamic")  # no "name": the GEXF schema has none on <graph>
    for node, data in graph.nodes(data=True):
        out.add_node(node, label=data["label"], resolved=bool(data.get("resolved")))
    for a, b, data in graph.edges(data=True):
        if not out.has_edge(a, b):
            out.add_edge(a, b, id=f"{a}->{b}", weight=0, kinds=[], documents=[], days=set())
        edge = out.edges[a, b]
        edge["weight"] += 1
        for key, value in (("kinds", data.get("kind")), ("documents", data.get("document"))):
            if value and value not in edge[key]:
                edge[key].append(value)
        if data.get("start"):
            edge["days"].add(str(data["start"])[:10])
    for _a, _b, edge in out.edges(data=True):
        edge["kinds"] = ";".join(edge["kinds"])
        edge["documents"] = ";".join(edge["documents"])
        days = sorted(edge.pop("days"))
        if days:
            edge["spells"] = [(day, day) for day in days]
    return out


def write_gexf(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """GEXF 1.2 (valid against the GEXF 1.2draft schema) with weights and time intervals."""
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(gephi_graph(graph))
    writer.graph_element.attrib.pop("name", None)  # networkx writes name="", the schema has none
    for creator in writer.xml.iter("creator"):
        creator.text = f"Cablegraph {__version__} (NetworkX {nx.__version__})"
    writer.write(path)


def write_network(graph: nx.MultiDiGraph, path: str | Path, fmt: str) -> None:
    """Write GEXF (dynamic, for Gephi), GraphML, a CSV edge list or node-link JSON."""
    if fmt == "gexf":
        write_gexf(graph, path)
    elif fmt == "graphml":
        nx.write_graphml(graph, path)
    elif fmt == "csv":
        import csv

        with open(path, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["source", "target", "source_label", "target_label", "kind", "date", "document"])
            for a, b, data in graph.edges(data=True):
                writer.writerow(
                    [
                        a,
                        b,
                        graph.nodes[a]["label"],
                        graph.nodes[b]["label"],
                        data.get("kind"),
                        data.get("start", ""),
                        data.get("document"),
                    ]
                )
    elif fmt == "json":
        import json

        Path(path).write_text(
            json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
    else:
        raise ValueError(f"unknown network format {fmt!r}; choose one of {', '.join(FORMATS)}")
