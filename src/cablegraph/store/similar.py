"""Near-duplicate pages without a shared record id: flagged, never merged.

A page's sketch is the 32 smallest hashes of the 4-word shingles of its first 300 words
(a bottom-k MinHash; a shingle's hash combines the CRC-32 of its words). Two pages whose
estimated Jaccard resemblance is at least ``THRESHOLD`` are near-duplicates. Candidates
are found through the four smallest hashes (the bands), so the check costs a few index
lookups, not a scan of the corpus.
"""

from __future__ import annotations

import heapq
import re
import zlib
from collections.abc import Sequence

from cablegraph.store.base import JSON

K = 32
BANDS = 4
SHINGLE = 4
THRESHOLD = 0.7
MIN_WORDS = 30  # shorter texts are too small to call near-duplicates
MAX_WORDS = 300  # the opening of a page is enough to tell a near-duplicate

_WORD = re.compile(r"\w+")


def body_text(doc: JSON, page_text: str) -> str:
    """The text blocks of a page (its whole text when the parser found none)."""
    blocks = [page_text[b["start"]:b["stop"]] for b in doc.get("texts") or ()
              if isinstance(b, dict) and isinstance(b.get("start"), int)
              and isinstance(b.get("stop"), int)]
    return "\n".join(blocks) if blocks else page_text


def sketch(text: str) -> list[int]:
    """The bottom-k shingle hashes of a text (empty when it is too short)."""
    words = _WORD.findall(text.casefold())
    if len(words) < MIN_WORDS:
        return []
    words = words[:MAX_WORDS]
    h = [zlib.crc32(w.encode()) for w in words]
    shingles = {(h[i] * 0x9E3779B1 ^ h[i + 1] * 0x85EBCA77 ^ h[i + 2] * 0xC2B2AE3D
                 ^ h[i + 3]) & 0xFFFFFFFF for i in range(len(h) - SHINGLE + 1)}
    return heapq.nsmallest(K, shingles)


def bands(hashes: Sequence[int]) -> list[int]:
    """The hashes used to find candidates."""
    return list(hashes[:BANDS])


def resemblance(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard resemblance of two sketches."""
    if not a or not b:
        return 0.0
    union = heapq.nsmallest(K, set(a) | set(b))
    both = set(a) & set(b)
    return sum(1 for h in union if h in both) / len(union)


def is_near_duplicate(a: Sequence[int], b: Sequence[int]) -> bool:
    return resemblance(a, b) >= THRESHOLD
