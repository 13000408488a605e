"""Exports historians use: citations, Zotero (CSL-JSON, RIS, BibLaTeX), TEI, CMIF, JSON Lines
and CSV tables. Every export carries the Cablegraph version, the export time and the
provenance (sources) of its records; records stream through one at a time.

    export(records, fmt, out)        records: (record JSON, page text) pairs
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from cablegraph import __version__
from cablegraph.errors import CablegraphError
from cablegraph.export.bibliographic import biblatex_entry, csl_item, csl_problems, ris_record
from cablegraph.export.citation import archive_citation, chicago_note
from cablegraph.export.fields import exportable
from cablegraph.export.tables import CsvTables, jsonl_line, neutralise
from cablegraph.export.tei import cmif, corpus_header, document_tei, empty_document, entity_uri

JSON = dict[str, Any]
FORMATS = ("citation", "chicago", "csl-json", "ris", "bibtex", "tei", "cmif", "jsonl", "csv")
NEEDS_FOLDER = ("csv",)
EMPTY_EXPORT = "No document was exported."
# Formats that cite documents: listing pages (search results, indexes) are left out of them.
BIBLIOGRAPHIC = ("citation", "chicago", "csl-json", "ris", "bibtex", "tei", "cmif")

__all__ = [
    "FORMATS",
    "ExportError",
    "archive_citation",
    "biblatex_entry",
    "chicago_note",
    "cmif",
    "csl_item",
    "csl_problems",
    "document_tei",
    "entity_uri",
    "export",
    "exportable",
    "neutralise",
    "ris_record",
]


class ExportError(CablegraphError):
    """An export cannot be written (unknown format, output not writable)."""


def export_stamp(now: dt.datetime | None = None) -> JSON:
    moment = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    return {"tool": f"cablegraph {__version__}", "exported_at": moment.isoformat()}


def documents_only(records: Iterable[tuple[JSON, str]]) -> Iterator[tuple[JSON, str]]:
    """A listing page is not a document: it is never exported as a record."""
    return ((data, text) for data, text in records if data.get("page_kind") != "listing")


def export(
    records: Iterable[tuple[JSON, str]],
    fmt: str,
    out: TextIO | Path,
    *,
    links_of: dict[str, list[JSON]] | None = None,
    cmif_url: str = "",
    now: dt.datetime | None = None,
) -> int:
    """Write ``records`` in format ``fmt``; returns how many records were written.

    ``out`` is a text stream, or a folder for ``csv``. ``links_of`` adds each record's
    links to JSON Lines and the links table. ``cmif_url`` is where a CMIF file will be
    published (required for ``cmif``).
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "cmif" and not cmif_url.startswith(("http://", "https://")):
        raise ExportError(
            f"cmif: give the URL where the file will be published (--cmif-url), got {cmif_url!r}: "
            "CMIF names it in publicationStmt/idno and correspSearch harvests it from there"
        )
    records = documents_only(records)
    stamp = export_stamp(now)
    if fmt == "csv":
        if not isinstance(out, Path):
            raise ExportError("csv writes five tables: give a folder with --output")
        return _csv(records, out, stamp, links_of or {})
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="\n") as stream:
            return _stream(records, fmt, stream, stamp, links_of, cmif_url)
    return _stream(records, fmt, out, stamp, links_of, cmif_url)


def _stream(
    records: Iterable[tuple[JSON, str]],
    fmt: str,
    out: TextIO,
    stamp: JSON,
    links_of: dict[str, list[JSON]] | None,
    cmif_url: str,
) -> int:
    count = 0
    if fmt in BIBLIOGRAPHIC:
        records = ((data, text) for data, text in records if exportable(data))
    if fmt == "csl-json":
        out.write("[\n")
    elif fmt == "bibtex":
        out.write(f"% Exported by {stamp['tool']} at {stamp['exported_at']}\n\n")
    elif fmt == "tei":
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<teiCorpus xmlns="http://www.tei-c.org/ns/1.0">\n  '
        )
        header = corpus_header(version=__version__, exported=stamp["exported_at"])
        out.write(ET.tostring(header, encoding="unicode").rstrip() + "\n")
    elif fmt == "cmif":
        tree = cmif(records, version=__version__, exported=stamp["exported_at"], url=cmif_url)
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(ET.tostring(tree.getroot(), encoding="unicode"))
        out.write("\n")
        return len(tree.getroot().findall(".//{http://www.tei-c.org/ns/1.0}correspDesc"))
    for data, text in records:
        count += 1
        if fmt == "jsonl":
            out.write(
                jsonl_line(
                    data,
                    links=links_of.get(data["id"], []) if links_of is not None else None,
                    export=stamp,
                )
                + "\n"
            )
        elif fmt == "citation":
            out.write(archive_citation(data) + "\n")
        elif fmt == "chicago":
            out.write(chicago_note(data) + "\n")
        elif fmt == "csl-json":
            item = csl_item(data)
            item["note"] = (
                f"{item.get('note', '')}\nExported by {stamp['tool']} at {stamp['exported_at']}".strip()
            )
            out.write(("" if count == 1 else ",\n") + json.dumps(item, ensure_ascii=False, indent=1))
        elif fmt == "ris":
            out.write(
                ris_record(data).replace(
                    "ER  - ", f"N1  - Exported by {stamp['tool']} at {stamp['exported_at']}\nER  - "
                )
                + "\n"
            )
        elif fmt == "bibtex":
            out.write(biblatex_entry(data) + "\n")
        elif fmt == "tei":
            tree = document_tei(data, text, version=__version__, exported=stamp["exported_at"])
            out.write(ET.tostring(tree.getroot(), encoding="unicode") + "\n")
    if fmt == "csl-json":
        out.write("\n]\n")
    elif fmt == "tei":
        if count == 0:  # a teiCorpus holds at least one TEI: one that says nothing was exported
            empty = empty_document(EMPTY_EXPORT, exported=stamp["exported_at"])
            out.write("  " + ET.tostring(empty, encoding="unicode").rstrip() + "\n")
        out.write("</teiCorpus>\n")
    return count


def _csv(
    records: Iterable[tuple[JSON, str]], folder: Path, stamp: JSON, links_of: dict[str, list[JSON]]
) -> int:
    tables = CsvTables(folder)
    count = 0
    try:
        for data, _text in records:
            tables.add(data)
            tables.add_links(links_of.get(data["id"], []))
            count += 1
    finally:
        tables.close()
    (folder / "manifest.json").write_text(
        json.dumps({**stamp, "documents": count}, indent=1) + "\n", encoding="utf-8"
    )
    return count
