"""TEI P5 per document (valid against ``tei_all``), and CMIF (the correspSearch format, valid
against the CMIF RELAX NG and Schematron) for a whole corpus.

Who wrote to whom uses the TEI correspondence vocabulary: ``correspDesc`` with
``correspAction`` of type sent and received (and, in TEI only, transmitted for the
intermediary); each embedded message gets its own ``correspDesc`` with an ``xml:id``. Names
carry ``@ref`` (the Wikidata URI where the authority knows one, else the authority record's
URN) and ``@key`` (the authority id); places are resolved with the authority too. Text blocks
keep ``xml:lang``; editorial text (the archive's summary) stays apart from the source text.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

from cablegraph.export.citation import human_date
from cablegraph.export.fields import (
    authority_uri,
    canonical_url,
    citation_key,
    entity_of,
    holdings,
    translators,
    wikidata_uri,
)
from cablegraph.link.records import walk_messages
from cablegraph.resolve import Authority

JSON = dict[str, Any]
TEI = "http://www.tei-c.org/ns/1.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
ET.register_namespace("", TEI)
# bibl/@xml:id in CMIF: a UUID (as CMIF's Schematron recommends), stable per record.
CMIF_NAMESPACE = uuid.UUID("5b0f5c8e-7a57-4c2e-9d0e-1c5e1b2a9f10")


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(
        parent,
        f"{{{TEI}}}{tag}",
        {({"xml_lang": XML_LANG, "xml_id": XML_ID}.get(k, k)): v for k, v in attrs.items() if v},
    )
    if text:
        element.text = text
    return element


def entity_uri(entity_id: str | None, wikidata: str | None = None) -> str:
    """A stable URI for an entity: its Wikidata URI where known, else our own URN."""
    if wikidata:
        return f"http://www.wikidata.org/entity/{wikidata}"
    return authority_uri(entity_id) if entity_id else ""


def _person(parent: ET.Element, person: JSON, authority: Authority, *, cmif: bool) -> None:
    entity_id = str(person.get("entity_id") or "")
    entity = entity_of(entity_id, authority)
    kind = entity.kind if entity else ("org" if entity_id.startswith("org:") else "person")
    tag = "orgName" if kind == "org" else "persName"
    name = str(person.get("name") or person.get("as_written") or "")
    if cmif:  # correspSearch reads authority URLs only (GND, VIAF, Wikidata ...)
        _el(parent, tag, name, ref=wikidata_uri(entity) or "")
    else:
        _el(
            parent,
            tag,
            name,
            ref=wikidata_uri(entity) or (authority_uri(entity_id) if entity else ""),
            key=entity_id,
        )


def _place(parent: ET.Element, place: str, authority: Authority, *, cmif: bool) -> None:
    match = authority.lookup(place, kind="place")
    entity = match.entity if match else None
    if cmif:
        _el(parent, "placeName", place, ref=wikidata_uri(entity) or "")
    else:
        ref = wikidata_uri(entity) or (authority_uri(entity.id) if entity else "")
        _el(parent, "placeName", place, ref=ref, key=entity.id if entity else "")


def date_attrs(date: JSON | None) -> dict[str, str]:
    """TEI dating attributes: @when, or @from and @to for a range."""
    if not date or not date.get("iso"):
        return {}
    if date.get("end_iso") and date["end_iso"] != date["iso"]:
        return {"from": str(date["iso"]), "to": str(date["end_iso"])}
    return {"when": str(date["iso"])}


def _date(parent: ET.Element, date: JSON | None) -> None:
    attrs = date_attrs(date)
    if attrs:  # an undated message gets no date (never a file number as its text)
        _el(parent, "date", human_date(date) or attrs.get("when") or attrs["from"], **attrs)


def _corresp_desc(
    parent: ET.Element,
    message: JSON,
    authority: Authority,
    *,
    cmif: bool,
    fallback_date: JSON | None = None,
    **attrs: str,
) -> ET.Element | None:
    """One correspDesc, with a sent and a received action each holding something; None
    when the message names neither a sender (nor a place or date) nor a recipient."""
    authors, recipients = message.get("authors") or [], message.get("recipients") or []
    date = message.get("date") or fallback_date
    has_sent = bool(authors or message.get("place") or date_attrs(date))
    if cmif and not (authors and recipients):
        return None
    if not (has_sent or recipients):
        return None
    desc = _el(parent, "correspDesc", **attrs)
    if has_sent:
        sent = _el(desc, "correspAction", type="sent")
        for person in authors:
            _person(sent, person, authority, cmif=cmif)
        if message.get("place"):
            _place(sent, str(message["place"]), authority, cmif=cmif)
        _date(sent, date)
    if not cmif:  # CMIF knows sent and received only
        for person in message.get("via") or []:
            _person(_el(desc, "correspAction", type="transmitted"), person, authority, cmif=cmif)
    if recipients:
        received = _el(desc, "correspAction", type="received")
        for person in recipients:
            _person(received, person, authority, cmif=cmif)
        if cmif:  # CMIF has no copy action: those copied received the message too
            for person in message.get("copies_to") or []:
                _person(received, person, authority, cmif=cmif)
    if not cmif:
        for person in message.get("copies_to") or []:
            _person(_el(desc, "correspAction", type="received", subtype="cc"), person, authority, cmif=cmif)
    return desc


def _header(parent: ET.Element, title: str, exported: str) -> ET.Element:
    header = _el(parent, "teiHeader")
    file_desc = _el(header, "fileDesc")
    _el(_el(file_desc, "titleStmt"), "title", title)
    publication = _el(file_desc, "publicationStmt")
    _el(publication, "publisher", "Cablegraph")
    _el(publication, "date", exported, when=exported[:10])
    return header


def corpus_header(*, version: str, exported: str) -> ET.Element:
    """The teiHeader of a ``teiCorpus`` of exported documents."""
    root = ET.Element(f"{{{TEI}}}teiCorpus")
    header = _header(root, "Cablegraph export", exported)
    file_desc = header.find(f"{{{TEI}}}fileDesc")
    assert file_desc is not None
    _el(_el(file_desc, "sourceDesc"), "p", f"Records exported by Cablegraph {version} from its corpus.")
    ET.indent(header, level=1)
    return header


def empty_document(message: str, *, exported: str) -> ET.Element:
    """A TEI document that only says ``message`` (a teiCorpus must hold one TEI at least)."""
    root = ET.Element(f"{{{TEI}}}TEI")
    header = _header(root, message, exported)
    file_desc = header.find(f"{{{TEI}}}fileDesc")
    assert file_desc is not None
    _el(_el(file_desc, "sourceDesc"), "p", message)
    _el(_el(_el(root, "text"), "body"), "p", message)
    ET.indent(root, level=1)
    return root


def document_tei(
    data: JSON, text: str, *, version: str, exported: str, authority: Authority | None = None
) -> ET.ElementTree[ET.Element]:
    """The TEI P5 document for one record."""
    authority = authority or Authority.builtin()
    key = citation_key(data)
    root = ET.Element(f"{{{TEI}}}TEI", {XML_ID: key})
    header = _header(root, str(data.get("title") or data["id"]), exported)
    file_desc = header.find(f"{{{TEI}}}fileDesc")
    assert file_desc is not None
    title_stmt = file_desc.find(f"{{{TEI}}}titleStmt")
    assert title_stmt is not None
    for name in translators(data):
        resp = _el(title_stmt, "respStmt")
        _el(resp, "resp", "Translation")
        _el(resp, "name", name)
    publication = file_desc.find(f"{{{TEI}}}publicationStmt")
    assert publication is not None
    _el(publication, "idno", str(data["id"]), type="cablegraph")
    source_desc = _el(file_desc, "sourceDesc")
    bibl = _el(source_desc, "bibl")
    _el(bibl, "title", str(data.get("title") or data["id"]))
    if data.get("archive"):
        _el(bibl, "publisher", str(data["archive"]))
    url = canonical_url(data)
    if url:
        _el(bibl, "ref", url, target=url)
    for holding in holdings(data):
        ident = _el(_el(source_desc, "msDesc"), "msIdentifier")
        if holding.archive:
            _el(ident, "repository", holding.archive)
        _el(ident, "idno", holding.location)
    encoding = _el(header, "encodingDesc")
    application = _el(_el(encoding, "appInfo"), "application", ident="cablegraph", version=version)
    _el(application, "label", "Cablegraph")
    profile = _el(header, "profileDesc")
    for path, message in walk_messages(data.get("messages") or []):
        _corresp_desc(
            profile,
            message,
            authority,
            cmif=False,
            fallback_date=data.get("date") if path == (0,) else None,
            xml_id=f"{key}-msg-{'-'.join(map(str, path))}",
            ref=url or "",
        )
    if data.get("languages_present"):
        lang_usage = _el(profile, "langUsage")
        for language in data["languages_present"]:
            _el(lang_usage, "language", language, ident=language)
    if not len(profile):
        header.remove(profile)
    _body(_el(_el(root, "text"), "body"), data, text)
    ET.indent(root)
    return ET.ElementTree(root)


def _body(body: ET.Element, data: JSON, text: str) -> None:
    for block in data.get("texts") or []:
        role = "editorial" if block.get("role") == "editorial" else block.get("role") or "body"
        paragraphs = [p.strip() for p in text[block["start"] : block["stop"]].split("\n\n") if p.strip()]
        if paragraphs:
            div = _el(body, "div", type=role, xml_lang=block.get("language") or "")
            for paragraph in paragraphs:
                _el(div, "p", paragraph)
    if data.get("summary"):
        _el(_el(body, "div", type="editorial", subtype="summary"), "p", str(data["summary"]))
    if not len(body):  # no text was kept: say so, never an empty body
        _el(body, "p", "The text of this document was not transcribed.")


def cmif(
    records: Iterable[tuple[JSON, str]],
    *,
    version: str,
    exported: str,
    url: str = "",
    authority: Authority | None = None,
) -> ET.ElementTree[ET.Element]:
    """A CMIF file: one correspDesc per message that names a sender and a recipient."""
    authority = authority or Authority.builtin()
    root = ET.Element(f"{{{TEI}}}TEI")
    header = _el(root, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", "Cablegraph correspondence export")
    _el(title_stmt, "editor", f"Cablegraph {version}")
    publication = _el(file_desc, "publicationStmt")
    _el(publication, "publisher", f"Cablegraph {version}")
    if url:
        _el(publication, "idno", url, type="url")
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
        bibl_id = "b-" + str(uuid.uuid5(CMIF_NAMESPACE, str(data["id"])))  # an NCName holding a UUID
        letter_url = canonical_url(data)
        descs = []
        for path, message in walk_messages(data.get("messages") or []):
            desc = _corresp_desc(
                profile,
                message,
                authority,
                cmif=True,
                fallback_date=data.get("date") if path == (0,) else None,
                ref=letter_url or "",
                source=f"#{bibl_id}",
            )
            if desc is not None:
                descs.append(desc)
        if descs:
            bibl = _el(source_desc, "bibl", str(data.get("title") or data["id"]), type="online")
            bibl.set(XML_ID, bibl_id)
            if letter_url:
                _el(bibl, "ref", letter_url, target=letter_url)
    if not len(source_desc):  # CMIF requires a bibl: an empty export describes itself
        bibl = _el(source_desc, "bibl", "Cablegraph correspondence export (no letters)", type="online")
        bibl.set(XML_ID, "b-" + str(uuid.uuid5(CMIF_NAMESPACE, "empty export")))
    _el(_el(_el(root, "text"), "body"), "p")
    ET.indent(root)
    return ET.ElementTree(root)
