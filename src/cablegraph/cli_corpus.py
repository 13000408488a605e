"""The corpus commands of ``cablegraph``: ingest, search, show, stats, links, thread,
timeline, network, export. Each opens the corpus (``--db`` or CABLEGRAPH_DB) and calls
the library; library errors become one-line messages and exit code 1."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from cablegraph import corpus as corpus_api
from cablegraph import settings
from cablegraph.errors import CablegraphError
from cablegraph.export import FORMATS as EXPORT_FORMATS
from cablegraph.export import export as write_export
from cablegraph.ingest import iter_paths
from cablegraph.link import Record, find_links, network, network_metrics, timeline, transit_times
from cablegraph.link.network import FORMATS as NETWORK_FORMATS
from cablegraph.link.network import gephi_graph, write_network
from cablegraph.link.profile import entity_profile
from cablegraph.link.table import LinkTable, relink_changed
from cablegraph.link.threads import Thread
from cablegraph.parse.sources import read_and_parse
from cablegraph.resolve import Authority
from cablegraph.store.base import StoredDocument

F = TypeVar("F", bound=Callable[..., Any])


DB = settings.setting("db")
# ``--format text|json``, the output choice most commands offer.
text_or_json = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


def db_option(function: F) -> F:
    """``--db FILE``: the corpus database (default: CABLEGRAPH_DB, else cablegraph.db)."""
    return click.option(
        "--db",
        "db",
        default=None,
        metavar="FILE",
        envvar=DB.env,
        help=f"Corpus database [default: {DB.default}; env {DB.env}].",
    )(function)


def reports_errors(function: F) -> F:
    """Turn a CablegraphError into a one-line message on stderr and exit code 1."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except CablegraphError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _open(db: str | None) -> corpus_api.Corpus:
    return corpus_api.open(db or settings.str_value("db"))


def record_of(doc: StoredDocument) -> Record:
    return Record.of(doc.data, doc.texts[0] if doc.texts else "")


def records(corpus: corpus_api.Corpus) -> list[Record]:
    return [record_of(doc) for doc in corpus.documents()]


PAGES_PER_WORKER = 100  # below this, starting worker processes costs more than it saves


