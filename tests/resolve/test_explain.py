"""Explanations of matches, and grouping of unresolved names."""

from __future__ import annotations

import pytest

from cablegraph.resolve import Authority, Context, Entity, explain, group_unresolved


@pytest.fixture(scope="module")
def auth() -> Authority:
    return Authority.builtin()


def test_explain_pseudonym(auth: Authority) -> None:
    found = auth.lookup("Filippov", year=1951)
    assert found is not None
    assert explain(found) == (
        "resolved 'Filippov' to Joseph Stalin (person:stalin) by rule pseudonym "
        "(valid 1948–1953), confidence 0.90"
    )


def test_explain_context_and_reading(auth: Authority) -> None:
    found = auth.lookup("Kuznetsov", context=Context.of(1948, ["person:orlov-andrei"]))
    assert found is not None
    line = explain(found)
    assert "by rule context" in line and "person:orlov-andrei" in line and "valid 1947–1948" in line
    bare = Authority([Entity("person:hong-xuezhi", "person", "Hong Xuezhi", ())])
    hong = bare.lookup("Хун Сюэчжи")
    assert hong is not None
    assert explain(hong) == (
        "resolved 'Хун Сюэчжи' to Hong Xuezhi (person:hong-xuezhi) by rule palladius "
        "(read as 'Hong Xuezhi'), confidence 0.80"
    )


def test_explain_japanese_reading(auth: Authority) -> None:
    found = auth.lookup("Кайдзио")
    assert found is not None
    assert explain(found).startswith("resolved 'Кайдзио' to Kaesong (place:kaesong) by rule ")
    assert "japanese-reading 'Кайдзио'" in explain(found)


def test_group_unresolved_across_scripts_cases_and_titles() -> None:
    groups = group_unresolved(
        ["Araushkin", "Араушкина", "ARAUSHKIN", "Cde. Araushkin", "Ваморов", "полковник Ваморова", " "]
    )
    assert groups == {
        "araushk": ["Araushkin", "Араушкина", "ARAUSHKIN", "Cde. Araushkin"],
        "vamor": ["Ваморов", "полковник Ваморова"],
    }


def test_group_unresolved_reads_chinese_names_as_pinyin() -> None:
    groups = group_unresolved(["Ху Цзуннань", "Hu Zongnan"])
    assert list(groups) == ["hu zongnan"]
