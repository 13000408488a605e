"""The ``cablegraph`` command: a thin layer over the library.

Each command calls the library and turns its errors into one-line messages at the
boundary; the library never prints.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

import click

from cablegraph import __version__
from cablegraph.errors import CablegraphError
from cablegraph.ingest.pipeline import read_and_parse
from cablegraph.model import Document, Message, PersonRef, SourcePage
from cablegraph.model.jsonable import document_json
from cablegraph.resolve import Authority


@click.group()
@click.version_option(__version__, prog_name="cablegraph")
def main() -> None:
    """Cablegraph: parse, resolve, link and search historical diplomatic telegrams."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "text"]),
    default="json",
    show_default=True,
    help="JSON Lines (one object per page) or a readable table.",
)
@click.option("--explain", is_flag=True, help="Show, per field, the text it came from and the rule.")
def parse(paths: tuple[str, ...], fmt: str, explain: bool) -> None:
    """Parse archive pages (files, folders or globs) into structured records.

    Example: cablegraph parse examples/pages/seeds --format text
    """
    authority = Authority.builtin()
    failed = 0
    rows: list[tuple[Document, SourcePage]] = []
    for item in _parsed(paths, authority):
        if isinstance(item, CablegraphError):
            failed += 1
            click.echo(f"error: {item}", err=True)
            if fmt == "json":
                click.echo(
                    json.dumps(
                        {"source": {"path": item.path}, "page_kind": None, "errors": [str(item)]},
                        ensure_ascii=False,
                    )
                )
            continue
        doc, page = item
        for error in doc.errors:
            click.echo(f"warning: {error}", err=True)
        if fmt == "json":
            click.echo(json.dumps(document_json(doc, page), ensure_ascii=False))
        else:
            rows.append((doc, page))
        if explain:
            click.echo(explain_document(doc, page), err=fmt == "json")
    if fmt == "text":
        click.echo(summary_table(rows))
    if failed:
        sys.exit(1)


def _parsed(
    paths: tuple[str, ...], authority: Authority
) -> Iterator[tuple[Document, SourcePage] | CablegraphError]:
    for item in read_and_parse(paths, authority):
        if isinstance(item, CablegraphError):
            yield item
        else:
            yield item[1], item[0]


def _names(people: list[PersonRef]) -> str:
    return ", ".join(p.name for p in people) or "-"


def _count_messages(messages: list[Message]) -> int:
    return sum(1 + _count_messages(m.children) for m in messages)


