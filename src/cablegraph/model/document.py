"""The parsed document and everything inside it: dates, envelope, messages, mentions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from cablegraph.model.span import Provenance, Span

Precision = Literal["day", "month", "year"]
PageKind = Literal["document", "listing", "unknown"]


@dataclass(slots=True)
class DateValue:
    """A date as written, with its ISO form and precision (``iso`` None if unparsable)."""

    text: str
    iso: str | None = None
    precision: Precision | None = None
    end_iso: str | None = None  # the last day of a range ("July 10-15")
    time: str | None = None  # "HH:MM" when the text carries a time of day
    span: Span | None = None
    rule: str = ""
    flags: list[str] = field(default_factory=list)  # "year_from_document", "impossible", ...

    @property
    def datetime_iso(self) -> str | None:
        """``YYYY-MM-DDTHH:MM`` when both a day and a time are known, else the ISO date."""
        if self.iso and self.precision == "day" and self.time:
            return f"{self.iso}T{self.time}"
        return self.iso


@dataclass(slots=True)
class PersonRef:
    """A person (or body) named as sender, recipient, intermediary or copy holder."""

    as_written: str
    name: str  # the authority's preferred English name, or the name as written
    entity_id: str | None = None
    span: Span | None = None
    rule: str = ""
    role: str | None = None  # e.g. "Soviet Ambassador in Pyongyang"


@dataclass(slots=True)
class ArchiveRef:
    """One archival reference, split into its parts (all as printed)."""

    text: str
    archive: str | None = None
    fond: str | None = None
    opis: str | None = None
    delo: str | None = None
    papka: str | None = None
    listy: str | None = None
    span: Span | None = None
    rule: str = ""


@dataclass(slots=True)
class TextBlock:
    """A stretch of the page in one language and role (original, translation, ...)."""

    span: Span
    language: str | None
    role: str  # "original", "translation", "transcript", "editorial", "body"
    script: str | None = None  # "Cyrl", "Latn", "Hani", ...
    rule: str = ""


@dataclass(slots=True)
class EnvelopeEvent:
    """A step in a telegram's handling: sent, received, deciphered, printed, ..."""

    text: str
    at: str | None = None  # ISO date or datetime, no time zone
    by: PersonRef | None = None
    place: str | None = None
    copies: int | None = None
    span: Span | None = None
    rule: str = ""


@dataclass(slots=True)
class CopyEntry:
    """One line of a distribution list: who holds copies and how many."""

    person: PersonRef
    copies: int | None = None
    copy_numbers: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Envelope:
    """The telegram's wrapper. Every part is optional."""

    number: str | None = None
    number_suffix: str | None = None
    number_span: Span | None = None
    series: str | None = None
    priority: list[str] = field(default_factory=list)
    classification: str | None = None
    origin: str | None = None
    destination: str | None = None
    channel: list[PersonRef] = field(default_factory=list)
    events: dict[str, EnvelopeEvent] = field(default_factory=dict)
    distribution: list[CopyEntry] = field(default_factory=list)
    outgoing_numbers: list[str] = field(default_factory=list)
    stamps: list[str] = field(default_factory=list)
    # "outgoing": the cipher office took the telegram in ("Received") before it was sent;
    # "incoming": sent elsewhere, then received here. None when the marks do not say.
    direction: str | None = None
    provenance: dict[str, Provenance] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not (
            self.number
            or self.series
            or self.priority
            or self.classification
            or self.events
            or self.distribution
            or self.channel
            or self.outgoing_numbers
        )


@dataclass(slots=True)
class Message:
    """A unit of correspondence; the telegram itself is the root, quoted ones children."""

    kind: str  # "telegram", "letter", "directive", "draft", "press_report", "report", ...
    authors: list[PersonRef] = field(default_factory=list)
    recipients: list[PersonRef] = field(default_factory=list)
    via: list[PersonRef] = field(default_factory=list)
    copies_to: list[PersonRef] = field(default_factory=list)
    date: DateValue | None = None
    place: str | None = None
    span: Span | None = None
    rule: str = ""
    action: str = "sent"  # TEI correspAction: sent, transmitted, forwarded, ...
    children: list[Message] = field(default_factory=list)


@dataclass(slots=True)
class Mention:
    """A span of text naming a person, place or organisation, and what it resolved to."""

    text: str
    kind: str  # "person", "place", "organization"
    start: int
    stop: int
    entity_id: str | None = None
    name: str | None = None
    rule: str = ""
    confidence: float = 0.0


@dataclass(slots=True)
class Credit:
    """Who made the document available: translator, funder, editor."""

    role: str
    name: str
    span: Span | None = None


@dataclass(slots=True)
class ListingItem:
    """One entry on a search-result listing page."""

    date: DateValue | None
    title: str | None
    summary: str | None
    span: Span | None = None


@dataclass(slots=True)
class Document:
    """Everything parsed from one page."""

    id: str
    page_kind: PageKind = "unknown"
    layout: str | None = None
    title: str | None = None
    date: DateValue | None = None
    doc_type: str | None = None
    record_id: str | None = None
    archive: str | None = None
    url: str | None = None
    summary: str | None = None
    citation: str | None = None
    rights: str | None = None
    uploaded: str | None = None
    credits: list[Credit] = field(default_factory=list)
    original_language: str | None = None
    languages_present: list[str] = field(default_factory=list)
    texts: list[TextBlock] = field(default_factory=list)
    archive_refs: list[ArchiveRef] = field(default_factory=list)
    source_note: str | None = None
    envelope: Envelope = field(default_factory=Envelope)
    senders: list[PersonRef] = field(default_factory=list)
    recipients: list[PersonRef] = field(default_factory=list)
    via: list[PersonRef] = field(default_factory=list)
    copies_to: list[PersonRef] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    items: list[ListingItem] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    provenance: dict[str, Provenance] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        """The year of the document's date, when it has one (what dates its parties)."""
        return int(self.date.iso[:4]) if self.date and self.date.iso else None

    def set(self, name: str, value: str | None, rule: str, span: Span | None = None) -> None:
        """Set a plain text field and record where it came from (empty values are skipped)."""
        if value is None or not value.strip():
            return
        setattr(self, name, value)
        self.provenance[name] = Provenance(rule, span)
