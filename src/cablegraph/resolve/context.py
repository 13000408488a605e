"""What a document tells the resolver about itself: its year, archive and other entities.

Some names only count in context: "Kuznetsov" is Stalin in the 1947–48 GRU cables that name
Mao Zedong or Terebin, and a real Kuznetsov everywhere else. Such a name carries
`context_with` (entity ids) in the authority data; it resolves only when the context holds one
of them (see `Authority.lookup` and `Authority.find_mentions`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Context"]


@dataclass(frozen=True, slots=True)
class Context:
    """The year of a document, its archive and the entity ids already resolved in it."""

    year: int | None = None
    entity_ids: frozenset[str] = field(default_factory=frozenset)
    archive: str | None = None

    @classmethod
    def of(cls, year: int | None = None, ids: Iterable[str] = (), archive: str | None = None) -> Context:
        """A context from any iterable of entity ids."""
        return cls(year, frozenset(ids), archive)

    def with_ids(self, ids: Iterable[str]) -> Context:
        """The same context with more entity ids."""
        return Context(self.year, self.entity_ids | frozenset(ids), self.archive)
