"""``cablegraph enrich``: the passes after ingest. ``meaning``: passages embedded for search
by meaning, originals aligned with their translations, the same text across documents;
``names``: names no list holds, found by NER in every text block, clustered."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import click

from cablegraph import settings
from cablegraph.cli_common import db_option, open_corpus, reports_errors, text_or_json
from cablegraph.errors import CablegraphError
from cablegraph.processes import end_with_parent
from cablegraph.resolve import Authority
from cablegraph.resolve.enrich import DocNames, Recognizer, cluster, names_in, page_blocks, recognizer
from cablegraph.store.base import StoredDocument

_Work = tuple[str, int | None, list[tuple[str | None, str]], list[str], list[int]]
_worker: tuple[Recognizer, Authority] | None = None


def _work_of(doc: StoredDocument) -> _Work:
    """What a worker needs of a document: id, year, text blocks, the entities already found."""
    data = doc.data
    iso = ((data.get("date") or {}).get("iso") or "")[:4]
    spans = [(int(b["start"]), int(b["stop"]), b.get("language")) for b in doc.text_blocks()]
    blocks, starts = page_blocks(doc.page(), spans)  # the blocks and the page between them
    known = sorted({m["entity_id"] for m in data.get("mentions") or () if m.get("entity_id")})
    return doc.id, int(iso) if iso.isdigit() else None, blocks, known, starts


def _init_worker(ner: str) -> None:
    end_with_parent()  # a run killed with -9 leaves no worker waiting forever
    _init(ner)


def _init(ner: str) -> None:
    global _worker
    _worker = (recognizer(ner), Authority.builtin())


def _run(work: _Work) -> dict[str, Any]:
    assert _worker is not None
    found_by, authority = _worker
    doc_id, year, blocks, known, starts = work
    found = names_in(doc_id, blocks, authority, found_by, year=year, known=known, starts=starts)
    return {**found.to_json(), "rule": f"ner:{found_by.name}"}


def _done(state: Path) -> Iterator[DocNames]:
    """The documents a previous run finished (a torn last line is read as not done)."""
    if not state.exists():
        return
    with state.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                yield DocNames.of(json.loads(line))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError):
                continue


@click.command("enrich")
@db_option
@click.option(
    "--ner",
    type=click.Choice(["auto", "capitals", "spacy", "natasha"]),
    default="auto",
    show_default=True,
    help="Recognizer: auto = natasha for Russian and spaCy for the rest where installed, else capitals.",
)
@click.option(
    "--state",
    type=click.Path(dir_okay=False),
    default=None,
    help="Progress file, one document a line [default: DB.enrich.jsonl]; a rerun resumes.",
)
@click.option("--jobs", type=int, default=0, help="Worker processes [default: all cores].")
@click.option(
    "--records",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also write the candidates shown as draft authority records (accept, merge, split, then load).",
)
@click.option("--top", type=int, default=50, show_default=True, help="Candidates to show (0: all).")
@click.option(
    "--passes",
    type=click.Choice(["all", "meaning", "names"]),
    default="all",
    show_default=True,
    help="meaning: embeddings, alignment, same-text links; names: NER candidates.",
)
@text_or_json
@reports_errors
def enrich(
    db: str | None, ner: str, state: str | None, records: str | None, jobs: int, top: int, passes: str,
    fmt: str,
) -> None:
    """Enrich the stored corpus: meaning (search across languages, aligned translations,
    the same text in several documents) and names no authority holds.

    The meaning pass embeds the passages of every new or changed document (a multilingual
    sentence encoder whose weights ship in the package) into `<db>.vectors/`, so that
    `search` ranks full text and meaning together ("перемирие" also finds the English
    armistice telegrams); aligns each original with its translation sentence by sentence;
    and links documents that carry the same text (`same_event`). Resumable; every core.

    The names pass finds person, place and organisation names no authority holds,
    clustered with counts.

    Every document's text (its blocks and the page between them: title, credits, notes) goes
    through named-entity recognition; names the authority resolves are dropped, the rest are
    stored as the document's unresolved mentions (with their spans: they reach the facets,
    the network and the curators' list) and become candidates grouped across documents
    (scripts, case endings, titles and initials aside) with their document counts and the
    known people they appear with, for curators to accept, merge or split. Resumable:
    finished documents are kept in the state file and skipped by the next run.

    With --records FILE the candidates shown are also written as draft authority records:
    keep the right ones, merge or split their names, check the file with `cablegraph
    authority check FILE`, and load it on top of the built-in authority.

    Example: cablegraph enrich --db corpus.db --ner capitals --top 20
    """
    if passes in ("all", "meaning"):
        embed_pass(db, fmt)
    if passes == "meaning":
        return
    path = Path(state or f"{db or settings.str_value('db')}.enrich.jsonl")
    done = {d.doc_id: d for d in _done(path)}
    with open_corpus(db) as corpus:
        todo = [_work_of(doc) for doc in corpus.documents() if doc.id not in done]
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    started = time.perf_counter()
    chars = 0
    try:
        with open_corpus(db) as corpus, path.open("a", encoding="utf-8") as out, click.progressbar(
            length=len(todo), label=f"enrich ({len(done)} done before)", file=sys.stderr
        ) as bar:
            for result in _results(todo, ner, workers):
                # the unknown names become the document's mentions first: a run killed between
                # the two writes reads the document again and adds nothing twice
                names = DocNames.of(result)
                corpus.store.add_mentions(names.doc_id, names.mentions(str(result.get("rule") or "ner")))
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
                out.flush()
                chars += int(result["chars"])
                done[result["doc"]] = DocNames.of(result)
                bar.update(1)
    except (ImportError, OSError, ValueError) as exc:
        raise CablegraphError(f"enrich: {exc}", path=str(path)) from exc
    seconds = time.perf_counter() - started
    candidates = cluster(done.values())
    shown = candidates[:top] if top else candidates
    if records:
        drafts = {c.record()["id"]: c.record() for c in shown}  # one record per id
        text = json.dumps(list(drafts.values()), ensure_ascii=False, indent=1)
        Path(records).write_text(text, encoding="utf-8")
    if fmt == "json":
        for candidate in shown:
            click.echo(json.dumps(candidate.to_json(), ensure_ascii=False))
        return
    rate = f", {chars / seconds:,.0f} chars/s" if seconds > 0 and chars else ""
    click.echo(f"{len(done)} documents ({len(todo)} read now in {seconds:.1f} s{rate}); "
               f"{len(candidates)} candidate names")  # fmt: skip
    for c in shown:
        forms = ", ".join(f"{form} ({n})" for form, n in c.forms.most_common(3))
        click.echo(f"  {c.name:<30} {c.kind:<6} {len(c.documents):>4} docs   {forms}")


def embed_pass(db: str | None, fmt: str) -> None:
    """The meaning pass, with a progress bar on a terminal; one summary line."""
    with open_corpus(db) as corpus:
        if sys.stderr.isatty():
            with click.progressbar(length=1, label="meaning", file=sys.stderr) as bar:

                def show(done: int, total: int) -> None:
                    bar.length = max(total, 1)
                    bar.update(done - bar.pos)

                report = corpus.enrich(progress=show)
        else:
            report = corpus.enrich()
    if fmt == "json":
        click.echo(json.dumps({"meaning": {
            "documents": report.documents, "passages": report.passages, "characters": report.characters,
            "same_event": report.same_event, "seconds": round(report.seconds, 2), "notes": report.notes,
            "terms": report.terms, "terms_embedded": report.terms_embedded,
            "terms_seconds": round(report.terms_seconds, 2)}}))
    else:
        click.echo(report.summary())


def _results(todo: list[_Work], ner: str, workers: int) -> Iterator[dict[str, Any]]:
    if workers <= 1 or len(todo) < 2:
        _init(ner)
        yield from map(_run, todo)
        return
    with get_context("fork").Pool(workers, initializer=_init_worker, initargs=(ner,)) as pool:
        yield from pool.imap_unordered(_run, todo, chunksize=4)


COMMANDS = (enrich,)
