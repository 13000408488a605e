"""Citing from the browser: one document, or a whole result set, as CSL-JSON (Zotero,
Mendeley), RIS, BibLaTeX or TEI, downloaded as a file (``/export/...``); the network as
GEXF, GraphML or CSV."""

from __future__ import annotations

import io
import os
import re
import tempfile
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import JSONResponse

from cablegraph.errors import QueryError
from cablegraph.export import export
from cablegraph.link.network import write_network
from cablegraph.store.base import StoredDocument
from cablegraph.web.context import ApiError, Web, WebDep, day
from cablegraph.web.routes import params as p
from cablegraph.web.searching import SearchState

router = APIRouter(prefix="/export", tags=["citing"])

# URL ending -> (export format, media type)
FORMATS = {
    "csl.json": ("csl-json", "application/vnd.citationstyles.csl+json; charset=utf-8"),
    "ris": ("ris", "application/x-research-info-systems; charset=utf-8"),
    "bib": ("bibtex", "application/x-bibtex; charset=utf-8"),
    "tei.xml": ("tei", "application/tei+xml; charset=utf-8"),
}
RESULT_SET = 200  # records in a downloaded result set at most
# What /openapi.json says a download answers: the file in one of the four media types.
DOWNLOAD: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file, as an attachment",
        "content": {media.split(";")[0]: {} for _fmt, media in FORMATS.values()},
    }
}


def error_json(exc: ApiError) -> Response:
    """A failed download answers in the API's error shape (it is an API route, not a page)."""
    return JSONResponse(
        {"error": {"status": exc.status, "code": exc.code, "message": exc.message}}, status_code=exc.status
    )


def _format(ending: str) -> tuple[str, str]:
    found = FORMATS.get(ending)
    if found is None:
        raise ApiError(404, "unknown_format", f"no export as .{ending}: use {', '.join(FORMATS)}")
    return found


def _download(w: Web, docs: list[StoredDocument], ending: str, stem: str) -> Response:
    fmt, media = _format(ending)
    out = io.StringIO()
    pairs = ((doc.to_json(), doc.texts[0] if doc.texts else "") for doc in docs)
    export(pairs, fmt, out)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-") or "cablegraph"
    return Response(
        out.getvalue(),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{safe}.{ending}"'},
    )


@router.get(
    "/documents.{ending}",
    response_class=Response,
    responses=DOWNLOAD,
    summary="One or more documents as CSL-JSON, RIS, BibLaTeX or TEI",
)
def export_documents(
    w: WebDep,
    ending: Annotated[str, Path(description="`csl.json`, `ris`, `bib` or `tei.xml`")],
    id: Annotated[list[str] | None, Query(description="Document ids (repeatable): `id=wda:110374`")] = None,
) -> Response:
    try:
        _format(ending)
        if not id:
            raise ApiError(400, "missing_id", "name the documents: /export/documents.ris?id=wda:110374")
        docs = [w.require_document(doc_id) for doc_id in dict.fromkeys(id[:RESULT_SET])]
        stem = docs[0].id if len(docs) == 1 else f"cablegraph-{len(docs)}-documents"
        return _download(w, docs, ending, stem)
    except ApiError as exc:
        return error_json(exc)


@router.get(
    "/search.{ending}",
    response_class=Response,
    responses=DOWNLOAD,
    summary="A search's records (first 200) as CSL-JSON, RIS, BibLaTeX or TEI",
)
async def export_search(
    w: WebDep,
    ending: Annotated[str, Path(description="`csl.json`, `ris`, `bib` or `tei.xml`")],
    q: p.SearchText = "",
    f: p.Facets = None,
    person: p.Person = None,
    place: p.Place = None,
    type: p.DocType = None,
    lang: p.Lang = None,
    archive: p.Archive = None,
    via: p.Via = None,
    date_from: p.DateFrom = None,
    date_to: p.DateTo = None,
    sort: p.Sort = "relevance",
) -> Response:
    try:
        return await _export_search(
            w, ending, q, f, person, place, type, lang, archive, via, date_from, date_to, sort
        )
    except ApiError as exc:
        return error_json(exc)
    except QueryError as exc:
        return error_json(ApiError(400, "invalid_query", exc.reason))


async def _export_search(
    w: Web,
    ending: str,
    q: str,
    f: list[str] | None,
    person: str | None,
    place: str | None,
    type: str | None,
    lang: str | None,
    archive: str | None,
    via: str | None,
    date_from: str | None,
    date_to: str | None,
    sort: str,
) -> Response:
    _format(ending)
    fields: dict[str, Any] = {
        "person": person, "place": place, "type": type, "lang": lang, "archive": archive, "via": via
    }
    state = SearchState.of(q, f or [], {**fields, "from": date_from, "to": date_to}, sort)
    result = await w.search(
        query=q,
        **fields,
        date_from=date_from,
        date_to=date_to,
        facet_filters=state.search_facets(),
        sort=sort,
        limit=RESULT_SET,
        facets=False,
        snippets=False,  # the documents themselves are exported
    )

    def documents() -> list[StoredDocument]:
        kept = w.views.one_per_record(result.hits, RESULT_SET)
        found = w.corpus().store.get_many([e["hit"].id for e in kept])
        return [found[e["hit"].id] for e in kept if e["hit"].id in found]

    docs = await anyio.to_thread.run_sync(documents)
    return _download(w, docs, ending, "cablegraph-search")


NETWORK_FORMATS = {
    "gexf": "application/gexf+xml; charset=utf-8",
    "graphml": "application/graphml+xml; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


@router.get(
    "/network.{ending}", summary="The correspondence network as GEXF (Gephi), GraphML or a CSV edge list"
)
async def export_network(
    w: WebDep,
    ending: Annotated[
        str, Path(description="`gexf` (dynamic, for Gephi), `graphml` or `csv` (one row per message)")
    ],
    person: p.PersonFilter = None,
    date_from: p.DateFrom = None,
    date_to: p.DateTo = None,
) -> Response:
    try:
        media = NETWORK_FORMATS.get(ending)
        if media is None:
            raise ApiError(
                404, "unknown_format", f"no network as .{ending}: use {', '.join(NETWORK_FORMATS)}"
            )
        start, stop = day(date_from, "from"), day(date_to, "to")
    except ApiError as exc:
        return error_json(exc)

    def written() -> str:
        graph = w.views.graph(w.person_id(person), start, stop)
        with tempfile.TemporaryDirectory() as folder:
            target = os.path.join(folder, f"network.{ending}")
            write_network(graph, target, ending)
            with open(target, encoding="utf-8") as made:
                return made.read()

    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", f"cablegraph-network-{person or 'all'}").strip("-")
    return Response(
        await anyio.to_thread.run_sync(written),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{stem}.{ending}"'},
    )
