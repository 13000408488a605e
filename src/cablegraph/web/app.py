"""The web workbench and its JSON API (FastAPI, server-rendered Jinja2 pages).

``create_app`` assembles one router per concern (``cablegraph.web.routes``):

- pages: ``/``, ``/search``, ``/documents/{id}``, ``/entities/{id}``, ``/timeline``, ``/network``;
- API: ``/api/...`` with one error shape ``{"error": {"status", "code", "message"}}``;
- curation: writes only under ``/api/curate/`` with a bearer token, and from the browser
  under ``/curator/`` (signed-in session, CSRF-checked forms); without a configured token
  the server is read-only;
- citing: ``/export/documents.{ris,bib,csl.json,tei.xml}``, ``/export/search.{...}``;
- reconciliation: ``/api/reconcile`` (OpenRefine);
- API reference: ``/docs`` (Swagger UI vendored under ``/static/vendor``);
- static: ``/static``.

Everything from the archives is escaped; a strict CSP forbids inline script.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cablegraph import __version__
from cablegraph.errors import QueryError
from cablegraph.resolve import preload
from cablegraph.web.context import QUERY_SECONDS, ApiError, Web
from cablegraph.web.routes import api, apidocs, cite, curate, curate_forms, meaning, pages, reconcile, static

__all__ = ["QUERY_SECONDS", "SECURITY_HEADERS", "TOKEN_ENV", "ApiError", "app_from_environment", "create_app"]

TOKEN_ENV = "CABLEGRAPH_CURATOR_TOKEN"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def app_from_environment() -> FastAPI:
    """The app for ``CABLEGRAPH_DB`` (how each worker process of ``serve --workers N`` starts).

    A worker ends with its supervisor: were the supervisor killed with SIGKILL (it cannot
    stop its workers then), they would go on serving, holding the port, forever."""
    from cablegraph import settings
    from cablegraph.processes import SUPERVISOR_ENV, end_with_parent

    supervisor = os.environ.pop(SUPERVISOR_ENV, "")  # not handed down to our own children
    end_with_parent(int(supervisor) if supervisor.isdigit() else None)
    return create_app(settings.str_value("db"))


def create_app(db: str, *, token: str | None = None) -> FastAPI:
    """The app over the corpus at ``db``; ``token`` (or CABLEGRAPH_CURATOR_TOKEN) enables writes."""
    secret = token if token is not None else os.environ.get(TOKEN_ENV) or None
    state = Web(db, secret)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        """Startup reads the authority whole before the first request (which would
        otherwise wait ~1 s for it, and time out under load). Shutdown (SIGTERM, SIGINT)
        comes after the server has finished the requests in flight; then every thread's
        connection is closed from here."""
        preload(state.authority)  # nothing is served yet: blocking here delays no request
        try:
            yield
        finally:
            state.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Cablegraph",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        description="Structured, cross-linked diplomatic telegrams: search, documents, "
        "entities, links, timeline, network.",
    )
    app.state.web = state
    app.state.views, app.state.curation = state.views, state.curation
    static.mount(app)
    routers = (pages, api, apidocs, cite, meaning, reconcile, curate, curate_forms)
    for router in (module.router for module in routers):
        app.include_router(router)
    install_handlers(app, state)
    return app


class SecurityHeaders:
    """The security headers on every response that does not set its own: a plain ASGI
    middleware that adds them to the response's start message (Starlette's
    ``@app.middleware("http")`` ran every request through a task group and memory streams:
    about a fifth of a cached page's cost)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)


def install_handlers(app: FastAPI, state: Web) -> None:
    """Security headers on every response, and one error shape for every failure."""

    app.add_middleware(SecurityHeaders)

    def wants_json(request: Request) -> bool:
        """The API answers errors as JSON: /api, the downloads under /export, /openapi.json."""
        path = request.url.path
        return path.startswith(("/api/", "/export/")) or path == "/openapi.json"

    def error_response(request: Request, status: int, code: str, message: str) -> Response:
        """The error page or JSON, with the security headers set here too: a 500 is sent by
        Starlette's outermost middleware, past the one that adds them to other responses."""
        if wants_json(request):
            return JSONResponse(
                {"error": {"status": status, "code": code, "message": message}},
                status_code=status,
                headers=SECURITY_HEADERS,
            )
        return state.templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "message": message},
            status_code=status,
            headers=SECURITY_HEADERS,
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
