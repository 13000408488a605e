"""Quality gate: `find_mentions` scored against hand-labelled mentions of the sample pages.

The labels (tests/fixtures/mentions/*.json) were read off the pages, not produced by the
resolver. Each labelled mention has a span, a kind and an entity id (null for a name the
authority is not expected to know, such as an illegible colonel: such a label is not counted
for recall, and a prediction on it counts as wrong). A prediction is right when it overlaps an
unmatched label of the same entity (boundaries may differ: "Comrade Filippov" for "Filippov").

Scores are kept per kind (person, place, org) and per language, read from the script of the
mention (Cyrillic: ru, else en). The build fails below the floors in floors.json; run with
`-s` to print the table. Lowering a floor is a decision: say why in the commit.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cablegraph.resolve import Authority
from cablegraph.resolve.normalize import CYRILLIC, script_of

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "tests" / "fixtures" / "mentions"
FLOORS = LABELS / "floors.json"
KINDS = ("person", "place", "org")


@dataclass(frozen=True)
class Gold:
    start: int
    stop: int
    kind: str
    entity: str | None
    lang: str


def _lang(text: str) -> str:
    return "ru" if script_of(text) == CYRILLIC else "en"


def _year(page: Path) -> int | None:
    """The year the label file's page is dated by (its first four-digit 19xx year)."""
    import re

    found = re.search(r"\b(19[4-9]\d)\b", page.read_text(encoding="utf-8"))
    return int(found.group(1)) if found else None


def _label_files() -> list[Path]:
    return sorted(p for p in LABELS.glob("*.json") if p.name != "floors.json")


def _golds(data: dict[str, Any]) -> list[Gold]:
    return [Gold(m["start"], m["stop"], m["kind"], m["entity"], _lang(m["text"])) for m in data["mentions"]]


def _score(auth: Authority) -> Counter[tuple[str, ...]]:
    """Counts keyed (measure, kind, lang): tp, fp (predictions), hit, gold (labels)."""
    counts: Counter[tuple[str, ...]] = Counter()
    for path in _label_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        page = ROOT / data["page"]
        text = page.read_text(encoding="utf-8")
        golds = _golds(data)
        for g in golds:
            assert text[g.start : g.stop], f"{path.name}: empty span {g}"
            if g.entity is not None:
                counts["gold", g.kind, g.lang] += 1
        matched: set[int] = set()
        for m in auth.find_mentions(text, year=_year(page)):
            lang = _lang(m.as_written)
            hit = next(
                (
                    i
                    for i, g in enumerate(golds)
                    if i not in matched and g.entity == m.entity.id and g.start < m.stop and m.start < g.stop
                ),
                None,
            )
            if hit is None:
                counts["fp", m.entity.kind, lang] += 1
            else:
                matched.add(hit)
                counts["tp", m.entity.kind, lang] += 1
                counts["hit", golds[hit].kind, golds[hit].lang] += 1
    return counts


def _measures(counts: Counter[tuple[str, ...]]) -> dict[str, dict[str, float | int]]:
    """precision, recall and counts per "kind/lang", "kind/all" and "all/all"."""
    out: dict[str, dict[str, float | int]] = {}
    for kind in (*KINDS, "all"):
        for lang in ("en", "ru", "all"):

            def total(measure: str, kind: str = kind, lang: str = lang) -> int:
                return sum(
                    n
                    for (m, k, g), n in counts.items()
                    if m == measure and kind in (k, "all") and lang in (g, "all")
                )

            tp, fp, hit, gold = total("tp"), total("fp"), total("hit"), total("gold")
            out[f"{kind}/{lang}"] = {
                "precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
                "recall": round(hit / gold, 3) if gold else 1.0,
                "predicted": tp + fp,
                "labelled": gold,
            }
    return out


@pytest.fixture(scope="module")
def measures() -> dict[str, dict[str, float | int]]:
    if not _label_files():
        pytest.skip("no labelled mentions")
    return _measures(_score(Authority.builtin()))


def test_labels_point_into_their_pages() -> None:
    auth = Authority.builtin()
    for path in _label_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        text = (ROOT / data["page"]).read_text(encoding="utf-8")
        for m in data["mentions"]:
            assert text[m["start"] : m["stop"]] == m["text"], (path.name, m)
            assert m["kind"] in KINDS, (path.name, m)
            entity = m["entity"]
            assert entity is None or entity in auth, f"{path.name}: {entity} is not in the authority"


def test_mention_quality_floors(measures: dict[str, dict[str, float | int]]) -> None:
    print("\nkind/lang        precision  recall  predicted  labelled")
    for name, row in measures.items():
        print(
            f"{name:<16} {row['precision']:>9.3f} {row['recall']:>7.3f} "
            f"{row['predicted']:>10} {row['labelled']:>9}"
        )
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    below = [
        f"{name} {measure} {measures[name][measure]} < floor {floor}"
        for name, pinned in floors.items()
        if not name.startswith("_")
        for measure, floor in pinned.items()
        if measures[name][measure] < floor
    ]
    assert not below, "; ".join(below)
