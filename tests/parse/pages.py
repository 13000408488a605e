"""A text page as the reader hands it to the parser, for tests that write their page inline."""

from __future__ import annotations

import hashlib

from cablegraph.model import SourcePage


def text_page(text: str, name: str = "page.txt") -> SourcePage:
    """``text`` as a UTF-8 text page at path ``name`` (the name may carry a record id)."""
    raw = text.encode()
    return SourcePage(
        path=name, sha256=hashlib.sha256(raw).hexdigest(), format="text", encoding="utf-8", text=text, raw=raw
    )
