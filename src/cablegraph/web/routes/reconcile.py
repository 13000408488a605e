"""The OpenRefine reconciliation service over the authority (``/api/reconcile``), API 0.2.

OpenRefine registers and queries a service from the browser, so the service answers
cross-origin requests: ``Access-Control-Allow-Origin: *`` on every answer, a preflight
``OPTIONS``, and JSONP (``callback=name``) for clients that use it. The manifest names a
``view`` template (an entity's page) and the types, whose ids are the ones results carry.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from cablegraph.web.context import Web, WebDep

router = APIRouter(prefix="/api")

# Type id -> name; results carry these ids exactly (the manifest's case).
TYPES = {"person": "Person", "place": "Place", "org": "Organisation"}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "86400",
}
MAX_QUERIES = 100
MAX_RESULTS = 10
# A JSONP callback is a JavaScript identifier path ("jQuery123_456", "cb.done"), nothing else.
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$]{0,63}(?:\.[A-Za-z_$][\w$]{0,63}){0,3}$")


def manifest(base_url: str) -> dict[str, Any]:
    """The service manifest (reconciliation API 0.2)."""
    base = base_url.rstrip("/")
    return {
        "versions": ["0.2"],
        "name": "Cablegraph authority",
        "identifierSpace": "urn:cablegraph:",
        "schemaSpace": "urn:cablegraph:schema",
        "view": {"url": f"{base}/entities/{{{{id}}}}"},
        "defaultTypes": [{"id": kind, "name": name} for kind, name in TYPES.items()],
    }


def _answer(body: Any, request: Request) -> Response:
    """JSON with the CORS headers, or JSONP when a valid ``callback`` is asked for."""
    callback = request.query_params.get("callback")
    if callback is None:
        return JSONResponse(body, headers=CORS_HEADERS)
    if not _CALLBACK.match(callback):
        return _error(400, "invalid_callback", f"callback {callback[:80]!r} is not a JavaScript name")
    payload = json.dumps(body, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Response(
        f"/**/{callback}({payload});",
        media_type="application/javascript; charset=utf-8",
        headers=CORS_HEADERS,
    )


def _error(status: int, code: str, message: str) -> Response:
    """The API's one error shape, with the CORS headers so a browser client can read it."""
    body = {"error": {"status": status, "code": code, "message": message}}
    return JSONResponse(body, status_code=status, headers=CORS_HEADERS)


@router.options("/reconcile", include_in_schema=False)
async def reconcile_preflight() -> Response:
    """The CORS preflight a browser sends before POSTing queries."""
    return Response(status_code=204, headers=CORS_HEADERS)


@router.get("/reconcile", summary="OpenRefine reconciliation service")
@router.post("/reconcile", summary="OpenRefine reconciliation service")
async def reconcile(w: WebDep, request: Request) -> Response:
    raw = request.query_params.get("queries")
    if raw is None and request.method == "POST":
        form = await request.form()
        value = form.get("queries")
        raw = value if isinstance(value, str) else None
    if raw is None:
        return _answer(manifest(str(request.base_url)), request)
    try:
        queries = json.loads(raw)
    except (ValueError, RecursionError):  # RecursionError: JSON nested too deep
        queries = None
    if not isinstance(queries, dict):
        return _error(
            400, "invalid_queries", "queries must be a JSON object of {key: {query, type?, limit?}}"
        )
    out = {}
    for key, query in list(queries.items())[:MAX_QUERIES]:
        if isinstance(query, str):  # the specification allows a bare string for {"query": ...}
            query = {"query": query}
        out[str(key)] = {"result": _candidates(w, query if isinstance(query, dict) else {})}
    return _answer(out, request)


def _candidates(w: Web, query: dict[str, Any]) -> list[dict[str, Any]]:
    text = str(query.get("query", ""))[:200]
    kind = _type_id(query.get("type"))
    match = w.authority.lookup(text, kind=kind)
    if match is None:
        return []
    entity = match.entity
    candidate: dict[str, Any] = {
        "id": entity.id,
        "name": entity.name,
        "score": round(100 * match.confidence, 1),
        "match": match.confidence >= 0.9,
        "type": [{"id": entity.kind, "name": TYPES.get(entity.kind, entity.kind)}],
    }
    if entity.description:
        candidate["description"] = entity.description
    limit = query.get("limit")
    return [candidate][: limit if isinstance(limit, int) and limit > 0 else MAX_RESULTS]


def _type_id(value: Any) -> str | None:
    """The type a query restricts to: an id of the manifest (any case), or none."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("id")
    folded = str(value).casefold() if value else ""
    return folded if folded in TYPES else None
