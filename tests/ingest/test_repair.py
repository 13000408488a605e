"""Mojibake and broken hyphenation: repaired, with the original kept and the repair said."""

from __future__ import annotations

from pathlib import Path

from cablegraph.ingest import read_page, read_text
from cablegraph.ingest.repair import join_hyphenation, repair_mojibake, repair_page

ROOT = Path(__file__).resolve().parents[2]


def _mojibake(text: str, times: int) -> str:
    """UTF-8 read as Windows-1251, ``times`` times (0x98, undefined in cp1251, read as
    U+0098 the way Windows programs do: ftfy's "sloppy" codec)."""
    import ftfy.bad_codecs  # noqa: F401 - registers the sloppy codecs

    for _ in range(times):
        text = text.encode("utf-8").decode("sloppy-windows-1251")
    return text


def test_utf8_read_as_cp1251_once_and_twice() -> None:
    assert _mojibake("Вышин", 1) == "Р’С‹С€РёРЅ"
    for times in (1, 2):
        repair = repair_mojibake(_mojibake("Телеграмма от Вышинского", times))
        assert repair.changed and repair.text == "Телеграмма от Вышинского"
        assert repair.steps


def test_clean_text_is_left_alone() -> None:
    for path in sorted((ROOT / "examples" / "pages" / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        repair = repair_mojibake(text)
        assert not repair.changed and repair.steps == [], path.name


def test_repair_page_keeps_the_original_and_warns(tmp_path: Path) -> None:
    original = "Телеграмма тов. Вышинскому, 21.XI.1951"
    path = tmp_path / "mojibake.txt"
    path.write_bytes(_mojibake(original, 1).encode("utf-8"))
    page = read_page(path)
    fixed, repair = repair_page(page)
    assert fixed.text == original
    assert fixed.raw == page.raw == path.read_bytes()
    assert repair.original == page.text
    assert any(w.startswith("mojibake repaired") for w in fixed.warnings)
    unchanged, _ = repair_page(read_text("plain text"))
    assert unchanged.warnings == []


def test_broken_hyphenation_is_joined_and_lines_kept() -> None:
    repair = join_hyphenation(
        "the negotia-\ntions began\nSino-\nTibetan agreement\nпере-\nговоры о перемирии"
    )
    assert repair.text == "the negotiations\nbegan\nSino-Tibetan\nagreement\nпереговоры\nо перемирии"
    assert repair.text.count("\n") == repair.original.count("\n") - 0
    assert len(repair.steps) == 3
    assert not join_hyphenation("38-\nth parallel").changed
