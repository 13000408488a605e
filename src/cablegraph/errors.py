"""The one error hierarchy of Cablegraph.

    CablegraphError                  every error we raise; says where and what
    ├── InputError                   a file cannot be read at all
    │   ├── EmptyInputError          zero bytes, or only whitespace
    │   ├── BinaryInputError         not text (NUL bytes, an image, an archive)
    │   ├── EncodingError            no supported encoding decodes it
    │   └── TooLargeError            over the size limit, refused before reading
    ├── ParseError                   text read, but no usable record in it
    ├── AuthorityError               an authority file is malformed
    ├── SettingsError                a setting has an invalid value
    ├── StoreError                   the database or its search index cannot be used
    └── QueryError                   a search filter has an invalid value

Every message names the file (or record), the place (offset, line or field) and the
offending value, and where it can, what would be valid.
"""

from __future__ import annotations


class CablegraphError(Exception):
    """Base class: every error Cablegraph raises on purpose."""

    def __init__(self, message: str, *, path: str | None = None, offset: int | None = None) -> None:
        self.path = path
        self.offset = offset
        where = path or ""
        if offset is not None:
            where = f"{where}@{offset}" if where else f"offset {offset}"
        super().__init__(f"{where}: {message}" if where else message)
        self.reason = message


class InputError(CablegraphError):
    """A file cannot be read as text."""


class EmptyInputError(InputError):
    """The file holds nothing to parse."""


class BinaryInputError(InputError):
    """The file is binary, not text."""


class EncodingError(InputError):
    """None of the supported encodings decodes the file."""


class TooLargeError(InputError):
    """The file exceeds the size limit and was refused before being read whole."""


class ParseError(CablegraphError):
    """The text was read but holds no record we could parse."""


class AuthorityError(CablegraphError):
    """An authority file is malformed: names the record and the field."""


class SettingsError(CablegraphError):
    """A setting has an invalid value."""


class StoreError(CablegraphError):
    """The corpus database or its search index cannot be opened, read or written."""


class QueryError(CablegraphError):
    """A search filter has an invalid value (free text never raises this)."""
