"""Across documents and languages: the documents we don't have (``/missing``,
``/api/missing``)."""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter, Request, Response

from cablegraph.link.missing import MissingDocument, find_missing
from cablegraph.link.records import Record
from cablegraph.web.context import ApiError, Web, WebDep

router = APIRouter()

MAX_SCAN = 20_000  # documents read per request; larger corpora use ``cablegraph missing``


def missing_stubs(w: Web, citing: str | None = None) -> list[MissingDocument]:
    """Every cited-but-absent document of the corpus (or those ``citing`` cites)."""
    corpus = w.corpus()
    if corpus.store.stats(0).documents > MAX_SCAN:
        raise ApiError(
            503, "too_large", f"more than {MAX_SCAN} documents: run `cablegraph missing --format json`"
        )
    records = [Record.of(d.data, d.texts[0] if d.texts else "") for d in corpus.documents()]
    stubs = find_missing(records)
    return [s for s in stubs if citing in s.citing] if citing else stubs


@router.get("/api/missing", summary="Cited documents that match no document, with their citations")
async def api_missing(w: WebDep, citing: str | None = None) -> dict[str, Any]:
    stubs = await anyio.to_thread.run_sync(lambda: missing_stubs(w, citing))
    return {"total": len(stubs), "missing": [s.to_json() for s in stubs]}


@router.get("/missing", include_in_schema=False)  # an HTML page, not part of the JSON API
async def missing_page(w: WebDep, request: Request, citing: str | None = None) -> Response:
    stubs = await anyio.to_thread.run_sync(lambda: missing_stubs(w, citing))
    return w.templates.TemplateResponse(request, "missing.html", {"stubs": stubs, "citing": citing})
