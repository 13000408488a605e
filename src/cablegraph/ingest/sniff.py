"""Guess the format of a page from its first few kilobytes.

Formats: "tei" (XML whose root is TEI/teiCorpus or in the TEI namespace), "xml",
"html" (a doctype, a root ``<html>`` or a fragment that opens with HTML tags), "pdf" (starts with
``%PDF-``) and "text" for everything else.
"""

from __future__ import annotations

import re

__all__ = ["FORMATS", "sniff_format"]

FORMATS = ("tei", "xml", "html", "pdf", "text")

_HEAD = 64 * 1024  # characters looked at
_TEI_NS = "http://www.tei-c.org/ns/1.0"
_PROLOGUE = re.compile(
    r"""\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^<>\[]|\[.*?\])*>)*""",
    re.DOTALL | re.IGNORECASE,
)
_DOCTYPE_HTML = re.compile(r"<!DOCTYPE\s+html\b", re.IGNORECASE)
_ROOT = re.compile(r"<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)[\s/>]")
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|title|meta|link|script|style|div|span|p|a|br|hr|img|table|"
    r"thead|tbody|tr|td|th|ul|ol|li|h[1-6]|b|i|em|strong|pre|blockquote|form|input|"
    r"nav|header|footer|section|article|main)\b[^<>]*>",
    re.IGNORECASE,
)
_MIN_HTML_TAGS = 5


def sniff_format(text: str | bytes, path: str = "<string>") -> str:
    """Return "tei", "xml", "html", "pdf" or "text" for ``text`` read from ``path``.

    ``text`` may be the decoded text or the raw bytes (bytes are read as Latin-1,
    which is enough to see tags and the ``%PDF-`` signature). Only the content
    decides; ``path`` names the input for callers' messages and is not consulted.
    """
    if isinstance(text, bytes):
        if text.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-"):
            return "pdf"
        head = text[:_HEAD].decode("latin-1")
    else:
        head = text[:_HEAD]
    head = head.lstrip("\ufeff \t\r\n")
    if head.startswith("%PDF-"):
        return "pdf"
    if not head.startswith("<"):
        return "text"  # a page of text may quote tags ("<script>" in a title): it stays text

    prologue = _PROLOGUE.match(head)
    rest = head[prologue.end() :] if prologue else head
    if _DOCTYPE_HTML.search(head[: prologue.end() if prologue else 0]):
        return "html"
    root = _ROOT.match(rest)
    name = root.group(1) if root else ""
    local = name.rsplit(":", 1)[-1]
    if local.lower() == "html":
        return "html"
    if local in ("TEI", "teiCorpus") or _TEI_NS in rest[:4096]:
        return "tei"
    if head.startswith("<?xml"):
        return "xml"
    if root and _HTML_TAG.match(rest) and len(_HTML_TAG.findall(head)) >= _MIN_HTML_TAGS:
        return "html"  # an HTML fragment such as <div>...</div>
    if root and f"</{name}" in head:
        return "xml"
    return "html" if len(_HTML_TAG.findall(head)) >= _MIN_HTML_TAGS else "text"
