"""The read-only JSON API under ``/api``: search, documents, entities, links, threads,
timeline, network."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Query, Request, Response

from cablegraph.link.profile import entity_profile
from cablegraph.web.context import Web, WebDep, day
from cablegraph.web.searching import facet_pair

router = APIRouter(prefix="/api")
MAX_OFFSET = 1_000_000_000  # past any list; a bigger number is refused (422), not sent to SQLite


@router.get("/search", summary="Ranked search with facets")
async def api_search(
    w: WebDep,
    q: str = "",
    person: str | None = None,
    place: str | None = None,
    via: str | None = None,
    type: str | None = None,
    lang: str | None = None,
    archive: str | None = None,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
    f: Annotated[
        list[str] | None,
        Query(
            description="Exact facet values, all required, repeatable: `f=sender:Mao Zedong`, "
            "`f=year:1951`, `f=kind:document` (no listing pages)"
        ),
    ] = None,
    sort: str = Query("relevance", description="`relevance`, `date` (oldest first) or `-date`"),
    limit: int = Query(20, ge=1, le=200),
    offset: int = Query(0, ge=0, le=10_000),
) -> dict[str, Any]:
    result = await w.search(
        facet_filters=[facet_pair(x) for x in f or []],
        sort=sort,
        query=q,
        person=person,
        place=place,
        via=via,
        date_from=date_from,
        date_to=date_to,
        type=type,
        lang=lang,
        archive=archive,
        limit=limit,
        offset=offset,
    )
    return {**result.to_json(), "limit": limit, "offset": offset}


@router.get("/documents/{doc_id:path}", summary="One document with its sources, links and edits")
def api_document(w: WebDep, doc_id: str, request: Request, response: Response) -> Any:
    doc = w.require_document(doc_id)
    edits = w.curation.read(f"document:{doc_id}")
    etag = f'"{doc.version}-{edits.version}"'
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    return {
        **doc.to_json(),
        "links": [lk.to_json() for lk in w.views.links_of(doc_id)],
        "curation": {"version": edits.version, **edits.data},
    }


def entity_json(w: Web, entity_id: str) -> dict[str, Any]:
    """An entity's profile (documents by role, correspondents) with its curator edits."""
    entity = w.require_entity(entity_id)
    edits = w.curation.read(f"entity:{entity_id}")
    profile = entity_profile(entity, w.views.records(entity.name, limit=300))
    return {**profile, "curation": {"version": edits.version, **edits.data}}


@router.get("/entities/{entity_id:path}", summary="An authority entity with its documents by role")
async def api_entity(w: WebDep, entity_id: str, response: Response) -> Any:
    data = await anyio.to_thread.run_sync(lambda: entity_json(w, entity_id))
    response.headers["ETag"] = f'"{data["curation"]["version"]}"'
    return data


@router.get("/links", summary="Links (reply_to, relays, references, near-duplicates)")
def api_links(
    w: WebDep,
    document: str | None = None,
    kind: str | None = None,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> dict[str, Any]:
    if document:
        found = [lk for lk in w.views.links_of(document) if not kind or lk.kind == kind]
        return {"total": len(found), "links": [lk.to_json() for lk in found[offset : offset + limit]]}
    total, page = w.views.all_links(kind, limit, offset)
    return {"total": total, "links": [lk.to_json() for lk in page]}


@router.get("/threads/{doc_id:path}", summary="The chain a document belongs to")
def api_thread(w: WebDep, doc_id: str) -> dict[str, Any]:
    w.require_document(doc_id)
    found = w.views.thread(doc_id)
    return found.to_json() if found else {"documents": [doc_id], "links": []}


@router.get("/timeline", summary="Dated events of every message")
async def api_timeline(
    w: WebDep,
    person: str | None = None,
    limit: int = Query(500, ge=1, le=5000),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> dict[str, Any]:
    events = await anyio.to_thread.run_sync(lambda: w.views.timeline(w.person_id(person)))
    return {"total": len(events), "events": events[offset : offset + limit]}


@router.get("/network", summary="Nodes and edges of the correspondence network")
async def api_network(
    w: WebDep,
    person: str | None = None,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
) -> dict[str, Any]:
    start, stop = day(date_from, "from"), day(date_to, "to")
    return await anyio.to_thread.run_sync(lambda: w.views.network(w.person_id(person), start, stop))
