"""The held-out same-text labels (tests/fixtures/meaning/same_text_heldout.json) are usable:
the file loads, every page exists, every pair joins two different pages, and every page has
its source address in the README. No link code is run: the set stays unseen until the lead
scores it with ``benchmarks/same_text_eval.py --heldout``."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MEANING = ROOT / "tests" / "fixtures" / "meaning"
LABELS = MEANING / "same_text_heldout.json"
PAGES = MEANING / "same_text_heldout"
DEV_LABELS = MEANING / "same_text.json"


def _pairs() -> list[dict[str, object]]:
    pairs = json.loads(LABELS.read_text(encoding="utf-8"))["pairs"]
    assert isinstance(pairs, list)
    return pairs


def test_every_pair_is_well_formed_and_its_pages_exist() -> None:
    pairs = _pairs()
    for number, pair in enumerate(pairs):
        where = f"{LABELS.name} pair {number}"
        assert set(pair) == {"a", "b", "same", "why"}, f"{where}: keys {sorted(pair)}"
        assert isinstance(pair["same"], bool), f"{where}: same={pair['same']!r}"
        assert isinstance(pair["why"], str) and len(pair["why"]) > 20, f"{where}: why={pair['why']!r}"
        for side in ("a", "b"):
            path = ROOT / str(pair[side])
            assert path.parent == PAGES, f"{where}: {side}={pair[side]!r} is not a held-out page"
            assert path.is_file(), f"{where}: {side}={pair[side]!r} does not exist"
    assert sum(p["same"] is True for p in pairs) >= 12, "fewer than 12 true pairs"
    assert sum(p["same"] is False for p in pairs) >= 15, "fewer than 15 hard negatives"


def test_each_pair_joins_two_different_pages_once() -> None:
    seen: set[frozenset[str]] = set()
    for number, pair in enumerate(_pairs()):
        a, b = str(pair["a"]), str(pair["b"])
        key = frozenset((a, b))
        assert a != b, f"{LABELS.name} pair {number}: a page paired with itself: {a}"
        assert key not in seen, f"{LABELS.name} pair {number}: {a} / {b} labelled twice"
        seen.add(key)
        text_a = (ROOT / a).read_text(encoding="utf-8")
        text_b = (ROOT / b).read_text(encoding="utf-8")
        assert text_a != text_b, f"{LABELS.name} pair {number}: {a} and {b} have the same bytes"


def test_every_page_is_labelled_sourced_and_new() -> None:
    used = {str(p[side]) for p in _pairs() for side in ("a", "b")}
    readme = (MEANING / "README.md").read_text(encoding="utf-8")
    dev = {str(p[side]) for p in json.loads(DEV_LABELS.read_text(encoding="utf-8"))["pairs"]
           for side in ("a", "b")}
    pages = sorted(PAGES.glob("*.txt"))
    assert len(pages) >= 30, f"{PAGES}: only {len(pages)} pages"
    for page in pages:
        relative = str(page.relative_to(ROOT))
        assert relative in used, f"{relative}: in no labelled pair"
        assert relative not in dev, f"{relative}: also in the development labels"
        assert f"`{page.name}`: <http" in readme, f"{relative}: no source address in README.md"
        assert page.read_text(encoding="utf-8").strip(), f"{relative}: empty"
