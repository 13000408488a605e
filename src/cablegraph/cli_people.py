"""The commands over the people and places of the corpus: people, places, person."""

from __future__ import annotations

import json
from typing import Any

import click

from cablegraph import corpus as corpus_api
from cablegraph.cli_common import (
    db_option,
    open_corpus,
    record_of,
    reports_errors,
    text_or_json,
)
from cablegraph.errors import CablegraphError
from cablegraph.link.profile import entity_profile
from cablegraph.resolve import Authority


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
        entity = authority.named(name)
        rows.append((entity.id if entity else "-", name, count))
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
    with open_corpus(db) as corpus:
        if unresolved:
            from cablegraph.resolve.explain import group_unresolved

            written: list[tuple[str, str]] = []
            for doc in corpus.documents():
                for role in ("senders", "recipients", "via", "copies_to"):
                    written += [
                        (p["name"], doc.id) for p in doc.data.get(role) or [] if not p.get("entity_id")
                    ]
                written += [  # names no list holds, stored by `enrich --passes names`
                    (m["text"], doc.id)
                    for m in doc.data.get("mentions") or []
                    if m.get("kind") == "person" and not m.get("entity_id")
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
    with open_corpus(db) as corpus:
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

    with open_corpus(db) as corpus:
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


COMMANDS = (people, places, person,)
