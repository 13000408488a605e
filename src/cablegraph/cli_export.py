"""``cablegraph export``: documents in the formats historians' tools read."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from cablegraph import corpus as corpus_api
from cablegraph.cli_common import (
    db_option,
    open_corpus,
    records,
    reports_errors,
)
from cablegraph.errors import CablegraphError
from cablegraph.export import FORMATS as EXPORT_FORMATS
from cablegraph.export import export as write_export
from cablegraph.link import find_links
from cablegraph.store.base import StoredDocument


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
    with open_corpus(db) as corpus:
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


COMMANDS = (export_command,)
