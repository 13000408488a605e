"""An XML page that is not a TEI volume (an Omeka item export, a repository record) as the
text the page readers know: element text in document order, one element a line.

No XML parser is started: tags are dropped and the five predefined entities and numeric
character references are decoded; any other entity stays as written (never expanded, never
fetched). The raw bytes stay as read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from cablegraph.model import SourcePage

_TAG = re.compile(r"<!\[CDATA\[(?P<cdata>.*?)\]\]>|<!--.*?-->|<\?.*?\?>|<[^<>]*>", re.S)
_ENTITY = re.compile(r"&(?:#(?P<dec>\d{1,7})|#x(?P<hex>[0-9a-fA-F]{1,6})|(?P<name>lt|gt|amp|quot|apos));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _entity(found: re.Match[str]) -> str:
    if found.group("name"):
        return _NAMED[found.group("name")]
    code = int(found.group("dec")) if found.group("dec") else int(found.group("hex"), 16)
    return chr(code) if 0 < code <= 0x10FFFF else found.group(0)


def xml_text(markup: str) -> str:
    """The element text of ``markup``: every tag a line break, blank runs squeezed."""
    text = _TAG.sub(lambda m: m.group("cdata") if m.group("cdata") is not None else "\n", markup)
    text = _ENTITY.sub(_entity, text)
    lines = [line.strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def xml_page_as_text(page: SourcePage) -> SourcePage:
    """The page as text, its warnings saying so; the raw bytes as they were."""
    return replace(
        page,
        format="text",
        text=unicodedata.normalize("NFC", xml_text(page.text)),
        warnings=[*page.warnings, f"{page.path}: XML (not TEI) read as its element text"],
    )
