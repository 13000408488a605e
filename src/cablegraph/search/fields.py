"""What the search index holds for one stored document.

Text: title, summary and the full text of every source page, stemmed (``stem``) and
unstemmed (``plain``, for prefixes). Names: the preferred names the resolver gave each
person and place, every other name the authority knows for those entities, and the
names as written (``names``), so "Stalin" finds a telegram signed Filippov. Filters and
facets: keyword fields per role, entity ids, and the date as YYYYMMDD numbers.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from cablegraph.search import analyze
from cablegraph.search.names import AuthorityLike, expand
from cablegraph.store.base import JSON, StoredDocument
from cablegraph.store.facets import NameRef, facet_values, languages, names

PERSON_ROLES = {"sender", "recipient", "via", "copies_to", "channel", "mentioned"}
VIA_ROLES = {"via", "channel"}


@dataclass(slots=True)
class IndexRecord:
    """The analyzed fields of one document."""

    id: str
    stem: str
    plain: str
    names: str
    entities: list[str]
    pairs: str = ""  # adjacent stems joined by "_" (see ``pairs``)
    name_pairs: str = ""
    filters: dict[str, str] = field(default_factory=dict)  # f_person, f_place, f_via
    entity_filters: dict[str, list[str]] = field(default_factory=dict)  # e_person, ...
    keys: dict[str, list[str]] = field(default_factory=dict)  # k_type, k_lang, k_archive
    facets: dict[str, list[str]] = field(default_factory=dict)
    date_min: int | None = None
    date_max: int | None = None


def date_bounds(iso: str | None, end_iso: str | None = None) -> tuple[int | None, int | None]:
    """YYYYMMDD of the first and last day an ISO date (or range) covers."""
    if not iso:
        return None, None
    low = _bound(iso, first=True)
    high = _bound(end_iso or iso, first=False)
    return low, high if high is not None else low


def _bound(iso: str, *, first: bool) -> int | None:
    parts = iso[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (1 if first else 12)
        day = int(parts[2]) if len(parts) > 2 else (1 if first else 31)
    except ValueError:
        return None
    return year * 10_000 + month * 100 + day


def pairs(stems: list[str]) -> list[str]:
    """Each two adjacent stems as one token (``_`` never occurs inside a token)."""
    return list(map("_".join, itertools.pairwise(stems)))


def _folded(values: list[str]) -> str:
    """Names folded, one per 'sentence' so phrases never run across two names."""
    return " | ".join(analyze.plain_name(v) for v in values if v)


def index_record(
    doc: StoredDocument,
    authority: AuthorityLike | None = None,
    *,
    refs: list[NameRef] | None = None,
    values: list[tuple[str, str]] | None = None,
) -> IndexRecord:
    """Build the index fields of a stored document (``refs`` and ``values``: its ``names``
    and ``facet_values`` when the caller has them already)."""
    data = doc.data
    text = "\n".join([str(data.get(k) or "") for k in ("title", "summary", "doc_type")] + doc.texts)
    plain, stemmed = analyze.analyzed_lists(text)
    refs = names(data) if refs is None else refs
    ids = [r.entity_id for r in refs if r.entity_id]
    known = {i: expand(authority, [i]) for i in dict.fromkeys(ids)}  # each entity once

    def role_names(roles: set[str] | None) -> list[str]:
        chosen = [r for r in refs if roles is None or r.role in roles]
        out = [n for r in chosen for n in (r.name, r.as_written)]
        for entity_id in dict.fromkeys(r.entity_id for r in chosen if r.entity_id):
            out += known[entity_id]  # an entity's names once, where it first occurs
        return list(dict.fromkeys(out))

    def role_ids(roles: set[str]) -> list[str]:
        return sorted({r.entity_id for r in refs if r.entity_id and r.role in roles})

    date = data.get("date") or {}
    low, high = date_bounds(date.get("iso"), date.get("end_iso"))
    facets: dict[str, list[str]] = {}
    for facet, value in facet_values(data, refs) if values is None else values:
        facets.setdefault(facet, []).append(value)
    every_name = _folded(role_names(None))
    return IndexRecord(
        id=doc.id,
        stem=" ".join(stemmed),
        plain=" ".join(plain),
        names=every_name,
        pairs=" ".join(pairs(stemmed)),
        name_pairs=" ".join(pairs(every_name.split())),
        entities=sorted(set(ids)),
        filters={
            "f_person": _folded(role_names(PERSON_ROLES)),
            "f_place": _folded(role_names({"place"})),
            "f_via": _folded(role_names(VIA_ROLES)),
        },
        entity_filters={
            "e_person": role_ids(PERSON_ROLES),
            "e_place": role_ids({"place"}),
            "e_via": role_ids(VIA_ROLES),
        },
        keys={
            "k_type": _keys([data.get("doc_type")]),
            "k_lang": _keys(languages(data)),
            "k_archive": _keys([data.get("archive")]),
        },
        facets=facets,
        date_min=low,
        date_max=high,
    )


def _keys(values: list[JSON | str | None] | list[str]) -> list[str]:
    return sorted({analyze.plain_name(str(v)) for v in values if v})
