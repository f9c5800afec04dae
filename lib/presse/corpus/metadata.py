"""Metadata of a corpus: what is known about each raw file that its text does not say
(``data/metadata.csv``: file, date, date_source, outlet, note), read and validated row by
row, and :func:`date_kind`, how a document's date was established.

Metadata wins over the dates and outlets found in tables, HTML pages or the text
(:func:`presse.corpus.iter_documents` applies it).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from presse import config
from presse.corpus.records import Skip
from presse.readers.base import is_blank as _is_blank
from presse.readers.dates import parse_date

__all__ = ["METADATA_COLUMNS", "date_kind", "load_metadata", "resolve_metadata"]

METADATA_COLUMNS = ["file", "date", "date_source", "outlet", "note"]


def load_metadata(source: str | os.PathLike | pd.DataFrame) -> tuple[pd.DataFrame, list[Skip]]:
    """Read and validate a metadata table (columns: file, date, date_source, outlet, note).

    Returns the valid rows (``date`` parsed to Timestamp, strings elsewhere) and a Skip per
    rejected row: no ``file``, a repeated ``file``, an unparsable date, or a date without
    its ``date_source``. A rejected row is ignored; the corpus still loads.
    """
    if isinstance(source, pd.DataFrame):
        df, shown = source.copy(), "metadata"
    else:
        p = Path(source)
        shown = config.relpath(p)
        try:
            df = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
            return pd.DataFrame(columns=METADATA_COLUMNS), [
                Skip(shown, "bad_metadata", f"{shown}: cannot read metadata ({exc}); ignored")
            ]
    df.columns = [str(c).strip().lower() for c in df.columns]
    if "file" not in df.columns:
        return pd.DataFrame(columns=METADATA_COLUMNS), [
            Skip(shown, "bad_metadata",
                 f"{shown}: no 'file' column (found {list(df.columns)}); metadata ignored")
        ]
    for c in METADATA_COLUMNS:
        if c not in df.columns:
            df[c] = ""
    skips: list[Skip] = []
    keep, dates, seen = [], [], set()
    for i, row in enumerate(df.to_dict("records"), start=2):  # line 1 is the header
        where = f"{shown} line {i}"
        f = str(row["file"]).strip()
        if not f:
            skips.append(Skip(shown, "bad_metadata", f"{where}: empty 'file'; row ignored"))
            continue
        if f in seen:
            skips.append(Skip(shown, "bad_metadata", f"{where}: {f!r} repeated; row ignored"))
            continue
        try:
            ts = parse_date(row["date"])
        except ValueError as exc:
            skips.append(Skip(shown, "bad_metadata", f"{where} ({f}): {exc}; row ignored"))
            continue
        if ts is not None and _is_blank(row["date_source"]):
            skips.append(Skip(shown, "bad_metadata",
                              f"{where} ({f}): date without date_source; row ignored"))
            continue
        seen.add(f)
        keep.append(i - 2)
        dates.append(ts)
    out = df.iloc[keep].copy().reset_index(drop=True)
    out["file"] = out["file"].str.strip()
    out["date"] = pd.to_datetime(pd.Series(dates, dtype="object"), errors="coerce")
    return out, skips


def resolve_metadata(path, metadata) -> Any:
    """The metadata source of ``iter_documents(path, metadata=...)``: ``data/metadata.csv``
    for the embedded corpus, a ``metadata.csv`` at the top of a user's folder, the given
    path or DataFrame, or None (``metadata=False`` or no such file)."""
    if metadata is False:
        return None
    if metadata is None:
        if path is None:
            return config.METADATA_CSV if config.METADATA_CSV.is_file() else None
        p = Path(path)
        cand = p / "metadata.csv" if p.is_dir() else None
        return cand if cand is not None and cand.is_file() else None
    return metadata


def date_kind(date_source: str) -> str:
    """How a date was established, from its ``date_source``: "stated", "updated",
    "inferred", "table", "html" or "unknown"."""
    s = (date_source or "").lower()
    for prefix, kind in (("stated in text", "stated"), ("update time in text", "updated"),
                         ("inferred", "inferred"), ("table column", "table"),
                         ("html metadata", "html")):
        if s.startswith(prefix):
            return kind
    return "unknown" if not s else "other"
