"""SourcePage: one input file as read, before parsing."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class SourcePage:
    """A page as read from disk.

    ``text`` is the decoded text normalised to NFC; every span points into it.
    ``raw`` keeps the bytes exactly as read, so nothing is ever lost.
    """

    path: str
    sha256: str
    format: str  # "text", "html", "tei", "pdf", "binary", "empty"
    encoding: str
    text: str
    raw: bytes = field(repr=False, default=b"")
    encoding_confidence: float = 1.0
    warnings: list[str] = field(default_factory=list)
