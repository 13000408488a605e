"""Original and translation aligned sentence by sentence, scored against hand-labelled
sentence pairs (tests/fixtures/meaning/alignment.json: made by reading the pages)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cablegraph.ingest import read_page
from cablegraph.meaning.align import Row, Segment, align_vectors, bilingual, segments
from cablegraph.meaning.encoder import default_encoder
from cablegraph.model.jsonable import document_json
from cablegraph.parse import parse_page
from cablegraph.resolve import Authority

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "tests" / "fixtures" / "meaning" / "alignment.json"
# Measured 49/51 (0.961; 48/51 before names on short lines were compared by sound): the
# issue asks 0.95. Misses: a greeting the parser left out of the translation block, and a
# sentence cut by the page's end.
FLOOR = 0.95


def row_of(rows: list[Row], text: str, wanted: str, side: str) -> int | None:
    """The row holding the start of ``wanted`` (which occurs once on the page)."""
    start = text.index(wanted)
    start += len(wanted) - len(wanted.lstrip())
    stop = start + len(wanted.strip())
    for number, row in enumerate(rows):
        for seg in getattr(row, side):
            if seg.start <= start < seg.stop or start <= seg.start < stop:
                return number
    return None


def score(pages: list[dict[str, object]]) -> tuple[int, int, list[str]]:
    authority, encoder = Authority.builtin(), default_encoder()
    right = total = 0
    unread: list[str] = []
    for page_label in pages:
        path = ROOT / str(page_label["path"])
        page = read_page(path)
        data = document_json(parse_page(page, authority), page)
        rows = bilingual(data, page.text, encoder)
        if not rows:
            unread.append(str(page_label["path"]))
            continue
        for original, translation in page_label["pairs"]:  # type: ignore[attr-defined]
            total += 1
            left = row_of(rows, page.text, original, "left")
            right += left is not None and left == row_of(rows, page.text, translation, "right")
    return right, total, unread


def test_labelled_sentence_pairs_are_aligned() -> None:
    pages = json.loads(LABELS.read_text(encoding="utf-8"))["pages"]
    right, total, unread = score(pages)
    print(f"alignment: {right}/{total} labelled pairs right; pages without both blocks: {unread}")
    assert total >= 40
    assert right / total >= FLOOR, (right, total)


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = ("Телеграмма тов. Ким Ир Сена. Ответ т. Сталину.\n"
            "[U.S. Commander Matthew] Ridgway agreed. No. 3917\n")
    found = [text[s.start:s.stop] for s in segments(text)]
    assert found == ["Телеграмма тов. Ким Ир Сена.", "Ответ т. Сталину.",
                     "[U.S. Commander Matthew] Ridgway agreed.", "No. 3917"]


def test_full_width_stops_end_chinese_sentences_without_a_space() -> None:
    text = "我讲几句话。请同志们允许我即席讲话。“东风压倒西风。”他说,好。Mr. Smith left."
    found = [text[s.start:s.stop] for s in segments(text)]
    assert found == ["我讲几句话。", "请同志们允许我即席讲话。", "“东风压倒西风。", "他说,好。",
                     "Mr. Smith left."]


def test_wrapped_lines_run_on_and_short_lines_stand_alone() -> None:
    text = ("CIPHERED TELEGRAM No. 21336\nFrom BEIJING\n"
            "Malik's speech on the radio on June 23 of this year aroused a great deal of\n"
            "commentary in the American press. It was read.\n")
    found = [text[s.start:s.stop] for s in segments(text)]
    assert found[:2] == ["CIPHERED TELEGRAM No. 21336", "From BEIJING"]
    assert found[2].startswith("Malik's") and found[2].endswith("American press.")
    assert found[3] == "It was read."


def test_rows_keep_order_and_use_every_segment_once() -> None:
    rng = np.random.default_rng(7)
    base = rng.normal(size=(6, 8)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    left = [Segment(i * 10, i * 10 + 5) for i in range(6)]
    right = [Segment(100 + i * 10, 100 + i * 10 + 5) for i in range(7)]
    extra = rng.normal(size=(1, 8)).astype(np.float32)
    rv = np.vstack([base[:3], extra / np.linalg.norm(extra), base[3:]])  # one line only on the right
    rows = align_vectors("x" * 200, left, right, base, rv)
    assert [s for r in rows for s in r.left] == left and [s for r in rows for s in r.right] == right
    paired = [(r.left[0].start, r.right[0].start) for r in rows if r.left and r.right]
    assert paired == [(0, 100), (10, 110), (20, 120), (30, 140), (40, 150), (50, 160)]


@pytest.mark.parametrize("blocks", [[], [{"role": "original", "start": 0, "stop": 5}]])
def test_a_page_without_both_sides_has_no_alignment(blocks: list[dict[str, object]]) -> None:
    assert bilingual({"texts": blocks}, "Текст", default_encoder()) == []


def test_a_name_in_two_scripts_is_one_pair() -> None:
    from cablegraph.meaning.align import sounds_alike

    assert sounds_alike("Ким Ир Сен", "KIM IL SUNG")
    assert sounds_alike("Пэн Дэ-хуай", "Peng Dehuai")
    assert not sounds_alike("Ким Ир Сен", "Commander in Chief")
    assert not sounds_alike("Мы согласны с вашим предложением о перемирии", "We agree with your proposal")
