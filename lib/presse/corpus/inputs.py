"""Low-level access to one input file for the corpus loader: the name shown to users, its
(decompressed) bytes, a repairing text stream in the encoding chosen from its first MB,
binary sniffing, and the skip-report rows of decoding problems. Encodings themselves are
decided in :mod:`presse.readers.encoding`, compressed files opened by
:mod:`presse.readers.archives`.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from presse import config
from presse.corpus.records import Skip
from presse.readers import archives
from presse.readers.encoding import (
    DecodeError,
    DoubtfulEncoding,
    RepairingReader,
    bom_encoding,
    detect_encoding,
    stream_codec,
)

__all__ = ["binary_kind", "decode_skip", "display_path", "open_text", "read_bytes",
           "read_head", "sample_encoding", "tail_skip"]

_BINARY_MAGIC = (
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (docx/xlsx/odt?)"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"PAR1", "parquet file with a wrong extension"),
    (b"\xd0\xcf\x11\xe0", "MS Office (OLE) document"),
)


def display_path(path: Path, root: Path) -> str:
    """Path shown to users: relative to the project when inside it, else to the corpus's
    parent folder (never an absolute path of this machine)."""
    try:
        path.resolve().relative_to(config.ROOT)
        return config.relpath(path)
    except ValueError:
        base = root.parent
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            return path.name


def read_head(path: Path, n: int) -> bytes:
    """The first ``n`` (decompressed) bytes of ``path``."""
    with archives.open_binary(path) as fh:
        return fh.read(n)


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The (decompressed) bytes of ``path``; at most ``limit + 1`` when a limit is given."""
    with archives.open_binary(path) as fh:
        if limit is None:
            return fh.read()
        parts, n = [], 0
        while n <= limit and (chunk := fh.read(1 << 20)):  # read(n) would allocate n bytes
            parts.append(chunk)
            n += len(chunk)
        return b"".join(parts)


def open_text(path: Path, enc: str) -> RepairingReader:
    """A text reader of ``path`` in the encoding ``enc`` chosen from its first MB: bytes
    further on that are not valid in it do not stop the file (they are repaired and
    counted in ``n_repaired``, and the caller lists the file as doubtful)."""
    codec, _ = stream_codec(enc)
    if path.suffix.lower() == ".gz":
        fh = gzip.open(path, "rt", encoding=codec, errors="surrogateescape", newline="")  # noqa: SIM115 - owned and closed by the reader
    else:
        fh = open(path, encoding=codec, errors="surrogateescape", newline="")  # noqa: SIM115 - owned and closed by the reader
    return RepairingReader(fh, codec)


def decode_skip(shown: str, exc: DecodeError) -> Skip:
    """The skip-report row of a file whose bytes could not be decoded with confidence."""
    reason = "doubtful_encoding" if isinstance(exc, DoubtfulEncoding) else "undecodable"
    return Skip(shown, reason, f"{shown}: {exc}")


def binary_kind(data: bytes) -> str | None:
    """Why ``data`` looks binary (known signature or NUL bytes), else None."""
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            return kind
    if bom_encoding(data) in {"utf-16", "utf-32"}:
        return None
    if b"\x00" in data[:65536]:
        return "contains NUL bytes"
    return None


def sample_encoding(p: Path, n: int = 1 << 20) -> str:
    """The encoding of a streamed file, chosen from its first ``n`` bytes (cut at the last
    line break, so a multi-byte character is not split); UTF-8 is read as ``utf-8-sig``."""
    head = read_head(p, n)
    if len(head) == n and b"\n" in head:
        head = head[: head.rfind(b"\n")]
    enc = detect_encoding(head)
    return "utf-8-sig" if enc in {"utf-8", "utf-8-sig"} else enc


def tail_skip(shown: str, enc: str, n: int, what: str) -> Skip:
    """The skip-report row of a streamed file whose bytes past the encoding sample were not
    all valid in the encoding chosen from that sample (its records were kept)."""
    codec = stream_codec(enc)[0]
    how = "read as cp1252" if codec.startswith("utf-8") else "replaced by U+FFFD"
    return Skip(shown, "doubtful_encoding",
                f"{shown}: {n} byte(s) are not valid {codec}, the encoding chosen from the "
                f"file's first MB ({enc}); they were {how} and the {what} kept: check them, "
                "or re-save the file as UTF-8")
