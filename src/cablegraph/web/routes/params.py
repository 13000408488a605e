"""The API's parameters, each with the description that ``/docs`` shows (one definition
shared by every route that takes it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Path, Query

SearchText = Annotated[
    str,
    Query(
        description="Search words in any language and script: `Stalin`, `перемирие`, "
        '`"ceasefire talks"` (a phrase), `No. 26044`; empty matches every document'
    ),
]
Person = Annotated[
    str | None,
    Query(description="A person in any role (sender, recipient, via, copy, mentioned), any name form: `Mao`"),
]
Place = Annotated[str | None, Query(description="A place named in the document: `Kaesong`")]
Via = Annotated[str | None, Query(description="An intermediary who relayed the message: `Krasovsky`")]
DocType = Annotated[str | None, Query(description="Document type: `Telegram`, `Letter`, `Report` ...")]
Lang = Annotated[str | None, Query(description="Language of a text of the document (ISO 639-1): `ru`, `zh`")]
Archive = Annotated[str | None, Query(description="The archive holding or publishing it: `APRF`, `FRUS`")]
DateFrom = Annotated[
    str | None, Query(alias="from", description="Earliest date: `1951`, `1951-06` or `1951-06-30`")
]
DateTo = Annotated[
    str | None, Query(alias="to", description="Latest date: `1951`, `1951-06` or `1951-06-30`")
]
Facets = Annotated[
    list[str] | None,
    Query(
        description="Exact facet values, all required, repeatable: `f=sender:Mao Zedong`, "
        "`f=year:1951`, `f=kind:document` (no listing pages)"
    ),
]
Sort = Annotated[str, Query(description="`relevance`, `date` (oldest first) or `-date` (newest first)")]
DocId = Annotated[str, Path(description="A document id: `wda:110374`, `frus:frus1951v07p2/d120`, `sha256:…`")]
EntityId = Annotated[str, Path(description="An authority id: `person:stalin`, `org:jcs`, `place:kaesong`")]
PersonFilter = Annotated[
    str | None,
    Query(description="Only this person's documents: an authority id or a name (`person:stalin`, `Mao`)"),
]
LinkDocument = Annotated[str | None, Query(description="Only the links from or to this document id")]
LinkKind = Annotated[
    str | None,
    Query(description="`reply_to`, `relays`, `references`, `duplicate_of` or `same_event`"),
]
Offset = Annotated[int, Query(ge=0, le=10_000, description="How many results to skip (paging)")]
Skip = Annotated[int, Query(ge=0, le=1_000_000_000, description="How many items to skip (paging)")]
Authorization = Annotated[
    str | None, Header(description="`Bearer <curator token>` (the server's CABLEGRAPH_CURATOR_TOKEN)")
]
IfMatch = Annotated[
    str | None,
    Header(description="The ETag you read; the edit is refused (412) if someone changed it since"),
]
