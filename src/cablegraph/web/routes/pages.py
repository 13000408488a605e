"""The server-rendered pages: home, search, document, entity, timeline, network, map."""

from __future__ import annotations

import math
import statistics
from typing import Annotated, Any
from urllib.parse import quote

import anyio
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse

from cablegraph.export import archive_citation, chicago_note
from cablegraph.search.result import SearchResult
from cablegraph.web.context import WebDep
from cablegraph.web.routes.api import entity_json
from cablegraph.web.routes.curate_forms import curator_context
from cablegraph.web.searching import FACET_LABELS, MODE_LABELS, SORT_LABELS, SearchState
from cablegraph.web.views import document_view
from cablegraph.web.zotero import citation_meta

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PAGE = 20  # results per search page
LOOKAHEAD = 10  # further hits read so that copies of a shown record fold into it


@router.get("/")
async def home(w: WebDep, request: Request) -> Response:
    summary = await anyio.to_thread.run_sync(w.views.home)
    return w.templates.TemplateResponse(request, "home.html", {"home": summary})


@router.get("/search")
async def search_page(
    w: WebDep,
    request: Request,
    q: str = "",
    f: Annotated[list[str] | None, Query()] = None,
    person: str | None = None,
    place: str | None = None,
    year: str | None = None,
    type: str | None = None,
    lang: str | None = None,
    archive: str | None = None,
    via: str | None = None,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
    sort: str = "relevance",
    mode: str = "auto",
    page: int = Query(1, ge=1, le=500),
) -> Response:
    if year and not (date_from or date_to):
        date_from, date_to = year, year
    fields = {"person": person, "place": place, "type": type, "lang": lang, "archive": archive, "via": via}
    state = SearchState.of(q, f or [], {**fields, "from": date_from, "to": date_to}, sort, mode)

    def rendered(found: SearchResult) -> str:
        """The page (it depends on the search and the state only, not on the request)."""
        entries = w.views.one_per_record(found.hits, PAGE, found.dress)
        context = {
            "result": found,
            "entries": entries,
            "state": state,
            "page": page,
            "page_size": PAGE,
            "labels": FACET_LABELS,
            "sorts": SORT_LABELS,
            "modes": MODE_LABELS,
        }
        return w.templates.get_template("search.html").render(context)

    html = await w.search(
        then=rendered,  # the page itself is kept, under the state it shows
        kept_as=("search_page", state, page),
        query=q,
        **fields,
        date_from=date_from,
        date_to=date_to,
        facet_filters=state.search_facets(),
        sort=sort,
        mode=mode,
        limit=PAGE + LOOKAHEAD,
        offset=(page - 1) * PAGE,
        snippets=False,  # only the hits shown get their snippets (one_per_record)
    )
    return HTMLResponse(html)


@router.get("/documents/{doc_id:path}")
def document_page(w: WebDep, request: Request, doc_id: str) -> Response:
    doc = w.require_document(doc_id)
    view = document_view(doc, w.corpus().alignment(doc_id))
    edits = w.curation.read(f"document:{doc_id}")
    page_url = str(request.base_url).rstrip("/") + "/documents/" + quote(doc_id, safe="")
    return w.templates.TemplateResponse(
        request,
        "document.html",
        {
            "view": view,
            "around": w.views.around(doc_id),
            "meta": citation_meta(doc.data, view["archive_url"] or page_url, w.authority),
            "page_url": page_url,
            "citation": archive_citation(doc.to_json()),
            "chicago": chicago_note(doc.to_json()),
            "edits": edits.data,
            "curator": curator_context(w, request, f"document:{doc_id}"),
        },
    )


@router.get("/entities/{entity_id:path}")
async def entity_page(w: WebDep, request: Request, entity_id: str) -> Response:
    entity = w.require_entity(entity_id)
    data = await anyio.to_thread.run_sync(lambda: entity_json(w, entity_id))
    curator = await anyio.to_thread.run_sync(lambda: curator_context(w, request, f"entity:{entity_id}"))
    return w.templates.TemplateResponse(
        request, "entity.html", {"entity": entity, "data": data, "curator": curator}
    )


@router.get("/timeline")
async def timeline_page(
    w: WebDep,
    request: Request,
    person: str | None = None,
    zoom: str = Query("month", pattern="^(day|month|year|decade)$"),
) -> Response:
    found = await anyio.to_thread.run_sync(lambda: w.views.timeline_messages(w.person_id(person)))
    width = {"day": 10, "month": 7, "year": 4, "decade": 3}[zoom]
    groups: dict[str, list[Any]] = {}
    for message in found["messages"]:
        key = message["at"][:width] + ("0s" if zoom == "decade" else "")
        groups.setdefault(key, []).append(message)
    return w.templates.TemplateResponse(
        request,
        "timeline.html",
        {
            "groups": groups,
            "zoom": zoom,
            "person": person or "",
            "transit": transit_chart(found["transit"]),
        },
    )


TRANSIT_BINS = (1, 10, 30, 60, 120, 240, 480, 1440, 2880, 10080)  # minutes (log scale ticks)


def transit_chart(samples: dict[str, list[float]]) -> dict[str, Any]:
    """The transit samples as an SVG strip chart on a log time axis: one row per channel and
    step, one dot per message, the median marked; coordinates computed here, so the page
    needs no script and no inline style."""
    left, width, row = 260, 560, 30
    low, high = math.log10(1), math.log10(TRANSIT_BINS[-1])

    def x(minutes: float) -> float:
        return round(left + width * (math.log10(max(1.0, minutes)) - low) / (high - low), 1)

    rows = []
    for index, (key, values) in enumerate(samples.items()):
        channel, _, step = key.partition(" | ")
        median = statistics.median(values)
        rows.append(
            {
                "label": f"{channel.replace('? → ?', 'route unknown')}: {step}",
                "y": 20 + index * row,
                "dots": [{"x": x(v), "minutes": round(v)} for v in values],
                "median": {"x": x(median), "minutes": round(median)},
            }
        )
    ticks = [
        {"x": x(t), "label": f"{t} min" if t < 60 else f"{t // 60} h" if t < 1440 else f"{t // 1440} d"}
        for t in TRANSIT_BINS
    ]
    return {"rows": rows, "ticks": ticks, "height": 40 + len(rows) * row, "left": left, "right": left + width}


def asked_scope(
    person: str | None = None,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
) -> dict[str, str]:
    """The person and dates a map or network page was asked for, as typed (its script
    reads the data from the API with them)."""
    return {"person": person or "", "date_from": date_from or "", "date_to": date_to or ""}


AskedScope = Annotated[dict[str, str], Depends(asked_scope)]


@router.get("/map")
async def map_page(w: WebDep, request: Request, asked: AskedScope) -> Response:
    return w.templates.TemplateResponse(request, "map.html", asked)


@router.get("/network")
async def network_page(w: WebDep, request: Request, asked: AskedScope) -> Response:
    ego = w.person_id(asked["person"]) or ""  # "Stalin" -> person:stalin, the ego to mark
    return w.templates.TemplateResponse(request, "network.html", {**asked, "person_id": ego})
