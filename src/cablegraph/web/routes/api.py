"""The read-only JSON API under ``/api``: search, documents, entities, links, threads,
timeline, network."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from cablegraph.web.context import Web, WebDep, day
from cablegraph.web.routes import params as p
from cablegraph.web.searching import facet_pair

router = APIRouter(prefix="/api", tags=["reading"])


@router.get("/search", summary="Ranked search with facets", response_model=dict[str, Any])
async def api_search(
    w: WebDep,
    q: p.SearchText = "",
    person: p.Person = None,
    place: p.Place = None,
    via: p.Via = None,
    type: p.DocType = None,
    lang: p.Lang = None,
    archive: p.Archive = None,
    date_from: p.DateFrom = None,
    date_to: p.DateTo = None,
    f: p.Facets = None,
    sort: p.Sort = "relevance",
    mode: Annotated[
        Literal["auto", "hybrid", "text", "meaning"],
        Query(
            description="`text` (full text), `meaning` (nearest passages by a multilingual sentence"
            " encoder, once `cablegraph enrich` has run), `hybrid` (both, fused by reciprocal rank)"
            " or `auto` (hybrid once the corpus is embedded, else text)"
        ),
    ] = "auto",
    limit: Annotated[int, Query(ge=1, le=200, description="How many hits to return (1-200)")] = 20,
    offset: p.Offset = 0,
) -> Response:
    body = await w.search(  # the answer is kept encoded: encoding it was half a kept answer's cost
        then=lambda found: JSONResponse({**found.to_json(), "limit": limit, "offset": offset}).body,
        kept_as="api_search",
        facet_filters=[facet_pair(x) for x in f or []],
        sort=sort,
        mode=mode,
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
    return Response(body, media_type="application/json")


@router.get("/documents/{doc_id:path}", summary="One document with its sources, links and edits")
def api_document(w: WebDep, doc_id: p.DocId, request: Request, response: Response) -> Any:
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
    edits = w.curation.read(f"entity:{entity_id}")  # read afresh: an edit shows at once
    return {**w.views.person(entity), "curation": {"version": edits.version, **edits.data}}


@router.get("/entities/{entity_id:path}", summary="An authority entity with its documents by role")
async def api_entity(w: WebDep, entity_id: p.EntityId, response: Response) -> Any:
    data = await anyio.to_thread.run_sync(lambda: entity_json(w, entity_id))
    response.headers["ETag"] = f'"{data["curation"]["version"]}"'
    return data


@router.get("/links", summary="Links (reply_to, relays, references, near-duplicates)")
def api_links(
    w: WebDep,
    document: p.LinkDocument = None,
    kind: p.LinkKind = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="How many links to return (1-1000)")] = 100,
    offset: p.Skip = 0,
) -> dict[str, Any]:
    if document:
        found = [lk for lk in w.views.links_of(document) if not kind or lk.kind == kind]
        return {"total": len(found), "links": [lk.to_json() for lk in found[offset : offset + limit]]}
    total, page = w.views.all_links(kind, limit, offset)
    return {"total": total, "links": [lk.to_json() for lk in page]}


@router.get("/threads/{doc_id:path}", summary="The chain a document belongs to")
def api_thread(w: WebDep, doc_id: p.DocId) -> dict[str, Any]:
    w.require_document(doc_id)
    found = w.views.thread(doc_id)
    return found.to_json() if found else {"documents": [doc_id], "links": []}


@router.get("/timeline", summary="Dated events of every message")
async def api_timeline(
    w: WebDep,
    person: p.PersonFilter = None,
    limit: Annotated[int, Query(ge=1, le=5000, description="How many events to return (1-5000)")] = 500,
    offset: p.Skip = 0,
) -> dict[str, Any]:
    events = await anyio.to_thread.run_sync(lambda: w.views.timeline(w.person_id(person)))
    return {"total": len(events), "events": events[offset : offset + limit]}


@router.get("/timeline/messages", summary="The timeline by message, with lanes and transit samples")
async def api_timeline_messages(w: WebDep, person: p.PersonFilter = None) -> dict[str, Any]:
    return await anyio.to_thread.run_sync(lambda: w.views.timeline_messages(w.person_id(person)))


@dataclass(frozen=True, slots=True)
class Scope:
    """What the network and the map show: one person's messages (any name form, resolved
    to the authority's id) or everyone's, between two days."""

    person: str | None
    start: dt.date | None
    stop: dt.date | None


def scope(
    w: WebDep, person: p.PersonFilter = None, date_from: p.DateFrom = None, date_to: p.DateTo = None
) -> Scope:
    return Scope(w.person_id(person), day(date_from, "from"), day(date_to, "to"))


ScopeDep = Annotated[Scope, Depends(scope)]


@router.get(
    "/network", summary="Nodes and edges of the correspondence network", response_model=dict[str, Any]
)
async def api_network(w: WebDep, shown: ScopeDep) -> Response:
    def data() -> dict[str, Any]:
        found: dict[str, Any] = w.views.network(shown.person, shown.start, shown.stop)
        return found

    body = await anyio.to_thread.run_sync(lambda: w.views.encoded(("network", shown), data))
    return Response(body, media_type="application/json")


@router.get("/map", summary="Places with document counts and the flows of messages between them")
async def api_map(w: WebDep, shown: ScopeDep) -> dict[str, Any]:
    return await anyio.to_thread.run_sync(lambda: w.views.map(shown.person, shown.start, shown.stop))
