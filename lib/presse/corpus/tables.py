"""Tables as corpus input: CSV, JSONL and parquet files streamed row by row into
:class:`~presse.corpus.records.RawRecord` objects (one per row with text) and skip-report
rows (malformed rows, a table without a text column, a truncated file).

Memory stays bounded whatever the table's size: CSV through the csv module one row at a
time, JSONL line by line, parquet in pyarrow record batches. Column names are matched
case-insensitively against :data:`COLUMN_ALIASES`.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from presse.corpus.inputs import (
    binary_kind,
    decode_skip,
    open_text,
    read_head,
    sample_encoding,
    tail_skip,
)
from presse.corpus.records import EXTRA_FIELDS, RawRecord, Skip
from presse.readers import archives
from presse.readers.base import is_blank as _is_blank
from presse.readers.encoding import DecodeError, stray_count

__all__ = ["COLUMN_ALIASES", "TABLE_SUFFIXES", "read_table"]

TABLE_SUFFIXES = frozenset({".csv", ".jsonl", ".ndjson", ".parquet"})

#: Accepted column names (case-insensitive), first match wins.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "texte", "contenu", "corps", "full_text",
             "article_text", "fulltext"),
    "id": ("id", "doc_id", "article_id", "uid", "identifier", "identifiant"),
    "title": ("title", "titre", "headline"),
    "date": ("date", "published", "pub_date", "publication_date", "date_publication",
             "datetime", "published_at", "publication"),
    "outlet": ("outlet", "source", "media", "média", "journal", "publisher", "site",
               "newspaper", "publication_name"),
    "author": ("author", "authors", "auteur", "auteurs", "byline", "signature"),
    "section": ("section", "rubrique", "category", "catégorie", "categorie"),
    "pages": ("pages", "page"),
    "export_id": ("export_id", "document_id", "an", "accession_number"),
}  # fmt: skip


def _find_column(columns: Iterable[str], kind: str, explicit: str | None = None) -> str | None:
    """The column holding ``kind`` (a key of :data:`COLUMN_ALIASES`): ``explicit`` when
    given, else the first alias found; case-insensitive; None when absent."""
    cols = list(columns)
    if explicit:
        for c in cols:
            if str(c).lower() == explicit.lower():
                return c
        return None
    lower = {str(c).strip().lower(): c for c in cols}
    for alias in COLUMN_ALIASES[kind]:
        if alias in lower:
            return lower[alias]
    return None


def read_table(p: Path, shown: str, key: str, suffix: str, *, max_bytes: int,
                chunksize: int, text_column: str | None) -> Iterator[RawRecord | Skip]:
    """Records and skips of one table file ``p`` (``suffix``: its inner extension)."""
    try:
        if suffix == ".parquet":
            rows = _parquet_rows(p, chunksize)
        else:
            head = read_head(p, 65536)
            kind = binary_kind(head)
            if kind:
                yield Skip(shown, "binary_file", f"{shown}: binary content ({kind}), not a table")
                return
            enc = sample_encoding(p)
            rows = _csv_rows(p, enc, chunksize) if suffix == ".csv" else _jsonl_rows(p, enc)
        yield from _table_records(rows, p, shown, key, max_bytes=max_bytes,
                                  text_column=text_column)
    except PermissionError as exc:
        yield Skip(shown, "unreadable", f"{shown}: cannot read: {exc.strerror or exc}")
    except DecodeError as exc:
        yield decode_skip(shown, exc)
    except _TableError as exc:
        yield Skip(shown, "malformed_table", f"{shown}: {exc}")
    except (OSError, EOFError) as exc:  # EOFError: a truncated .gz
        yield Skip(shown, "unreadable", f"{shown}: cannot read: {getattr(exc, 'strerror', None) or exc}")


class _TableError(ValueError):
    pass


# A table row stream yields ("columns", list) once, then ("row", rowno, dict) or
# ("bad", rowno, message).


def _csv_rows(p: Path, enc: str, chunksize: int) -> Iterator[tuple]:
    """Stream a CSV with the csv module (strict quoting), one row at a time.

    Rows with the wrong number of fields are reported one by one; a quoting error (e.g. a
    quote left open by a truncated file) stops the file there, after the rows before it
    were yielded, and is reported with its line number. ``chunksize`` is unused (rows are
    streamed singly) and kept for a uniform signature.
    """
    del chunksize
    csv.field_size_limit(2**31 - 1)
    with open_text(p, enc) as fh:
        first = fh.readline()
        fh.seek(0)
        try:
            sep = csv.Sniffer().sniff(first or ",", ",;\t|").delimiter
        except csv.Error:
            sep = ","
        reader = csv.reader(fh, delimiter=sep, strict=True)
        rowno = 0
        try:
            header = next(reader, None)
            if header is None:
                yield ("columns", [])
                return
            header = [h.strip() for h in header]
            yield ("columns", header)
            for rec in reader:
                if not any(x.strip() for x in rec):
                    continue
                rowno += 1
                if len(rec) != len(header):
                    msg = (f"row {rowno} (line {reader.line_num}): expected {len(header)} "
                           f"fields, saw {len(rec)}")
                    yield ("bad", rowno, msg)
                    continue
                yield ("row", rowno, dict(zip(header, rec, strict=True)))
            if fh.n_repaired > stray_count(enc):
                yield ("doubtful", None, tail_skip("", enc, fh.n_repaired - stray_count(enc),
                                                    "rows").detail.lstrip(": "))
        except csv.Error as exc:
            raise _TableError(f"CSV parse error at line {reader.line_num} ({exc}); the "
                              f"{rowno} row(s) before it were read, the rest ignored") from exc
        except UnicodeDecodeError as exc:
            raise DecodeError(f"not valid {enc} after row {rowno}; the rest ignored") from exc


def _jsonl_rows(p: Path, enc: str) -> Iterator[tuple]:
    with open_text(p, enc) as fh:
        announced = False
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                if not announced:
                    yield ("columns", None)
                    announced = True
                yield ("bad", lineno, f"line {lineno}: invalid JSON ({exc.msg})")
                continue
            if not isinstance(rec, dict):
                if not announced:
                    yield ("columns", None)
                    announced = True
                yield ("bad", lineno, f"line {lineno}: not a JSON object")
                continue
            if not announced:
                yield ("columns", None)
                announced = True
            yield ("row", lineno, rec)
        if not announced:
            yield ("columns", [])
        if fh.n_repaired > stray_count(enc):
            yield ("doubtful", None, tail_skip("", enc, fh.n_repaired - stray_count(enc),
                                                "rows").detail.lstrip(": "))


def _parquet_rows(p: Path, chunksize: int) -> Iterator[tuple]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(p)
    except (pa.ArrowInvalid, OSError) as exc:
        if isinstance(exc, PermissionError):
            raise
        raise _TableError(f"not a readable parquet file ({exc})") from exc
    names = pf.schema_arrow.names
    yield ("columns", names)
    wanted = [c for c in (_find_column(names, k) for k in COLUMN_ALIASES) if c is not None]
    rowno = 0
    for batch in pf.iter_batches(batch_size=chunksize, columns=wanted or None):
        for rec in batch.to_pylist():
            rowno += 1
            yield ("row", rowno, rec)


def _table_records(rows: Iterator[tuple], p: Path, shown: str, key: str, *, max_bytes: int,
                   text_column: str | None) -> Iterator[RawRecord | Skip]:
    cols: dict[str, str | None] | None = None
    fixed = False
    for item in rows:
        if item[0] == "columns":
            if item[1] is None:  # JSONL: columns are per row
                continue
            names = item[1]
            cols = {k: _find_column(names, k, text_column if k == "text" else None)
                    for k in COLUMN_ALIASES}
            fixed = True
            if cols["text"] is None:
                wanted = text_column or "/".join(COLUMN_ALIASES["text"][:4])
                raise _TableError(f"no text column ({wanted}) among columns {list(names)}")
            continue
        if item[0] == "doubtful":
            yield Skip(shown, "doubtful_encoding", f"{shown}: {item[2]}")
            continue
        if item[0] == "bad":
            _, rowno, msg = item
            yield Skip(shown, "malformed_row", f"{shown}: {msg}; row ignored")
            continue
        _, rowno, rec = item
        c = cols if fixed else {k: _find_column(rec.keys(), k, text_column if k == "text" else None)
                                for k in COLUMN_ALIASES}
        text = rec.get(c["text"]) if c["text"] is not None else None
        where = f"{shown} row {rowno}"
        if _is_blank(text):
            yield Skip(shown, "malformed_row", f"{where}: no text; row ignored")
            continue
        if not isinstance(text, str):
            text = str(text)
        raw = text.encode("utf-8", errors="surrogatepass")
        if len(raw) > max_bytes:
            yield Skip(shown, "too_large",
                       f"{where}: text of {len(raw):,} bytes exceeds max_bytes={max_bytes:,}")
            continue
        rid = rec.get(c["id"]) if c["id"] else None
        stem = p.name.split(".")[0]
        doc_id = str(rid).strip() if not _is_blank(rid) else f"{stem}:{rowno}"

        date = _opt(rec, c, "date")
        yield RawRecord(
            doc_id, shown, text, archives.inner_suffix(p).lstrip("."), f"{key}#{rowno}",
            hashlib.sha1(raw).digest(), row=rowno, title=_opt(rec, c, "title"), date=date,
            date_source=f"table column {c['date']!r}" if date else None,
            outlet=_opt(rec, c, "outlet"), **{k: _opt(rec, c, k) for k in EXTRA_FIELDS},
        )


def _opt(rec: dict, cols: dict[str, str | None], kind: str) -> str | None:
    """Optional string field of a table row (None when the column is absent or blank)."""
    v = rec.get(cols[kind]) if cols[kind] else None
    return None if _is_blank(v) else str(v).strip()
