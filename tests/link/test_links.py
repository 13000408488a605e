"""Links over the seeds: 001 answers 002; relays, forwards and directives; the network."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from cablegraph.ingest import read_page
from cablegraph.link import Record, find_links, network, network_metrics, threads, timeline, write_network
from cablegraph.model.jsonable import document_json
from cablegraph.parse import parse_page
from cablegraph.resolve import Authority

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "examples" / "pages"
AUTHORITY = Authority.builtin()


def _records(folder: str) -> list[Record]:
    records = []
    for path in sorted((PAGES / folder).glob("*.txt")):
        page = read_page(path)
        records.append(Record.of(document_json(parse_page(page, AUTHORITY), page), page.text))
    return records


@pytest.fixture(scope="module")
def seeds() -> list[Record]:
    return _records("seeds")


def _by_prefix(records: list[Record], prefix: str) -> Record:
    return next(r for r in records if Path(r.data["source"]["path"]).name.startswith(prefix))


def test_seed_001_replies_to_002(seeds: list[Record]) -> None:
    links = find_links(seeds)
    s001, s002 = _by_prefix(seeds, "001"), _by_prefix(seeds, "002")
    replies = [lk for lk in links if lk.kind == "reply_to"]
    assert [(lk.source, lk.target) for lk in replies] == [(s001.id, s002.id)]
    reply = replies[0]
    assert "Ваши телеграммы о перемирии получены" in reply.evidence or "received" in reply.evidence
    assert s001.text[reply.start : reply.stop] == reply.evidence


def test_relays_of_the_seeds(seeds: list[Record]) -> None:
    links = find_links(seeds)
    relays = {lk.source: lk for lk in links if lk.kind == "relays" and "#msg/" in lk.target}
    assert set(relays) == {r.id for r in seeds}  # every seed carries a nested message
    assert relays[_by_prefix(seeds, "004").id].rule == "forwarded_own"
    assert relays[_by_prefix(seeds, "000").id].rule == "directive_sent"


def test_threads_order_by_date(seeds: list[Record]) -> None:
    found = threads(seeds, find_links(seeds))
    chain = next(t for t in found if _by_prefix(seeds, "001").id in t.documents)
    assert set(chain.documents) == {_by_prefix(seeds, "001").id, _by_prefix(seeds, "002").id}


def test_network_has_the_seed_edges(seeds: list[Record], tmp_path: Path) -> None:
    graph = network(seeds)
    edges = {(a, b, d["kind"]) for a, b, d in graph.edges(data=True)}
    assert ("person:stalin", "person:krasovsky", "relay_hop") in edges
    assert ("person:krasovsky", "person:mao-zedong", "relay_hop") in edges
    assert ("person:gromyko", "person:razuvaev", "message") in edges
    metrics = network_metrics(graph)
    assert {row["id"] for row in metrics} >= {"person:stalin", "person:mao-zedong"}
    gexf = tmp_path / "seeds.gexf"
    write_network(graph, gexf, "gexf")
    ET.parse(gexf)  # well-formed XML
    # one GEXF edge per (from, to), weighted by the messages and hops it carries
    read = nx.read_gexf(gexf)
    assert sum(d["weight"] for _a, _b, d in read.edges(data=True)) == graph.number_of_edges()
    edges_csv = tmp_path / "edges.csv"
    write_network(graph, edges_csv, "csv")
    rows = list(csv.DictReader(edges_csv.open(encoding="utf-8")))
    assert len(rows) == graph.number_of_edges()


def test_timeline_is_ordered_with_precision(seeds: list[Record]) -> None:
    events = timeline(seeds)
    assert [e.at for e in events] == sorted(e.at for e in events)
    kinds = {(e.kind, e.at) for e in events}
    assert ("received", "1951-11-21T18:35") in kinds
    assert ("deciphered", "1951-11-01T18:40") in kinds
    assert all(e.precision in ("minute", "day", "month", "year") for e in events)
    stalin = timeline(seeds, person="person:stalin")
    assert stalin and len(stalin) < len(events)


def test_samples_give_no_wrong_replies() -> None:
    records = _records("seeds") + _records("wilson") + _records("frus")
    replies = [lk for lk in find_links(records) if lk.kind == "reply_to"]
    assert all(lk.source != lk.target for lk in replies)
    pairs = {
        (Path(r.data["source"]["path"]).name[:3], lk.target)
        for lk in replies
        for r in records
        if r.id == lk.source
    }
    assert len(pairs) == len(replies)


def test_a_cables_ref_line_links_the_cited_cable(tmp_path: Path) -> None:
    first = "R 011200Z DEC 74\nFM SECSTATE WASHDC\nTO AMEMBASSY TEHRAN\nSUBJECT: TALKS\n1. PROPOSE TALKS.\n"
    first += "UNCLASSIFIED\nPAGE 02 STATE 262847\n2. END.\n"
    second = "R 031200Z DEC 74\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC\nSUBJECT: TALKS\n"
    second += "REF: STATE 262847\n1. AGREED.\nUNCLASSIFIED\nPAGE 02 TEHRAN 10152\n2. END.\n"
    records = []
    for name, text in (("a.txt", first), ("b.txt", second)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        page = read_page(tmp_path / name)
        records.append(Record.of(document_json(parse_page(page, AUTHORITY), page), page.text))
    links = [link for link in find_links(records) if link.kind == "references"]
    assert [(link.source, link.target) for link in links] == [(records[1].id, records[0].id)]
    assert links[0].evidence.startswith("REF: STATE 262847")


def test_a_records_reply_cues_are_found_once() -> None:
    """The links, the link keys and the missing-documents pass each ask for the cues of
    every record; they are found once and shared."""
    from cablegraph.link.replies import cues

    text = "In reply to your telegram No. 2967 of 20 June 1951, we agree."
    record = Record.of({"id": "x:1", "date": {"iso": "1951-06-21"}}, text)
    first = cues(record)
    assert first and "2967" in first[0].numbers
    assert cues(record) is first
    assert record == Record.of({"id": "x:1", "date": {"iso": "1951-06-21"}}, text)  # not part of equality
