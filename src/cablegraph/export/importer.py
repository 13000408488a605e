"""Import a JSON Lines export into a corpus: the round trip export → import → export.

Each line is a whole record with its sources and their texts (``source_texts``), so the
corpus it came from can be rebuilt exactly, without the original files.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cablegraph.corpus import Corpus
from cablegraph.errors import CablegraphError
from cablegraph.store.base import SourceInfo

# Keys an export adds around the parsed record; the store rebuilds them itself. ``links``
# stays: the next export merges the corpus links into it without repeating any.
DERIVED_KEYS = ("export", "sources", "source_texts", "choices", "near_duplicates", "version")


class RecordImportError(CablegraphError):
    """A line of a JSON Lines file is not a Cablegraph record."""


@dataclass(slots=True)
class ImportReport:
    lines: int = 0
    documents: int = 0
    sources: int = 0
    failures: list[str] = field(default_factory=list)


def import_jsonl(corpus: Corpus, lines: Iterable[str], *, path: str = "<stdin>") -> ImportReport:
    """Store every record of ``lines``; a bad line is reported (file and line) and skipped."""
    report = ImportReport()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        report.lines += 1
        try:
            record = _record(line, path, number)
            _store(corpus, record)
        except CablegraphError as exc:
            report.failures.append(str(exc))
            continue
        report.documents += 1
        report.sources += len(record.get("sources") or [])
    corpus.sync()
    return report


def _record(line: str, path: str, number: int) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        reason = f"line {number}: not JSON ({exc.msg} at column {exc.colno})"
        raise RecordImportError(reason, path=path) from None
    if not isinstance(record, dict) or "id" not in record or not isinstance(record.get("sources"), list):
        reason = f"line {number}: not a Cablegraph record (needs 'id' and 'sources')"
        raise RecordImportError(reason, path=path)
    texts = record.get("source_texts")
    if not isinstance(texts, list) or len(texts) != len(record["sources"]):
        raise RecordImportError(
            f"line {number}: 'source_texts' must hold one text per source (export with --format jsonl)",
            path=path,
        )
    return record


def _store(corpus: Corpus, record: dict[str, Any]) -> None:
    data = {key: value for key, value in record.items() if key not in DERIVED_KEYS}
    for source, text in zip(record["sources"], record["source_texts"], strict=True):
        info = SourceInfo(
            str(source["sha256"]),
            str(source["path"]),
            str(source.get("format") or "text"),
            str(source.get("encoding") or "utf-8"),
            str(source.get("added_at") or ""),
        )
        corpus.store.put(info, str(text), {**data, "source": source})
