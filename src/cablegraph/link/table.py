"""Links kept in the corpus database, so pages and the API read them by document.

``cablegraph ingest`` (and ``cablegraph link``) computes the links of the whole corpus and
replaces this table in one transaction; readers look links up by document through an
index, and walk threads link by link, without loading the corpus.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Iterable
from typing import Any

from cablegraph.link.linker import find_links
from cablegraph.link.records import Record
from cablegraph.model.link import Link

SCHEMA = """
CREATE TABLE IF NOT EXISTS links (
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    target_document TEXT NOT NULL,
    kind TEXT NOT NULL,
    rule TEXT NOT NULL,
    confidence REAL NOT NULL,
    evidence TEXT NOT NULL,
    start INTEGER,
    stop INTEGER
);
CREATE INDEX IF NOT EXISTS links_source ON links (source);
CREATE INDEX IF NOT EXISTS links_target ON links (target_document);
"""
THREAD_KINDS = ("reply_to", "relays", "references", "duplicate_of", "same_event")
MAX_THREAD = 500


class LinkTable:
    """The ``links`` table of one corpus database (SQLite)."""

    def __init__(self, path: str) -> None:
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA busy_timeout = 30000")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        self._db.close()

    def replace_all(self, links: Iterable[Link]) -> int:
        """Replace every link in one transaction; returns how many were written."""
        rows = [
            (
                lk.source,
                lk.target,
                lk.target.split("#")[0],
                lk.kind,
                lk.rule,
                lk.confidence,
                lk.evidence,
                lk.start,
                lk.stop,
            )
            for lk in links
        ]
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute("DELETE FROM links")
            self._db.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return len(rows)

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM links").fetchone()[0])

    def of(self, doc_id: str, kind: str | None = None) -> list[Link]:
        """Links from or to a document (its nested messages included)."""
        sql = (
            "SELECT source, target, kind, rule, confidence, evidence, start, stop FROM links "
            "WHERE (source = ? OR target_document = ?)"
        )
        params: tuple[str, ...] = (doc_id, doc_id)
        if kind:
            sql += " AND kind = ?"
            params += (kind,)
        return [_link(row) for row in self._db.execute(sql + " ORDER BY kind, source, target", params)]

    def all(self, kind: str | None = None, limit: int = 100, offset: int = 0) -> tuple[int, list[Link]]:
        where, params = ("WHERE kind = ?", (kind,)) if kind else ("", ())
        total = int(self._db.execute(f"SELECT count(*) FROM links {where}", params).fetchone()[0])
        rows = self._db.execute(
            f"SELECT source, target, kind, rule, confidence, evidence, start, stop FROM links {where} "
            "ORDER BY kind, source, target LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return total, [_link(row) for row in rows]

    def thread(self, doc_id: str) -> tuple[list[str], list[Link]]:
        """The documents joined to ``doc_id`` by document-to-document links (breadth first)."""
        seen = {doc_id}
        joined: dict[tuple[str, str, str], Link] = {}
        queue = deque([doc_id])
        while queue and len(seen) < MAX_THREAD:
            current = queue.popleft()
            for link in self.of(current):
                if "#" in link.target or link.kind not in THREAD_KINDS:
                    continue
                joined[(link.source, link.target, link.kind)] = link
                for other in (link.source, link.target):
                    if other not in seen:
                        seen.add(other)
                        queue.append(other)
        return sorted(seen), list(joined.values())


def _link(row: tuple[Any, ...]) -> Link:
    source, target, kind, rule, confidence, evidence, start, stop = row
    return Link(str(source), str(target), kind, str(rule), float(confidence), str(evidence),
                start if isinstance(start, int) else None, stop if isinstance(stop, int) else None)


def relink(path: str, records: Iterable[Record]) -> int:
    """Compute every link among ``records`` and store them as the corpus's links."""
    table = LinkTable(path)
    try:
        return table.replace_all(find_links(records))
    finally:
        table.close()
