"""Spans and provenance: where a value came from, and which rule produced it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range ``[start, stop)`` into ``SourcePage.text``."""

    start: int
    stop: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.stop < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.stop})")

    def of(self, text: str) -> str:
        """The text this span covers."""
        return text[self.start : self.stop]

    def shift(self, offset: int) -> Span:
        return Span(self.start + offset, self.stop + offset)


@dataclass(frozen=True, slots=True)
class Provenance:
    """The source of one extracted field: its span (if any) and the rule's name."""

    rule: str
    span: Span | None = None
