"""The static files (``/static``: CSS, the page scripts), served from this package."""

from __future__ import annotations

import os

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from cablegraph.web.context import HERE


class Files(StaticFiles):
    """Starlette's static files, with a name no file can have (NUL, an unencodable
    character, too long) answered 404 instead of a server error."""

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        try:
            return super().lookup_path(path)
        except (ValueError, UnicodeError, OSError):  # "embedded null byte", ENAMETOOLONG, ...
            return "", None


def mount(app: FastAPI) -> None:
    """Serve ``web/static`` under ``/static``."""
    app.mount("/static", Files(directory=str(HERE / "static")), name="static")