def default_jobs(files: int) -> int:
    """One parsing process per core for a batch worth it, else parse in this process."""
    return max(1, min(os.cpu_count() or 1, files // PAGES_PER_WORKER))


class CorpusRecords:
    """The corpus as a relink reads it (``cablegraph.link.table.RecordSource``)."""

    def __init__(self, corpus: corpus_api.Corpus) -> None:
        self.corpus = corpus

    def count(self) -> int:
        return self.corpus.store.count()

    def records(self, ids: Sequence[str] | None = None) -> Iterable[Record]:
        if ids is None:
            return (record_of(doc) for doc in self.corpus.documents())
        found = self.corpus.store.get_many(ids)
        return (record_of(found[i]) for i in ids if i in found)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@text_or_json
@click.option(
    "--link/--no-link",
    "relinking",
    default=True,
    show_default=True,
    help="Recompute the links between documents after the ingest.",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Parse in this many processes; pages are still stored in order"
    " [default: one per core when there are 100 pages or more to parse, else 1].",
)
@click.option(
    "--follow-links",
    is_flag=True,
    default=False,
    help="Read links in a folder that point to files outside it (skipped by default).",
)
@reports_errors
def ingest(
    paths: tuple[str, ...], db: str | None, fmt: str, relinking: bool, jobs: int | None, follow_links: bool
) -> None:
    """Read, parse and store pages (files, folders recursively, globs) in the corpus.

    Idempotent: the same bytes twice change nothing. Failures are kept in quarantine.

    Example: cablegraph ingest examples/pages --db corpus.db
    """
    files: list[str] = []
    for item in paths:
        try:
            files += [str(p) for p in iter_paths([item], follow_links=follow_links)]
        except CablegraphError as exc:
            click.echo(f"error: {exc}", err=True)
    with _open(db) as corpus:
        todo, known = corpus.skip_unchanged(files)  # unchanged bytes: not parsed again
        pages = read_and_parse(
            todo,
            corpus.authority if isinstance(corpus.authority, Authority) else None,
            jobs=jobs or default_jobs(len(todo)),
        )
        if sys.stderr.isatty() and fmt == "text":
            with click.progressbar(length=len(files), label="ingesting", file=sys.stderr) as bar:
                bar.update(known)
                report = corpus.ingest_pages(pages, on_page=lambda _path, _outcome: bar.update(1))
        else:
            report = corpus.ingest_pages(pages)
        report.pages_read += known
        report.unchanged += known
        linked = None
        if relinking and report.pages_read:
            relink_changed(corpus.store, CorpusRecords(corpus), report.changed)
            table = LinkTable.for_store(corpus.store)
            linked = table.count()
            table.close()
    if fmt == "json":
        click.echo(json.dumps({**report.to_json(), "links": linked}, ensure_ascii=False))
    else:
        click.echo(report.summary())
        if linked is not None:
            click.echo(f"links: {linked}")
    if report.failed and report.failed == report.pages_read:
        sys.exit(1)


@click.command()
@click.argument("query", required=False, default="")
@db_option
@click.option("--person", help="Only documents with this person (any role, any name form).")
@click.option("--place", help="Only documents naming this place.")
@click.option("--via", help="Only documents carried through this intermediary.")
@click.option("--from", "date_from", metavar="DATE", help="From this date (1951, 1951-06, 1951-06-30).")
@click.option("--to", "date_to", metavar="DATE", help="Up to this date.")
@click.option("--type", "doc_type", help="Document type (Telegram, Letter, Report, ...).")
@click.option("--lang", help="Language present (ru, en, ...).")
@click.option("--archive", help="Archive (APRF, AVP RF, FRUS, ...).")
@click.option("--limit", type=click.IntRange(1, 1000), default=None, help="Hits to show [default 20].")
@click.option(
    "--mode",
    type=click.Choice(["auto", "hybrid", "text", "meaning"]),
    default="auto",
    show_default=True,
    help="Full text, meaning (after `cablegraph enrich`), or both fused; auto: hybrid once embedded.",
)
@text_or_json
@reports_errors
def search(
    query: str,
    db: str | None,
    person: str | None,
    place: str | None,
    via: str | None,
    date_from: str | None,
    date_to: str | None,
    doc_type: str | None,
    lang: str | None,
    archive: str | None,
    limit: int | None,
    mode: str,
    fmt: str,
) -> None:
    """Search the corpus: ranked full text across languages, spellings and pseudonyms.

    Any text is a valid query; "quoted phrases" and prefix* work.

    Example: cablegraph search "перемирие" --person Stalin --from 1951
    """
    with _open(db) as corpus:
        result = corpus.search(
            query,
            person=person,
            place=place,
            via=via,
            date_from=date_from,
            date_to=date_to,
            type=doc_type,
            lang=lang,
            archive=archive,
            limit=limit,
            mode=mode,
        )
    if fmt == "json":
        for hit in result.hits:
            click.echo(json.dumps(hit.to_json(), ensure_ascii=False))
        for warning in result.warnings:
            click.echo(f"warning: {warning}", err=True)
        return
    click.echo(f"{result.total} documents for {query!r} ({result.took_ms:.1f} ms)")
    for warning in result.warnings:
        click.echo(f"  note: {warning}")
    for hit in result.hits:
        click.echo(f"  {hit.date or '----------':<10}  {hit.id:<22} {hit.title or ''}")
        click.echo(f"      {_plain(hit.snippet)}")
    for name, counts in result.facets.items():
        if counts:
            shown = ", ".join(f"{c.value} ({c.count})" for c in counts[:6])
            click.echo(f"  {name}: {shown}")


def _plain(snippet: str) -> str:
    import html
    import re

    return html.unescape(re.sub(r"</?mark>", "*", snippet))


@click.command()
@click.argument("doc_id")
@db_option
@text_or_json
@reports_errors
def show(doc_id: str, db: str | None, fmt: str) -> None:
    """Show one document: record, envelope, messages, texts, sources and provenance.

    Example: cablegraph show wda:110374
    """
    with _open(db) as corpus:
        doc = corpus.get(doc_id)
    if doc is None:
        raise CablegraphError(f"no document {doc_id!r} in the corpus (ids look like wda:110374)")
    if fmt == "json":
        click.echo(json.dumps({**doc.to_json(), "texts_of_sources": doc.texts}, ensure_ascii=False))
        return
    click.echo(describe(doc))


def _people(people: list[dict[str, Any]]) -> str:
    return ", ".join(str(p.get("name")) for p in people) or "-"


def describe(doc: StoredDocument) -> str:
    data = doc.data
    env = data.get("envelope") or {}
    lines = [
        f"{data.get('title')}",
        f"  id {doc.id}   record {data.get('record_id') or '-'}   "
        f"date {(data.get('date') or {}).get('iso') or '-'}   type {data.get('doc_type') or '-'}",
        f"  from {_people(data.get('senders') or [])} to {_people(data.get('recipients') or [])}"
        f"   via {_people(data.get('via') or [])}",
        f"  copies {_people(data.get('copies_to') or [])}",
    ]
    if env.get("number"):
        lines.append(
            f"  telegram No. {env['number']}  series {env.get('series') or '-'}  "
            f"priority {', '.join(env.get('priority') or []) or '-'}"
        )
    for kind in ("sent", "received", "deciphered", "printed"):
        if env.get(kind):
            event = env[kind]
            by = f" by {event['by']['name']}" if event.get("by") else ""
            lines.append(f"  {kind}: {event.get('at') or '?'}{by}   ({event.get('text')!r})")
    for ref in data.get("archive_refs") or []:
        lines.append(f"  archive: {ref['text']}")
    for message in (data.get("messages") or [{}])[0].get("children") or []:
        lines.append(
            f"  nested {message['kind']}: {_people(message['authors'])} → "
            f"{_people(message['recipients'])} ({(message.get('date') or {}).get('iso') or 'undated'})"
        )
    for source in doc.sources:
        lines.append(f"  source: {source.path} (sha256 {source.sha256[:12]}, {source.encoding})")
    if data.get("summary"):
        lines.append(f"  summary: {data['summary']}")
    return "\n".join(lines)


@click.command()
@db_option
@text_or_json
@reports_errors
def stats(db: str | None, fmt: str) -> None:
    """Counts by archive, type, year and language; people, places; failures.

    Example: cablegraph stats --db corpus.db
    """
    with _open(db) as corpus:
        result = corpus.stats()
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False))
        return
    click.echo(f"documents {result.documents}, sources {result.sources}, failures {result.failures}")
    for name, counts in result.facets.items():
        click.echo(f"  {name}: " + ", ".join(f"{v} ({c})" for v, c in counts[:10]))


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
    with _open(db) as corpus:
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
    with _open(db) as corpus:
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
            f"{_people(data.get('senders') or [])} → {_people(data.get('recipients') or [])}"
            f"{' via ' + _people(data['via']) if data.get('via') else ''}: {data.get('title')}"
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
    with _open(db) as corpus:
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
    from cablegraph.resolve import Authority

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
    with _open(db) as corpus:
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


