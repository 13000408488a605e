"""Curator edits: names added to entities, merges, field corrections, annotations.

Every edit names the version it was made against (ETag / If-Match): a stale version is a
conflict (412), never a lost update. Each accepted edit appends one row to the audit log
(who, when, what, before, after), and any edit can be reverted by a new edit. The tables
live in the corpus database file; all SQL is parameterised.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

from cablegraph.errors import CablegraphError

JSON = dict[str, Any]

SCHEMA = """
CREATE TABLE IF NOT EXISTS curation_targets (
    target TEXT PRIMARY KEY,            -- 'entity:person:stalin' or 'document:wda:110374'
    version INTEGER NOT NULL,
    data TEXT NOT NULL                  -- JSON: added names, merged_into, corrections, notes
);
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL
);
"""

ACTIONS = ("add_name", "merge", "split", "correct_field", "annotate", "revert")
CORRECTABLE_FIELDS = ("title", "date", "doc_type", "summary", "senders", "recipients", "via")


class ConflictError(CablegraphError):
    """The target changed since the curator read it (HTTP 412)."""


class CurationError(CablegraphError):
    """The edit is malformed (HTTP 422): names the field and what would be valid."""


@dataclass(frozen=True, slots=True)
class Edit:
    target: str
    version: int
    data: JSON


class Curation:
    """The curator overlay of one corpus database."""

    def __init__(self, path: str) -> None:
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
        self._db.execute("PRAGMA busy_timeout = 10000")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._db.close()

    def read(self, target: str) -> Edit:
        row = self._db.execute(
            "SELECT version, data FROM curation_targets WHERE target = ?", (target,)
        ).fetchone()
        return Edit(target, 0, {}) if row is None else Edit(target, int(row[0]), json.loads(row[1]))

    def apply(self, target: str, action: str, payload: JSON, *, who: str, if_match: int | None) -> Edit:
        """Apply one edit atomically; ``if_match`` is the version the curator saw."""
        if action not in ACTIONS:
            raise CurationError(f"unknown action {action!r}; valid: {', '.join(ACTIONS)}")
        if if_match is None:
            raise ConflictError("an edit needs If-Match with the version you saw (the ETag)")
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                current = self.read(target)
                if current.version != if_match:
                    raise ConflictError(
                        f"{target} is at version {current.version}, not {if_match}: "
                        "reload it and apply your edit again"
                    )
                after = _edited(current.data, action, payload, self)
                version = current.version + 1
                self._db.execute(
                    "INSERT INTO curation_targets (target, version, data) VALUES (?, ?, ?) "
                    "ON CONFLICT(target) DO UPDATE SET version = excluded.version, data = excluded.data",
                    (target, version, json.dumps(after, ensure_ascii=False, sort_keys=True)),
                )
                self._db.execute(
                    "INSERT INTO audit_log (at, who, action, target, before, after) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                        who,
                        action,
                        target,
                        json.dumps(current.data, ensure_ascii=False, sort_keys=True),
                        json.dumps(after, ensure_ascii=False, sort_keys=True),
                    ),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return Edit(target, version, after)

    def audit(self, target: str | None = None, limit: int = 100) -> list[JSON]:
        sql = "SELECT id, at, who, action, target, before, after FROM audit_log"
        rows = (
            self._db.execute(sql + " WHERE target = ? ORDER BY id DESC LIMIT ?", (target, limit))
            if target
            else self._db.execute(sql + " ORDER BY id DESC LIMIT ?", (limit,))
        )
        return [
            {
                "id": r[0],
                "at": r[1],
                "who": r[2],
                "action": r[3],
                "target": r[4],
                "before": json.loads(r[5]),
                "after": json.loads(r[6]),
            }
            for r in rows
        ]

    def audit_entry(self, entry_id: int) -> JSON | None:
        found = [e for e in self.audit(limit=1_000_000) if e["id"] == entry_id]
        return found[0] if found else None


def _edited(data: JSON, action: str, payload: JSON, curation: Curation) -> JSON:
    after: JSON = json.loads(json.dumps(data))
    if action == "add_name":
        name = _text(payload, "name")
        names = after.setdefault("names", [])
        new_name = {"text": name, "lang": payload.get("lang"), "system": payload.get("system") or "variant"}
        if new_name not in names:
            names.append(new_name)
    elif action == "merge":
        after["merged_into"] = _text(payload, "into")
    elif action == "split":
        after.pop("merged_into", None)
    elif action == "correct_field":
        field = _text(payload, "field")
        if field not in CORRECTABLE_FIELDS:
            raise CurationError(
                f"field {field!r} cannot be corrected; valid: {', '.join(CORRECTABLE_FIELDS)}"
            )
        after.setdefault("corrections", {})[field] = payload.get("value")
    elif action == "annotate":
        after.setdefault("notes", []).append({"text": _text(payload, "text")})
    elif action == "revert":
        entry = curation.audit_entry(int(payload.get("audit_id", -1)))
        if entry is None:
            raise CurationError(f"no audit entry {payload.get('audit_id')!r} to revert")
        after = dict(entry["before"])
    return after


def _text(payload: JSON, key: str) -> str:
    value = payload.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > 2000:
        raise CurationError(f"{key}: a non-empty text of at most 2000 characters is required")
    return value.strip()
