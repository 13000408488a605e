"""Zip archives of pages, read in memory with limits against zip bombs.

``read_zip_pages`` yields one SourcePage per member (or the InputError for a member that
cannot be read), like :func:`cablegraph.ingest.read_pages` for a folder; nothing is
extracted to disk, so member names cannot escape anywhere. Before reading, the declared
sizes are checked: the whole archive may not expand beyond ``max_total`` bytes nor beyond
``max_ratio`` times its compressed size (many small members count together), any member
beyond ``max_member`` bytes or ``max_ratio`` times its compressed size, nor hold more than
``max_members`` files. Sizes are checked again while reading, against the archive's size on
disk (a forged header cannot smuggle more bytes). A member that is itself an archive, or
whose name is absolute or climbs out (``../``), is refused with its name.
A page from a member is named ``<archive>!/<member>``.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import PurePosixPath

from cablegraph.errors import InputError, TooLargeError
from cablegraph.ingest.reader import MAX_PAGE_BYTES, PAGE_SUFFIXES, _page_from_bytes
from cablegraph.model import SourcePage

__all__ = ["MAX_MEMBERS", "MAX_MEMBER_BYTES", "MAX_RATIO", "MAX_TOTAL_BYTES", "read_zip_pages"]

MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_MEMBER_BYTES = MAX_PAGE_BYTES  # a member is one page
MAX_RATIO = 100
MAX_MEMBERS = 20_000
_CHUNK = 1024 * 1024


def read_zip_pages(
    path: str | os.PathLike[str],
    *,
    max_total: int = MAX_TOTAL_BYTES,
    max_member: int = MAX_MEMBER_BYTES,
    max_ratio: float = MAX_RATIO,
    max_members: int = MAX_MEMBERS,
) -> Iterator[SourcePage | InputError]:
    """Every page in the zip file at ``path``; a bad member yields its error, a bad archive
    (not a zip, a bomb, too many members) raises InputError before anything is read."""
    name = os.fspath(path)
    try:
        archive = zipfile.ZipFile(name)
    except (zipfile.BadZipFile, OSError, NotImplementedError) as exc:
        raise InputError(f"not a readable zip archive ({exc}); expected a .zip of pages", path=name) from None
    with archive:
        for info in archive.infolist():
            if PurePosixPath(info.filename).suffix.lower() in NESTED_ARCHIVES:
                yield InputError(
                    "an archive inside an archive is refused; unpack it first",
                    path=f"{name}!/{info.filename}",
                )
            elif _escapes(info.filename):
                yield InputError(
                    f"member name {info.filename!r} is absolute or climbs out of the archive (../); refused",
                    path=f"{name}!/{info.filename}",
                )
        members = [
            i for i in archive.infolist()
            if not i.is_dir() and not _escapes(i.filename) and _wanted(i.filename)
        ]  # fmt: skip
        _check_archive(name, members, max_total, max_member, max_ratio, max_members)
        total = 0
        packed = max(os.path.getsize(name), 1)
        for info in members:
            where = f"{name}!/{info.filename}"
            try:
                data = _read_member(archive, info, where, max_member)
                total += len(data)
                if total > max_total or (total > _CHUNK and total / packed > max_ratio):
                    raise TooLargeError(
                        f"the archive expands past {min(max_total, int(packed * max_ratio))} bytes "
                        f"({total} read from {packed}); refused as a zip bomb",
                        path=name,
                    )
                yield _page_from_bytes(data, where)
            except TooLargeError:
                raise
            except InputError as exc:
                yield exc


NESTED_ARCHIVES = frozenset({".zip", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".7z", ".rar"})


def _escapes(member: str) -> bool:
    """An absolute name (``/x``, ``\\x``, ``C:x``) or one with a ``..`` part."""
    unified = member.replace("\\", "/")
    parts = unified.split("/")
    return unified.startswith("/") or ".." in parts or (len(unified) > 1 and unified[1] == ":")


def _wanted(member: str) -> bool:
    parts = PurePosixPath(member).parts
    if any(part.startswith(".") or part == "__MACOSX" for part in parts):
        return False
    suffix = PurePosixPath(member).suffix.lower()
    return suffix in PAGE_SUFFIXES and suffix not in NESTED_ARCHIVES


def _check_archive(
    name: str,
    members: list[zipfile.ZipInfo],
    max_total: int,
    max_member: int,
    max_ratio: float,
    max_members: int,
) -> None:
    if len(members) > max_members:
        raise TooLargeError(
            f"{len(members)} files, over the limit of {max_members}; split the archive", path=name
        )
    declared = sum(i.file_size for i in members)
    if declared > max_total:
        raise TooLargeError(
            f"the archive would expand to {declared} bytes, over the limit of {max_total}; "
            "refused as a possible zip bomb",
            path=name,
        )
    packed = sum(i.compress_size for i in members)
    if declared > _CHUNK and declared / max(packed, 1) > max_ratio:
        raise TooLargeError(
            f"the archive expands {declared / max(packed, 1):.0f}-fold over its {len(members)} pages "
            f"({packed} -> {declared} bytes), over the limit of {max_ratio:.0f}; "
            "refused as a zip bomb",
            path=name,
        )
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > max_member:
            raise TooLargeError(
                f"member {info.filename!r} would expand to {info.file_size} bytes, "
                f"over the limit of {max_member}",
                path=name,
            )
        if ratio > max_ratio and info.file_size > _CHUNK:
            raise TooLargeError(
                f"member {info.filename!r} expands {ratio:.0f}-fold "
                f"({info.compress_size} -> {info.file_size} bytes), over the limit of {max_ratio:.0f}; "
                "refused as a zip bomb",
                path=name,
            )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, max_member: int) -> bytes:
    if info.flag_bits & 0x1:
        raise InputError("the member is encrypted; expected unencrypted pages", path=where)
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(_CHUNK):
                size += len(chunk)
                if size > max_member or size > max(info.file_size, 0) + _CHUNK:
                    raise TooLargeError(
                        f"the member expands past its declared size of {info.file_size} bytes "
                        f"(or the limit of {max_member}); refused as a zip bomb",
                        path=where,
                    )
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, zlib.error) as exc:
        raise InputError(f"cannot read the member ({exc})", path=where) from None
    return b"".join(chunks)
