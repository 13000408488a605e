"""Curation from the browser: forms on the document and entity pages, behind a curator
sign-in, each protected against cross-site request forgery, with the audit trail shown.

- Sign-in (``/curator/login``): the curator types the server's curator token once; the
  server answers with a session cookie (random id + its HMAC under the token; HttpOnly,
  SameSite=Strict). Nothing about the token is stored in the browser.
- CSRF: every form carries a token, the HMAC of the session id under the curator token (a
  page of another site can neither read it nor make a same-site request carry the cookie);
  a POST whose token does not match, or whose Origin is another site, is refused (403).
- Each edit names the version the page showed (a stale form is a conflict, 412) and goes
  through the same ``Curation.apply`` as ``/api/curate``, so it lands in the audit log.
- A read-only server (no curator token) shows no form, no sign-in and no audit trail, and
  answers every ``/curator`` request with 403.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from cablegraph.web.context import ApiError, Web, WebDep
from cablegraph.web.curation import ConflictError, CurationError

router = APIRouter(prefix="/curator", include_in_schema=False, default_response_class=HTMLResponse)
COOKIE = "cablegraph_curator"
WHO = "curator (browser)"
FORM_LIMIT = 16_384  # bytes of one form


def _sign(secret: str, purpose: str, value: str) -> str:
    return hmac.new(secret.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def session_id(w: Web, request: Request) -> str | None:
    """The signed-in curator's session id, or None (no cookie, a forged one, a read-only server)."""
    if w.secret is None:
        return None
    cookie = request.cookies.get(COOKIE) or ""
    sid, _, signature = cookie.partition(".")
    if not sid or not hmac.compare_digest(signature, _sign(w.secret, "session", sid)):
        return None
    return sid


def curator_context(w: Web, request: Request, target: str) -> dict[str, Any]:
    """What a page needs for its curation section: nothing on a read-only server; the
    sign-in link, or the forms with their CSRF token and version; the audit trail."""
    if w.secret is None:
        return {"enabled": False}
    sid = session_id(w, request)
    return {
        "enabled": True,
        "signed_in": sid is not None,
        "csrf": _sign(w.secret, "csrf", sid) if sid else "",
        "version": w.curation.read(target).version,
        "audit": w.curation.audit(target, limit=50),
        "next": request.url.path,
    }


async def _form(request: Request) -> dict[str, str]:
    body = await request.body()
    if len(body) > FORM_LIMIT:
        raise ApiError(413, "too_large", f"a form is at most {FORM_LIMIT} bytes")
    if request.headers.get("content-type", "").split(";")[0] != "application/x-www-form-urlencoded":
        raise ApiError(415, "unsupported_media_type", "send the form as application/x-www-form-urlencoded")
    fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {key: values[0] for key, values in fields.items()}


def _same_origin(request: Request) -> None:
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise ApiError(403, "cross_site", f"a form from {origin} cannot edit this server")


def _safe_next(value: str | None) -> str:
    """Only a path on this server (never ``//other.site`` or a scheme)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


def _require_writable(w: Web) -> str:
    if w.secret is None:
        raise ApiError(403, "read_only", "this server is read-only: no curator token is configured")
    return w.secret


@router.get("/login")
def login_page(w: WebDep, request: Request, next: str = "/") -> Response:
    _require_writable(w)
    return w.templates.TemplateResponse(
        request, "curator_login.html", {"next": _safe_next(next), "failed": False}
    )


@router.post("/login")
async def login(w: WebDep, request: Request) -> Response:
    secret = _require_writable(w)
    _same_origin(request)
    form = await _form(request)
    if not hmac.compare_digest(form.get("token", "").encode(), secret.encode()):
        return w.templates.TemplateResponse(
            request,
            "curator_login.html",
            {"next": _safe_next(form.get("next")), "failed": True},
            status_code=401,
        )
    sid = secrets.token_urlsafe(24)
    response = RedirectResponse(_safe_next(form.get("next")), status_code=303)
    response.set_cookie(
        COOKIE,
        f"{sid}.{_sign(secret, 'session', sid)}",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/logout")
async def logout(w: WebDep, request: Request) -> Response:
    _require_writable(w)
    _same_origin(request)
    form = await _form(request)
    response = RedirectResponse(_safe_next(form.get("next")), status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


async def _edit(w: Web, request: Request, target: str, page: str) -> Response:
    secret = _require_writable(w)
    _same_origin(request)
    sid = session_id(w, request)
    if sid is None:
        raise ApiError(401, "unauthorized", "sign in as curator first (/curator/login)")
    form = await _form(request)
    if not hmac.compare_digest(form.get("csrf", ""), _sign(secret, "csrf", sid)):
        raise ApiError(403, "csrf", "the form's CSRF token is missing or not this session's; reload the page")
    action = form.pop("action", "")
    payload: dict[str, Any] = {k: v for k, v in form.items() if k not in ("csrf", "version") and v != ""}
    if action == "revert" and "audit_id" in payload:
        try:
            payload["audit_id"] = int(payload["audit_id"])
        except ValueError:
            raise ApiError(422, "invalid_edit", "audit_id must be a number") from None
    try:
        version = int(form["version"]) if form.get("version") else None
    except ValueError:
        raise ApiError(400, "invalid_version", "version must be a number") from None
    try:
        w.curation.apply(target, action, payload, who=WHO, if_match=version)
    except ConflictError as exc:
        raise ApiError(412, "precondition_failed", exc.reason) from None
    except CurationError as exc:
        raise ApiError(422, "invalid_edit", exc.reason) from None
    return RedirectResponse(page + "#curation", status_code=303)


@router.post("/documents/{doc_id:path}")
async def edit_document(w: WebDep, request: Request, doc_id: str) -> Response:
    _require_writable(w)
    w.require_document(doc_id)
    return await _edit(w, request, f"document:{doc_id}", "/documents/" + quote(doc_id, safe=""))


@router.post("/entities/{entity_id:path}")
async def edit_entity(w: WebDep, request: Request, entity_id: str) -> Response:
    _require_writable(w)
    w.require_entity(entity_id)
    return await _edit(w, request, f"entity:{entity_id}", "/entities/" + quote(entity_id, safe=""))
