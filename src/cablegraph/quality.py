"""Score the parser against hand-labelled real pages, field by field.

    score_corpus(root, authority) -> Report

The labels are ``labels-*.json`` files under ``root`` (tests/fixtures/quality/real/), one
object per page keyed by the page's path relative to ``root`` (format: the project's
CORPUS notes; docs/evaluation.md). Every labelled field of every document scores 0..1;
a page of kind "documents" counts each of its documents. Scores are kept per field, per
source (the first folder of the path) and per split ("dev" / "heldout").

Comparisons, each the same for every page:
- title: whitespace collapsed, case folded, quotes/brackets/trailing punctuation dropped;
- date, doc_type, record_id: exact (doc_type case-folded);
- number: the number as printed, with its suffix ("1154/sh") or without it, spaces
  dropped, dashes unified, case folded;
- senders / recipients / via: the multiset of persons, each name resolved through the
  authority as the bundled quality gate does (entity id, else the lower-cased name);
- archive_refs: a labelled reference is found when a parsed reference's normalised text
  (letters and digits, lower case, "–" as "-") contains it or is contained in it; the page
  scores found / max(labelled, parsed) (extra references cost as missing ones do), 1 when
  both are empty;
- nested_messages: the number of messages inside the document's own messages (all
  depths), exact;
- items (listings): min/max of the counts;
- page_kind: "document" / "documents" / "listing" as the parser returns them; a page
  labelled "documents" needs several documents, a "document" page exactly one.
Misses are kept only for the dev split: held-out pages are scored, never shown.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cablegraph.model import Document, Message, PersonRef
from cablegraph.resolve import Authority

DOCUMENT_FIELDS = (
    "title",
    "date",
    "doc_type",
    "record_id",
    "number",
    "senders",
    "recipients",
    "via",
    "archive_refs",
    "nested_messages",
)
FIELDS = ("page_kind", *DOCUMENT_FIELDS, "items")
SPLITS = ("dev", "heldout")

Parser = Callable[[Path], list[Document]]


@dataclass(slots=True)
class Tally:
    """Sum of scores and count of scored fields."""

    score: float = 0.0
    count: int = 0

    def add(self, value: float) -> None:
        self.score += value
        self.count += 1

    @property
    def mean(self) -> float | None:
        return self.score / self.count if self.count else None


@dataclass(slots=True)
class Report:
    """Scores by (split, source, field); page counts; misses on dev pages only."""

    tallies: dict[tuple[str, str, str], Tally] = field(default_factory=dict)
    pages: Counter[tuple[str, str]] = field(default_factory=Counter)
    unknown_documents: Counter[str] = field(default_factory=Counter)
    listings_as_documents: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(self, split: str, source: str, name: str, value: float) -> None:
        self.tallies.setdefault((split, source, name), Tally()).add(value)

    def mean(
        self, *, split: str | None = None, source: str | None = None, name: str | None = None
    ) -> float | None:
        total = Tally()
        for (s, src, n), tally in self.tallies.items():
            if (
                (split is None or s == split)
                and (source is None or src == source)
                and (name is None or n == name)
            ):
                total.score += tally.score
                total.count += tally.count
        return total.mean

    def count(self, *, split: str | None = None, name: str | None = None) -> int:
        return sum(
            t.count
            for (s, _src, n), t in self.tallies.items()
            if (split is None or s == split) and (name is None or n == name)
        )

    def sources(self) -> list[str]:
        return sorted({src for _s, src, _n in self.tallies})

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for split in SPLITS:
            part: dict[str, Any] = {
                "pages": sum(n for (s, _src), n in self.pages.items() if s == split),
                "overall": _round(self.mean(split=split)),
                "fields": {
                    f: _round(self.mean(split=split, name=f))
                    for f in FIELDS
                    if self.count(split=split, name=f)
                },
                "sources": {
                    src: {
                        "pages": self.pages[(split, src)],
                        "overall": _round(self.mean(split=split, source=src)),
                        "fields": {
                            f: _round(self.mean(split=split, source=src, name=f))
                            for f in FIELDS
                            if (split, src, f) in self.tallies
                        },
                    }
                    for src in self.sources()
                    if self.pages[(split, src)]
                },
                "unknown_on_document_pages": self.unknown_documents[split],
                "listings_taken_for_documents": self.listings_as_documents[split],
                "pages_with_errors": self.errors[split],
            }
            out[split] = part
        return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def load_labels(root: Path) -> dict[str, dict[str, Any]]:
    """Every labelled page under ``root``: relative path -> label object."""
    labels: dict[str, dict[str, Any]] = {}
    for path in sorted(root.glob("labels-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a JSON object keyed by page path, got {type(data).__name__}")
        for name, label in data.items():
            if name.startswith("_"):
                continue
            if not isinstance(label, dict):
                raise ValueError(f"{path}: label of {name!r} is {type(label).__name__}, expected an object")
            labels[name] = label
    return labels


def score_corpus(
    root: Path,
    parser: Parser,
    authority: Authority,
    *,
    splits: Iterable[str] = SPLITS,
    only: Callable[[str], bool] | None = None,
) -> Report:
    """Score every labelled page under ``root`` (of the given splits)."""
    report = Report()
    wanted = set(splits)
    persons = _PersonKey(authority)
    for name, label in load_labels(root).items():
        split = label.get("split", "dev")
        if split not in wanted or (only is not None and not only(name)):
            continue
        source = name.split("/", 1)[0]
        path = root / name
        if not path.is_file():
            raise FileNotFoundError(f"{path}: labelled page missing")
        docs = parser(path)
        report.pages[(split, source)] += 1
        if any(d.errors for d in docs):
            report.errors[split] += 1
        _score_page(report, split, source, name, label, docs, persons)
    return report


def page_kind_of(docs: list[Document]) -> str:
    """The kind of page the parser made of these documents."""
    kinds = [d.page_kind for d in docs]
    if not kinds or all(k == "unknown" for k in kinds):
        return "unknown"
    if all(k == "listing" for k in kinds):
        return "listing"
    found = [k for k in kinds if k == "document"]
    return "documents" if len(found) > 1 else "document"


def _score_page(
    report: Report,
    split: str,
    source: str,
    name: str,
    label: dict[str, Any],
    docs: list[Document],
    persons: _PersonKey,
) -> None:
    want_kind = label.get("page_kind", "document")
    got_kind = page_kind_of(docs)
    ok = got_kind == want_kind
    _record(report, split, source, name, "page_kind", 1.0 if ok else 0.0, want_kind, got_kind)
    if want_kind in ("document", "documents") and got_kind == "unknown":
        report.unknown_documents[split] += 1
    if want_kind == "listing":
        if got_kind in ("document", "documents"):
            report.listings_as_documents[split] += 1
        got_items = sum(len(d.items) for d in docs if d.page_kind == "listing")
        want_items = int(label.get("items", 0))
        value = 1.0 if want_items == got_items else min(want_items, got_items) / max(want_items, got_items)
        _record(report, split, source, name, "items", value, want_items, got_items)
        return
    wanted = label.get("documents", []) if want_kind == "documents" else [label]
    got_docs = [d for d in docs if d.page_kind != "listing"]
    for index, want in enumerate(wanted):
        got = _best_match(want, got_docs, index)
        where = f"{name}#{index + 1}" if want_kind == "documents" else name
        for field_name in DOCUMENT_FIELDS:
            if field_name not in want:
                continue
            value, got_value = _field_score(field_name, want[field_name], got, persons, _label_year(want))
            _record(report, split, source, where, field_name, value, want[field_name], got_value)


def _best_match(want: dict[str, Any], docs: list[Document], index: int) -> Document | None:
    """The parsed document a labelled one is scored against: same title, else same place."""
    title = _norm_title(want.get("title"))
    if title:
        for doc in docs:
            if _norm_title(doc.title) == title:
                return doc
    return docs[index] if index < len(docs) else None


def _record(
    report: Report, split: str, source: str, where: str, name: str, value: float, want: Any, got: Any
) -> None:
    report.add(split, source, name, value)
    if split == "dev" and value < 1.0:
        report.misses.append(f"{where} {name}: want {want!r}, got {got!r} ({value:.2f})")


class _PersonKey:
    """The key a party is compared by: its entity id, else its folded name.

    Labelled and parsed names are looked up alike, in the labelled document's year when the
    label dates it (the parser dates its names too: "John Hay" fits two persons without a
    year and one in 1898), else without a year; a year-aware lookup that finds nobody falls
    back to the year-blind one. The folded name drops a leading article, so a role "the
    Embassy in Korea" and a label "Embassy in Korea" are one body.
    """

    def __init__(self, authority: Authority) -> None:
        self.authority = authority

    def want(self, name: str, year: int | None = None) -> str:
        return self._key(name, year)

    def got(self, entity_id: str | None, name: str, year: int | None = None) -> str:
        return entity_id or self._key(name, year)

    def _key(self, name: str, year: int | None) -> str:
        match = self.authority.lookup(name, year=year) if year is not None else None
        if match is None:
            match = self.authority.lookup(name)
        return match.entity.id if match else _fold_party(name)


def _fold_party(name: str) -> str:
    return re.sub(r"^the\s+", "", _fold(name))


def _label_year(label: dict[str, Any]) -> int | None:
    """The year of a labelled document: its date's ("1950-07-01" -> 1950), else its FRUS
    volume's first year ("frus1898/d825" -> 1898), else None."""
    found = re.match(r"(\d{4})", str(label.get("date") or "")) or re.match(
        r"frus(\d{4})", str(label.get("record_id") or "")
    )
    return int(found.group(1)) if found else None


