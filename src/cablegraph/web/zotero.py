"""What the Zotero Connector reads on a document page: ``<meta>`` tags in the page head.

Zotero's "Embedded Metadata" translator reads Highwire ``citation_*`` tags and hands every
tag with a known namespace prefix (``DC.``, ``z.`` for Zotero's own export namespace, ...)
to its RDF translator. How the tags here were chosen, from those two translators' rules:

- item type: the RDF translator takes ``z:itemType`` first when it names a Zotero type,
  and no Highwire tag here sets a type of its own (``citation_journal_title``,
  ``citation_book_title``, ... would force journalArticle, bookSection, ...), so the item is
  a ``letter`` (telegrams, letters) or a ``manuscript`` (reports, memoranda, the rest);
- authors: ``DC.creator``, one tag per sender, never ``citation_author``: when Highwire
  authors exist the translator replaces the RDF creators with them and the recipients are
  lost. A person is written "Family, Given" (the translator splits at the comma; East Asian
  names keep the family name first), an office or organisation "Name," (one field);
- recipients: ``z.recipients``, one tag each (the creators of type recipient of a letter);
- title, date, URL, language, abstract: ``citation_title``, ``citation_date``,
  ``citation_public_url`` (the archive's canonical page), ``citation_language``,
  ``citation_abstract``;
- archive and location: ``z.archive`` and ``z.archiveLocation``; letter or manuscript kind:
  ``z.letterType`` / ``z.manuscriptType`` (every other ``z:`` property is copied onto the
  item by name).
"""

from __future__ import annotations

from typing import Any

from cablegraph.resolve import Authority

JSON = dict[str, Any]
LETTERS = {"Telegram", "Cable", "Letter"}  # a cable is a telegram by its own word
FAMILY_FIRST = {"zh", "ko", "ja", "vi"}  # languages whose names put the family name first


def creator(person: JSON, authority: Authority) -> str:
    """A creator as Zotero's ``cleanAuthor`` splits it: "Family, Given" for a person the
    authority knows, "Name," (one field) for an office, an organisation or an unknown name."""
    name = str(person.get("name") or person.get("as_written") or "").strip()
    entity = authority.get(str(person["entity_id"])) if person.get("entity_id") else None
    if entity is None or entity.kind != "person" or " " not in name:
        return name + ","
    if any(n.lang in FAMILY_FIRST for n in entity.names):
        family, _, given = name.partition(" ")
    else:
        given, _, family = name.rpartition(" ")
    return f"{family}, {given}"


def item_type(data: JSON) -> str:
    return "letter" if data.get("doc_type") in LETTERS else "manuscript"


def citation_meta(data: JSON, url: str, authority: Authority) -> list[tuple[str, str]]:
    """The (name, content) pairs of the page's ``<meta>`` tags; ``url`` is the record's
    canonical address (the archive's page, else this page)."""
    kind = item_type(data)
    refs = data.get("archive_refs") or []
    archive = refs[0].get("archive") if refs and refs[0].get("archive") else data.get("archive")
    tags: list[tuple[str, str]] = [("z.itemType", kind), ("citation_title", data.get("title") or data["id"])]
    tags += [("DC.creator", creator(p, authority)) for p in data.get("senders") or []]
    tags += [("z.recipients", creator(p, authority)) for p in data.get("recipients") or []]
    date = (data.get("date") or {}).get("iso")
    optional = [
        ("citation_date", date),
        ("citation_public_url", url),
        ("citation_language", data.get("original_language")),
        ("citation_abstract", data.get("summary")),
        ("z.archive", archive),
        ("z.archiveLocation", "; ".join(str(r["text"]) for r in refs if r.get("text")) or None),
        ("z.letterType" if kind == "letter" else "z.manuscriptType", data.get("doc_type")),
    ]
    tags += [(name, str(value)) for name, value in optional if value]
    return tags
