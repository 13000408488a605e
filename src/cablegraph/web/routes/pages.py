"""The server-rendered pages: home, search, document, entity, timeline, network."""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from cablegraph.export import archive_citation, chicago_note
from cablegraph.web.context import WebDep
from cablegraph.web.routes.api import entity_json
from cablegraph.web.views import document_view

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/")
async def home(w: WebDep, request: Request) -> Response:
    summary = await anyio.to_thread.run_sync(w.views.home)
    return w.templates.TemplateResponse(request, "home.html", {"home": summary})


@router.get("/search")
async def search_page(
    w: WebDep,
    request: Request,
    q: str = "",
    person: str | None = None,
    place: str | None = None,
    year: str | None = None,
    type: str | None = None,
    lang: str | None = None,
    archive: str | None = None,
    via: str | None = None,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
    page: int = Query(1, ge=1, le=500),
) -> Response:
    if year and not (date_from or date_to):
        date_from, date_to = year, year
    result = await w.search(
        query=q,
        person=person,
        place=place,
        via=via,
        date_from=date_from,
        date_to=date_to,
        type=type,
        lang=lang,
        archive=archive,
        limit=20,
        offset=(page - 1) * 20,
    )
    state = {
        k: v
        for k, v in {
            "q": q,
            "person": person,
            "place": place,
            "type": type,
            "lang": lang,
            "archive": archive,
            "via": via,
            "from": date_from,
            "to": date_to,
        }.items()
        if v
    }
    return w.templates.TemplateResponse(
        request, "search.html", {"result": result, "state": state, "page": page}
    )


@router.get("/documents/{doc_id:path}")
def document_page(w: WebDep, request: Request, doc_id: str) -> Response:
    doc = w.require_document(doc_id)
    view = document_view(doc)
    edits = w.curation.read(f"document:{doc_id}")
    return w.templates.TemplateResponse(
        request,
        "document.html",
        {
            "view": view,
            "links": w.views.links_of(doc_id),
            "thread": w.views.thread(doc_id),
            "citation": archive_citation(doc.to_json()),
            "chicago": chicago_note(doc.to_json()),
            "edits": edits.data,
        },
    )


@router.get("/entities/{entity_id:path}")
async def entity_page(w: WebDep, request: Request, entity_id: str) -> Response:
    entity = w.require_entity(entity_id)
    data = await anyio.to_thread.run_sync(lambda: entity_json(w, entity_id))
    return w.templates.TemplateResponse(request, "entity.html", {"entity": entity, "data": data})


@router.get("/timeline")
async def timeline_page(
    w: WebDep,
    request: Request,
    person: str | None = None,
    zoom: str = Query("month", pattern="^(day|month|year|decade)$"),
) -> Response:
    events = await anyio.to_thread.run_sync(lambda: w.views.timeline(w.person_id(person)))
    width = {"day": 10, "month": 7, "year": 4, "decade": 3}[zoom]
    groups: dict[str, list[Any]] = {}
    for event in events:
        key = event["at"][:width] + ("0s" if zoom == "decade" else "")
        groups.setdefault(key, []).append(event)
    return w.templates.TemplateResponse(
        request, "timeline.html", {"groups": groups, "zoom": zoom, "person": person or ""}
    )


@router.get("/network")
async def network_page(
    w: WebDep,
    request: Request,
    person: str | None = None,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
) -> Response:
    return w.templates.TemplateResponse(
        request,
        "network.html",
        {"person": person or "", "date_from": date_from or "", "date_to": date_to or ""},
    )
