"""The communication network: who wrote to whom, through whom, and who got copies.

People (and offices) are nodes; each message is a directed edge author → recipient,
an intermediary splits it into hops (Stalin → Krasovsky → Mao), and a distribution list
adds "copy" edges. Edges carry the date, so the GEXF file plays over time in Gephi.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from cablegraph import __version__
from cablegraph.link.records import Record, message_ref, walk_messages

FORMATS = ("gexf", "graphml", "csv", "json")


@dataclass(slots=True)
class Edges:
    """The network as plain data: its nodes (id -> (label, resolved), in the order they
    first appear) and its edges (source, target, attributes), one per message and step."""

    nodes: dict[str, tuple[str, bool]] = field(default_factory=dict)
    edges: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)

    def node(self, person: dict[str, Any]) -> str:
        key = str(person.get("entity_id") or f"name:{str(person.get('name', '')).casefold()}")
        if key not in self.nodes:
            self.nodes[key] = (str(person.get("name") or key), bool(person.get("entity_id")))
        return key


def network_edges(
    records: Iterable[Record],
    *,
    start: dt.date | None = None,
    stop: dt.date | None = None,
    person: str | None = None,
) -> Edges:
    """The nodes and edges of :func:`network` without building a graph (the web view
    counts them itself: networkx cost two thirds of a person's network page)."""
    found = Edges()
    for record in records:
        if record.date and ((start and record.date < start) or (stop and record.date > stop)):
            continue
        for path, message in walk_messages(record.data.get("messages") or []):
            _add_message(found, record, path, message)
    if person:
        folded = person.casefold()
        keep = {n for n, (label, _) in found.nodes.items() if folded in (n.casefold(), label.casefold())}
        around = set(keep)
        for source, target, _ in found.edges:
            if source in keep:
                around.add(target)
            if target in keep:
                around.add(source)
        found.nodes = {n: info for n, info in found.nodes.items() if n in around}
        found.edges = [e for e in found.edges if e[0] in around and e[1] in around]
    return found


def network(
    records: Iterable[Record],
    *,
    start: dt.date | None = None,
    stop: dt.date | None = None,
    person: str | None = None,
) -> nx.MultiDiGraph:
    """The network of the records dated within [start, stop] (undated ones are kept); with
    ``person`` (an id or a name), that person's neighbourhood: the nodes it shares an edge
    with and every edge between them."""
    found = network_edges(records, start=start, stop=stop, person=person)
    graph = nx.MultiDiGraph(mode="dynamic", name="cablegraph correspondence network")
    for key, (label, resolved) in found.nodes.items():
        graph.add_node(key, label=label, resolved=resolved)
    for source, target, attrs in found.edges:
        graph.add_edge(source, target, **attrs)
    return graph


def _add_message(found: Edges, record: Record, path: tuple[int, ...], message: dict[str, Any]) -> None:
    date = (message.get("date") or {}).get("iso") or (record.date.isoformat() if record.date else None)
    attrs = {"document": record.id, "message": message_ref(record.id, path)}
    if date:
        attrs["start"] = date[:10]
    authors = [found.node(p) for p in message.get("authors") or []]
    recipients = [found.node(p) for p in message.get("recipients") or []]
    via = [found.node(p) for p in message.get("via") or []]
    edges = found.edges
    for author in authors:
        if via:
            edges.append((author, via[0], {"kind": "relay_hop", **attrs}))
            for hop, nxt in itertools.pairwise(via):
                edges.append((hop, nxt, {"kind": "relay_hop", **attrs}))
            for recipient in recipients:
                edges.append((via[-1], recipient, {"kind": "relay_hop", **attrs}))
        for recipient in recipients:
            edges.append((author, recipient, {"kind": "message", **attrs}))
        for holder in message.get("copies_to") or []:
            edges.append((author, found.node(holder), {"kind": "copy", **attrs}))


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
