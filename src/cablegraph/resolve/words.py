"""Common English words (lower case), to tell a word from a name where case cannot.

Read from the derived file `data/english_words.txt.gz` (the lower-case entries of SCOWL size 35,
see scripts/build_english_words.py for its source and permission notice), once, on first use.
"""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources

__all__ = ["is_english_word"]

FILE = "english_words.txt.gz"


@cache
def _words() -> frozenset[str]:
    data = (resources.files("cablegraph.resolve") / "data" / FILE).read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_english_word(folded: str) -> bool:
    """Whether the lower-case word is a common English word ("issues", "decided", "comments")."""
    return folded in _words()
