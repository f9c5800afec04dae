"""Fingerprints of the build: content hashes of strings, files, DataFrames, module sources and
the raw corpus, so that a table is rebuilt exactly when its inputs or its code change.

Hashes are blake2b (16 bytes, hex). Module sources are read with ``importlib.util.find_spec``
without importing the module; a package's fingerprint covers every ``.py`` file under it,
so moving code between its submodules changes the fingerprint too.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

__all__ = ["corpus_fingerprint", "count_inputs", "frame_hash", "hash_file", "hash_strings",
           "input_files", "module_text"]


def hash_strings(parts: Iterable[str]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        b = str(p).encode("utf-8", "surrogatepass")
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()


def hash_file(path: Path, cache: dict | None = None) -> str:
    """blake2b of the file bytes; ``cache`` maps "path|size|mtime_ns" to a previous hash."""
    st = path.stat()
    key = f"{path}|{st.st_size}|{st.st_mtime_ns}"
    if cache is not None and key in cache:
        return cache[key]
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    digest = h.hexdigest()
    if cache is not None:
        cache[key] = digest
    return digest


def module_text(name: str, default: str | None = "") -> str | None:
    """Source text of module ``name`` found with ``importlib.util.find_spec`` (the module
    itself is not imported, only its parent packages); for a package, the sources of all
    its ``.py`` files, in path order."""
    try:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            return f"<no source {name}>" if default is not None else None
        origin = Path(spec.origin)
        if origin.name != "__init__.py":
            return origin.read_text(encoding="utf-8")
        files = sorted(origin.parent.rglob("*.py"))
        return "".join(f"# {f.relative_to(origin.parent).as_posix()}\n"
                       + f.read_text(encoding="utf-8") for f in files)
    except (ImportError, ValueError, OSError):
        return f"<missing {name}>" if default is not None else None


def frame_hash(df: pd.DataFrame) -> str:
    """Content hash of a DataFrame (values, column names and dtypes)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(repr([(c, str(t)) for c, t in df.dtypes.items()]).encode())
    if len(df):
        h.update(pd.util.hash_pandas_object(df.astype(str), index=False).values.tobytes())
    return h.hexdigest()


def input_files(corpus: Path) -> list[Path]:
    if corpus.is_file():
        return [corpus]
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus not found: {corpus}")
    files = []
    for dirpath, dirnames, filenames in os.walk(corpus):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        files += [Path(dirpath) / f for f in filenames if not f.startswith(".")]
    return sorted(files, key=lambda q: q.relative_to(corpus).as_posix())


def corpus_fingerprint(corpus: Path, metadata: Path | None, cache: dict | None = None) -> str:
    """Hash of every raw input byte (files, metadata.csv) with their relative paths.

    ``cache`` ("path|size|mtime_ns" -> hash, kept in the manifest) avoids re-reading
    unchanged files, so checking a 100k-file corpus costs one ``stat`` per file.
    """
    parts = []
    for p in input_files(corpus):
        rel = p.relative_to(corpus).as_posix() if corpus.is_dir() else p.name
        try:
            parts += [rel, hash_file(p, cache)]
        except OSError as exc:  # unreadable: reported by the loader; hash the error
            parts += [rel, f"<unreadable {exc.errno}>"]
    if metadata is not None and metadata.is_file():
        parts += ["<metadata>", hash_file(metadata, cache)]
    return hash_strings(parts)


def count_inputs(corpus: Path) -> int | None:
    """Number of documents to expect (files + table rows), for the progress bar's ETA."""
    total = 0
    for p in input_files(corpus):
        name = p.name.lower()
        if name == "metadata.csv":
            continue
        if name.endswith((".csv", ".jsonl", ".ndjson", ".parquet")):
            with contextlib.suppress(Exception):  # the loader reports bad tables
                total += _count_rows(p)
        else:
            total += 1
    return total


def _count_rows(path: Path) -> int:
    name = path.name.lower()
    if name.endswith(".parquet"):
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    if name.endswith((".jsonl", ".ndjson")):
        with open(path, "rb") as fh:
            return sum(1 for line in fh if line.strip())
    n = 0
    for part in pd.read_csv(path, chunksize=20_000, usecols=[0], dtype=str,
                            on_bad_lines="skip", encoding_errors="replace"):
        n += len(part)
    return n
