"""Person mentions scored on hand-labelled real pages: precision and recall per page-person.

    python benchmarks/persons_eval.py [--ner capitals|auto|spacy|natasha] [--json] [--errors]
        [--labels persons-mentioned-5.json]

The labels: tests/fixtures/quality/real/persons-mentioned*.json (every person a page names,
with the forms it uses; made by reading the pages, see PERSONS.md): by default every such
file together, with ``--labels NAME`` one file alone (``persons-mentioned.json``, the first
65 pages; ``persons-mentioned-5.json``, the 24 pages of the fifth set;
``persons-mentioned-6.json``, the 20 pages of the sixth set). For each page the
parser's resolved person mentions (entity ids) are compared with the labelled persons
(their canonical names looked up in the authority at the page's year; a person the
authority lacks is matched by name). "with enrichment" adds what the names pass of
``cablegraph enrich`` finds that the authority does not resolve: its resolved entities,
and its unknown person names, matched to labelled persons by any of their forms.
Office holders resolved by date ("the Secretary" on a 1951 page is Acheson) are left
out of both sides, as the labels leave unnamed offices out.

The pages are split once, by a hash of their path: a page is held out iff
sha1(path) % 5 < 2 (26 of the first 65 pages, 9 of the fifth set's 24, 6 of the sixth
set's 20), the rest is dev.
Rules are tuned on dev only; ``--errors`` lists the false positives and misses of dev pages,
never of held-out ones.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cablegraph.ingest import read_page
from cablegraph.parse import parse_documents
from cablegraph.resolve import Authority
from cablegraph.resolve.enrich import Recognizer, names_in, page_blocks, recognizer

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "fixtures" / "quality" / "real"
LABELS = "persons-mentioned*.json"
SPLITS = ("dev", "heldout")


def split_of(rel: str) -> str:
    """"heldout" iff sha1 of the page's relative path modulo 5 is below 2, else "dev"."""
    return "heldout" if int(hashlib.sha1(rel.encode("utf-8")).hexdigest(), 16) % 5 < 2 else "dev"


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"\W+", " ", "".join(c for c in text if not unicodedata.combining(c))).strip()


def label_files(pattern: str = LABELS) -> list[Path]:
    """The label files a name or glob names in tests/fixtures/quality/real, sorted; an error
    names the pattern and the folder when none matches."""
    files = sorted(REAL.glob(pattern))
    if not files:
        raise SystemExit(f"{REAL}: no label file matches {pattern!r}")
    return files


