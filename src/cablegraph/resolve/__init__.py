"""Resolve: names in text to authority entities (people, places, organisations).

`Authority.builtin()` is the shipped authority; `Authority.load(paths)` layers curators' files
on top. `lookup` resolves one name as written, `find_mentions` scans a text; a `Context` (year,
the document's other entities) decides names that only count in context. `romanize` reads a
Chinese or Korean name the authority lacks (Palladius, Russian-Korean, Wade-Giles);
`explain` says why a match was made; `group_unresolved` groups names nobody resolved.
`fold` is the matching normal form (never applied to stored text).
"""

from cablegraph.resolve.authority import Authority, Entity, Match, Name, Role
from cablegraph.resolve.context import Context
from cablegraph.resolve.explain import explain, group_unresolved
from cablegraph.resolve.normalize import fold, stem_ru, tokens
from cablegraph.resolve.transliterate import romanize


def preload(authority: Authority) -> None:
    """Read now what the authority reads on first use (its archive layer of FRUS persons
    and office holders: ~1 s of CPU), so that it is paid once before the work starts:
    before an ingest forks its parsing processes (they then share the parent's copy), and
    before a server takes its first request (which would otherwise wait for it)."""
    if authority.archive is not None:
        authority.archive.starts  # noqa: B018 (read for its side effect: the layer is loaded)


__all__ = [
    "Authority",
    "Context",
    "Entity",
    "Match",
    "Name",
    "Role",
    "explain",
    "fold",
    "group_unresolved",
    "preload",
    "romanize",
    "stem_ru",
    "tokens",
]
