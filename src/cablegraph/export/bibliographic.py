"""CSL-JSON (what Zotero imports), RIS and BibLaTeX from the parsed fields."""

from __future__ import annotations

import re
from typing import Any

from cablegraph.export.fields import (
    Holding,
    PersonName,
    canonical_url,
    citation_key,
    holdings,
    person_name,
    source_name,
    telegram_number,
    translators,
)
from cablegraph.resolve import Authority

JSON = dict[str, Any]

# CSL item types per document type (Zotero's "letter" is CSL "personal_communication").
CSL_TYPES = {
    "Telegram": "personal_communication",
    "Cable": "personal_communication",
    "Letter": "personal_communication",
    "Report": "report",
    "Memorandum of Conversation": "manuscript",
}
# RIS types as Zotero's RIS translator imports them: PCOMM a letter, RPRT a report,
# MANSCPT a manuscript (an archival memorandum).
RIS_TYPES = {
    "Telegram": "PCOMM",
    "Cable": "PCOMM",
    "Letter": "PCOMM",
    "Report": "RPRT",
    "Memorandum of Conversation": "MANSCPT",
}
# Where an archive keeps its records, for the CSL archive-place field.
ARCHIVE_PLACES = {
    "APRF": "Moscow",
    "AVP RF": "Moscow",
    "RGASPI": "Moscow",
    "RGANI": "Moscow",
    "TsAMO": "Podolsk",
    "GARF": "Moscow",
}


def _csl_name(person: JSON, authority: Authority | None = None) -> JSON:
    name = person_name(person, authority)
    if name.literal is not None:
        return {"literal": name.literal}
    out: JSON = {"family": name.family}
    if name.given:
        out["given"] = name.given
    if name.family_first:
        out["static-ordering"] = True  # citeproc-js (Zotero) prints "Mao Zedong", not "Zedong Mao"
    return out


def _date_parts(date: JSON | None) -> JSON | None:
    if not date or not date.get("iso"):
        return {"literal": date["text"]} if date and date.get("text") else None
    parts = [[int(p) for p in str(iso).split("-")[:3]] for iso in (date["iso"], date.get("end_iso")) if iso]
    return {"date-parts": parts[:1] if len(parts) == 2 and parts[0] == parts[1] else parts}


def _languages(data: JSON) -> str | None:
    language = data.get("original_language") or (data.get("languages_present") or [None])[0]
    return str(language) if language else None


def csl_item(data: JSON, authority: Authority | None = None) -> JSON:
    """One CSL-JSON item (CSL 1.0.2 data schema), as Zotero imports it: the archive holding
    the original in ``archive`` and the place in it in ``archive_location`` (each once), the
    collection the page comes from in ``source`` (Zotero's Library Catalog)."""
    held = holdings(data)
    first = held[0] if held else None
    number = telegram_number(data)
    item: JSON = {
        "id": data["id"],
        "citation-key": citation_key(data),
        "type": CSL_TYPES.get(str(data.get("doc_type")), "document"),
        "title": data.get("title") or None,
        "genre": data.get("doc_type"),
        "author": [_csl_name(p, authority) for p in data.get("senders") or []],
        "recipient": [_csl_name(p, authority) for p in data.get("recipients") or []],
        "translator": [{"literal": name} for name in translators(data)],
        "issued": _date_parts(data.get("date")),
        "archive": first.archive if first else None,
        "archive-place": ARCHIVE_PLACES.get(first.archive or "") if first else None,
        "archive_location": first.location if first else None,
        "source": source_name(data),
        "URL": canonical_url(data),
        "language": _languages(data),
        "number": number,
        "abstract": data.get("summary"),
        "note": _note(data, held[1:]),
    }
    return {key: value for key, value in item.items() if value not in (None, [], "")}


def _note(data: JSON, more: list[Holding] | None = None) -> str:
    lines = []
    if data.get("record_id"):
        lines.append(f"Record ID: {data['record_id']}")
    for holding in more or []:
        lines.append("Also held: " + ", ".join(p for p in (holding.archive, holding.location) if p))
    sources = data.get("sources") or ([data["source"]] if data.get("source") else [])
    for source in sources:
        if source and source.get("path"):
            lines.append(f"Source: {source['path']} (sha256 {str(source.get('sha256', ''))[:16]})")
    if data.get("via"):
        lines.append("Via: " + ", ".join(p["name"] for p in data["via"]))
    return "\n".join(lines)


