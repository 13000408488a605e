"""The hand-labelled person mentions (persons-mentioned*.json, issue 15): every surface form
is an exact substring of its page, and the fifth and sixth sets add pages the earlier sets lack."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "quality" / "real"
FIRST = REAL / "persons-mentioned.json"
FIFTH = REAL / "persons-mentioned-5.json"
SIXTH = REAL / "persons-mentioned-6.json"


def _pages(path: Path) -> dict[str, dict[str, Any]]:
    every: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return {rel: label for rel, label in every.items() if not rel.startswith("_")}


def _missing_forms(path: Path) -> list[str]:
    """'page: person: form' for each surface form that is not an exact substring of its page."""
    missing = []
    for rel, label in _pages(path).items():
        text = (REAL / rel).read_text(encoding="utf-8")
        for name, forms in label["persons"].items():
            missing += [f"{path.name}: {rel}: {name}: {form!r}" for form in forms if form not in text]
    return missing


@pytest.mark.parametrize("path", sorted(REAL.glob("persons-mentioned*.json")), ids=lambda p: p.name)
def test_every_surface_form_is_an_exact_substring_of_its_page(path: Path) -> None:
    assert _pages(path), f"{path}: no labelled page"
    assert _missing_forms(path) == []


def test_a_form_not_on_the_page_is_reported(tmp_path: Path) -> None:
    rel = next(iter(_pages(FIFTH)))
    bad = tmp_path / "persons-mentioned-bad.json"
    bad.write_text(json.dumps({rel: {"date": "1960", "persons": {"Nobody": ["Zz Nobody Qq"]}}}),
                   encoding="utf-8")
    assert _missing_forms(bad) == [f"persons-mentioned-bad.json: {rel}: Nobody: 'Zz Nobody Qq'"]


def test_the_fifth_set_is_new_pages_dated_1940_to_1979() -> None:
    fifth, first = _pages(FIFTH), _pages(FIRST)
    assert 16 <= len(fifth) <= 24
    assert set(fifth).isdisjoint(first), sorted(set(fifth) & set(first))
    for rel, label in fifth.items():
        assert (REAL / rel).is_file(), rel
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", label["date"]), (rel, label["date"])
        assert 1940 <= int(label["date"][:4]) <= 1979, (rel, label["date"])
        assert all(forms for forms in label["persons"].values()), rel


def test_the_sixth_set_is_new_pages_dated_1950_to_1979() -> None:
    sixth = _pages(SIXTH)
    earlier = {**_pages(FIRST), **_pages(FIFTH)}
    assert 15 <= len(sixth) <= 20
    assert set(sixth).isdisjoint(earlier), sorted(set(sixth) & set(earlier))
    for rel, label in sixth.items():
        assert (REAL / rel).is_file(), rel
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", label["date"]), (rel, label["date"])
        assert 1950 <= int(label["date"][:4]) <= 1979, (rel, label["date"])
        assert all(forms for forms in label["persons"].values()), rel
