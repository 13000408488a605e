"""One record, many pages: merge a new page's fields into its stored document.

Pages are the same record when they share archive and record id (else the document id).
For each field the richer value wins (a day-precise date over a year, a longer title,
more people or mentions); ties keep the value already stored. Every field on which the
sources disagreed gets an entry in ``choices``: the winning source, the rule and the
source it was preferred over, so the decision can be explained.
"""

from __future__ import annotations

from typing import Any

from cablegraph.store.base import JSON

# Fields that describe the page rather than the record: never merged.
UNMERGED = frozenset({"id", "source"})

_PRECISION = {"day": 3, "month": 2, "year": 1}


def record_key(doc: JSON) -> tuple[str, str] | None:
    """The (archive, record id) pair that identifies a record across mirrors."""
    archive, record_id = doc.get("archive"), doc.get("record_id")
    if isinstance(archive, str) and archive and isinstance(record_id, str) and record_id:
        return archive.strip().casefold(), record_id.strip()
    return None


def richness(name: str, value: Any) -> float:
    """How much a field's value says; 0 for absent or empty."""
    if value is None:
        return 0.0
    if name == "date" and isinstance(value, dict):
        rank = _PRECISION.get(str(value.get("precision")), 0)
        return rank * 10.0 + (1.0 if value.get("iso") else 0.0)
    if isinstance(value, str):
        return float(len(value.strip()))
    if isinstance(value, list | tuple):
        return float(len(value))
    if isinstance(value, dict):
        return float(sum(1 for v in value.values() if richness("", v) > 0))
    return 1.0


def merge(
    current: JSON, choices: JSON, new: JSON, new_source: str, first_source: str
) -> tuple[JSON, JSON, bool]:
    """Merge ``new`` into ``current``: (merged data, updated choices, whether it changed)."""
    merged = dict(current)
    updated = dict(choices)
    changed = False
    for name, value in new.items():
        if name in UNMERGED or value == merged.get(name):
            continue
        old = merged.get(name)
        holder = str(updated.get(name, {}).get("source", first_source))
        old_rich, new_rich = richness(name, old), richness(name, value)
        if new_rich > old_rich:
            merged[name] = value
            changed = True
            if old_rich > 0:
                updated[name] = {
                    "source": new_source,
                    "rule": "richer",
                    "over": holder,
                    "richness": [new_rich, old_rich],
                }
            else:
                updated[name] = {"source": new_source, "rule": "only_value"}
        elif new_rich > 0:
            updated[name] = {
                "source": holder,
                "rule": "kept_richer_or_first",
                "over": new_source,
                "richness": [old_rich, new_rich],
            }
    return merged, updated, changed
