"""The data model: plain dataclasses for every record Cablegraph reads or derives.

No I/O lives here. Every extracted value keeps where it came from (a ``Span`` of
character offsets into ``SourcePage.text``) and the name of the rule that made it.
"""

from cablegraph.model.document import (
    ArchiveRef,
    CopyEntry,
    Credit,
    DateValue,
    Document,
    Envelope,
    EnvelopeEvent,
    ListingItem,
    Mention,
    Message,
    PersonRef,
    TextBlock,
)
from cablegraph.model.source import SourcePage
from cablegraph.model.span import Provenance, Span

__all__ = [
    "ArchiveRef",
    "CopyEntry",
    "Credit",
    "DateValue",
    "Document",
    "Envelope",
    "EnvelopeEvent",
    "ListingItem",
    "Mention",
    "Message",
    "PersonRef",
    "Provenance",
    "SourcePage",
    "Span",
    "TextBlock",
]
