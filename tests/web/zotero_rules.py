"""The rules of Zotero's "Embedded Metadata" web translator (and of the RDF import translator
it hands namespaced tags to), re-stated in Python for the parts a document page uses, so a
test can read a page as the Zotero Connector would.

Followed from zotero/translators ``Embedded Metadata.js`` (2024-06-13) and ``RDF.js``:

- every ``<meta name|property=... content=...>`` whose name has a known prefix before the
  first ``.``, ``:`` or ``_`` (``dc``, ``dcterms``, ``z``, ``bib``, ``og``, ...; a name with
  three parts tries the middle one first) becomes an RDF statement ``prefixURI + prop``,
  prop being the rest with its first letter lower-cased; ``bib.type``/``bibo.type`` become
  ``rdf:type``;
- other names are Highwire: ``citation_journal_title`` makes a journalArticle,
  ``citation_technical_report_institution`` a report, ``citation_conference(_title)`` a
  conferencePaper, ``citation_(in)book_title`` a bookSection, ``citation_dissertation_
  institution`` a thesis (a *hwType*, which wins); ``citation_title`` or
  ``citation_series_title`` only guess journalArticle, ``citation_isbn`` book;
- the item type, when no hwType: ``z:itemType`` (a Zotero type) > ``rdf:type`` in bib/bibo
  (letter, manuscript, book, ...) > ``dc:type`` naming a Zotero type > the guess >
  "webpage" (there are statements);
- creators by the type's creator types: author from ``bib:authors``, ``dc:creator``, ...,
  ``dc:contributor``; recipient and the others from ``z:<type>s``; each string through
  ``cleanAuthor`` (split at the comma when there is one, else the last word is the family
  name; trailing commas and spaces trimmed first);
- every other ``z:`` property is copied onto the item by name (archive, archiveLocation,
  letterType ...); ``dc:coverage`` is the archive location; ``dc:title`` the title;
- then Highwire: ``citation_title`` → title, ``citation_date`` (and publication/cover
  date) → date, ``citation_public_url`` → url, ``citation_language`` → language,
  ``citation_abstract`` → abstractNote (names matched by their ending, the first tag
  wins); ``citation_author`` tags, when present, REPLACE the RDF creators (RDF roles are
  only used to relabel matching names as editors; the rest, recipients included, is
  dropped);
- last chances: title from ``<title>``, url from ``<link rel=canonical>`` else the page
  address, language from ``<html lang>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

PREFIXES = {
    "bib": "http://purl.org/net/biblio#",
    "bibo": "http://purl.org/ontology/bibo/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "prism": "http://prismstandard.org/namespaces/1.2/basic/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://nwalsh.com/rdf/vCard#",
    "link": "http://purl.org/rss/1.0/modules/link/",
    "z": "http://www.zotero.org/namespaces/export#",
    "eprint": "http://purl.org/eprint/terms/",
    "eprints": "http://purl.org/eprint/terms/",
    "og": "http://ogp.me/ns#",
    "article": "http://ogp.me/ns/article#",
    "book": "http://ogp.me/ns/book#",
    "so": "http://schema.org/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}
DC, DCTERMS, Z, BIB = PREFIXES["dc"], PREFIXES["dcterms"], PREFIXES["z"], PREFIXES["bib"]
RDF_TYPE = PREFIXES["rdf"] + "type"
HW_TYPES = {
    "citation_journal_title": "journalArticle",
    "citation_technical_report_institution": "report",
    "citation_conference_title": "conferencePaper",
    "citation_conference": "conferencePaper",
    "citation_book_title": "bookSection",
    "citation_inbook_title": "bookSection",
    "citation_dissertation_institution": "thesis",
}
HW_GUESSES = {
    "citation_title": "journalArticle",
    "citation_series_title": "journalArticle",
    "citation_isbn": "book",
}
HIGHWIRE_MAPPINGS = {
    "citation_title": "title",
    "citation_publication_date": "date",
    "citation_cover_date": "date",
    "citation_date": "date",
    "citation_journal_title": "publicationTitle",
    "citation_book_title": "bookTitle",
    "citation_volume": "volume",
    "citation_issue": "issue",
    "citation_publisher": "publisher",
    "citation_abstract": "abstractNote",
    "citation_doi": "DOI",
    "citation_public_url": "url",
    "citation_language": "language",
}
# Zotero's item types that a page of letters can become, with their creator types (primary
# first), from Zotero's schema.
CREATOR_TYPES = {
    "letter": ["author", "contributor", "recipient"],
    "manuscript": ["author", "contributor", "translator"],
    "journalArticle": ["author", "contributor", "editor", "translator", "reviewedAuthor"],
    "webpage": ["author", "contributor", "translator"],
    "report": ["author", "contributor", "translator", "seriesEditor"],
    "book": ["author", "contributor", "editor", "translator", "seriesEditor"],
    "bookSection": ["author", "contributor", "editor", "bookAuthor", "translator", "seriesEditor"],
}
ITEM_TYPES = set(CREATOR_TYPES) | {"thesis", "conferencePaper", "interview", "map", "document", "note"}
BIB_TYPES = {"book", "thesis", "letter", "manuscript", "interview", "report", "patent", "map"}


@dataclass
class Page:
    """What the translators see of a page: its head's meta tags, links, title and lang."""

    metas: list[tuple[str, str]] = field(default_factory=list)  # (name or property, content)
    canonical: str | None = None
    title: str = ""
    lang: str | None = None


