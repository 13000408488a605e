"""Helpers for the store tests: pages and documents made from small texts."""

from __future__ import annotations

import hashlib
from typing import Any

from cablegraph.store import SourceInfo

LOREM = ("The delegation met at Kaesong to discuss the armistice and the line of demarcation "
         "between the armies, and the question of prisoners of war was raised again by the "
         "chief delegate who asked for an immediate answer from the other side; ")


def source(text: str, path: str = "page.txt") -> SourceInfo:
    return SourceInfo(hashlib.sha256(text.encode()).hexdigest(), path)


def doc(doc_id: str, **fields: Any) -> dict[str, Any]:
    """A minimal document JSON object (the contract keys the store reads)."""
    base: dict[str, Any] = {"id": doc_id, "page_kind": "document", "title": None,
                            "date": None, "doc_type": None, "record_id": None,
                            "archive": None, "summary": None, "texts": [], "senders": [],
                            "recipients": [], "via": [], "copies_to": [], "messages": [],
                            "mentions": [], "languages_present": [],
                            "original_language": None, "envelope": {}}
    base.update(fields)
    return base