CSL_FIELDS = {
    "id",
    "citation-key",
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


def ris_record(data: JSON, authority: Authority | None = None) -> str:
    """One RIS record, tagged as Zotero's RIS translator imports it (zotero/translators
    RIS.js, fieldMap): AU author, A2 a letter's recipient, A4 translator, DB archive,
    AN location in the archive (also AV, the RIS spec's "location in archives", which
    Zotero reads into the same field and citation-js into ``archive_location``), DP
    library catalog, M3 letter type, M1 (extra) the telegram number, ID the citation key."""
    held = holdings(data)
    lines = [f"TY  - {RIS_TYPES.get(str(data.get('doc_type')), 'GEN')}", f"ID  - {citation_key(data)}"]
    if data.get("title"):
        lines.append(f"TI  - {_one_line(str(data['title']))}")
    lines += [f"AU  - {person_name(p, authority).inverted()}" for p in data.get("senders") or []]
    lines += [f"A2  - {person_name(p, authority).inverted()}" for p in data.get("recipients") or []]
    lines += [f"A4  - {_inverted_plain(name)}" for name in translators(data)]
    date = (data.get("date") or {}).get("iso")
    if date:
        parts = [*str(date).split("-"), "", ""]
        lines.append(f"DA  - {parts[0]}/{parts[1]}/{parts[2]}/")
        lines.append(f"PY  - {parts[0]}")
    if data.get("doc_type"):
        lines.append(f"M3  - {data['doc_type']}")
    number = telegram_number(data)
    if number:
        lines.append(f"M1  - {data.get('doc_type') or 'Document'} no. {number}")
    if held:
        if held[0].archive:
            lines.append(f"DB  - {held[0].archive}")
        lines.append(f"AN  - {held[0].location}")  # Zotero: Loc. in Archive
        lines.append(f"AV  - {held[0].location}")  # the RIS spec and citation-js: archive_location
    catalog = source_name(data)
    if catalog:
        lines.append(f"DP  - {catalog}")
    url = canonical_url(data)
    if url:
        lines.append(f"UR  - {url}")
    language = _languages(data)
    if language:
        lines.append(f"LA  - {language}")
    if data.get("summary"):
        lines.append(f"AB  - {_one_line(data['summary'])}")
    note = _note(data, held[1:])
    if note:
        lines.append(f"N1  - {_one_line(note.replace(chr(10), '; '))}")
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def _inverted_plain(name: str) -> str:
    """A translator's name as credited ("Gary Goldberg") as "Goldberg, Gary"."""
    words = name.split()
    return f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 and "," not in name else name


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _bib_escape(text: str) -> str:
    return re.sub(r"([{}&%$#_])", r"\\\1", _one_line(text))


def _bib_date(date: JSON | None) -> str:
    """ISO 8601 (a range as start/end); ``XXXX``, EDTF's unspecified year, when undated."""
    if not date or not date.get("iso"):
        return "XXXX"
    end = date.get("end_iso")
    return f"{date['iso']}/{end}" if end and end != date["iso"] else str(date["iso"])


def _bib_name(name: PersonName) -> str:
    if name.literal is not None:
        return "{" + _bib_escape(name.literal) + "}"
    family, given = _bib_escape(name.family or ""), _bib_escape(name.given or "")
    return f"{family}, {given}" if given else family


# BibLaTeX langid values (babel/polyglossia language names) for the codes we detect.
BABEL_LANGUAGES = {
    "en": "english",
    "ru": "russian",
    "de": "german",
    "fr": "french",
    "hu": "hungarian",
    "pl": "polish",
    "ro": "romanian",
    "cs": "czech",
    "vi": "vietnamese",
    "ko": "korean",
    "zh": "chinese",
}


def biblatex_entry(data: JSON, authority: Authority | None = None) -> str:
    """One BibLaTeX entry valid in biblatex's default data model (checked with
    ``biber --tool --validate-datamodel``): ``@misc`` (biblatex has no data model for
    ``@letter``, and ``@report`` needs an issuing institution we do not know). The archive
    and the place in it go to ``library``, the recipients to ``namea`` (``nameatype =
    {recipient}``), the translators to ``nameb`` (``namebtype = {translator}``), the
    telegram number and further copies to ``addendum``."""
    held = holdings(data)
    fields: list[tuple[str, str]] = [("title", _bib_escape(str(data.get("title") or data["id"])))]
    authors = " and ".join(_bib_name(person_name(p, authority)) for p in data.get("senders") or [])
    if authors:
        fields.append(("author", authors))
    recipients = " and ".join(_bib_name(person_name(p, authority)) for p in data.get("recipients") or [])
    if recipients:
        fields += [("namea", recipients), ("nameatype", "recipient")]
    names = translators(data)
    if names:
        fields += [
            ("nameb", " and ".join(_bib_escape(_inverted_plain(n)) for n in names)),
            ("namebtype", "translator"),
        ]
    # An undated document: EDTF's unspecified year, which biblatex reads as "date unknown".
    fields.append(("date", _bib_date(data.get("date"))))
    if data.get("doc_type"):
        fields.append(("type", _bib_escape(str(data["doc_type"]))))
    if held:
        fields.append(
            ("library", _bib_escape(", ".join(p for p in (held[0].archive, held[0].location) if p)))
        )
    addendum = []
    number = telegram_number(data)
    if number:
        addendum.append(f"{data.get('doc_type') or 'Document'} no. {number}")
    addendum += ["Also held: " + ", ".join(p for p in (h.archive, h.location) if p) for h in held[1:]]
    if addendum:
        fields.append(("addendum", _bib_escape("; ".join(addendum))))
    catalog = source_name(data)
    if catalog:
        fields.append(("howpublished", _bib_escape(catalog)))
    url = canonical_url(data)
    if url:
        fields.append(("url", url))
    language = BABEL_LANGUAGES.get(_languages(data) or "")
    if language:
        fields.append(("langid", language))
    fields.append(("note", _bib_escape(f"Record {data.get('record_id') or data['id']}")))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{citation_key(data)},\n{body}\n}}\n"