@click.command(name="export")
@click.argument("ids", nargs=-1)
@db_option
@click.option("--query", help="Export the documents this search finds.")
@click.option("--all", "everything", is_flag=True, help="Export the whole corpus.")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option("--output", type=click.Path(path_type=Path), help="File (a folder for csv) [default: stdout].")
@click.option("--cmif-url", default="", metavar="URL", help="cmif: the URL where the file will be published.")
@reports_errors
def export_command(
    ids: tuple[str, ...],
    db: str | None,
    query: str | None,
    everything: bool,
    fmt: str,
    output: Path | None,
    cmif_url: str,
) -> None:
    """Export records as citations, CSL-JSON (Zotero), RIS, BibLaTeX, TEI, CMIF, JSON Lines or CSV.

    Example: cablegraph export --all --format csl-json --output corpus.json
    """
    if not (ids or query or everything):
        raise CablegraphError("say what to export: document IDS, --query Q or --all")
    with _open(db) as corpus:
        chosen = _chosen(corpus, ids, query, everything)
        recs = records(corpus) if fmt in ("jsonl", "csv") else []
        link_map: dict[str, list[dict[str, Any]]] = {}
        for link in find_links(recs):
            link_map.setdefault(link.source, []).append(link.to_json())
        pairs = (
            (
                {**doc.to_json(), "source_texts": doc.texts} if fmt == "jsonl" else doc.to_json(),
                doc.texts[0] if doc.texts else "",
            )
            for doc in chosen
        )
        target = output if output is not None else sys.stdout
        count = write_export(pairs, fmt, target, links_of=link_map if recs else None, cmif_url=cmif_url)
    if output is not None:
        click.echo(f"exported {count} {'letters' if fmt == 'cmif' else 'records'} to {output}", err=True)


