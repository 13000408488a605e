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
    "romanize",
    "stem_ru",
    "tokens",
]