def _field_score(
    name: str, want: Any, doc: Document | None, persons: _PersonKey, year: int | None = None
) -> tuple[float, Any]:
    if doc is None:
        return 0.0, None
    if name == "title":
        return float(_norm_title(want) == _norm_title(doc.title)), doc.title
    if name == "date":
        got = doc.date.iso if doc.date else None
        return float(want == got), got
    if name == "doc_type":
        return float(_fold(want or "") == _fold(doc.doc_type or "")), doc.doc_type
    if name == "record_id":
        got_id = doc.record_id
        return float((want or None) == (got_id or None)), got_id
    if name == "number":  # as printed, "1154/sh" (number 1154, suffix "sh"), or without the suffix
        got_number = doc.envelope.number
        forms = {_norm_number(got_number)}
        if got_number and doc.envelope.number_suffix:
            got_number = f"{got_number}/{doc.envelope.number_suffix}"
            forms.add(_norm_number(got_number))
        return float(_norm_number(want) in forms), got_number
    if name in ("senders", "recipients", "via"):
        people = getattr(doc, name)
        keys = [persons.want(w, year) for w in want or []]
        return float(_same_parties(keys, people, persons, year)), [p.name for p in people]
    if name == "archive_refs":
        got_refs = [_norm_ref(r.text) for r in doc.archive_refs]
        return _ref_score([_norm_ref(w) for w in want or []], got_refs), [r.text for r in doc.archive_refs]
    if name == "nested_messages":
        got_nested = sum(_descendants(m) for m in doc.messages)
        return float(int(want or 0) == got_nested), got_nested
    raise ValueError(f"unknown field {name!r}")


