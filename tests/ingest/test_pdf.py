"""Text PDFs parse like their text; a scanned Russian page is read back by Tesseract."""

from __future__ import annotations

import difflib
import io
from pathlib import Path

import pytest

from cablegraph.errors import InputError
from cablegraph.ingest import read_page, read_text
from cablegraph.ingest.pdf import join_pages, ocr_image, parse_tsv, read_pdf, tesseract_available
from cablegraph.model import Document
from cablegraph.parse.document import parse_page
from cablegraph.resolve import Authority
from tests.ingest.minipdf import image_pdf, text_pdf

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "examples" / "pages" / "seeds"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
NO_TESSERACT = "tesseract with Russian is not installed (apt-get install tesseract-ocr tesseract-ocr-rus)"
needs_tesseract = pytest.mark.skipif(not tesseract_available("rus+eng"), reason=NO_TESSERACT)
needs_font = pytest.mark.skipif(
    not FONT.exists(), reason=f"{FONT} missing (apt-get install fonts-dejavu-core)"
)


def fields(doc: Document) -> dict[str, object]:
    return {
        "title": doc.title,
        "date": doc.date.iso if doc.date else None,
        "record_id": doc.record_id,
        "number": doc.envelope.number,
        "priority": doc.envelope.priority,
        "events": sorted(doc.envelope.events),
        "senders": [p.name for p in doc.senders],
        "recipients": [p.name for p in doc.recipients],
        "summary": doc.summary,
        "archive_refs": [r.text for r in doc.archive_refs],
    }


@pytest.mark.parametrize("seed", ["000", "003"])
def test_a_text_pdf_of_a_seed_parses_like_the_seed(seed: str) -> None:
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    authority = Authority.builtin()
    pages = read_pdf(text_pdf(path.read_text(encoding="utf-8")), path="seed.pdf")
    assert [p.number for p in pages] == list(range(1, len(pages) + 1)) and len(pages) >= 2
    assert all(p.source == "text" and p.mean_confidence is None for p in pages)
    text, where = join_pages(pages)
    assert [w[0] for w in where] == [p.number for p in pages]
    assert text[where[1][1] : where[1][2]] == pages[1].text.rstrip("\n")
    from_pdf = parse_page(read_text(text, "seed.pdf"), authority)
    from_text = parse_page(read_page(path), authority)
    assert fields(from_pdf) == fields(from_text)


def test_not_a_pdf_is_refused() -> None:
    with pytest.raises(InputError, match="not a PDF"):
        read_pdf(b"hello", path="fake.pdf")


def test_tsv_becomes_lines_and_paragraphs() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    rows = [
        "5\t1\t1\t1\t1\t1\t10\t10\t50\t20\t96.5\tТелеграмма",
        "5\t1\t1\t1\t1\t2\t70\t10\t20\t20\t91\tNo.",
        "5\t1\t1\t1\t2\t1\t10\t40\t50\t20\t88\tМосква",
        "5\t1\t1\t2\t1\t1\t10\t90\t50\t20\t-1\t ",
        "5\t1\t2\t1\t1\t1\t10\t120\t50\t20\t77\tСталин",
    ]
    result = parse_tsv(header + "\n".join(rows) + "\n", page=3)
    assert result.text == "Телеграмма No.\nМосква\n\nСталин"
    first = result.words[0]
    assert (first.text, first.confidence, first.page) == ("Телеграмма", 96.5, 3)
    assert all(result.text[w.start : w.stop] == w.text for w in result.words)


def _render(paragraph: str) -> tuple[bytes, int, int, list[str]]:
    """The paragraph as a 300-dpi A4 page (DejaVu Sans, 10 pt), as PNG bytes and raw RGB."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), 42)  # 10 pt at 300 dpi
    width, height, margin = 2480, 3508, 150
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    lines: list[str] = []
    current = ""
    for word in paragraph.split():
        trial = f"{current} {word}".strip()
        if draw.textlength(trial, font=font) > width - 2 * margin:
            lines.append(current)
            current = word
        else:
            current = trial
    lines.append(current)
    for row, line in enumerate(lines):
        draw.text((margin, margin + 62 * row), line, font=font, fill="black")
    png = io.BytesIO()
    image.save(png, format="PNG", dpi=(300, 300))
    return png.getvalue(), width, height, image.tobytes()  # type: ignore[return-value]


def _russian_paragraph() -> str:
    lines = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8").split("\n")
    return max((line for line in lines if "нашему мнению" in line), key=len)


def _words_right(expected: list[str], got: list[str]) -> float:
    matcher = difflib.SequenceMatcher(a=expected, b=got, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(expected)


@needs_tesseract
@needs_font
def test_a_scanned_russian_paragraph_is_read_back() -> None:
    paragraph = _russian_paragraph()
    png, *_ = _render(paragraph)
    result = ocr_image(png, languages="rus+eng", path="scan.png")
    assert _words_right(paragraph.split(), result.text.split()) >= 0.95
    assert result.words and all(0 <= w.confidence <= 100 for w in result.words)
    assert result.mean_confidence > 80


@needs_tesseract
@needs_font
def test_a_scanned_pdf_page_is_ocr_with_page_numbers() -> None:
    paragraph = _russian_paragraph()
    _, width, height, rgb = _render(paragraph)
    [page] = read_pdf(image_pdf(rgb, width, height), path="scan.pdf", ocr=True)
    assert page.number == 1 and page.source == "ocr"
    assert page.mean_confidence is not None and page.mean_confidence > 80
    assert all(w.page == 1 and page.text[w.start : w.stop] == w.text for w in page.words)
    assert _words_right(paragraph.split(), page.text.split()) >= 0.95


def test_a_scan_without_ocr_is_an_empty_text_page() -> None:
    [page] = read_pdf(image_pdf(b"\xff" * 12, 2, 2), path="scan.pdf")
    assert page.source == "text" and page.text.strip() == ""
