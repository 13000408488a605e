"""Curation, the only writes (``/api/curate/...``, ``/api/audit``): a bearer token, then the
target must exist, then the edit against the version the curator read (If-Match)."""

from __future__ import annotations

import hmac
import json
import sqlite3
from collections.abc import Callable
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from cablegraph.web.context import ApiError, Web, WebDep
from cablegraph.web.curation import ConflictError, CurationError
from cablegraph.web.routes import params as p

router = APIRouter(prefix="/api", tags=["curation"])
MAX_BODY_BYTES = 64 * 1024  # an edit's JSON (its fields are capped far below this)


def curator(w: Web, authorization: str | None) -> str:
    if w.secret is None:
        raise ApiError(403, "read_only", "this server is read-only: no curator token is configured")
    if not authorization or not authorization.startswith("Bearer "):
        raise ApiError(401, "unauthorized", "a curator token is required (Authorization: Bearer ...)")
    if not hmac.compare_digest(authorization[7:].encode(), w.secret.encode()):
        raise ApiError(401, "unauthorized", "the curator token is not valid")
    return "curator"


async def read_body(request: Request) -> bytes:
    """The request body, refused (413) past MAX_BODY_BYTES without reading the rest."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ApiError(413, "too_large", f"the edit is {declared} bytes, over the limit of {MAX_BODY_BYTES}")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise ApiError(413, "too_large", f"the edit is over the limit of {MAX_BODY_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def version_of(if_match: str | None) -> int | None:
    if if_match is None:
        return None
    try:
        return int(if_match.strip().strip('"').split("-")[-1])
    except ValueError:
        raise ApiError(400, "invalid_if_match", "If-Match must be the ETag you read") from None


async def apply_edit(
    w: Web,
    target: str,
    request: Request,
    authorization: str | None,
    if_match: str | None,
    require_target: Callable[[], object],
) -> Any:
    """The one write path: token first, then the target must exist, then the edit."""
    who = curator(w, authorization)
    require_target()
    if request.headers.get("content-type", "").split(";")[0] != "application/json":
        raise ApiError(415, "unsupported_media_type", "send the edit as application/json")
    raw = await read_body(request)
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):  # invalid UTF-8 too, and nesting past Python's stack
        raise ApiError(400, "invalid_json", "the body is not valid JSON") from None
    if not isinstance(body, dict) or not isinstance(body.get("action"), str):
        raise ApiError(422, "invalid_edit", "the body needs an 'action' and its fields")
    version = version_of(if_match)
    try:  # in a worker thread: an edit waiting for the database's lock never stalls the server
        edit = await anyio.to_thread.run_sync(
            lambda: w.curation.apply(target, body["action"], body, who=who, if_match=version)
        )
    except ConflictError as exc:
        raise ApiError(412, "precondition_failed", exc.reason) from None
    except CurationError as exc:
        raise ApiError(422, "invalid_edit", exc.reason) from None
    except sqlite3.OperationalError as exc:  # the lock was not free within the busy timeout
        raise ApiError(503, "busy", f"the database is busy ({exc}); try the edit again") from None
    return JSONResponse(
        jsonable_encoder({"target": target, "version": edit.version, "data": edit.data}),
        headers={"ETag": f'"{edit.version}"'},
    )


@router.post("/curate/entities/{entity_id:path}", summary="Edit an entity (curators only)")
async def curate_entity(
    w: WebDep,
    entity_id: p.EntityId,
    request: Request,
    authorization: p.Authorization = None,
    if_match: p.IfMatch = None,
) -> Any:
    return await apply_edit(
        w, f"entity:{entity_id}", request, authorization, if_match, lambda: w.require_entity(entity_id)
    )


@router.post("/curate/documents/{doc_id:path}", summary="Correct or annotate a document (curators only)")
async def curate_document(
    w: WebDep,
    doc_id: p.DocId,
    request: Request,
    authorization: p.Authorization = None,
    if_match: p.IfMatch = None,
) -> Any:
    return await apply_edit(
        w, f"document:{doc_id}", request, authorization, if_match, lambda: w.require_document(doc_id)
    )


@router.get("/audit", summary="The audit log of curator edits (curators only)")
async def audit(
    w: WebDep,
    authorization: p.Authorization = None,
    target: Annotated[
        str | None,
        Query(description="Only the edits of one target: `entity:person:stalin`, `document:wda:110374`"),
    ] = None,
) -> Any:
    curator(w, authorization)
    return {"entries": await anyio.to_thread.run_sync(lambda: w.curation.audit(target))}
