"""CSL-JSON (what Zotero imports), RIS and BibLaTeX from the parsed fields."""

from __future__ import annotations

import re
from typing import Any

from cablegraph.export.citation import archive_citation

JSON = dict[str, Any]

# CSL item types per document type (Zotero's "letter" is CSL "personal_communication").
CSL_TYPES = {
    "Telegram": "personal_communication",
    "Letter": "personal_communication",
    "Report": "report",
    "Memorandum of Conversation": "interview",
}
RIS_TYPES = {"Telegram": "PCOMM", "Letter": "PCOMM", "Report": "RPRT"}
# Where an archive keeps its records, for the CSL archive-place field.
ARCHIVE_PLACES = {
    "APRF": "Moscow",
    "AVP RF": "Moscow",
    "RGASPI": "Moscow",
    "RGANI": "Moscow",
    "TsAMO": "Podolsk",
    "GARF": "Moscow",
}


def _csl_name(person: JSON) -> JSON:
    name = str(person.get("name") or person.get("as_written") or "")
    if not person.get("entity_id") or " " not in name:
        return {"literal": name}
    given, _, family = name.rpartition(" ")
    return {"family": family, "given": given}


def _date_parts(date: JSON | None) -> JSON | None:
    if not date or not date.get("iso"):
        return {"literal": date["text"]} if date and date.get("text") else None
    numbers = [int(p) for p in str(date["iso"]).split("-")]
    return {"date-parts": [numbers]}


def _languages(data: JSON) -> str | None:
    language = data.get("original_language") or (data.get("languages_present") or [None])[0]
    return str(language) if language else None


def csl_item(data: JSON) -> JSON:
    """One CSL-JSON item (CSL 1.0.2 data schema)."""
    refs = data.get("archive_refs") or []
    item: JSON = {
        "id": data["id"],
        "type": CSL_TYPES.get(str(data.get("doc_type")), "document"),
        "title": data.get("title") or "Untitled document",
        "genre": data.get("doc_type"),
        "author": [_csl_name(p) for p in data.get("senders") or []],
        "recipient": [_csl_name(p) for p in data.get("recipients") or []],
        "issued": _date_parts(data.get("date")),
        "archive": refs[0]["archive"] if refs and refs[0].get("archive") else data.get("archive"),
        "archive-place": ARCHIVE_PLACES.get(refs[0].get("archive", "")) if refs else None,
        "archive_location": "; ".join(r["text"] for r in refs) or None,
        "source": data.get("archive"),
        "URL": data.get("url"),
        "language": _languages(data),
        "number": (data.get("envelope") or {}).get("number"),
        "abstract": data.get("summary"),
        "translator": [
            {"literal": c["name"]} for c in data.get("credits") or [] if c.get("role") == "translator"
        ],
        "note": _note(data),
    }
    return {key: value for key, value in item.items() if value not in (None, [], "")}


def _note(data: JSON) -> str:
    lines = []
    if data.get("record_id"):
        lines.append(f"Record ID: {data['record_id']}")
    sources = data.get("sources") or ([data["source"]] if data.get("source") else [])
    for source in sources:
        if source and source.get("path"):
            lines.append(f"Source: {source['path']} (sha256 {str(source.get('sha256', ''))[:16]})")
    if data.get("via"):
        lines.append("Via: " + ", ".join(p["name"] for p in data["via"]))
    lines.append("Citation: " + archive_citation(data))
    return "\n".join(lines)


CSL_FIELDS = {
    "id",
    "type",
    "title",
    "genre",
    "author",
    "recipient",
    "translator",
    "issued",
    "archive",
    "archive-place",
    "archive_location",
    "source",
    "URL",
    "language",
    "number",
    "abstract",
    "note",
}
CSL_ITEM_TYPES = {
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "bill",
    "book",
    "broadcast",
    "chapter",
    "classic",
    "collection",
    "dataset",
    "document",
    "entry",
    "entry-dictionary",
    "entry-encyclopedia",
    "event",
    "figure",
    "graphic",
    "hearing",
    "interview",
    "legal_case",
    "legislation",
    "manuscript",
    "map",
    "motion_picture",
    "musical_score",
    "pamphlet",
    "paper-conference",
    "patent",
    "performance",
    "periodical",
    "personal_communication",
    "post",
    "post-weblog",
    "regulation",
    "report",
    "review",
    "review-book",
    "software",
    "song",
    "speech",
    "standard",
    "thesis",
    "treaty",
    "webpage",
}


