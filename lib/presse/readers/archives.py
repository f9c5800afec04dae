"""Compressed inputs: ``.gz`` streams and ``.zip`` archives, read without trusting them.

* ``name.csv.gz``, ``name.jsonl.gz``, ``name.txt.gz``, ``name.html.gz``: :func:`open_binary`
  returns a decompressing stream, so a table is still read in chunks.
* ``.zip``: :func:`zip_members` copies one member at a time into a private temporary
  folder (never next to the archive, never under a name taken from the archive), hands
  it to the caller, and deletes it. Refused, each listed with the member name:

  - *zip-slip*: a member name that is absolute or climbs out (``../``), which an
    extracting tool would write outside its folder;
  - *zip bombs*: a member whose declared size is over ``max_member_bytes``, whose
    compression ratio is over :data:`MAX_RATIO` (and size over 1 MB), or that inflates
    past its declared size while copied; an archive whose members add up to more than
    ``max_total_bytes``;
  - encrypted members and archives nested inside the archive.
"""

from __future__ import annotations

import gzip
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from presse.readers.base import Problem

__all__ = [
    "MAX_RATIO", "compressed_suffix", "inner_suffix", "open_binary", "zip_members", "zip_problem",
]

#: Largest compression ratio accepted for a member over 1 MB (text compresses 3-10x).
MAX_RATIO = 100
_COPY_CHUNK = 1 << 20
_NESTED = (".zip", ".gz", ".tgz", ".tar", ".7z", ".rar")


def compressed_suffix(path: Path) -> str | None:
    """``.gz`` or ``.zip`` when ``path`` is compressed, else None."""
    s = path.suffix.lower()
    return s if s in {".gz", ".zip"} else None


def inner_suffix(path: Path) -> str:
    """The suffix of what a ``.gz`` holds (``a.csv.gz`` -> ``.csv``), else the suffix."""
    if path.suffix.lower() == ".gz":
        return Path(path.stem).suffix.lower()
    return path.suffix.lower()


def open_binary(path: Path) -> BinaryIO:
    """Open ``path`` for reading bytes, decompressing ``.gz`` on the fly."""
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def _unsafe_name(name: str) -> str | None:
    p = PurePosixPath(name.replace("\\", "/"))
    if p.is_absolute() or (len(name) > 1 and name[1] == ":"):
        return "absolute path"
    if ".." in p.parts:
        return "path climbs out of the archive folder ('..')"
    return None


def zip_members(
    path: Path, shown: str, *, max_member_bytes: int, max_total_bytes: int
) -> Iterator[tuple[Path, str] | Problem]:
    """Yield ``(temporary file, member name)`` for each safe regular member of the zip at
    ``path`` (sorted by name; hidden files and folders skipped), or a :class:`Problem`.

    The temporary file exists until the consumer asks for the next item.
    """
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Problem("malformed_archive", f"{shown}: not a readable zip archive ({exc})")
        return
    with zf, tempfile.TemporaryDirectory(prefix="presse-zip-") as tmp:
        infos = sorted(zf.infolist(), key=lambda i: i.filename)
        total = sum(i.file_size for i in infos)
        if total > max_total_bytes:
            yield Problem("unsafe_archive",
                          f"{shown}: members would inflate to {total:,} bytes, over "
                          f"{max_total_bytes:,}; archive not read (zip bomb?)")
            return
        for n, info in enumerate(infos):
            name = info.filename
            where = f"{shown}/{name}"
            mode = info.external_attr >> 16
            why = _unsafe_name(name)
            if why is None and (info.is_dir() or any(
                    part.startswith(".") for part in PurePosixPath(name).parts)):
                continue  # folders, and hidden files as in a folder corpus
            if why is None and stat.S_ISLNK(mode):
                why = "symbolic link"
            if why is None and info.flag_bits & 0x1:
                why = "encrypted member"
            if why is None and name.lower().endswith(_NESTED):
                why = "archive inside the archive (extract it first)"
            if why is None and info.file_size > max_member_bytes:
                why = f"inflates to {info.file_size:,} bytes, over {max_member_bytes:,}"
            ratio = info.file_size / max(info.compress_size, 1)
            if why is None and info.file_size > (1 << 20) and ratio > MAX_RATIO:
                why = f"compression ratio {ratio:,.0f}:1 over {MAX_RATIO}:1 (zip bomb?)"
            if why is not None:
                yield Problem("unsafe_archive_member", f"{where}: {why}; member not read", name)
                continue
            target = Path(tmp) / str(n) / PurePosixPath(name).name
            target.parent.mkdir()
            try:
                written = 0
                with zf.open(info) as src, open(target, "wb") as dst:
                    while chunk := src.read(_COPY_CHUNK):
                        written += len(chunk)
                        if written > info.file_size:
                            raise _Overflow
                        dst.write(chunk)
            except _Overflow:
                yield Problem("unsafe_archive_member",
                              f"{where}: inflates past its declared size "
                              f"({info.file_size:,} bytes); member not read (zip bomb?)", name)
                continue
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
                yield Problem("malformed_archive", f"{where}: cannot be read ({exc})", name)
                continue
            yield target, name
            shutil.rmtree(target.parent, ignore_errors=True)


def zip_problem(path: Path, shown: str, *, max_total_bytes: int) -> Problem | None:
    """Why a ZIP-based document (``.docx``, ``.odt``) must not be opened, else None: not a
    zip, members declaring more than ``max_total_bytes`` in all, or a member over 1 MB
    compressed more than :data:`MAX_RATIO` to 1 (a zip bomb dressed as a document)."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        return Problem("malformed_document", f"{shown}: not a readable document ({exc})")
    total = sum(i.file_size for i in infos)
    if total > max_total_bytes:
        return Problem("unsafe_archive", f"{shown}: its parts would inflate to {total:,} "
                       f"bytes, over {max_total_bytes:,}; not read (zip bomb?)")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > (1 << 20) and ratio > MAX_RATIO:
            return Problem("unsafe_archive",
                           f"{shown}: part {info.filename} has a compression ratio "
                           f"{ratio:,.0f}:1 over {MAX_RATIO}:1; not read (zip bomb?)")
    return None


class _Overflow(Exception):
    pass
