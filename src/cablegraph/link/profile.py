"""An entity's place in the corpus: its name forms, roles, documents by role, correspondents.

The CLI (`cablegraph person`) and the workbench (`/entities/{id}`) both show this.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from cablegraph.link.records import Record
from cablegraph.resolve import Entity

ROLES = (
    ("sender", "senders", "recipients"),
    ("recipient", "recipients", "senders"),
    ("via", "via", None),
    ("copy", "copies_to", None),
)


def entity_profile(entity: Entity, records: Iterable[Record]) -> dict[str, Any]:
    """Everything known of ``entity`` in ``records`` (the documents that name it). A document
    is listed once, under the entity's first role in it (sender, recipient, via, copy; else
    mentioned): a recipient who is also on the distribution list is a recipient."""
    documents: dict[str, list[dict[str, Any]]] = {role: [] for role, _, _ in ROLES}
    documents["mentioned"] = []
    correspondents: Counter[str] = Counter()
    for record in records:
        data = record.data
        brief = {"id": record.id, "title": data.get("title"), "date": (data.get("date") or {}).get("iso")}
        placed = False
        for role, key, other in ROLES:  # each document once, under its first role in ROLES
            if any(p.get("entity_id") == entity.id for p in data.get(key) or []):
                documents[role].append(brief)
                placed = True
                correspondents.update(str(p.get("name")) for p in (data.get(other) or [] if other else []))
                break
        if not placed and any(m.get("entity_id") == entity.id for m in data.get("mentions") or []):
            documents["mentioned"].append(brief)
    return {
        "id": entity.id,
        "kind": entity.kind,
        "name": entity.name,
        "wikidata": entity.wikidata,
        "born": entity.born,
        "died": entity.died,
        "description": entity.description,
        "coords": entity.coords,
        "names": [
            {
                "text": n.text,
                "lang": n.lang,
                "script": n.script,
                "system": n.system,
                "from": n.start_year,
                "to": n.end_year,
            }
            for n in entity.names
        ],
        "roles": [{"role": r.role, "from": r.start_year, "to": r.end_year} for r in entity.roles],
        "documents": documents,
        "correspondents": correspondents.most_common(20),
    }
