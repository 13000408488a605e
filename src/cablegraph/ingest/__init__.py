"""Ingest: read files, detect their encoding and format, yield SourcePage objects.

read_page(path, *, max_bytes=64 MiB) -> SourcePage       one file, or an InputError
read_text(text, path="<string>") -> SourcePage           in-memory text
iter_paths(inputs) -> Iterator[Path]                     files, folders, globs
read_pages(inputs) -> Iterator[SourcePage | InputError]  a batch that goes on past bad files
                                                         (pages up to MAX_PAGE_BYTES = 8 MiB)
detect(data) -> Detection                                the encoding of some bytes
decode(data, path) -> (text, Detection)                  decode or raise EncodingError
sniff_format(text, path) -> "tei" | "xml" | "html" | "pdf" | "text"
"""

from cablegraph.ingest.encoding import ALLOWED_ENCODINGS, LOW_CONFIDENCE, Detection, decode, detect
from cablegraph.ingest.reader import (
    DEFAULT_MAX_BYTES,
    MAX_PAGE_BYTES,
    iter_paths,
    read_page,
    read_pages,
    read_text,
)
from cablegraph.ingest.sniff import sniff_format

__all__ = [
    "ALLOWED_ENCODINGS",
    "DEFAULT_MAX_BYTES",
    "LOW_CONFIDENCE",
    "MAX_PAGE_BYTES",
    "Detection",
    "decode",
    "detect",
    "iter_paths",
    "read_page",
    "read_pages",
    "read_text",
    "sniff_format",
]
