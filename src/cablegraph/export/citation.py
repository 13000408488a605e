"""Citations built from the parsed fields (never copied from the page).

The archive's own style (the Wilson Center's) and a Chicago note for the original
archival document:

    "Ciphered Telegram No. 3917, Filippov [Stalin] to Krasovsky, for Cde. Mao Zedong",
    June 30, 1951, Wilson Center Digital Archive, APRF, f. 45, op. 1, d. 339, ll. 95-96; ...
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cablegraph.export.fields import canonical_url

JSON = dict[str, Any]

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def human_date(date: JSON | None) -> str | None:
    """ "June 30, 1951", "June 1951" or "1951" by precision; the text as written otherwise."""
    if not date:
        return None
    iso, precision = date.get("iso"), date.get("precision")
    if not iso:
        return str(date.get("text") or "") or None
    parts = iso.split("-")
    if precision == "day" and len(parts) == 3:
        return f"{MONTHS[int(parts[1]) - 1]} {int(parts[2])}, {parts[0]}"
    if precision == "month" and len(parts) >= 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return str(parts[0])


def _refs(data: JSON) -> str | None:
    refs = [str(r["text"]) for r in data.get("archive_refs") or [] if r.get("text")]
    if not refs:
        return None
    return refs[0] if len(refs) == 1 else "; ".join(refs[:-1]) + "; and " + refs[-1]


def _translators(data: JSON) -> list[str]:
    return [c["name"] for c in data.get("credits") or [] if c.get("role") == "translator"]


def _names(people: list[JSON]) -> str:
    names = [str(p.get("name")) for p in people if p.get("name")]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def archive_citation(data: JSON) -> str:
    """The Wilson Center Digital Archive's own citation style (also used for FRUS pages)."""
    parts = [f'"{data.get("title") or "Untitled document"}"']
    date = human_date(data.get("date"))
    if date:
        parts.append(date)
    parts.append(data.get("archive") or "Digital Archive")
    refs = _refs(data)
    if refs:
        parts.append(refs)
    citation = ", ".join(parts) + "."
    translators = _translators(data)
    if translators:
        citation += f" Translated by {_names([{'name': t} for t in translators])}."
    url = canonical_url(data)
    if url:
        citation += f" {url}"
    return citation


def chicago_note(data: JSON) -> str:
    """Chicago notes style for the original archival document, e.g.

    Joseph Stalin to Mao Zedong (via Stepan Krasovsky), ciphered telegram no. 3917,
    June 30, 1951, APRF, f. 45, op. 1, d. 339, ll. 95-96, trans. ..., Wilson Center
    Digital Archive, URL.
    """
    parts: list[str] = []
    senders, recipients = _names(data.get("senders") or []), _names(data.get("recipients") or [])
    if senders and recipients:
        head = f"{senders} to {recipients}"
        if data.get("via"):
            head += f" (via {_names(data['via'])})"
        parts.append(head)
    kind = (data.get("doc_type") or "document").lower()
    number = (data.get("envelope") or {}).get("number")
    parts.append(f"{kind} no. {number}" if number else kind)
    if not parts[0] or parts[0] == kind:
        parts.insert(0, f"\u201c{data.get('title') or 'Untitled'}\u201d")
    date = human_date(data.get("date"))
    if date:
        parts.append(date)
    refs = [r["text"] for r in data.get("archive_refs") or []]
    if refs:
        parts.append(refs[0])
    translators = _translators(data)
    if translators:
        parts.append(f"trans. {_names([{'name': t} for t in translators])}")
    if data.get("archive"):
        parts.append(str(data["archive"]))
    url = canonical_url(data)
    if url:
        parts.append(url)
    return ", ".join(parts) + "."


def accessed(today: dt.date | None = None) -> str:
    return (today or dt.date.today()).isoformat()
