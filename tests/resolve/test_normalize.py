"""Folding, tokens and Russian stems used as match keys."""

from __future__ import annotations

import pytest

from cablegraph.resolve import fold, stem_ru, tokens
from cablegraph.resolve.normalize import key, same_token, script_of


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("MAO ZEDONG", "mao zedong"),
        ("Kіm Il Sung", "kim il sung"),  # Cyrillic і inside a Latin word
        ("Стaлин", "сталин"),  # Latin a inside a Cyrillic word
        ("Ста\u200bлин", "сталин"),  # zero-width space
        ("Ким\u00a0Ир\u2009Сен", "ким ир сен"),  # no-break and thin spaces
        ("Pak Heon\u2013yeong", "pak heon-yeong"),  # en dash
        ("Ridgway\u2019s", "ridgway's"),
        ("Семёнов", "семенов"),
        ("Kaesŏng", "kaesong"),
        ("Хрущёв", "хрущев"),
        ("Риджуэй", "риджуэй"),  # й is kept: it is a letter, not и with a mark
        ("  Mao \n\t Zedong ", "mao zedong"),
        ("ﬁlippov", "filippov"),  # NFKC ligature
        ("Soft\u00adhyphen", "softhyphen"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_tokens_offsets_point_into_original() -> None:
    text = "Cde.\u00a0Kіm  Il-sung, Ста\u200bлин’s"
    toks = tokens(text)
    assert [t[2] for t in toks] == ["cde", "kim", "il", "sung", "сталин", "s"]
    assert text[toks[4][0] : toks[4][1]] == "Ста\u200bлин"
    assert all(fold(text[a:b]) == f for a, b, f in toks)


def test_tokens_window() -> None:
    text = "Mao Zedong to Stalin"
    assert [t[2] for t in tokens(text, 4, 13)] == ["zedong", "to"]


@pytest.mark.parametrize(
    ("forms", "base"),
    [
        (["ким", "кима", "киму"], "ким"),
        (["сен", "сена", "сеном"], "сен"),
        (["дэхуай", "дэхуая", "дэхуаем", "дэхуаю"], None),
        (["риджуэй", "риджуэя", "риджуэю", "риджуэем"], None),
        (["филиппов", "филиппова", "филиппову", "филипповым"], None),
        (["сталин", "сталина", "сталину"], None),
        (["гензан", "гензана"], None),
    ],
)
def test_stem_ru_is_stable_across_cases(forms: list[str], base: str | None) -> None:
    stems = {stem_ru(f) for f in forms}
    assert len(stems) == 1
    if base is not None:
        assert stems == {base}


def test_same_token_guards_stem_collisions() -> None:
    assert same_token("сеном", "сен") == "stem_ru"
    assert same_token("дэхуаем", "дэхуай") == "stem_ru"
    assert same_token("стали", "сталин") is None  # "steel", not Stalin
    assert same_token("ii", "il") == "ocr_variant"
    assert same_token("stalin", "stalin") == "exact"


def test_key_reads_ocr_ii_as_il() -> None:
    assert key("ii") == "il"
    assert key("сеном") == key("сен")


def test_script_of() -> None:
    assert script_of("Мао") == "Cyrl"
    assert script_of("Mao") == "Latn"
    assert script_of("1951") is None
