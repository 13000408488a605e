"""The web workbench and HTTP JSON API: ``create_app(db)``; ``cablegraph serve`` runs it."""

from cablegraph.web.app import create_app

__all__ = ["create_app"]
