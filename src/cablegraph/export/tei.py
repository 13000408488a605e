"""TEI P5 per document, and CMIF (the correspSearch format) for a whole corpus.

Who wrote to whom uses the TEI correspondence vocabulary: ``correspDesc`` with
``correspAction`` of type sent, received and transmitted (the intermediary); each
embedded message gets its own ``correspDesc``. Text blocks keep ``xml:lang``; editorial
text (footnotes, the archive's summary) stays apart from the source text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

from cablegraph.link.records import walk_messages

JSON = dict[str, Any]
TEI = "http://www.tei-c.org/ns/1.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
ET.register_namespace("", TEI)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(
        parent, f"{{{TEI}}}{tag}", {XML_LANG if k == "xml_lang" else k: v for k, v in attrs.items() if v}
    )
    if text:
        element.text = text
    return element


def _person(parent: ET.Element, person: JSON, authority_uri: dict[str, str]) -> None:
    ref = authority_uri.get(str(person.get("entity_id")), "") if person.get("entity_id") else ""
    tag = "orgName" if str(person.get("entity_id") or "").startswith("org:") else "persName"
    _el(parent, tag, str(person.get("name") or person.get("as_written") or ""), ref=ref)


def entity_uri(entity_id: str | None, wikidata: str | None = None) -> str:
    """A stable URI for an entity: its Wikidata page where known, else our own id."""
    if wikidata:
        return f"http://www.wikidata.org/entity/{wikidata}"
    return f"urn:cablegraph:{entity_id}" if entity_id else ""


def _date_attrs(date: JSON | None) -> dict[str, str]:
    if not date or not date.get("iso"):
        return {}
    return {"when": str(date["iso"])}


def _corresp_desc(
    parent: ET.Element, message: JSON, ref: str, uris: dict[str, str], *, fallback_date: JSON | None = None
) -> None:
    desc = _el(parent, "correspDesc", ref=ref)
    sent = _el(desc, "correspAction", type="sent")
    for person in message.get("authors") or []:
        _person(sent, person, uris)
    if message.get("place"):
        _el(sent, "placeName", str(message["place"]))
    date = message.get("date") or fallback_date
    if date:
        _el(sent, "date", str(date.get("text") or date.get("iso") or ""), **_date_attrs(date))
    for person in message.get("via") or []:
        transmitted = _el(desc, "correspAction", type="transmitted")
        _person(transmitted, person, uris)
    received = _el(desc, "correspAction", type="received")
    for person in message.get("recipients") or []:
        _person(received, person, uris)
    for person in message.get("copies_to") or []:
        copy = _el(desc, "correspAction", type="received", subtype="cc")
        _person(copy, person, uris)


def document_tei(
    data: JSON, text: str, *, version: str, exported: str, uris: dict[str, str] | None = None
) -> ET.ElementTree[ET.Element]:
    """The TEI P5 document for one record."""
    uris = uris or {}
    root = ET.Element(f"{{{TEI}}}TEI")
    header = _el(root, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", data.get("title") or "Untitled document")
    publication = _el(file_desc, "publicationStmt")
    _el(publication, "publisher", "Cablegraph")
    _el(publication, "idno", data["id"], type="cablegraph")
    _el(publication, "date", exported, when=exported[:10])
    source_desc = _el(file_desc, "sourceDesc")
    bibl = _el(source_desc, "bibl")
    _el(bibl, "title", data.get("title") or "")
    if data.get("archive"):
        _el(bibl, "publisher", str(data["archive"]))
    if data.get("url"):
        _el(bibl, "ref", data["url"], target=str(data["url"]))
    for ref in data.get("archive_refs") or []:
        ms = _el(source_desc, "msDesc")
        ident = _el(ms, "msIdentifier")
        _el(ident, "repository", ref.get("archive") or "")
        _el(ident, "idno", ref["text"])
    encoding = _el(header, "encodingDesc")
    app_info = _el(encoding, "appInfo")
    application = _el(app_info, "application", ident="cablegraph", version=version)
    _el(application, "label", "Cablegraph")
    profile = _el(header, "profileDesc")
    for path, message in walk_messages(data.get("messages") or []):
        _corresp_desc(
            profile,
            message,
            f"#msg-{'-'.join(map(str, path))}",
            uris,
            fallback_date=data.get("date") if path == (0,) else None,
        )
    if data.get("languages_present"):
        lang_usage = _el(profile, "langUsage")
        for language in data["languages_present"]:
            _el(lang_usage, "language", language, ident=language)
    body = _el(_el(root, "text"), "body")
    for block in data.get("texts") or []:
        role = "editorial" if block.get("role") == "editorial" else block.get("role") or "body"
        div = _el(body, "div", type=role, xml_lang=block.get("language") or "")
        for paragraph in text[block["start"] : block["stop"]].split("\n\n"):
            if paragraph.strip():
                _el(div, "p", paragraph.strip())
    if data.get("summary"):
        note = _el(body, "div", type="editorial", subtype="summary")
        _el(note, "p", str(data["summary"]))
    ET.indent(root)
    return ET.ElementTree(root)


def cmif(
    records: Iterable[tuple[JSON, str]], *, version: str, exported: str, uris: dict[str, str], url: str = ""
) -> ET.ElementTree[ET.Element]:
    """A CMIF file: one correspDesc per message, with sender, addressee, date and place."""
    root = ET.Element(f"{{{TEI}}}TEI")
    header = _el(root, "teiHeader")
    file_desc = _el(header, "fileDesc")
    _el(_el(file_desc, "titleStmt"), "title", "Cablegraph correspondence export")
    publication = _el(file_desc, "publicationStmt")
    _el(publication, "publisher", f"Cablegraph {version}")
    _el(publication, "idno", url or "urn:cablegraph:export", type="url")
    _el(publication, "date", exported, when=exported[:10])
    _el(
        _el(publication, "availability"),
        "licence",
        "CC-BY 4.0",
        target="https://creativecommons.org/licenses/by/4.0/",
    )
    source_desc = _el(file_desc, "sourceDesc")
    profile = _el(header, "profileDesc")
    for data, _text in records:
        bibl_id = "b-" + "".join(c if c.isalnum() else "-" for c in str(data["id"]))
        bibl = _el(source_desc, "bibl", str(data.get("title") or data["id"]), type="online")
        bibl.set(XML_ID, bibl_id)
        for path, message in walk_messages(data.get("messages") or []):
            if not message.get("authors") and not message.get("recipients"):
                continue
            _corresp_desc(
                profile,
                message,
                data.get("url") or data["id"],
                uris,
                fallback_date=data.get("date") if path == (0,) else None,
            )
            profile[-1].set("source", f"#{bibl_id}")
    _el(_el(root, "text"), "body").append(ET.Element(f"{{{TEI}}}p"))
    ET.indent(root)
    return ET.ElementTree(root)
