"""Person mentions scored on hand-labelled real pages: precision and recall per page-person.

    python benchmarks/persons_eval.py [--ner capitals|auto|spacy|natasha] [--json]

The labels: tests/fixtures/quality/real/persons-mentioned.json (every person a page names,
with the forms it uses; made by reading the pages, see PERSONS.md). For each page the
parser's resolved person mentions (entity ids) are compared with the labelled persons
(their canonical names looked up in the authority at the page's year; a person the
authority lacks is matched by name). "with enrichment" adds what the names pass of
``cablegraph enrich`` finds that the authority does not resolve: its resolved entities,
and its unknown person names, matched to labelled persons by any of their forms.
Office holders resolved by date ("the Secretary" on a 1951 page is Acheson) are left
out of both sides, as the labels leave unnamed offices out.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from pathlib import Path

from cablegraph.ingest import read_page
from cablegraph.parse import parse_documents
from cablegraph.resolve import Authority
from cablegraph.resolve.enrich import names_in, recognizer

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "fixtures" / "quality" / "real"
LABELS = REAL / "persons-mentioned.json"


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"\W+", " ", "".join(c for c in text if not unicodedata.combining(c))).strip()


def score(ner: str | None) -> dict[str, float]:
    authority = Authority.builtin()
    found_by = recognizer(ner) if ner else None
    every = json.loads(LABELS.read_text(encoding="utf-8"))
    labels = {k: v for k, v in every.items() if not k.startswith("_")}
    hits = wrong = missed = pages = 0
    for rel, label in labels.items():
        path = REAL / rel
        if not path.exists():
            continue
        pages += 1
        year = int(label["date"][:4]) if label.get("date") else None
        page = read_page(path)
        docs = parse_documents(page, authority)
        got = {m.entity_id for d in docs for m in d.mentions
               if m.kind == "person" and m.entity_id and "office" not in m.rule}
        unknown: set[str] = set()
        if found_by is not None:
            blocks = [(b.language, page.text[b.span.start:b.span.stop]) for d in docs for b in d.texts]
            names = names_in(rel, blocks or [(None, page.text)], authority, found_by, year=year, known=got)
            entities = [authority.get(e) for e in names.entities]
            got |= {e.id for e in entities if e is not None and e.kind == "person"}
            unknown = {fold(form) for form, kind in names.unknown if kind == "person"}
        want: dict[str, set[str]] = {}
        for name, forms in label["persons"].items():
            match = authority.lookup(name, year=year, kind="person")
            key = match.entity.id if match else f"name:{fold(name)}"
            want.setdefault(key, set()).update({fold(name), *map(fold, forms)})
        matched = set(got) & want.keys()
        by_name = {k for k, forms in want.items() if k not in matched and forms & unknown}
        hits += len(matched) + len(by_name)
        wrong += len(got - want.keys()) + len({u for u in unknown if not any(u in f for f in want.values())})
        missed += len(want) - len(matched) - len(by_name)
    precision = hits / (hits + wrong) if hits + wrong else 1.0
    recall = hits / (hits + missed) if hits + missed else 0.0
    return {"pages": pages, "found": hits, "wrong": wrong, "missed": missed,
            "precision": round(precision, 3), "recall": round(recall, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ner", default="capitals", choices=["capitals", "auto", "spacy", "natasha"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = {"without_enrichment": score(None), f"with_enrichment ({args.ner})": score(args.ner)}
    if args.json:
        print(json.dumps(result))
        return
    for name, row in result.items():
        print(f"{name:<32} pages {row['pages']}  precision {row['precision']:.3f}  recall {row['recall']:.3f}"
              f"  (found {row['found']}, wrong {row['wrong']}, missed {row['missed']})")


if __name__ == "__main__":
    main()