def _chosen(
    corpus: corpus_api.Corpus, ids: tuple[str, ...], query: str | None, everything: bool
) -> Iterator[StoredDocument]:
    if everything:
        yield from corpus.documents()
        return
    wanted = list(ids)
    if query:
        wanted += [hit.id for hit in corpus.search(query, limit=1000, facets=False).hits]
    for doc_id in dict.fromkeys(wanted):
        doc = corpus.get(doc_id)
        if doc is None:
            raise CablegraphError(f"no document {doc_id!r} in the corpus")
        yield doc


@click.command()
@db_option
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default)."
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes (one per core serves more readers at once).",
)
@reports_errors
def serve(db: str | None, host: str, port: int, workers: int) -> None:
    """Serve the web workbench and the JSON API.

    Read-only unless CABLEGRAPH_CURATOR_TOKEN is set (then curators may write).

    Example: cablegraph serve --db corpus.db --port 8000
    """
    import os

    from cablegraph.web import create_app
    from cablegraph.web import serving as graceful
    from cablegraph.web.app import TOKEN_ENV

    if host not in ("127.0.0.1", "localhost", "::1") and os.environ.get(TOKEN_ENV):
        click.echo(
            f"warning: serving on {host} with curator writes enabled; anyone who can reach "
            "this address and holds the token can edit",
            err=True,
        )
    path = db or settings.str_value("db")
    click.echo(f"Cablegraph workbench: http://{host}:{port}/  (Ctrl-C to stop)", err=True)
    if workers > 1:
        os.environ[DB.env] = path
        graceful.serve("cablegraph.web.app:app_from_environment", host=host, port=port, workers=workers)
        return
    graceful.serve(create_app(path), host=host, port=port)


def _echo_entities(rows: list[tuple[str, str, int]], fmt: str) -> None:
    """(entity id, name, document count) rows as JSON Lines or aligned text."""
    for entity_id, name, count in rows:
        click.echo(
            json.dumps({"id": entity_id, "name": name, "documents": count}, ensure_ascii=False)
            if fmt == "json"
            else f"{count:>5}  {name:<30} {entity_id}"
        )


def _entity_rows(corpus: corpus_api.Corpus, facet: str, limit: int) -> list[tuple[str, str, int]]:
    authority = Authority.builtin()
    rows = []
    for name, count in corpus.stats(top=limit).facets.get(facet, []):
        match = authority.lookup(name)
        rows.append((match.entity.id if match else "-", name, count))
    return rows


