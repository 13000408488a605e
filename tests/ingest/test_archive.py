"""Zip archives of pages: read in memory, bad members reported, zip bombs refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from cablegraph.errors import BinaryInputError, EmptyInputError, InputError, TooLargeError
from cablegraph.ingest.archive import read_zip_pages
from cablegraph.model import SourcePage

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "examples" / "pages" / "seeds"


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_pages_and_bad_members(tmp_path: Path) -> None:
    seed = next(SEEDS.glob("000_*.txt"))
    path = _zip(
        tmp_path / "pages.zip",
        {
            "a/seed.txt": seed.read_bytes(),
            "a/empty.txt": b"",
            "b/cp1251.txt": "Телеграмма тов. Сталину".encode("cp1251"),
            "b/nested.zip": b"PK\x03\x04" + b"\x00" * 40,
            "b/picture.png": b"\x89PNG\r\n\x1a\n",  # not a page suffix: skipped
            ".hidden.txt": b"secret",
            "__MACOSX/a/._seed.txt": b"junk",
        },
    )
    results = list(read_zip_pages(path))
    pages = [r for r in results if isinstance(r, SourcePage)]
    errors = [r for r in results if isinstance(r, InputError)]
    assert [p.path for p in pages] == [f"{path}!/a/seed.txt", f"{path}!/b/cp1251.txt"]
    assert pages[0].raw == seed.read_bytes()
    assert pages[1].encoding == "cp1251" and pages[1].text == "Телеграмма тов. Сталину"
    assert [type(e) for e in errors] == [InputError, EmptyInputError]  # the nested zip, the empty page
    assert errors[0].path == f"{path}!/b/nested.zip" and "archive inside an archive" in str(errors[0])
    assert errors[1].path == f"{path}!/a/empty.txt"


def test_nested_archives_are_refused(tmp_path: Path) -> None:
    path = _zip(tmp_path / "nested.zip", {"inner.xml": b"PK\x03\x04" + b"\x00" * 40})
    [error] = list(read_zip_pages(path))
    assert isinstance(error, BinaryInputError) and "ZIP archive" in str(error)


def test_a_zip_bomb_is_refused_before_reading(tmp_path: Path) -> None:
    path = _zip(tmp_path / "bomb.zip", {"bomb.txt": b"0" * 30_000_000})
    assert path.stat().st_size < 100_000
    with pytest.raises(TooLargeError, match="refused as a zip bomb") as info:
        list(read_zip_pages(path))
    assert info.value.path == str(path)


def test_the_total_size_is_capped(tmp_path: Path) -> None:
    path = _zip(tmp_path / "big.zip", {f"{i}.txt": bytes(range(32, 127)) * 200 for i in range(5)})
    with pytest.raises(TooLargeError, match="would expand to 95000 bytes"):
        list(read_zip_pages(path, max_total=50_000))


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.zip"
    path.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="not a readable zip archive"):
        list(read_zip_pages(path))
