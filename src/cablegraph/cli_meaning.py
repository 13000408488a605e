"""``cablegraph enrich``: the passes that add meaning to a stored corpus, apart from ingest."""

from __future__ import annotations

import json
import sys

import click

from cablegraph.cli_corpus import _open, db_option, reports_errors, text_or_json


@click.command("enrich")
@db_option
@text_or_json
@reports_errors
def enrich(db: str | None, fmt: str) -> None:
    """Embed the passages of every new or changed document for search by meaning.

    Resumable: a second run embeds only what changed; an interrupted run keeps what it
    saved. Uses every core. Afterwards `search` ranks full text and meaning together
    (`--mode hybrid`, the default once embedded), so "перемирие" also finds the English
    telegrams about the armistice.

    Example: cablegraph enrich --db corpus.db
    """
    with _open(db) as corpus:
        if sys.stderr.isatty() and fmt == "text":
            with click.progressbar(length=1, label="embedding", file=sys.stderr) as bar:

                def show(done: int, total: int) -> None:
                    bar.length = max(total, 1)
                    bar.update(done - bar.pos)

                report = corpus.enrich(progress=show)
        else:
            report = corpus.enrich()
    if fmt == "json":
        click.echo(json.dumps({"documents": report.documents, "passages": report.passages,
                               "characters": report.characters, "seconds": round(report.seconds, 2)}))
    else:
        click.echo(report.summary())


COMMANDS = (enrich,)
