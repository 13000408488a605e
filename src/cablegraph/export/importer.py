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
from cablegraph.export.record_schema import MISSING, problem
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
    found = problem(record)
    if found is not None:
        field_name, value, expected = found
        shown = repr(value)
        shown = shown if len(shown) <= 80 else shown[:77] + "..."
        what = "is missing" if value is MISSING else f"is {shown}"
        raise RecordImportError(
            f"line {number}: not a Cablegraph record: field {field_name!r} {what}, expected {expected} "
            "(records come from export --format jsonl); line skipped",
            path=path,
        )
    assert isinstance(record, dict)
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
