"""The web workbench and its JSON API (FastAPI, server-rendered Jinja2 pages).

Pages: ``/``, ``/search``, ``/documents/{id}``, ``/entities/{id}``, ``/timeline``, ``/network``.
API: ``/api/...`` with one error shape ``{"error": {"status", "code", "message"}}``.
Writes only under ``/api/curate/`` with a bearer token; without a configured token the
server is read-only. Everything from the archives is escaped; a strict CSP forbids inline
script.
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
from fastapi import FastAPI, Header, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from cablegraph import __version__
from cablegraph import corpus as corpus_api
from cablegraph.errors import QueryError
from cablegraph.export import archive_citation, chicago_note
from cablegraph.link.profile import entity_profile
from cablegraph.resolve import Authority
from cablegraph.web.curation import ConflictError, Curation, CurationError
from cablegraph.web.views import CorpusViews, document_view

HERE = Path(__file__).parent
TOKEN_ENV = "CABLEGRAPH_CURATOR_TOKEN"
QUERY_SECONDS = 5.0
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def app_from_environment() -> FastAPI:
    """The app for ``CABLEGRAPH_DB`` (how each worker process of ``serve --workers N`` starts)."""
    from cablegraph import settings

    return create_app(settings.str_value("db"))


def create_app(db: str, *, token: str | None = None) -> FastAPI:
    """The app over the corpus at ``db``; ``token`` (or CABLEGRAPH_CURATOR_TOKEN) enables writes."""
    local = threading.local()
    opened: list[corpus_api.Corpus] = []
    opening = threading.Lock()  # tantivy must not open one index folder from two threads at once

    def corpus() -> corpus_api.Corpus:
        """This thread's connection to the corpus (opened on first use)."""
        mine: corpus_api.Corpus | None = getattr(local, "corpus", None)
        if mine is None:
            with opening:
                mine = local.corpus = corpus_api.open(db)
                opened.append(mine)
        return mine

    corpus().close()  # fail early, at start-up, if the database cannot be opened
    local.corpus = None
    opened.clear()
    views = CorpusViews(corpus, db)
    curation = Curation(db)
    authority = Authority.builtin()
    secret = token if token is not None else os.environ.get(TOKEN_ENV) or None
    app = FastAPI(
        title="Cablegraph",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        description="Structured, cross-linked diplomatic telegrams: search, documents, "
        "entities, links, timeline, network.",
    )
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(version=__version__, quote=lambda s: quote(str(s), safe=""))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.state.views, app.state.curation = views, curation

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    def error_response(request: Request, status: int, code: str, message: str) -> Response:
        if wants_json(request):
            return JSONResponse(
                {"error": {"status": status, "code": code, "message": message}}, status_code=status
            )
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status
        )

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request, exc.status, exc.code, exc.message)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        messages = {404: "not found", 405: "method not allowed"}
        return error_response(request, exc.status_code, "http_error", messages.get(exc.status_code, "error"))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        fields = ", ".join(".".join(str(p) for p in e.get("loc", ())) for e in exc.errors())
        return error_response(request, 422, "invalid_request", f"invalid parameters: {fields}")

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> Response:
        return error_response(request, 400, "invalid_query", exc.reason)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        return error_response(
            request, 500, "internal_error", "internal error; the server log has the details"
        )

    async def run_search(**kwargs: Any) -> Any:
        try:
            with anyio.fail_after(QUERY_SECONDS):
                return await anyio.to_thread.run_sync(lambda: corpus().search(**kwargs, sync=False))
        except TimeoutError:
            raise ApiError(
                503, "query_timeout", f"the query took longer than {QUERY_SECONDS:.0f} s"
            ) from None

    def require_document(doc_id: str) -> Any:
        doc = corpus().get(doc_id)
        if doc is None:
            raise ApiError(404, "not_found", "no such document")
        return doc

    def require_entity(entity_id: str) -> Any:
        entity = authority.get(entity_id)
        if entity is None:
            raise ApiError(404, "not_found", "no such entity")
        return entity

    # ---- pages -------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home(request: Request) -> Response:
        summary = await anyio.to_thread.run_sync(views.home)
        return templates.TemplateResponse(request, "home.html", {"home": summary})

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    async def search_page(
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
        result = await run_search(
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
        return templates.TemplateResponse(
            request, "search.html", {"result": result, "state": state, "page": page}
        )

    @app.get("/documents/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str) -> Response:
        doc = require_document(doc_id)
        view = document_view(doc)
        edits = curation.read(f"document:{doc_id}")
        return templates.TemplateResponse(
            request,
            "document.html",
            {
                "view": view,
                "links": views.links_of(doc_id),
                "thread": views.thread(doc_id),
                "citation": archive_citation(doc.to_json()),
                "chicago": chicago_note(doc.to_json()),
                "edits": edits.data,
            },
        )

    @app.get("/entities/{entity_id:path}", response_class=HTMLResponse, include_in_schema=False)
    async def entity_page(request: Request, entity_id: str) -> Response:
        entity = require_entity(entity_id)
        data = await anyio.to_thread.run_sync(lambda: entity_json(entity_id))
        return templates.TemplateResponse(request, "entity.html", {"entity": entity, "data": data})

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    async def timeline_page(
        request: Request,
        person: str | None = None,
        zoom: str = Query("month", pattern="^(day|month|year|decade)$"),
    ) -> Response:
        events = await anyio.to_thread.run_sync(lambda: views.timeline(_person_id(person)))
        width = {"day": 10, "month": 7, "year": 4, "decade": 3}[zoom]
        groups: dict[str, list[Any]] = {}
        for event in events:
            key = event["at"][:width] + ("0s" if zoom == "decade" else "")
            groups.setdefault(key, []).append(event)
        return templates.TemplateResponse(
            request, "timeline.html", {"groups": groups, "zoom": zoom, "person": person or ""}
        )

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    async def network_page(
        request: Request,
        person: str | None = None,
        date_from: str | None = Query(None, alias="from"),
        date_to: str | None = Query(None, alias="to"),
    ) -> Response:
        return templates.TemplateResponse(
            request,
            "network.html",
            {"person": person or "", "date_from": date_from or "", "date_to": date_to or ""},
        )

    # ---- API ---------------------------------------------------------------------------

    @app.get("/api/search", summary="Ranked search with facets")
    async def api_search(
        q: str = "",
        person: str | None = None,
        place: str | None = None,
        via: str | None = None,
        type: str | None = None,
        lang: str | None = None,
        archive: str | None = None,
        date_from: str | None = Query(None, alias="from"),
        date_to: str | None = Query(None, alias="to"),
        limit: int = Query(20, ge=1, le=200),
        offset: int = Query(0, ge=0, le=10_000),
    ) -> dict[str, Any]:
        result = await run_search(
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

    @app.get("/api/documents/{doc_id:path}", summary="One document with its sources, links and edits")
    def api_document(doc_id: str, request: Request, response: Response) -> Any:
        doc = require_document(doc_id)
        edits = curation.read(f"document:{doc_id}")
        etag = f'"{doc.version}-{edits.version}"'
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers={"ETag": etag})
        response.headers["ETag"] = etag
        return {
            **doc.to_json(),
            "links": [lk.to_json() for lk in views.links_of(doc_id)],
            "curation": {"version": edits.version, **edits.data},
        }

    def entity_json(entity_id: str) -> dict[str, Any]:
        entity = require_entity(entity_id)
        edits = curation.read(f"entity:{entity_id}")
        profile = entity_profile(entity, views.records(entity.name, limit=300))
        return {**profile, "curation": {"version": edits.version, **edits.data}}

    @app.get("/api/entities/{entity_id:path}", summary="An authority entity with its documents by role")
    async def api_entity(entity_id: str, response: Response) -> Any:
        data = await anyio.to_thread.run_sync(lambda: entity_json(entity_id))
        response.headers["ETag"] = f'"{data["curation"]["version"]}"'
        return data

    @app.get("/api/links", summary="Links (reply_to, relays, references, near-duplicates)")
    def api_links(
        document: str | None = None,
        kind: str | None = None,
        limit: int = Query(100, ge=1, le=1000),
        offset: int = Query(0, ge=0),
    ) -> dict[str, Any]:
        if document:
            found = [lk for lk in views.links_of(document) if not kind or lk.kind == kind]
            return {"total": len(found), "links": [lk.to_json() for lk in found[offset : offset + limit]]}
        total, page = views.all_links(kind, limit, offset)
        return {"total": total, "links": [lk.to_json() for lk in page]}

    @app.get("/api/threads/{doc_id:path}", summary="The chain a document belongs to")
    def api_thread(doc_id: str) -> dict[str, Any]:
        require_document(doc_id)
        found = views.thread(doc_id)
        return found.to_json() if found else {"documents": [doc_id], "links": []}

    @app.get("/api/timeline", summary="Dated events of every message")
    async def api_timeline(
        person: str | None = None, limit: int = Query(500, ge=1, le=5000), offset: int = Query(0, ge=0)
    ) -> dict[str, Any]:
        events = await anyio.to_thread.run_sync(lambda: views.timeline(_person_id(person)))
        return {"total": len(events), "events": events[offset : offset + limit]}

    @app.get("/api/network", summary="Nodes and edges of the correspondence network")
    async def api_network(
        person: str | None = None,
        date_from: str | None = Query(None, alias="from"),
        date_to: str | None = Query(None, alias="to"),
    ) -> dict[str, Any]:
        start, stop = _day(date_from, "from"), _day(date_to, "to")
        return await anyio.to_thread.run_sync(lambda: views.network(_person_id(person), start, stop))

    def _day(value: str | None, name: str) -> dt.date | None:
        """ "1951", "1951-06" or "1951-06-30" as a date (the first day of the period)."""
        if not value:
            return None
        parts = value.split("-")
        try:
            return dt.date(
                int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
            )
        except (ValueError, IndexError):
            raise ApiError(400, "invalid_date", f"{name}: use 1951, 1951-06 or 1951-06-30") from None

    def _person_id(name: str | None) -> str | None:
        if not name:
            return None
        match = authority.lookup(name)
        return match.entity.id if match else name

    # ---- reconciliation (OpenRefine) -----------------------------------------------------

    manifest = {
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

    @app.get("/api/reconcile", summary="OpenRefine reconciliation service")
    @app.post("/api/reconcile", summary="OpenRefine reconciliation service")
    async def reconcile(request: Request) -> Any:
        import json as json_module

        raw = request.query_params.get("queries")
        if raw is None and request.method == "POST":
            form = await request.form()
            value = form.get("queries")
            raw = value if isinstance(value, str) else None
        if raw is None:
            return manifest
        try:
            queries = json_module.loads(raw)
            assert isinstance(queries, dict)
        except (ValueError, AssertionError):
            raise ApiError(
                400, "invalid_queries", "queries must be a JSON object of {key: {query, type?}}"
            ) from None
        out = {}
        for key, query in list(queries.items())[:100]:
            text = str((query or {}).get("query", ""))[:200]
            kind = (query or {}).get("type")
            match = authority.lookup(text, kind=kind if kind in ("person", "place", "org") else None)
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

    # ---- curation (the only writes) ----------------------------------------------------

    def curator(authorization: str | None) -> str:
        if secret is None:
            raise ApiError(403, "read_only", "this server is read-only: no curator token is configured")
        if not authorization or not authorization.startswith("Bearer "):
            raise ApiError(401, "unauthorized", "a curator token is required (Authorization: Bearer ...)")
        if not hmac.compare_digest(authorization[7:].encode(), secret.encode()):
            raise ApiError(401, "unauthorized", "the curator token is not valid")
        return "curator"

    def version_of(if_match: str | None) -> int | None:
        if if_match is None:
            return None
        try:
            return int(if_match.strip().strip('"').split("-")[-1])
        except ValueError:
            raise ApiError(400, "invalid_if_match", "If-Match must be the ETag you read") from None

    async def apply_edit(
        target: str,
        request: Request,
        authorization: str | None,
        if_match: str | None,
        require_target: Callable[[], object],
    ) -> Any:
        """The one write path: token first, then the target must exist, then the edit."""
        who = curator(authorization)
        require_target()
        if request.headers.get("content-type", "").split(";")[0] != "application/json":
            raise ApiError(415, "unsupported_media_type", "send the edit as application/json")
        try:
            body = await request.json()
        except ValueError:
            raise ApiError(400, "invalid_json", "the body is not valid JSON") from None
        if not isinstance(body, dict) or not isinstance(body.get("action"), str):
            raise ApiError(422, "invalid_edit", "the body needs an 'action' and its fields")
        try:
            edit = curation.apply(target, body["action"], body, who=who, if_match=version_of(if_match))
        except ConflictError as exc:
            raise ApiError(412, "precondition_failed", exc.reason) from None
        except CurationError as exc:
            raise ApiError(422, "invalid_edit", exc.reason) from None
        return JSONResponse(
            jsonable_encoder({"target": target, "version": edit.version, "data": edit.data}),
            headers={"ETag": f'"{edit.version}"'},
        )

    @app.post("/api/curate/entities/{entity_id:path}", summary="Edit an entity (curators only)")
    async def curate_entity(
        entity_id: str,
        request: Request,
        authorization: str | None = Header(None),
        if_match: str | None = Header(None),
    ) -> Any:
        return await apply_edit(
            f"entity:{entity_id}", request, authorization, if_match, lambda: require_entity(entity_id)
        )

    @app.post("/api/curate/documents/{doc_id:path}", summary="Correct or annotate a document (curators only)")
    async def curate_document(
        doc_id: str,
        request: Request,
        authorization: str | None = Header(None),
        if_match: str | None = Header(None),
    ) -> Any:
        return await apply_edit(
            f"document:{doc_id}", request, authorization, if_match, lambda: require_document(doc_id)
        )

    @app.get("/api/audit", summary="The audit log of curator edits (curators only)")
    async def audit(authorization: str | None = Header(None), target: str | None = None) -> Any:
        curator(authorization)
        return {"entries": curation.audit(target)}

    @app.on_event("shutdown")
    def close() -> None:
        curation.close()
        for each in opened:
            each.close()

    return app
