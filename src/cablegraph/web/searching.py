"""The search page's state: the query, the active filters, the sort, and the URLs that add
or remove one of them (facet links and removable chips).

Facet filters travel as repeated ``f=name:value`` parameters (``f=sender:Mao Zedong``) and
are exact values of the facet that counted them, all required, so a sender facet filters
by sender and two facets combine. The older single filters (``person``, ``place``,
``from`` ...) are kept as they were. Listing pages are never among the documents unless
``f=kind:listing`` asks for them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from cablegraph.search.filters import SORTS
from cablegraph.store.facets import FACETS
from cablegraph.web.context import ApiError

FACET_LABELS = {
    "sender": "Sender",
    "recipient": "Recipient",
    "via": "Via",
    "mentioned": "Mentioned",
    "place": "Place",
    "year": "Year",
    "type": "Type",
    "lang": "Language",
    "archive": "Archive",
    "channel": "Channel",
    "kind": "Page kind",
    "person": "Person",
}
FIELD_LABELS = {
    "person": "Person (any role)",
    "place": "Place",
    "via": "Via",
    "type": "Type",
    "lang": "Language",
    "archive": "Archive",
    "from": "From",
    "to": "To",
}
SORT_LABELS = {"relevance": "Relevance", "date": "Date (oldest first)", "-date": "Date (newest first)"}
MODE_LABELS = {
    "auto": "Words and meaning when embedded",
    "hybrid": "Words and meaning",
    "text": "Words only",
    "meaning": "Meaning only (any language)",
}


def facet_pair(text: str) -> tuple[str, str]:
    """``"sender:Mao Zedong"`` as ``("sender", "Mao Zedong")``; an unknown facet is an error."""
    name, sep, value = text.partition(":")
    if not sep or not value or name not in FACETS:
        raise ApiError(
            400, "invalid_facet", f"f={text!r}: use f=<facet>:<value> with a facet among {', '.join(FACETS)}"
        )
    return name, value


@dataclass(frozen=True, slots=True)
class SearchState:
    """What a search page shows; each URL it links to is this state with one change."""

    q: str = ""
    facets: tuple[tuple[str, str], ...] = ()
    fields: tuple[tuple[str, str], ...] = ()  # person=, place=, from=, to= ...
    sort: str = "relevance"
    mode: str = "auto"  # full text, meaning or both (see ``Corpus.search``)

    @classmethod
    def of(
        cls, q: str, f: list[str], fields: dict[str, str | None], sort: str, mode: str = "auto"
    ) -> SearchState:
        if sort not in SORTS:
            raise ApiError(400, "invalid_sort", f"sort={sort!r}: use one of {', '.join(SORTS)}")
        if mode not in MODE_LABELS:
            raise ApiError(400, "invalid_mode", f"mode={mode!r}: use one of {', '.join(MODE_LABELS)}")
        pairs = tuple(dict.fromkeys(facet_pair(x) for x in f))
        return cls(q, pairs, tuple((k, v) for k, v in fields.items() if v), sort, mode)

    def search_facets(self) -> tuple[tuple[str, str], ...]:
        """The facet filters to search with: listing pages only when asked for."""
        if any(name == "kind" for name, _ in self.facets):
            return self.facets
        return (*self.facets, ("kind", "document"))

    def field(self, name: str) -> str | None:
        return next((v for k, v in self.fields if k == name), None)

    def params(self, page: int = 1) -> list[tuple[str, str]]:
        out = [("q", self.q)] if self.q else []
        out += [("f", f"{n}:{v}") for n, v in self.facets]
        out += list(self.fields)
        if self.sort != "relevance":
            out.append(("sort", self.sort))
        if self.mode != "auto":
            out.append(("mode", self.mode))
        if page > 1:
            out.append(("page", str(page)))
        return out

    def url(self, page: int = 1, path: str = "/search") -> str:
        query = urlencode(self.params(page))
        return f"{path}?{query}" if query else path

    def query_string(self) -> str:
        return urlencode(self.params())

    def active(self, name: str, value: str) -> bool:
        return (name, value) in self.facets

    def toggled(self, name: str, value: str) -> str:
        """The URL with this facet value added, or removed when it is active."""
        pair = (name, value)
        facets = tuple(p for p in self.facets if p != pair) if pair in self.facets else (*self.facets, pair)
        return replace(self, facets=facets).url()

    def sorted_by(self, sort: str) -> str:
        return replace(self, sort=sort).url()

    def chips(self) -> list[dict[str, str]]:
        """Every active filter with the URL that removes it."""
        out = [
            {
                "label": FACET_LABELS.get(n, n),
                "value": v,
                "url": replace(self, facets=tuple(p for p in self.facets if p != (n, v))).url(),
            }
            for n, v in self.facets
        ]
        out += [
            {
                "label": FIELD_LABELS.get(k, k),
                "value": v,
                "url": replace(self, fields=tuple(p for p in self.fields if p[0] != k)).url(),
            }
            for k, v in self.fields
        ]
        return out