def summary_table(rows: list[tuple[Document, SourcePage]]) -> str:
    """One line per page: title, date, sender -> recipient, via, number, languages, nested."""
    header = ("file", "kind", "date", "title", "sender → recipient", "via", "no.", "lang", "nested")
    table: list[tuple[str, ...]] = [header]
    for doc, page in rows:
        nested = sum(_count_messages(m.children) for m in doc.messages)
        title = doc.title or "-"
        if doc.page_kind == "listing":
            title = f"[{len(doc.items)} listed records]"
        table.append(
            (
                page.path.split("/")[-1] if len(page.path) > 30 else page.path,
                doc.page_kind,
                (doc.date.iso or doc.date.text) if doc.date else "-",
                title[:60] + ("…" if len(title) > 60 else ""),
                f"{_names(doc.senders)} → {_names(doc.recipients)}"[:50],
                _names(doc.via)[:20],
                doc.envelope.number or "-",
                ",".join(doc.languages_present) or "-",
                str(nested),
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def explain_document(doc: Document, page: SourcePage) -> str:
    """Each field with the text it came from and the rule that produced it."""
    out = [f"# {page.path}"]

    def show(name: str, rule: str, start: Any, stop: Any) -> None:
        source = page.text[start:stop] if isinstance(start, int) and isinstance(stop, int) else ""
        source = source.replace("\n", "⏎")[:100]
        out.append(f"  {name:<28} rule={rule:<36} [{start}:{stop}] {source!r}")

    data = document_json(doc, page)
    for name, prov in data["provenance"].items():
        show(name, prov["rule"], prov["start"], prov["stop"])
    if data["date"]:
        show("date", data["date"]["rule"], data["date"]["start"], data["date"]["stop"])
    for name, prov in data["envelope"]["provenance"].items():
        show(f"envelope.{name}", prov["rule"], prov["start"], prov["stop"])
    for kind in ("sent", "received", "transmitted", "deciphered", "printed", "verified"):
        event = data["envelope"].get(kind)
        if event:
            show(f"envelope.{kind}", event["rule"], event["start"], event["stop"])
    for role in ("senders", "recipients", "via", "copies_to"):
        for person in data[role]:
            show(f"{role}: {person['name']}", person["rule"], person["start"], person["stop"])
    for ref in data["archive_refs"]:
        show("archive_ref", ref["rule"], ref["start"], ref["stop"])
    for block in data["texts"]:
        show(f"text[{block['language']},{block['role']}]", block["rule"], block["start"], block["start"] + 40)
    for mention in data["mentions"]:
        show(f"mention: {mention['name']}", mention["rule"], mention["start"], mention["stop"])
    return "\n".join(out)


@main.group()
def authority() -> None:
    """The authority file: persons, places and organisations with every name form."""


@authority.command("check")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def authority_check(path: str) -> None:
    """Validate a user authority file (same format as the built-in one).

    Each problem names the record and the field. Exit code 1 when there are problems.

    Example: cablegraph authority check my_people.json
    """
    problems = Authority.check(path)
    for problem in problems:
        click.echo(f"{path}: {problem}")
    if problems:
        sys.exit(1)
    click.echo(f"{path}: ok")


@authority.command("import")
@click.argument("dataset", type=click.Choice(["people", "pocom"]))
@click.argument("path", type=click.Path(exists=True))
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    default=None,
    help="Derived authority file to write [default: CABLEGRAPH_ARCHIVE, else the one the package ships].",
)
def authority_import(dataset: str, path: str, out: str | None) -> None:
    """Import an Office of the Historian dataset into the derived authority.

    PATH is the dataset's repository folder or a .tar.gz of it: `people`
    (HistoryAtState/people, FRUS persons with every name form and its volumes) or `pocom`
    (HistoryAtState/pocom, CC0: office holders and chiefs of mission with dates). The other
    dataset's part of the file is kept.

    Example: cablegraph authority import people people.tar.gz
    """
    import time
    from pathlib import Path

    from cablegraph.resolve import hs_import
    from cablegraph.resolve.archive import ArchiveLayer

    target = Path(out) if out else ArchiveLayer.builtin_path()
    started = time.perf_counter()
    try:
        if dataset == "people":
            part = hs_import.import_people(Path(path))
            data = hs_import.write_derived(target, part, hs_import.PEOPLE_SOURCE)
        else:
            part = hs_import.import_pocom(Path(path))
            data = hs_import.write_derived(target, part, hs_import.POCOM_SOURCE)
    except CablegraphError as exc:
        raise click.ClickException(str(exc)) from exc
    seconds = time.perf_counter() - started
    click.echo(
        f"{target}: {len(data['people'])} people, {len(data['volumes'])} volumes, "
        f"{len(data['pocom_persons'])} pocom persons, {len(data['tenures'])} tenures; "
        f"{target.stat().st_size / 1e6:.2f} MB, {seconds:.1f} s"
    )


def _register_commands() -> None:
    """The commands of the other modules, one module per family."""
    from cablegraph import cli_corpus, cli_enrich, cli_export, cli_links, cli_missing, cli_people

    for family in (cli_corpus, cli_people, cli_links, cli_export, cli_missing, cli_enrich):
        for command in family.COMMANDS:
            main.add_command(command)


_register_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