class _HeadReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_head = self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.page.lang = a.get("lang") or None
        elif tag == "head":
            self._in_head = True
        elif tag == "title" and self._in_head:
            self._in_title = True
        elif tag == "meta" and self._in_head:
            name = a.get("name") or a.get("property")
            if name and a.get("content"):
                self.page.metas.append((name, a["content"]))
        elif tag == "link" and self._in_head and a.get("rel") == "canonical":
            self.page.canonical = a.get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page.title += data


def read_page(markup: str) -> Page:
    reader = _HeadReader()
    reader.feed(markup)
    return reader.page


def clean_author(text: str, creator_type: str, use_comma: bool) -> dict[str, str]:
    """Zotero.Utilities.cleanAuthor (without its initials handling)."""
    text = re.sub(r"^[\s\u00a0.,/\[\]:]+", "", text)
    text = re.sub(r"[\s\u00a0,/\[\]:.]+$", "", text)
    text = re.sub(r"  +", " ", text, count=1)
    if use_comma:
        parts = re.split(r"[,،] ?", text)
        if len(parts) > 1:
            return {"lastName": parts[0], "firstName": parts[1], "creatorType": creator_type}
        return {"lastName": text, "firstName": "", "creatorType": creator_type}
    space = text.rfind(" ")
    return {
        "lastName": text[space + 1 :],
        "firstName": text[:space] if space > 0 else "",
        "creatorType": creator_type,
    }


def _statements(page: Page) -> tuple[list[tuple[str, str]], str | None, str | None]:
    statements: list[tuple[str, str]] = []
    hw_type: str | None = None
    hw_guess: str | None = None
    for names, value in page.metas:
        for tag in names.split():
            parts = re.split(r"[.:_]", tag)
            prefix, length = None, 0
            if len(parts) > 2:
                prefix, length = parts[1].lower(), len(parts[0]) + len(parts[1]) + 1
            if not prefix or prefix not in PREFIXES:
                prefix, length = parts[0].lower(), len(parts[0])
            if prefix in PREFIXES:
                prop = tag[length + 1 :]
                prop = prop[:1].lower() + prop[1:]
                if prop == "type" and PREFIXES[prefix] in (BIB, PREFIXES["bibo"]):
                    statements.append((RDF_TYPE, PREFIXES[prefix] + value))
                else:
                    statements.append((PREFIXES[prefix] + prop, value))
            else:
                short = tag[tag.rfind("citation_") :] if "citation_" in tag else tag
                if short in HW_TYPES:
                    hw_type = HW_TYPES[short]
                elif short in HW_GUESSES and (hw_guess is None or short == "citation_isbn"):
                    hw_guess = HW_GUESSES[short]
    return statements, hw_type, hw_guess


