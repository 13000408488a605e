"""``/docs``: the API reference in Swagger UI, served from the vendored copy under
``/static/vendor/swagger-ui`` (no CDN; the page's script is a file, so the CSP that forbids
inline script holds here too). The schema itself is FastAPI's ``/openapi.json``."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from cablegraph.web.context import WebDep

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/docs")
def api_docs(w: WebDep, request: Request) -> Response:
    return w.templates.TemplateResponse(request, "apidocs.html", {})
