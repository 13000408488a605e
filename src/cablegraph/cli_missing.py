"""``cablegraph missing``: the documents cited in the corpus that no archive page gave us."""

from __future__ import annotations

import json

import click

from cablegraph.cli_common import db_option, open_corpus, records, reports_errors, text_or_json
from cablegraph.link.missing import MissingDocument, find_missing


@click.command("missing")
@db_option
@click.option("--citing", "citing", metavar="DOC_ID", help="Only what this document cites.")
@text_or_json
@reports_errors
def missing(db: str | None, citing: str | None, fmt: str) -> None:
    """Cited telegrams and letters that match no document: the requests to send an archive.

    Each stub says what its citations say (sender, recipient, number, date or its bounds)
    and lists the documents that cite it, with the citing words.

    Example: cablegraph missing --db examples/cablegraph.db
    """
    with open_corpus(db) as corpus:
        stubs = find_missing(records(corpus))
    if citing:
        stubs = [s for s in stubs if citing in s.citing]
    if fmt == "json":
        for stub in stubs:
            click.echo(json.dumps(stub.to_json(), ensure_ascii=False))
        return
    click.echo(f"{len(stubs)} cited documents not in the corpus")
    for stub in stubs:
        click.echo(describe(stub))


def describe(stub: MissingDocument) -> str:
    """Two or more lines: the stub, then each citation."""
    number = f"No. {stub.number}" if stub.number else "unnumbered"
    when = (
        stub.cited_date.isoformat()
        if stub.cited_date
        else (f"between {stub.earliest or '?'} and {stub.latest or '?'}")
    )
    parties = f"{', '.join(stub.senders) or '?'} → {', '.join(stub.recipients) or '?'}"
    lines = [f"  {number:<14} {parties}   {when}   [{', '.join(stub.rules)}]"]
    for cite in stub.citations:
        lines.append(f"      cited by {cite.citing} [{cite.start}:{cite.stop}]: {cite.evidence[:80]!r}")
    return "\n".join(lines)


COMMANDS = (missing,)
