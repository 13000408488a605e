"""Links between documents and messages: replies, relays, references, duplicates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

LinkKind = Literal["reply_to", "relays", "references", "duplicate_of", "near_duplicate", "same_event"]


@dataclass(frozen=True, slots=True)
class Link:
    """``source`` points at ``target`` (document ids, or ``id#msg/0/1`` for a nested message).

    ``evidence`` is the text that supports the link, at ``[start, stop)`` of the source's
    page text; ``rule`` names the rule that made it.
    """

    source: str
    target: str
    kind: LinkKind
    rule: str
    confidence: float
    evidence: str = ""
    start: int | None = None
    stop: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "kind": self.kind,
            "rule": self.rule,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence,
            "start": self.start,
            "stop": self.stop,
        }
