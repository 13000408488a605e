"""Citing from the browser: one document, or a whole result set, as CSL-JSON (Zotero,
Mendeley), RIS, BibLaTeX or TEI, downloaded as a file (``/export/...``)."""

from __future__ import annotations

import io
import re
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Path, Query, Response

from cablegraph.export import export
from cablegraph.store.base import StoredDocument
from cablegraph.web.context import ApiError, Web, WebDep
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
    id: Annotated[list[str], Query(description="Document ids (repeatable): `id=wda:110374`")],
) -> Response:
    _format(ending)
    docs = [w.require_document(doc_id) for doc_id in dict.fromkeys(id[:RESULT_SET])]
    stem = docs[0].id if len(docs) == 1 else f"cablegraph-{len(docs)}-documents"
    return _download(w, docs, ending, stem)


@router.get(
    "/search.{ending}",
    response_class=Response,
    responses=DOWNLOAD,
    summary="A search's records (first 200) as CSL-JSON, RIS, BibLaTeX or TEI",
)
async def export_search(
    w: WebDep,
    ending: Annotated[str, Path(description="`csl.json`, `ris`, `bib` or `tei.xml`")],
    q: str = "",
    f: Annotated[
        list[str] | None, Query(description="Facet filters as on /search: `f=sender:Mao Zedong`")
    ] = None,
    person: str | None = None,
    place: str | None = None,
    type: str | None = None,
    lang: str | None = None,
    archive: str | None = None,
    via: str | None = None,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
    sort: str = "relevance",
) -> Response:
    _format(ending)
    fields = {"person": person, "place": place, "type": type, "lang": lang, "archive": archive, "via": via}
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
    )

    def documents() -> list[StoredDocument]:
        kept = w.views.one_per_record(result.hits, RESULT_SET)
        found = w.corpus().store.get_many([e["hit"].id for e in kept])
        return [found[e["hit"].id] for e in kept if e["hit"].id in found]

    docs = await anyio.to_thread.run_sync(documents)
    return _download(w, docs, ending, "cablegraph-search")
