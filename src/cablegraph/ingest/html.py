"""Saved HTML pages (Wilson Center Digital Archive, old and current site; history.state.gov)
turned into the line-structured text the text readers expect.

:func:`html_to_page_text` finds the page's main content region, drops navigation and
other page furniture (scripts, menus, share buttons, cookie banners, search forms), and
writes each block element (paragraph, heading, list item, ``dt``/``dd``, table row) as its
own line, with a blank line between blocks, exactly as a browser's "copy text" of the
page would read. Ordered-list items become indented "  1. ..." lines (FRUS footnotes).
The text then goes to :func:`cablegraph.parse.document.parse_page` like any text page.

:func:`html_metadata` reads what the page head states outright (canonical URL,
``og:title``, ``citation_*`` and Dublin Core ``meta`` tags), for callers that want to
check the text reader's fields against the page structure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from cablegraph.errors import ParseError
from cablegraph.model import SourcePage
from cablegraph.parse.tei_text import Builder

__all__ = ["HtmlMetadata", "html_metadata", "html_page_as_text", "html_to_page_text", "main_region"]

# Tried in order: the first that matches (and holds some text) is the page's content.
MAIN_SELECTORS = (
    "#content-inner",  # history.state.gov
    "main",
    "[role=main]",
    "#main-content",
    "article",
    "#content",
    ".content",
    "body",
)
# Page furniture, dropped wherever it appears inside the main region.
NOISE_SELECTORS = (
    "script", "style", "noscript", "template", "svg", "iframe", "form", "button", "select",
    "input", "nav", "aside:not(.footnote)", "[role=navigation]", "[role=search]", "[aria-hidden=true]",
    ".visually-hidden", ".sr-only", ".skip-link", ".breadcrumb", ".breadcrumbs", ".pager",
    ".share", ".social-share", ".cookie-banner", "#cookie-banner", ".menu", ".site-header",
    ".site-footer", ".print-link", ".modal",
)  # fmt: skip
# Furniture that is only dropped outside <article> (an article's own header holds its title).
OUTER_NOISE = ("header", "footer")
BLOCKS = frozenset(
    {
        "address", "article", "blockquote", "caption", "center", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hgroup", "main", "ol", "p", "pre", "section", "summary", "table",
        "tbody", "thead", "tfoot", "tr", "ul",
    }
)  # fmt: skip
_CELLS = frozenset({"td", "th"})


@dataclass(slots=True)
class HtmlMetadata:
    """What the page head says about the document."""

    url: str | None = None
    title: str | None = None
    date: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


# Real pages nest a few dozen elements deep; far deeper is an attack (the HTML parser is
# quadratic in depth and the walk recursive), refused before parsing.
MAX_DEPTH = 400
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^<>]*?(/?)>")
# Void elements, and those whose end tag is optional (pages often leave <p> and <li> open).
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "option",
        "optgroup",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "caption",
        "rp",
        "rt",
    }
)


def check_depth(html: str, path: str = "<html>") -> None:
    """Raise ParseError when elements nest deeper than MAX_DEPTH (one linear scan)."""
    depth = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            depth = max(0, depth - 1)
        elif not self_closing and name not in _VOID:
            depth += 1
            if depth > MAX_DEPTH:
                raise ParseError(
                    f"elements nest deeper than {MAX_DEPTH} levels at offset {match.start()}; "
                    "refused (no archive page nests this deep)",
                    path=path,
                )


def html_to_page_text(html: str, path: str = "<html>") -> str:
    """The main content of a saved page as lines of text, blocks separated by blank lines."""
    check_depth(html, path)
    tree = LexborHTMLParser(html)
    region = main_region(tree)
    if region is None:
        return ""
    out = Builder()
    _walk(region, out)
    out.newline()
    return _tidy(out.text())


def main_region(tree: LexborHTMLParser) -> Any:
    """The node that holds the document, with the page furniture removed from it."""
    for selector in OUTER_NOISE:
        for node in tree.css(selector):
            if not _inside(node, ("article", "main")):
                node.decompose()
    for selector in NOISE_SELECTORS:
        for node in tree.css(selector):
            node.decompose()
    for selector in MAIN_SELECTORS:
        found = tree.css_first(selector)
        if found is not None and found.text(strip=True):
            return found
    return None


def html_metadata(html: str) -> HtmlMetadata:
    """Canonical URL, ``og:``/``citation_``/``DC.`` meta tags and the ``<title>``."""
    tree = LexborHTMLParser(html)
    found = HtmlMetadata()
    for node in tree.css("meta"):
        key = node.attributes.get("property") or node.attributes.get("name")
        value = node.attributes.get("content")
        if key and value:
            found.meta[key.strip()] = value.strip()
    canonical = tree.css_first("link[rel=canonical]")
    href = canonical.attributes.get("href") if canonical is not None else None
    found.url = href or found.meta.get("og:url") or found.meta.get("citation_public_url")
    title = tree.css_first("title")
    found.title = (
        found.meta.get("citation_title")
        or found.meta.get("og:title")
        or found.meta.get("DC.title")
        or (title.text(strip=True) if title is not None else None)
    )
    found.date = found.meta.get("citation_date") or found.meta.get("DC.date")
    return found


# ------------------------------------------------------------------------ walking


def _inside(node: Any, tags: tuple[str, ...]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _walk(node: Any, out: Builder) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out.write(child.text_content or "")
        elif tag == "br":
            out.newline()
        elif tag == "hr":
            out.blank_line()
        elif tag == "pre":
            out.blank_line()
            out.raw((child.text(deep=True) or "").strip("\n"))
            out.blank_line()
        elif tag == "ol":
            _ordered(child, out)
        elif tag in _CELLS:
            _walk(child, out)
            out.write(" ")
        elif tag in ("tr", "li"):
            out.newline()
            _walk(child, out)
            out.newline()
        elif tag in BLOCKS:
            out.blank_line()
            _walk(child, out)
            out.blank_line()
        elif tag not in ("-comment", "img"):
            _walk(child, out)


def _ordered(node: Any, out: Builder) -> None:
    """ "<ol><li>..." gives "  1. ...": how a browser copies a numbered list."""
    start = node.attributes.get("start")
    number = int(start) if start and start.isdigit() else 1
    out.blank_line()
    for item in node.iter():
        if item.tag != "li":
            continue
        value = item.attributes.get("value")
        number = int(value) if value and value.isdigit() else number
        out.newline()
        out.raw(f"  {number}. ")
        elements = [c for c in item.iter() if c.tag != "-comment"]
        _walk(elements[0] if len(elements) == 1 and elements[0].tag == "p" else item, out)
        out.newline()
        number += 1
    out.blank_line()


_BLANK_RUNS = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    """At most one blank line in a row; no blank lines at either end."""
    return _BLANK_RUNS.sub("\n\n", text).strip("\n") + "\n"


def html_page_as_text(page: SourcePage) -> SourcePage:
    """An HTML SourcePage as the text page the text readers parse: same path, sha256 (of
    the bytes read), encoding and raw bytes; ``text`` is :func:`html_to_page_text` of it."""
    text = html_to_page_text(page.text, page.path)
    meta = html_metadata(page.text)
    warnings = [*page.warnings, f"{page.path}: text extracted from HTML (main content, navigation dropped)"]
    if meta.url:
        warnings.append(f"{page.path}: the page's canonical URL is {meta.url}")
    return SourcePage(
        path=page.path,
        sha256=page.sha256,
        format="text",
        encoding=page.encoding,
        text=unicodedata.normalize("NFC", text),
        raw=page.raw,
        encoding_confidence=page.encoding_confidence,
        warnings=warnings,
    )