def _same_parties(
    want: list[str], people: list[PersonRef], persons: _PersonKey, year: int | None = None
) -> bool:
    """Whether the parties read are the parties labelled, one for one. A party resolved
    from an office to its holder by date ("Embassy in Korea" → John J. Muccio) also answers
    to the office it was read from: a label naming the office and a reading naming its
    holder say the same thing at two levels of detail."""
    if len(want) != len(people):
        return False
    answers = [
        {persons.got(p.entity_id, p.name, year), *([persons.want(p.role, year)] if p.role else [])}
        for p in people
    ]
    unused = list(range(len(people)))
    for key in want:
        found = next((i for i in unused if key in answers[i]), None)
        if found is None:
            return False
        unused.remove(found)
    return True


def _descendants(message: Message) -> int:
    return sum(1 + _descendants(child) for child in message.children)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().casefold()


_TITLE_DROP = re.compile(r"[\"“”‘’'`«»\[\]()]")


def _norm_title(text: str | None) -> str:
    if not text:
        return ""
    text = _TITLE_DROP.sub("", _fold(text.replace("–", "-").replace("—", "-")))
    return re.sub(r"\s+", " ", text).strip(" .,;:")


def _norm_number(text: str | None) -> str:
    if not text:
        return ""
    return re.sub(r"[\s.]", "", text.replace("–", "-").replace("—", "-")).casefold().strip("-")


def _norm_ref(text: str) -> str:
    text = _fold(text).replace("–", "-").replace("—", "-")
    return " ".join(re.findall(r"[\w/.-]+", text)).replace(" .", "")


def _ref_score(want: list[str], got: list[str]) -> float:
    if not want and not got:
        return 1.0
    unused = list(got)
    found = 0
    for ref in want:
        for index, candidate in enumerate(unused):
            if ref and candidate and (ref in candidate or candidate in ref):
                found += 1
                del unused[index]
                break
    return found / max(len(want), len(got))


def table(report: Report) -> str:
    """The scores as a text table: one column per split and source."""
    columns: list[tuple[str, str | None]] = []
    for split in SPLITS:
        if not any(s == split for s, _src in report.pages):
            continue
        columns.append((split, None))
        columns += [(split, src) for src in report.sources() if report.pages[(split, src)]]
    header = f"{'field':<16}" + "".join(f"{(s + ':' + (src or 'all'))[:13]:>14}" for s, src in columns)
    rows = [header, "-" * len(header)]

    def pages(split: str, src: str | None) -> int:
        if src is not None:
            return report.pages[(split, src)]
        return sum(n for (s2, _src), n in report.pages.items() if s2 == split)

    counts = "".join(f"{pages(s, src):>14}" for s, src in columns)
    rows.append(f"{'pages':<16}" + counts)
    for name in (*FIELDS, None):
        cells = []
        for split, src in columns:
            value = report.mean(split=split, source=src, name=name)
            cells.append(f"{'-' if value is None else f'{value:.3f}':>14}")
        rows.append(f"{name or 'OVERALL':<16}" + "".join(cells))
    for label, counter in (
        ("unknown docs", report.unknown_documents),
        ("listing as doc", report.listings_as_documents),
        ("pages w/ errors", report.errors),
    ):
        counts_row = "".join(f"{counter[s] if src is None else '':>14}" for s, src in columns)
        rows.append(f"{label:<16}" + counts_row)
    return "\n".join(rows)