def csl_problems(item: JSON) -> list[str]:
    """Checks from the CSL 1.0.2 data schema (csl-data.json): required keys, types of
    names and dates. Returns the problems found (empty when valid)."""
    problems = []
    if not isinstance(item.get("id"), str | int):
        problems.append("id: required, string or number")
    if item.get("type") not in CSL_ITEM_TYPES:
        problems.append(f"type: {item.get('type')!r} is not a CSL item type")
    for key in ("author", "recipient", "translator"):
        for name in item.get(key, []):
            if not isinstance(name, dict) or not ({"family", "literal"} & name.keys()):
                problems.append(f"{key}: each name needs 'family' or 'literal': {name!r}")
    issued = item.get("issued")
    if issued is not None:
        parts = issued.get("date-parts") if isinstance(issued, dict) else None
        if parts is not None and not (
            isinstance(parts, list)
            and parts
            and all(
                isinstance(p, list) and 1 <= len(p) <= 3 and all(isinstance(n, int) for n in p) for p in parts
            )
        ):
            problems.append(f"issued: date-parts must be [[year, month?, day?]]: {parts!r}")
        if parts is None and not (isinstance(issued, dict) and "literal" in issued):
            problems.append("issued: needs date-parts or literal")
    for key, value in item.items():
        if key not in CSL_FIELDS:
            problems.append(f"{key}: not a field this exporter writes")
        elif key in ("title", "archive", "archive_location", "URL", "note", "language") and not isinstance(
            value, str
        ):
            problems.append(f"{key}: must be a string")
    return problems


def ris_record(data: JSON) -> str:
    """One RIS record."""
    lines = [
        f"TY  - {RIS_TYPES.get(str(data.get('doc_type')), 'GEN')}",
        f"TI  - {data.get('title') or 'Untitled document'}",
    ]
    lines += [f"AU  - {_ris_name(p)}" for p in data.get("senders") or []]
    date = (data.get("date") or {}).get("iso")
    if date:
        parts = [*date.split("-"), "", ""]
        lines.append(f"DA  - {parts[0]}/{parts[1]}/{parts[2]}/")
        lines.append(f"PY  - {parts[0]}")
    if data.get("doc_type"):
        lines.append(f"M3  - {data['doc_type']}")
    for ref in data.get("archive_refs") or []:
        lines.append(f"AV  - {ref['text']}")
    if data.get("archive"):
        lines.append(f"DB  - {data['archive']}")
    if data.get("url"):
        lines.append(f"UR  - {data['url']}")
    if data.get("record_id"):
        lines.append(f"AN  - {data['record_id']}")
    language = _languages(data)
    if language:
        lines.append(f"LA  - {language}")
    if data.get("summary"):
        lines.append(f"AB  - {_one_line(data['summary'])}")
    recipients = ", ".join(p["name"] for p in data.get("recipients") or [])
    if recipients:
        lines.append(f"N1  - Recipient: {recipients}")
    lines.append(f"N1  - {_one_line(_note(data))}")
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def _ris_name(person: JSON) -> str:
    name = str(person.get("name") or "")
    if person.get("entity_id") and " " in name:
        given, _, family = name.rpartition(" ")
        return f"{family}, {given}"
    return name


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _bib_escape(text: str) -> str:
    return re.sub(r"([{}&%$#_])", r"\\\1", _one_line(text))


def biblatex_entry(data: JSON) -> str:
    """One BibLaTeX entry (@letter for telegrams and letters, @report, else @misc)."""
    kind = {"Telegram": "letter", "Letter": "letter", "Report": "report"}.get(
        str(data.get("doc_type")), "misc"
    )
    key = re.sub(r"[^A-Za-z0-9]+", "_", str(data["id"]))
    fields: list[tuple[str, str]] = [("title", data.get("title") or "Untitled document")]
    authors = " and ".join(_ris_name(p) for p in data.get("senders") or [])
    if authors:
        fields.append(("author", authors))
    date = (data.get("date") or {}).get("iso")
    if date:
        fields.append(("date", date))
    if data.get("doc_type"):
        fields.append(("type", data["doc_type"]))
    if (data.get("envelope") or {}).get("number"):
        fields.append(("number", data["envelope"]["number"]))
    if data.get("archive"):
        fields.append(("organization", data["archive"]))
    refs = "; ".join(r["text"] for r in data.get("archive_refs") or [])
    if refs:
        fields.append(("howpublished", refs))
    if data.get("url"):
        fields.append(("url", data["url"]))
    language = _languages(data)
    if language:
        fields.append(("langid", language))
    recipients = ", ".join(p["name"] for p in data.get("recipients") or [])
    fields.append(
        (
            "note",
            (f"To {recipients}. " if recipients else "") + f"Record {data.get('record_id') or data['id']}",
        )
    )
    body = ",\n".join(
        f"  {name} = {{{str(value) if name == 'url' else _bib_escape(str(value))}}}" for name, value in fields
    )
    return f"@{kind}{{{key},\n{body}\n}}\n"
