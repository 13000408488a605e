"""The commands over the links between documents: links, thread, timeline, network."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from cablegraph.cli_common import (
    db_option,
    open_corpus,
    people_names,
    record_of,
    records,
    reports_errors,
    text_or_json,
)
from cablegraph.errors import CablegraphError
from cablegraph.link import find_links, network, network_metrics, timeline, transit_times
from cablegraph.link.network import FORMATS as NETWORK_FORMATS
from cablegraph.link.network import gephi_graph, write_network
from cablegraph.link.table import LinkTable
from cablegraph.link.threads import Thread
from cablegraph.resolve import Authority


@click.command()
@click.argument("doc_id", required=False)
@db_option
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True)
@reports_errors
def links(doc_id: str | None, db: str | None, fmt: str) -> None:
    """Links between documents and messages: reply_to, relays, references, near-duplicates.

    Prints JSON Lines {source, target, kind, rule, confidence, evidence}.

    Example: cablegraph links wda:110374
    """
    with open_corpus(db) as corpus:
        table = LinkTable(corpus.store)
        try:
            if table.count() == 0:
                table.replace_all(find_links(records(corpus)))
            found = table.of(doc_id) if doc_id else table.all(limit=10_000_000)[1]
        finally:
            table.close()
    for link in found:
        if fmt == "json":
            click.echo(json.dumps(link.to_json(), ensure_ascii=False))
        else:
            click.echo(
                f"{link.source} --{link.kind}--> {link.target}  [{link.rule}, {link.confidence:.2f}] "
                f"{link.evidence[:60]!r}"
            )


@click.command()
@click.argument("doc_id")
@db_option
@text_or_json
@reports_errors
def thread(doc_id: str, db: str | None, fmt: str) -> None:
    """The chain of documents a document belongs to, in time, with the hops.

    Example: cablegraph thread wda:110374
    """
    with open_corpus(db) as corpus:
        if corpus.get(doc_id) is None:
            raise CablegraphError(f"no document {doc_id!r} in the corpus")
        table = LinkTable(corpus.store)
        try:
            members, joined = table.thread(doc_id)
        finally:
            table.close()
        docs = {m: corpus.get(m) for m in members}
    by_id = {m: record_of(d) for m, d in docs.items() if d is not None}
    members = sorted(by_id, key=lambda m: ((by_id[m].date or dt.date.max), m))
    dates = [by_id[m].date for m in members if by_id[m].date]
    first, last = (min(dates), max(dates)) if dates else (None, None)  # type: ignore[type-var]
    found = Thread(members, joined, first, last)
    if fmt == "json":
        click.echo(json.dumps(found.to_json(), ensure_ascii=False))
        return
    for member in members:
        data = by_id[member].data
        click.echo(
            f"{(data.get('date') or {}).get('iso') or '----------':<10}  {member:<20} "
            f"{people_names(data.get('senders') or [])} → {people_names(data.get('recipients') or [])}"
            f"{' via ' + people_names(data['via']) if data.get('via') else ''}: {data.get('title')}"
        )
    for link in found.links:
        click.echo(f"    {link.source} {link.kind} {link.target} ({link.rule})")


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    try:
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        raise CablegraphError(
            f"--from/--to: {value!r} is not a date; use 1951, 1951-06 or 1951-06-30"
        ) from None


@click.command(name="timeline")
@db_option
@click.option("--person", help="Only messages this person wrote, received, carried or was copied on.")
@click.option("--from", "date_from", metavar="DATE")
@click.option("--to", "date_to", metavar="DATE")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True
)
@click.option("--transit", is_flag=True, help="Print transit times per channel instead.")
@reports_errors
def timeline_command(
    db: str | None, person: str | None, date_from: str | None, date_to: str | None, fmt: str, transit: bool
) -> None:
    """Every dated event: written, sent, received, deciphered, printed, relayed.

    Example: cablegraph timeline --person "Mao Zedong" --from 1951 --format csv
    """
    with open_corpus(db) as corpus:
        recs = records(corpus)
    if transit:
        click.echo(json.dumps(transit_times(recs), ensure_ascii=False, indent=1))
        return
    start, stop = _date(date_from), _date(date_to)
    events = [
        e
        for e in timeline(recs, person=_person_key(person))
        if (start is None or e.at[:10] >= start.isoformat()) and (stop is None or e.at[:10] <= _end(stop))
    ]
    if fmt == "json":  # one JSON document, as `network --format json` prints
        click.echo(json.dumps({"events": [e.to_json() for e in events]}, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        import csv

        from cablegraph.export.tables import neutralise

        writer = csv.writer(sys.stdout)
        writer.writerow(["at", "precision", "kind", "document", "message", "person", "place"])
        for event in events:
            writer.writerow([neutralise(v) for v in event.to_json().values()])
    else:
        for event in events:
            click.echo(f"{event.at:<17} {event.kind:<11} {event.document:<20} {event.person or ''}")


def _end(stop: dt.date) -> str:
    return stop.isoformat() + "~"


def _person_key(name: str | None) -> str | None:
    """A person filter as an entity id when the authority knows the name."""
    if not name:
        return None

    match = Authority.builtin().lookup(name)
    return match.entity.id if match else name


@click.command(name="network")
@db_option
@click.option("--person", help="Only this person and their correspondents.")
@click.option("--from", "date_from", metavar="DATE")
@click.option("--to", "date_to", metavar="DATE")
@click.option("--format", "fmt", type=click.Choice(NETWORK_FORMATS), default="gexf", show_default=True)
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write [default: stdout]."
)
@click.option("--metrics", is_flag=True, help="Print degree and betweenness per person instead.")
@reports_errors
def network_command(
    db: str | None,
    person: str | None,
    date_from: str | None,
    date_to: str | None,
    fmt: str,
    output: Path | None,
    metrics: bool,
) -> None:
    """The communication network: who wrote to whom, through whom (GEXF opens in Gephi).

    Example: cablegraph network --format gexf --output seeds.gexf
    """
    with open_corpus(db) as corpus:
        graph = network(
            records(corpus), start=_date(date_from), stop=_date(date_to), person=_person_key(person)
        )
    if metrics:
        for row in network_metrics(graph):
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    if output is None:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / f"network.{fmt}"
            write_network(graph, target, fmt)
            click.echo(target.read_text(encoding="utf-8"), nl=False)
    else:
        write_network(graph, output, fmt)
        edges = gephi_graph(graph).number_of_edges() if fmt == "gexf" else graph.number_of_edges()
        click.echo(
            f"wrote {graph.number_of_nodes()} people and {edges} edges "
            f"({graph.number_of_edges()} messages and hops) to {output}",
            err=True,
        )


COMMANDS = (links, thread, timeline_command, network_command,)
