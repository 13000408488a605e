"""What every bibliographic and TEI export reads from a record, in one place.

- which records are exported at all (listing pages are not documents: never exported);
- the canonical URL of a record (the archive's public host, never a staging mirror);
- a citation key unique per record, the same in CSL-JSON, RIS and BibLaTeX;
- how a person or office is named: offices and organisations as one literal name, persons
  split into family and given names with the authority's knowledge (Chinese and Korean
  names family-first: Mao Zedong, Kim Il Sung);
- the archive holding the original and the place in it, without the archive repeated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cablegraph.model.frus import FRUS_RECORD
from cablegraph.resolve import Authority
from cablegraph.resolve.authority import Entity

JSON = dict[str, Any]

WILSON_DOCUMENT = "https://digitalarchive.wilsoncenter.org/document/{}"
FRUS_DOCUMENT = "https://history.state.gov/historicaldocuments/{}"
# Scripts whose names are written family name first.
FAMILY_FIRST_SCRIPTS = frozenset({"Hani", "Hans", "Hant", "Hang", "Kore", "Jpan"})
# The collection each source's pages come from, as Zotero's "Library Catalog" (CSL source).
SOURCE_NAMES = {"FRUS": "Foreign Relations of the United States"}

_WILSON_URL = re.compile(r"^https?://[^/]*(?:wilson|dvinci)[^/]*/document/(\d+)\b")
_FRUS_URL = re.compile(r"^https?://history\.state\.gov/historicaldocuments/([\w.-]+/d\d+)\b")


def exportable(data: JSON) -> bool:
    """Whether a record is a document (listing pages, search results and indexes, are not)."""
    return data.get("page_kind") != "listing"


def canonical_url(data: JSON) -> str | None:
    """The record's public URL: digitalarchive.wilsoncenter.org/document/<id> for the Wilson
    Center (also for pages saved from a staging or mirror host), history.state.gov for FRUS."""
    url = str(data.get("url") or "")
    doc_id = str(data.get("id") or "")
    wilson = _WILSON_URL.match(url)
    if wilson:
        return WILSON_DOCUMENT.format(wilson.group(1))
    frus = _FRUS_URL.match(url)
    if frus:
        return FRUS_DOCUMENT.format(frus.group(1))
    if doc_id.startswith("wda:") and doc_id[4:].isdigit():
        return WILSON_DOCUMENT.format(doc_id[4:])
    if doc_id.startswith("frus:"):
        return FRUS_DOCUMENT.format(doc_id[5:])
    record = str(data.get("record_id") or "")
    if record.isdigit() and "Wilson" in str(data.get("archive") or ""):
        return WILSON_DOCUMENT.format(record)
    if data.get("archive") == "FRUS" and FRUS_RECORD.match(record):
        return FRUS_DOCUMENT.format(record)
    if url.startswith("http://"):
        return "https://" + url[len("http://") :]
    return url or None


def citation_key(data: JSON) -> str:
    """A key unique per record (it is built from the record id): ``wda_110374``,
    ``frus_frus1951v07p2_d119``, ``sha256_edd18ac0b1d6f094``."""
    return re.sub(r"[^A-Za-z0-9]+", "_", str(data["id"])).strip("_")


def source_name(data: JSON) -> str | None:
    """The published collection the page comes from (Zotero's Library Catalog)."""
    archive = data.get("archive")
    return SOURCE_NAMES.get(str(archive), str(archive)) if archive else None


def telegram_number(data: JSON) -> str | None:
    number = (data.get("envelope") or {}).get("number")
    return str(number) if number else None


def translators(data: JSON) -> list[str]:
    return [
        str(c["name"]) for c in data.get("credits") or [] if c.get("role") == "translator" and c.get("name")
    ]


@dataclass(frozen=True, slots=True)
class Holding:
    """Where the original is kept: the archive and the place in it (file, folder, pages)."""

    archive: str | None
    location: str


def holdings(data: JSON) -> list[Holding]:
    """Each archive reference as (archive, location), the archive never repeated in the
    location: ("APRF", "f. 45, op. 1, d. 339, ll. 95-96"), ("Department of State, Central
    Files", "611.93/8–155")."""
    out = []
    for ref in data.get("archive_refs") or []:
        text = str(ref.get("text") or "").strip()
        archive = str(ref["archive"]) if ref.get("archive") else None
        if archive and text.casefold().startswith(archive.casefold() + ","):
            text = text[len(archive) + 1 :].strip()
        elif archive and ref.get("fond") and "," in text:
            text = text.split(",", 1)[1].strip()  # the archive as written: "AP RF", "AVPRF"
        if text:
            out.append(Holding(archive, text))
    return out


@dataclass(frozen=True, slots=True)
class PersonName:
    """A name as a citation manager wants it: ``literal`` for offices and organisations,
    else ``family`` and ``given`` (``family_first`` when written in that order)."""

    literal: str | None = None
    family: str | None = None
    given: str | None = None
    family_first: bool = False

    @property
    def display(self) -> str:
        if self.literal is not None:
            return self.literal
        parts = [self.family, self.given] if self.family_first else [self.given, self.family]
        return " ".join(p for p in parts if p)

    def inverted(self) -> str:
        """ "Family, Given" (RIS, BibLaTeX); the literal name in braces is the caller's job."""
        if self.literal is not None:
            return self.literal
        return f"{self.family}, {self.given}" if self.given else str(self.family)


def person_name(person: JSON, authority: Authority | None = None) -> PersonName:
    """How to name a sender, recipient or intermediary in a citation.

    Only persons the authority knows are split; an office ("Secretary of State"), an
    organisation ("Joint Chiefs of Staff") or an unresolved name stays one literal name.
    The family name is the authority's surname where it lists one (Mao, Zhou, Rhee), else
    the first word for names the authority also writes in Chinese or Korean script (Kim Il
    Sung, Pak Heon-yeong), else the last word (Joseph Stalin).
    """
    name = str(person.get("name") or person.get("as_written") or "").strip()
    entity = _entity(person, authority)
    words = name.split()
    if entity is None or entity.kind != "person" or "," in name or len(words) < 2:
        if entity is not None and entity.kind == "person" and len(words) == 1:
            return PersonName(family=name)
        return PersonName(literal=name)
    surnames = sorted({n.text for n in entity.names if n.system == "surname"}, key=lambda s: -len(s.split()))
    for surname in surnames:
        size = len(surname.split())
        if words[:size] == surname.split():
            return PersonName(family=surname, given=" ".join(words[size:]), family_first=True)
        if words[-size:] == surname.split():
            return PersonName(family=surname, given=" ".join(words[:-size]))
    if any(n.script in FAMILY_FIRST_SCRIPTS for n in entity.names):
        return PersonName(family=words[0], given=" ".join(words[1:]), family_first=True)
    return PersonName(family=words[-1], given=" ".join(words[:-1]))


def _entity(person: JSON, authority: Authority | None) -> Entity | None:
    entity_id = person.get("entity_id")
    if not entity_id:
        return None
    return (authority or Authority.builtin()).get(str(entity_id))


def entity_of(entity_id: str | None, authority: Authority | None = None) -> Entity | None:
    return (authority or Authority.builtin()).get(entity_id) if entity_id else None


def wikidata_uri(entity: Entity | None) -> str | None:
    """The entity's Wikidata URI in the form correspSearch and TEI projects use."""
    return f"http://www.wikidata.org/entity/{entity.wikidata}" if entity and entity.wikidata else None


def authority_uri(entity_id: str) -> str:
    """Our own URI for an authority record (``urn:cablegraph:person:mao-zedong``)."""
    return f"urn:cablegraph:{entity_id}"
