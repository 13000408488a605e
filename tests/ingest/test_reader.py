"""read_page / read_text / iter_paths / read_pages and format sniffing."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from cablegraph.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    TooLargeError,
)
from cablegraph.ingest import reader
from cablegraph.ingest.reader import iter_paths, read_page, read_pages, read_text
from cablegraph.ingest.sniff import sniff_format
from cablegraph.model.source import SourcePage

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
INVALID = FIXTURES / "invalid"
ENCODINGS = FIXTURES / "encodings"
ORIGINAL = (ENCODINGS / "utf8.txt").read_text(encoding="utf-8")


# --------------------------------------------------------------------- invalid input


@pytest.mark.parametrize(
    ("name", "error", "offset", "value"),
    [
        ("empty.txt", EmptyInputError, 0, "0 bytes"),
        ("whitespace.txt", EmptyInputError, 0, "only whitespace (11 bytes)"),
        ("binary.bin", BinaryInputError, 0, "PNG image signature"),
        ("nul.txt", BinaryInputError, 39, "NUL byte at offset 39"),
        ("document.pdf", InputError, 0, "'%PDF-1.4'"),
        ("undecodable.txt", EncodingError, 9, "byte 0xB0 at offset 9"),
    ],
)
def test_each_invalid_fixture_gives_its_error(
    name: str, error: type[InputError], offset: int, value: str
) -> None:
    path = INVALID / name
    with pytest.raises(error) as info:
        read_page(path)
    exc = info.value
    assert type(exc) is error
    assert exc.path == str(path)
    assert exc.offset == offset
    message = str(exc)
    assert message.startswith(f"{path}@{offset}: ")
    assert value in message


def test_pdf_message_says_the_reader_is_missing() -> None:
    with pytest.raises(InputError, match=r"PDF input needs the pdf reader \(not yet supported\)"):
        read_page(INVALID / "document.pdf")


def test_truncated_text_is_valid_input() -> None:
    path = INVALID / "truncated.txt"
    page = read_page(path)
    raw = path.read_bytes()
    assert len(raw) == 700
    assert page.raw == raw
    assert page.text == raw.decode("utf-8")
    assert page.text.endswith("present front line. Vyshinsky")
    assert page.encoding == "utf-8"
    assert page.format == "text"
    assert page.warnings == []


def test_missing_file_and_directory(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        read_page(missing)
    with pytest.raises(InputError, match="is a directory"):
        read_page(tmp_path)


def test_control_bytes_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "ctl.txt"
    path.write_bytes(b"AB" + bytes(range(1, 9)) * 10)
    with pytest.raises(BinaryInputError, match=r"ctl.txt@2: .*0x01 at offset 2"):
        read_page(path)


@pytest.mark.parametrize(
    ("magic", "what"),
    [(b"PK\x03\x04", "ZIP"), (b"\x1f\x8b\x08\x00", "gzip"), (b"\xff\xd8\xff\xe0", "JPEG")],
)
def test_magic_numbers(tmp_path: Path, magic: bytes, what: str) -> None:
    path = tmp_path / "file.txt"
    path.write_bytes(magic + b"junk junk junk")
    with pytest.raises(BinaryInputError, match=what):
        read_page(path)


# ------------------------------------------------------------------------ good input


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("utf8.txt", "utf-8"),
        ("utf8bom.txt", "utf-8"),
        ("utf16.txt", "utf-16-le"),
        ("cp1251.txt", "cp1251"),
        ("koi8r.txt", "koi8-r"),
        ("cp866.txt", "cp866"),
    ],
)
def test_read_page_decodes_every_encoding(name: str, encoding: str) -> None:
    path = ENCODINGS / name
    page = read_page(path)
    raw = path.read_bytes()
    assert isinstance(page, SourcePage)
    assert page.text == ORIGINAL
    assert page.encoding == encoding
    assert page.raw == raw
    assert page.sha256 == hashlib.sha256(raw).hexdigest()
    assert page.path == str(path)
    assert page.format == "text"
    assert page.encoding_confidence >= 0.6
    assert page.warnings == []


def test_bomless_utf16_is_not_binary(tmp_path: Path) -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(ORIGINAL.encode(codec))
        page = read_page(path)
        assert (page.text, page.encoding) == (ORIGINAL, codec)


def test_text_is_normalised_to_nfc_with_a_warning(tmp_path: Path) -> None:
    decomposed = "Пэн Дэхуаи\u0306 и Ким Ир Сен\n"  # й as и + combining breve
    path = tmp_path / "nfd.txt"
    path.write_bytes(decomposed.encode("utf-8"))
    page = read_page(path)
    assert page.text == "Пэн Дэхуай и Ким Ир Сен\n"
    assert page.raw == decomposed.encode("utf-8")
    assert len(page.warnings) == 1
    assert "NFC" in page.warnings[0]
    assert "character 9" in page.warnings[0]


def test_low_confidence_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes("Ким Ир Сен".encode("cp1251"))
    page = read_page(path)
    assert page.encoding_confidence < 0.6
    assert any("low confidence" in w for w in page.warnings)


def test_read_text() -> None:
    page = read_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text/></TEI>")
    assert page.path == "<string>"
    assert page.format == "tei"
    assert page.encoding == "utf-8"
    assert page.sha256 == hashlib.sha256(page.raw).hexdigest()
    assert read_text(ORIGINAL, "memo").text == ORIGINAL
    with pytest.raises(EmptyInputError, match="memo@0: only whitespace"):
        read_text(" \n ", "memo")


# ----------------------------------------------------------------------------- size


def test_too_large_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no need to write 50 MB for this one

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("read_page opened a file over the limit")

    monkeypatch.setattr(reader, "open", no_open, raising=False)
    started = time.perf_counter()
    with pytest.raises(TooLargeError) as info:
        read_page(path, max_bytes=1024 * 1024)
    assert time.perf_counter() - started < 0.5
    message = str(info.value)
    assert str(path) in message
    assert "52428800 bytes" in message
    assert "limit of 1048576 bytes" in message


def test_default_limit_reads_a_50_mb_text_file(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    block = ((ENCODINGS / "utf8.txt").read_bytes() + b"CIPHERED TELEGRAM No. 3917\n") * 64
    count = 50 * 1024 * 1024 // len(block) + 1
    with path.open("wb") as handle:
        for _ in range(count // 64 + 1):
            handle.write(block * 64)
    size = path.stat().st_size
    assert 50 * 1024 * 1024 < size < reader.DEFAULT_MAX_BYTES
    started = time.perf_counter()
    page = read_page(path)
    elapsed = time.perf_counter() - started
    assert page.encoding == "utf-8"
    assert len(page.raw) == size
    assert page.text.startswith(ORIGINAL)
    assert elapsed < 3.0, f"reading 50 MB took {elapsed:.2f} s"


def test_file_growing_after_stat_is_still_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "grow.txt"
    path.write_bytes(b"x" * 100)
    real_stat = os.stat

    def small_stat(name: str, *args: Any, **kwargs: Any) -> os.stat_result:
        result = real_stat(name, *args, **kwargs)
        if os.fspath(name) != str(path):
            return result
        return os.stat_result((result.st_mode, 0, 0, 0, 0, 0, 10, 0, 0, 0))  # claims 10 bytes

    monkeypatch.setattr(os, "stat", small_stat)
    expected = r"grow\.txt@50: .*over the limit of 50 bytes .*grew after"
    with pytest.raises(TooLargeError, match=expected):
        read_page(str(path), max_bytes=50)


# ------------------------------------------------------------------ paths and batches


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "b" / "deep").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text("alpha\n")
    (root / "b" / "c.txt").write_text("gamma\n")
    (root / "b" / "deep" / "d.html").write_text("<html><body>delta</body></html>\n")
    (root / ".secret.txt").write_text("hidden\n")
    (root / ".hidden" / "e.txt").write_text("hidden\n")
    (root / "z.txt").write_text("zeta\n")
    return root


def test_iter_paths_folders_files_globs(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    found = [p.relative_to(root).as_posix() for p in iter_paths([str(root)])]
    assert found == ["a.txt", "b/c.txt", "b/deep/d.html", "z.txt"]
    assert [p.name for p in iter_paths([str(root / "**" / "*.txt")])] == ["a.txt", "c.txt", "z.txt"]
    # each file once, even when named twice
    assert [p.name for p in iter_paths([root / "a.txt", str(root / "a.txt")])] == ["a.txt"]


def test_iter_paths_names_a_missing_input(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.txt")
    with pytest.raises(InputError) as info:
        list(iter_paths([missing]))
    assert missing in str(info.value)
    with pytest.raises(InputError, match="matches no file"):
        list(iter_paths([str(tmp_path / "*.nothing")]))


def test_read_pages_goes_on_past_bad_files(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    shutil.copytree(INVALID, folder)
    missing = str(tmp_path / "missing.txt")
    binary = str(folder / "binary.bin")  # not a page suffix: named explicitly, it is read
    results = list(read_pages([str(folder), binary, missing, ENCODINGS / "cp1251.txt"]))
    pages = [r for r in results if isinstance(r, SourcePage)]
    errors = [r for r in results if isinstance(r, InputError)]
    in_folder = [p for p in INVALID.iterdir() if p.suffix in (".txt", ".pdf")]
    assert len(results) == len(in_folder) + 3
    assert sorted(Path(p.path).name for p in pages) == ["cp1251.txt", "truncated.txt"]
    assert {type(e) for e in errors} == {
        EmptyInputError,
        BinaryInputError,
        InputError,
        EncodingError,
    }
    assert any(e.path == missing for e in errors)
    assert pages[-1].text == ORIGINAL


# -------------------------------------------------------------------------- sniffing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<?xml version='1.0'?>\n<TEI xmlns='http://www.tei-c.org/ns/1.0'/>", "tei"),
        ("<?xml version='1.0'?>\n<!-- c -->\n<tei:TEI xmlns:tei='x'></tei:TEI>", "tei"),
        ('<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"></teiCorpus>', "tei"),
        ('<document xmlns="http://www.tei-c.org/ns/1.0"><x/></document>', "tei"),
        ("<?xml version='1.0'?>\n<record><id>1</id></record>", "xml"),
        ("<record><id>1</id></record>", "xml"),
        ("<!DOCTYPE html>\n<html><head></head></html>", "html"),
        ("\ufeff  <!doctype HTML><title>x</title>", "html"),
        ("<html lang='en'><body>x</body></html>", "html"),
        ("<div><p>a</p><p>b</p><br><span>c</span></div>", "html"),
        ("Skip to content\n<p>one</p><p>two</p><a href='x'>3</a><br/><b>x</b>", "text"),
        ("%PDF-1.7\n...", "pdf"),
        ("Skip to content\n\nJune 30, 1951\n\nCiphered Telegram No. 3917", "text"),
        ("<UNCLASSIFIED> telegram follows", "text"),
        ("", "text"),
    ],
)
def test_sniff_format(text: str, expected: str) -> None:
    assert sniff_format(text, "x") == expected


def test_sniff_format_takes_bytes() -> None:
    assert sniff_format(b"%PDF-1.4\n\x00\x01", "x.pdf") == "pdf"
    assert sniff_format(b"<html><body/></html>", "x") == "html"
    assert sniff_format((INVALID / "truncated.txt").read_bytes(), "x") == "text"


def test_read_page_sniffs_the_format(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<!DOCTYPE html><html><body><p>Ким Ир Сен</p></body></html>", "utf-8")
    assert read_page(path).format == "html"
