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


def write_network(graph: nx.MultiDiGraph, path: str | Path, fmt: str) -> None:
    """Write GEXF (dynamic, for Gephi), GraphML, a CSV edge list or node-link JSON."""
    if fmt == "gexf":
        nx.write_gexf(graph, path)
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
