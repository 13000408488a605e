"""The OpenRefine reconciliation service over the authority (``/api/reconcile``)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request

from cablegraph.web.context import ApiError, WebDep

router = APIRouter(prefix="/api")

MANIFEST = {
    "versions": ["0.2"],
    "name": "Cablegraph authority",
    "identifierSpace": "urn:cablegraph:",
    "schemaSpace": "urn:cablegraph:schema",
    "defaultTypes": [
        {"id": "person", "name": "Person"},
        {"id": "place", "name": "Place"},
        {"id": "org", "name": "Organisation"},
    ],
}


@router.get("/reconcile", summary="OpenRefine reconciliation service")
@router.post("/reconcile", summary="OpenRefine reconciliation service")
async def reconcile(w: WebDep, request: Request) -> Any:
    raw = request.query_params.get("queries")
    if raw is None and request.method == "POST":
        form = await request.form()
        value = form.get("queries")
        raw = value if isinstance(value, str) else None
    if raw is None:
        return MANIFEST
    try:
        queries = json.loads(raw)
        assert isinstance(queries, dict)
    except (ValueError, AssertionError):
        raise ApiError(
            400, "invalid_queries", "queries must be a JSON object of {key: {query, type?}}"
        ) from None
    out = {}
    for key, query in list(queries.items())[:100]:
        text = str((query or {}).get("query", ""))[:200]
        kind = (query or {}).get("type")
        match = w.authority.lookup(text, kind=kind if kind in ("person", "place", "org") else None)
        results = (
            []
            if match is None
            else [
                {
                    "id": match.entity.id,
                    "name": match.entity.name,
                    "score": round(100 * match.confidence, 1),
                    "match": match.confidence >= 0.9,
                    "type": [{"id": match.entity.kind, "name": match.entity.kind}],
                }
            ]
        )
        out[key] = {"result": results}
    return out
