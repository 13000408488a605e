"""The corpus commands of ``cablegraph``: ingest, search, show, stats, import, serve. Each
opens the corpus (``--db`` or CABLEGRAPH_DB) and calls the library; library errors become
one-line messages and exit code 1."""

from __future__ import annotations

import json
import os
import sys

import click

from cablegraph import settings
from cablegraph.cli_common import (
    DB,
    CorpusRecords,
    catch_up_index,
    db_option,
    default_jobs,
    open_corpus,
    people_names,
    reports_errors,
    text_or_json,
)
from cablegraph.errors import CablegraphError
from cablegraph.ingest import iter_paths
from cablegraph.ingest.pipeline import read_and_parse
from cablegraph.link.table import LinkTable, relink_changed
from cablegraph.resolve import Authority
from cablegraph.store.base import StoredDocument


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
    with open_corpus(db) as corpus:
        todo, known = corpus.skip_unchanged(files)  # unchanged bytes: not parsed again
        # The parsing processes also make each page's rows for the store and the index
        # (the index records need this corpus's authority: the one they parse with).
        same = isinstance(corpus.authority, Authority)
        pages = read_and_parse(
            todo,
            corpus.authority if isinstance(corpus.authority, Authority) else None,
            jobs=jobs or default_jobs(len(todo)),
            rows=same,
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
    with open_corpus(db) as corpus:
        catch_up_index(corpus)
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
    with open_corpus(db) as corpus:
        doc = corpus.get(doc_id)
    if doc is None:
        raise CablegraphError(f"no document {doc_id!r} in the corpus (ids look like wda:110374)")
    if fmt == "json":
        click.echo(json.dumps({**doc.to_json(), "texts_of_sources": doc.texts}, ensure_ascii=False))
        return
    click.echo(describe(doc))




def describe(doc: StoredDocument) -> str:
    data = doc.data
    env = data.get("envelope") or {}
    lines = [
        f"{data.get('title')}",
        f"  id {doc.id}   record {data.get('record_id') or '-'}   "
        f"date {(data.get('date') or {}).get('iso') or '-'}   type {data.get('doc_type') or '-'}",
        f"  from {people_names(data.get('senders') or [])} to {people_names(data.get('recipients') or [])}"
        f"   via {people_names(data.get('via') or [])}",
        f"  copies {people_names(data.get('copies_to') or [])}",
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
            f"  nested {message['kind']}: {people_names(message['authors'])} → "
            f"{people_names(message['recipients'])} ({(message.get('date') or {}).get('iso') or 'undated'})"
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
    with open_corpus(db) as corpus:
        catch_up_index(corpus)
        result = corpus.stats()
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False))
        return
    click.echo(f"documents {result.documents}, sources {result.sources}, failures {result.failures}")
    for name, counts in result.facets.items():
        click.echo(f"  {name}: " + ", ".join(f"{v} ({c})" for v, c in counts[:10]))



@click.command(name="import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@db_option
@reports_errors
def import_command(path: str, db: str | None) -> None:
    """Import a JSON Lines export (records with their sources and texts) into a corpus.

    Example: cablegraph import all.jsonl --db copy.db
    """
    from cablegraph.export.importer import import_jsonl

    with open_corpus(db) as corpus:
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



@click.command()
@db_option
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default)."
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(1, 64),
    help="Worker processes  [default: one per core; 1 for an in-memory database].",
)
@reports_errors
def serve(db: str | None, host: str, port: int, workers: int | None) -> None:
    """Serve the web workbench and the JSON API.

    Read-only unless CABLEGRAPH_CURATOR_TOKEN is set (then curators may write).

    Example: cablegraph serve --db corpus.db --port 8000
    """

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
    workers = serving_workers(path, workers)
    if path != ":memory:":
        # A database that cannot be opened fails here, once, not in every worker the
        # supervisor would start again and again; and the index is brought up to the
        # store here, since a server reads it as it is (an index an upgrade made stale
        # would otherwise serve empty results).
        with open_corpus(path) as corpus:
            catch_up_index(corpus)
    click.echo(f"Cablegraph workbench: http://{host}:{port}/  (Ctrl-C to stop)", err=True)
    if workers > 1:
        os.environ[DB.env] = path
        graceful.serve("cablegraph.web.app:app_from_environment", host=host, port=port, workers=workers)
        return
    graceful.serve(create_app(path), host=host, port=port)


def serving_workers(db: str, asked: int | None) -> int:
    """The worker processes ``serve`` runs: as asked, else one per core (each answers
    requests on its own core; curator sessions are signed, not kept in a process), and
    one for an in-memory database, which a second process could not see."""
    if db == ":memory:":
        return 1
    return asked if asked is not None else max(os.cpu_count() or 1, 1)


COMMANDS = (ingest, search, show, stats, import_command, serve,)
