"""Resolve: names in text to authority entities (people, places, organisations).

`Authority.builtin()` is the shipped authority; `Authority.load(paths)` layers curators' files
on top. `lookup` resolves one name as written, `find_mentions` scans a text. `fold` is the
matching normal form (never applied to stored text).
"""

from cablegraph.resolve.authority import Authority, Entity, Match, Name, Role
from cablegraph.resolve.normalize import fold, stem_ru, tokens

__all__ = ["Authority", "Entity", "Match", "Name", "Role", "fold", "stem_ru", "tokens"]
