"""Near-duplicate pages without a shared record id: flagged, never merged.

A page's sketch is a one-permutation MinHash of the 4-word shingles of its first 128
words: each shingle's CRC-32 falls into one of ``K`` buckets, and the sketch keeps the
smallest value per bucket. The share of equal buckets estimates the Jaccard resemblance;
pages at or above ``THRESHOLD`` are near-duplicates. Candidates are found by LSH banding:
``K / ROWS`` bands of ``ROWS`` buckets each, hashed; two pages are compared only when some
band is identical (likely from a resemblance of about 0.7 up, rare below 0.4), so
common phrases shared by many pages do not make every page a candidate.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

from cablegraph.store.base import JSON

K = 32
ROWS = 4
EMPTY = 1 << 32
THRESHOLD = 0.7
MIN_WORDS = 30  # shorter texts are too small to call near-duplicates
MAX_WORDS = 128  # the opening of a page is enough to tell a near-duplicate

_WORD = re.compile(r"\w+")


def body_text(doc: JSON, page_text: str) -> str:
    """The text blocks of a page (its whole text when the parser found none)."""
    blocks = [
        page_text[b["start"] : b["stop"]]
        for b in doc.get("texts") or ()
        if isinstance(b, dict) and isinstance(b.get("start"), int) and isinstance(b.get("stop"), int)
    ]
    return "\n".join(blocks) if blocks else page_text


def sketch(text: str) -> list[int]:
    """The per-bucket minimum shingle hashes of a text (empty when it is too short)."""
    words = _WORD.findall(text[: MAX_WORDS * 12].casefold())[:MAX_WORDS]
    if len(words) < MIN_WORDS:
        return []
    signature = [EMPTY] * K
    for a, b, c, d in zip(words, words[1:], words[2:], words[3:], strict=False):
        value = zlib.crc32(f"{a} {b} {c} {d}".encode())
        bucket, rest = value % K, value // K
        if rest < signature[bucket]:
            signature[bucket] = rest
    return signature


def bands(signature: Sequence[int]) -> list[int]:
    """One hash per band of ``ROWS`` buckets: equal bands make two pages candidates."""
    if not signature:
        return []
    return [zlib.crc32(f"{i}:{signature[i : i + ROWS]}".encode()) for i in range(0, K, ROWS)]


def resemblance(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard resemblance of two sketches."""
    if len(a) != K or len(b) != K:
        return 0.0
    used = [(x, y) for x, y in zip(a, b, strict=True) if x != EMPTY or y != EMPTY]
    return sum(1 for x, y in used if x == y) / len(used) if used else 0.0


def is_near_duplicate(a: Sequence[int], b: Sequence[int]) -> bool:
    return resemblance(a, b) >= THRESHOLD
