"""Atomic writes: outputs appear complete or not at all.

Every file the library writes goes through these helpers: the content is written to a
temporary file in the destination directory, flushed, then renamed over the target
(``os.replace`` is atomic on POSIX and Windows for a same-filesystem rename). An
interruption or a full disk therefore leaves the previous output intact.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; rename it onto ``target`` on success.

    On any exception the temporary file is removed and ``target`` is left untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    # mkstemp creates 0600; give the output the mode a plain open() would (umask applied),
    # so that a report folder copied to a web server stays readable
    os.chmod(tmp_path, 0o666 & ~_umask())
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp_path, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_text_atomic(target: str | os.PathLike, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``target`` atomically and return the target path."""
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding=encoding)
    return Path(target)


def write_bytes_atomic(target: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically and return the target path."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def write_parquet_atomic(df: pd.DataFrame, target: str | os.PathLike) -> Path:
    """Write ``df`` as parquet (pyarrow, no index) atomically and return the target path."""
    with atomic_path(target) as tmp:
        df.to_parquet(tmp, engine="pyarrow", index=False)
    return Path(target)


def write_json_gz(target: str | os.PathLike, doc) -> str:
    """Write ``doc`` as gzipped JSON with deterministic bytes (sorted keys, gzip mtime 0),
    atomically; returns the sha256 of the bytes written (model files of the library)."""
    import gzip
    import hashlib
    import io
    import json

    raw = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(raw.encode("utf-8"))
    data = buf.getvalue()
    write_bytes_atomic(target, data)
    return hashlib.sha256(data).hexdigest()


def read_json_gz(path: str | os.PathLike, what: str):
    """Read a file written by :func:`write_json_gz`; a ``ValueError`` naming the file says
    it is not ``what`` when it cannot be read or parsed."""
    import gzip
    import json

    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError, EOFError) as exc:
        raise ValueError(f"{path}: not {what} ({exc})") from exc
