"""Spelling- and pseudonym-aware matching through the authority.

The authority (``cablegraph.resolve.Authority``) is used through this small protocol, so
search works with any object that can look names up, and without one at all (then only
the names the resolver wrote into the documents are matched).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol


class AuthorityLike(Protocol):
    """What search needs from the authority."""

    def lookup(self, name: str, year: int | None = None) -> Any:
        """Entities (or one entity, or None) that ``name`` may refer to."""

    def get(self, entity_id: str) -> Any:
        """The entity with this id, or None."""


def _as_list(found: Any) -> list[Any]:
    if found is None:
        return []
    if isinstance(found, list | tuple | set | frozenset):
        return list(found)
    return [found]


def _entity_id(entity: Any) -> str | None:
    if isinstance(entity, str):
        return entity
    for attr in ("id", "entity_id"):
        value = getattr(entity, attr, None)
        if isinstance(value, str) and value:
            return value
    inner = getattr(entity, "entity", None)  # a match object wrapping the entity
    return _entity_id(inner) if inner is not None else None


def lookup_ids(authority: AuthorityLike | None, text: str) -> list[str]:
    """Entity ids the authority finds for ``text`` (empty when none or on any failure)."""
    if authority is None or not text.strip():
        return []
    try:
        found = _as_list(authority.lookup(text))
    except Exception:  # the authority is advisory here: a lookup failure finds nothing
        return []
    ids = [_entity_id(e) for e in found]
    return list(dict.fromkeys(i for i in ids if i))


def entity_names(authority: AuthorityLike | None, entity_id: str) -> list[str]:
    """Every name of an entity (preferred and variants), empty when unknown."""
    if authority is None:
        return []
    if isinstance(authority, CachedAuthority):
        return list(authority.names(entity_id))
    return _names(authority, entity_id)


def _names(authority: AuthorityLike, entity_id: str) -> list[str]:
    try:
        entity = authority.get(entity_id)
    except Exception:  # an unknown or malformed id: no extra names
        return []
    if entity is None:
        return []
    out: list[str] = []
    for attr in ("preferred", "name", "preferred_name"):
        value = getattr(entity, attr, None)
        if isinstance(value, str):
            out.append(value)
    for name in getattr(entity, "names", None) or ():
        text = name if isinstance(name, str) else getattr(name, "text", None)
        if isinstance(text, str):
            out.append(text)
    return list(dict.fromkeys(out))


def expand(authority: AuthorityLike | None, ids: Iterable[str]) -> list[str]:
    """All names of all the given entities."""
    return [n for i in dict.fromkeys(ids) for n in entity_names(authority, i)]


class CachedAuthority:
    """Remembers lookups and entities: names repeat across thousands of documents."""

    def __init__(self, authority: AuthorityLike, size: int = 50_000) -> None:
        self.authority = authority
        self.size = size
        self._lookups: dict[str, Any] = {}
        self._entities: dict[str, Any] = {}
        self._names: dict[str, tuple[str, ...]] = {}

    def lookup(self, name: str, year: int | None = None) -> Any:
        if name not in self._lookups:
            if len(self._lookups) >= self.size:
                self._lookups.clear()
            self._lookups[name] = self.authority.lookup(name)
        return self._lookups[name]

    def get(self, entity_id: str) -> Any:
        if entity_id not in self._entities:
            if len(self._entities) >= self.size:
                self._entities.clear()
            self._entities[entity_id] = self.authority.get(entity_id)
        return self._entities[entity_id]

    def names(self, entity_id: str) -> tuple[str, ...]:
        """``entity_names`` of the entity, worked out once per id (a document's index
        record asks for the names of every entity it refers to)."""
        found = self._names.get(entity_id)
        if found is None:
            if len(self._names) >= self.size:
                self._names.clear()
            found = self._names[entity_id] = tuple(_names(self, entity_id))
        return found