def labelled_pages(pattern: str = LABELS) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each labelled page of the files `pattern` names, once: a page two files label is an
    error that names both files and the page."""
    seen: dict[str, Path] = {}
    for path in label_files(pattern):
        every = json.loads(path.read_text(encoding="utf-8"))
        for rel, label in every.items():
            if rel.startswith("_") or not (REAL / rel).exists():
                continue
            if rel in seen:
                raise SystemExit(f"{path.name}: page {rel} is labelled in {seen[rel].name} too")
            seen[rel] = path
            yield rel, label


def _labelled_key(authority: Authority, name: str, forms: list[str], year: int | None) -> str:
    """The entity a labelled person is: its canonical name's (or that name's with its middle
    names as initials: "Ludwell Lee Montague" is "Ludwell L. Montague"), else the first of its
    forms of two words or more that the authority resolves ("A. M. Puzanov" where the label writes
    "Alexander Puzanov" and the authority "Aleksandr Puzanov"); else its folded name."""
    words = name.split()
    initialled = name
    if len(words) > 2:
        initialled = " ".join([words[0], *(f"{w[0]}." for w in words[1:-1]), words[-1]])
    for form in [name, initialled, *(f for f in forms if len(fold(f).split()) > 1)]:
        match = authority.lookup(form, year=year, kind="person")
        if match is not None:
            return match.entity.id
    return f"name:{fold(name)}"


def _same_person(label: str, entity: str) -> bool:
    """Whether a labelled name the authority does not resolve (folded: "j m joyce") is an
    entity's name (folded: "john m joyce"): one surname, and given names that agree word by
    word, an initial agreeing with the name it abbreviates."""
    ours, theirs = label.split(), entity.split()
    if len(ours) < 2 or len(theirs) < 2 or ours[-1] != theirs[-1] or len(ours) > len(theirs):
        return False
    pairs = zip(ours[:-1], theirs, strict=False)
    return all(a == b or (min(len(a), len(b)) == 1 and a[0] == b[0]) for a, b in pairs)


def _part_of(name: str, forms: set[str]) -> bool:
    """Whether a found name (folded) is one of a person's forms or a run of whole words of one
    ("darusenkov" of "o t darusenkov", "pak seong" of "pak seong cheol"): a partial form still
    names that person; a form with more words ("saud said") does not."""
    if name in forms:
        return True
    padded = f" {name} "
    return any(len(name) >= 3 and padded in f" {form} " for form in forms)


def score_page(
    rel: str, label: dict[str, Any], authority: Authority, found_by: Recognizer | None
) -> dict[str, Any]:
    """Hits, false positives and misses of one page."""
    date = label.get("date") or None
    year = int(date[:4]) if date else None
    page = read_page(REAL / rel)
    docs = parse_documents(page, authority)
    got = {m.entity_id for d in docs for m in d.mentions
           if m.kind == "person" and m.entity_id and "office" not in m.rule}
    unknown: set[str] = set()
    if found_by is not None:
        spans = [(b.span.start, b.span.stop, b.language) for d in docs for b in d.texts]
        blocks, starts = page_blocks(page.text, spans)
        names = names_in(rel, blocks, authority, found_by, year=year, known=got, starts=starts)
        entities = [authority.get(e) for e in names.entities]
        got |= {e.id for e in entities if e is not None and e.kind == "person"}
        unknown = {fold(form) for form, kind in names.unknown if kind == "person"}
    want: dict[str, set[str]] = {}
    for name, forms in label["persons"].items():
        key = _labelled_key(authority, name, forms, year)
        want.setdefault(key, set()).update({fold(name), *map(fold, forms)})
    matched = set(got) & want.keys()
    for entity_id in sorted(got - want.keys()):  # "John M. Joyce" found, "J. M. Joyce" labelled
        entity = authority.get(entity_id)
        same = [k for k in want if k.startswith("name:") and k not in matched
                and entity is not None and _same_person(k[len("name:"):], fold(entity.name))]
        if len(same) == 1:
            matched.add(same[0])
            got = (got - {entity_id}) | {same[0]}
    by_name = {k for k, forms in want.items()
               if k not in matched and any(_part_of(u, forms) for u in unknown)}
    wrong_ids = sorted(got - want.keys())
    wrong_names = sorted(u for u in unknown if not any(_part_of(u, f) for f in want.values()))
    missed = sorted(k for k in want if k not in matched and k not in by_name)
    return {"found": len(matched) + len(by_name), "wrong": wrong_ids + [f"unknown:{u}" for u in wrong_names],
            "missed": [(k, sorted(want[k])) for k in missed]}


def score(ner: str | None, errors: bool = False, by_source: bool = False,
          labels: str = LABELS) -> dict[str, dict[str, Any]]:
    """Totals per split (and per split and source with `by_source`: aggregates only)."""
    authority = Authority.builtin()
    found_by = recognizer(ner) if ner else None
    totals = {s: {"pages": 0, "found": 0, "wrong": 0, "missed": 0} for s in (*SPLITS, "all")}
    for rel, label in labelled_pages(labels):
        split = split_of(rel)
        result = score_page(rel, label, authority, found_by)
        parts = [split, "all"] + ([f"{split}/{rel.split('/')[0]}"] if by_source else [])
        for part in parts:
            row = totals.setdefault(part, {"pages": 0, "found": 0, "wrong": 0, "missed": 0})
            row["pages"] += 1
            row["found"] += result["found"]
            row["wrong"] += len(result["wrong"])
            row["missed"] += len(result["missed"])
        if errors and split == "dev" and (result["wrong"] or result["missed"]):
            print(f"# {rel} ({label.get('date')})")
            for w in result["wrong"]:
                entity = authority.get(w) if not w.startswith("unknown:") else None
                print(f"  FP {w}" + (f"  ({entity.name})" if entity else ""))
            for k, forms in result["missed"]:
                print(f"  MISS {k}  {forms}")
    for row in totals.values():
        hits, wrong, missed = row["found"], row["wrong"], row["missed"]
        row["precision"] = round(hits / (hits + wrong), 3) if hits + wrong else 1.0
        row["recall"] = round(hits / (hits + missed), 3) if hits + missed else 0.0
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ner", default="capitals", choices=["capitals", "auto", "spacy", "natasha"])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--errors", action="store_true", help="list dev pages' false positives and misses")
    parser.add_argument("--without", action="store_true", help="only the figure without enrichment")
    parser.add_argument("--by-source", action="store_true", help="totals per split and source too")
    parser.add_argument("--labels", default=LABELS,
                        help="label file (or glob) in tests/fixtures/quality/real; default: all")
    args = parser.parse_args()
    result = {"without_enrichment": score(None, args.errors, args.by_source, args.labels)}
    if not args.without:
        result[f"with_enrichment ({args.ner})"] = score(args.ner, args.errors, args.by_source,
                                                         args.labels)
    if args.json:
        print(json.dumps(result))
        return
    for name, parts in result.items():
        for split, row in parts.items():
            print(f"{name:<28} {split:<15} pages {row['pages']:>2}  precision {row['precision']:.3f}"
                  f"  recall {row['recall']:.3f}  (found {row['found']}, wrong {row['wrong']},"
                  f" missed {row['missed']})")


if __name__ == "__main__":
    main()