def _values(statements: list[tuple[str, str]], *predicates: str) -> list[str]:
    """getFirstResults: the values of the first predicate that has any."""
    for predicate in predicates:
        found = [v for p, v in statements if p == predicate]
        if found:
            return found
    return []


def _detect_type(statements: list[tuple[str, str]], default: str | None) -> str | None:
    zotero = _values(statements, Z + "itemType", Z + "type")
    if zotero and zotero[0] in ITEM_TYPES:
        return zotero[0]
    rdf_type = _values(statements, RDF_TYPE)
    if rdf_type:
        for base in (BIB, PREFIXES["bibo"]):
            if rdf_type[0].startswith(base) and rdf_type[0][len(base) :].lower() in BIB_TYPES:
                return rdf_type[0][len(base) :].lower()
    dc_type = _values(statements, DC + "type", DCTERMS + "type")
    if dc_type and dc_type[0] in ITEM_TYPES:
        return dc_type[0]
    return default


def _meta(page: Page, suffix: str) -> str | None:
    """getContentText: the first meta whose name ends with ``suffix``."""
    return next((v for n, v in page.metas if n.endswith(suffix)), None)


def translate(markup: str, location: str) -> dict[str, Any]:
    """The item Zotero's Embedded Metadata translator makes of a page."""
    page = read_page(markup)
    statements, hw_type, hw_guess = _statements(page)
    default = hw_guess or ("webpage" if statements else None)
    item_type = hw_type or _detect_type(statements, default) or "journalArticle"
    item: dict[str, Any] = {"itemType": item_type, "creators": []}
    # RDF import
    titles = _values(statements, DC + "title", DCTERMS + "title", PREFIXES["og"] + "title")
    if titles:
        item["title"] = titles[0]
    for creator_type in CREATOR_TYPES.get(item_type, ["author"]):
        if creator_type == "author":
            found = _values(
                statements, BIB + "authors", DC + "creator", DCTERMS + "creator", DC + "contributor"
            )
        elif creator_type in ("editor", "contributor"):
            found = _values(statements, BIB + creator_type + "s")
        else:
            found = _values(statements, Z + creator_type + "s")
        item["creators"] += [clean_author(v, creator_type, "," in v) for v in found]
    coverage = _values(statements, DC + "coverage", DCTERMS + "coverage")
    if coverage:
        item["archiveLocation"] = coverage[0]
    dates = _values(statements, DC + "date", DCTERMS + "date", DCTERMS + "issued")
    if dates:
        item["date"] = dates[0]
    for predicate, _ in statements:  # every z: property, its first value, by name
        if predicate.startswith(Z):
            item[predicate[len(Z) :]] = _values(statements, predicate)[0]
    item["itemType"] = item_type
    # Highwire
    for name, field_name in HIGHWIRE_MAPPINGS.items():
        value = _meta(page, name)
        if value and value.strip():
            item[field_name] = " ".join(value.split())
    authors = [v for n, v in page.metas if n.endswith("citation_author")] or [
        v for n, v in page.metas if n.endswith("citation_authors")
    ]
    if authors:
        highwire = []
        for value in authors:
            for name in re.split(r"\s*;\s*", value):
                if name.strip():
                    highwire.append(clean_author(name.strip(), "author", "," in name))
        item["creators"] = highwire  # the RDF creators (recipients included) are dropped
    # last chances
    item.setdefault("title", page.title.strip())
    item.setdefault("url", page.canonical or location)
    if page.lang:
        item.setdefault("language", page.lang)
    return item
