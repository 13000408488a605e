"""The static files (``/static``: CSS, the page scripts), served from this package."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from cablegraph.web.context import HERE


def mount(app: FastAPI) -> None:
    """Serve ``web/static`` under ``/static``."""
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
