"""Build ``src/cablegraph/resolve/data/english_words.txt.gz``: common English words in lower
case, so that the names pass can tell "WORLD ISSUES" or "Kirk Comments" from a person's name
where the case of a word cannot (a telegram in capitals) or the recognizer took a word too many.

    apt-get install wamerican-small   # only to rebuild; the product reads the derived file
    python scripts/build_english_words.py [/usr/share/dict/american-english-small]

Source: SCOWL (Spell Checker Oriented Word Lists, size 35) by Kevin Atkinson, as Debian's
wamerican-small 2020.12.07-2 ships it; its permission notice is kept at the head of the file
(permissive: use, copy, modify, distribute with the notice). Only the entries written wholly in
lower-case ASCII letters are kept: the list's capitalised entries are proper names.
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "cablegraph" / "resolve" / "data" / "english_words.txt.gz"
SOURCE = "/usr/share/dict/american-english-small"
NOTICE = """\
# Common English words (lower-case entries of SCOWL size 35, Debian wamerican-small 2020.12.07-2),
# built by scripts/build_english_words.py. SCOWL's notice:
# Copyright 2000-2011 by Kevin Atkinson
# Permission to use, copy, modify, distribute and sell these word lists, the associated scripts,
# the output created from the scripts, and its documentation for any purpose is hereby granted
# without fee, provided that the above copyright notice appears in all copies and that both that
# copyright notice and this permission notice appear in supporting documentation. Kevin Atkinson
# makes no representations about the suitability of this array for any purpose. It is provided
# "as is" without express or implied warranty.
"""
_WORD = re.compile(r"^[a-z]+$")


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else SOURCE)
    words = sorted({w for w in source.read_text(encoding="utf-8").split() if _WORD.match(w)})
    with gzip.GzipFile(OUT, "wb", mtime=0) as out:  # deterministic bytes
        out.write((NOTICE + "\n".join(words) + "\n").encode("utf-8"))
    print(f"{OUT}: {len(words)} words")


if __name__ == "__main__":
    main()