@click.command()
@db_option
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--unresolved", is_flag=True, help="List the names no entity matched, grouped, for curators.")
@text_or_json
@reports_errors
def people(db: str | None, limit: int, unresolved: bool, fmt: str) -> None:
    """People in the corpus with their document counts (or the unresolved names).

    Example: cablegraph people --unresolved
    """
    with _open(db) as corpus:
        if unresolved:
            from cablegraph.resolve.explain import group_unresolved

            written: list[tuple[str, str]] = []
            for doc in corpus.documents():
                for role in ("senders", "recipients", "via", "copies_to"):
                    written += [
                        (p["name"], doc.id) for p in doc.data.get(role) or [] if not p.get("entity_id")
                    ]
            groups = group_unresolved(name for name, _ in written)
            rows = sorted(((len(v), k, sorted(set(v))) for k, v in groups.items()), reverse=True)[:limit]
            for count, key, forms in rows:
                line = {"key": key, "mentions": count, "forms": forms}
                click.echo(
                    json.dumps(line, ensure_ascii=False)
                    if fmt == "json"
                    else f"{count:>5}  {key:<24} {', '.join(forms)}"
                )
            return
        rows_ = _entity_rows(corpus, "person", limit)
    _echo_entities(rows_, fmt)


@click.command()
@db_option
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@text_or_json
@reports_errors
def places(db: str | None, limit: int, fmt: str) -> None:
    """Places named in the corpus with their document counts.

    Example: cablegraph places --limit 20
    """
    with _open(db) as corpus:
        rows = _entity_rows(corpus, "place", limit)
    _echo_entities(rows, fmt)


@click.command()
@click.argument("name")
@db_option
@text_or_json
@reports_errors
def person(name: str, db: str | None, fmt: str) -> None:
    """One person: every name form (script, system, period), roles, documents by role, correspondents.

    Example: cablegraph person Filippov
    """
    authority = Authority.builtin()
    match = authority.lookup(name)
    if match is None:
        raise CablegraphError(
            f"no entity for {name!r}; try another spelling, or `cablegraph people --unresolved`"
        )
    entity = match.entity
    from cablegraph.resolve.explain import explain

    with _open(db) as corpus:
        hits = corpus.search("", person=entity.name, limit=1000, facets=False).hits
        docs = [corpus.get(hit.id) for hit in hits]
    profile = entity_profile(entity, [record_of(doc) for doc in docs if doc is not None])
    if fmt == "json":
        click.echo(json.dumps({**profile, "explanation": explain(match)}, ensure_ascii=False))
        return
    click.echo(f"{entity.name} ({entity.id}){'  Wikidata ' + entity.wikidata if entity.wikidata else ''}")
    click.echo(f"  {explain(match)}")
    click.echo("  names: " + "; ".join(_name_form(n) for n in entity.names))
    for role_ in entity.roles:
        click.echo(f"  role: {role_.role} {role_.start_year or ''}–{role_.end_year or ''}")
    for role, briefs in profile["documents"].items():
        for brief in briefs[:20]:
            click.echo(f"  as {role}: {brief['date'] or '----------'} {brief['id']} {brief['title']}")
    if profile["correspondents"]:
        click.echo("  correspondents: " + ", ".join(f"{k} ({v})" for k, v in profile["correspondents"]))


def _name_form(name: Any) -> str:
    period = f", {name.start_year}–{name.end_year or ''}" if name.start_year else ""
    return f"{name.text} [{name.lang or '?'}, {name.system or '?'}{period}]"


@click.command(name="import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@db_option
@reports_errors
def import_command(path: str, db: str | None) -> None:
    """Import a JSON Lines export (records with their sources and texts) into a corpus.

    Example: cablegraph import all.jsonl --db copy.db
    """
    from cablegraph.export.importer import import_jsonl

    with _open(db) as corpus:
        if path == "-":
            report = import_jsonl(corpus, sys.stdin, path="<stdin>")
        else:
            with open(path, encoding="utf-8") as lines:
                report = import_jsonl(corpus, lines, path=path)
    click.echo(
        f"lines {report.lines}, documents {report.documents}, sources {report.sources}, "
        f"failures {len(report.failures)}"
    )
    for failure in report.failures:
        click.echo(f"error: {failure}", err=True)
    if report.failures and not report.documents:
        sys.exit(1)


COMMANDS = (
    people,
    places,
    person,
    import_command,
    serve,
    ingest,
    search,
    show,
    stats,
    links,
    thread,
    timeline_command,
    network_command,
    export_command,
)
