"""Reading a corpus of French articles into the documents table.

Entry points, from convenient to low level:

* :func:`load_corpus` -> documents DataFrame (skip report in ``.attrs["skipped"]``, cleaning
  audit in ``.attrs["audit"]``).
* :func:`read_corpus` -> :class:`Corpus` (documents, skipped, audit), with same-story ids.
* :func:`iter_documents` -> generator of :class:`LoadedDocument` and :class:`Skip` events,
  one document at a time (bounded memory: tables are streamed in chunks, duplicate
  detection keeps only 20-byte digests). :func:`iter_document_frames` groups them into
  DataFrame batches for a streaming build.
* :func:`iter_raw` -> raw records before cleaning (files and table rows).

Inputs (``path``): a folder, read recursively in sorted order (``.txt``, ``.html``/``.htm``
including Europresse and Factiva exports (one document per article, see
:mod:`presse.readers`), ``.csv``, ``.jsonl``/``.ndjson``, ``.parquet``, ``.docx``/``.odt``
(one article; Nexis Uni DOCX exports split per article), ``.rtf`` (Nexis exports too),
``.pdf`` (text layer), ``.zip`` of these, ``.gz`` of a text, HTML or table file; hidden
files and folders, whose names start
with ``.``, are ignored; any other file is listed as ``unsupported_format``); a single such
file; or ``None`` for the embedded corpus (:data:`presse.config.RAW`) with
``data/metadata.csv`` merged.

Tables need a text column; other columns are optional. Column names are matched
case-insensitively against :data:`COLUMN_ALIASES` (``text``/``body``/``content``/
``texte``..., ``id``/``doc_id``..., ``title``/``titre``/``headline``, ``date``/
``published``..., ``outlet``/``source``/``media``/``journal``...).

Nothing is dropped silently. Every input that is not loaded, or loaded with something
ignored, is one row of the skip report (``source_path``, ``reason``, ``detail``; the detail
names the file and, for table rows, the row). Reason codes:

=========================  ==============================================================
reason                     meaning
=========================  ==============================================================
``empty_file``             0 bytes, or only whitespace
``too_large``              file over ``max_bytes`` (not read at all), or a table cell or
                           export article over it
``unreadable``             permission or I/O error
``binary_file``            NUL bytes or a known binary signature (image, ZIP...) in a
                           text, HTML or table file
``undecodable``            bytes that no accepted encoding decodes into text
``doubtful_encoding``      close codecs give different plausible texts (candidates
                           listed); or, for a streamed file (export, CSV, JSONL), bytes
                           past the first MB not valid in the encoding chosen from it
                           (repaired and counted; the records are kept)
``no_article_text``        HTML page from which trafilatura extracts no article text; an
                           export or document with no article in it
``empty_after_cleaning``   only boilerplate
``non_french``             fails :func:`presse.clean.is_french`
``duplicate``              identical bytes or identical cleaned text to an earlier
                           document, or an export id already read (the first is kept,
                           the detail names it)
``duplicate_id``           a table row whose id was already used
``malformed_row``          table row without text, or unparsable (CSV/JSONL)
``malformed_table``        table that cannot be parsed past some point, or lacks a text
                           column
``bad_date``               a row's or article's date is unparsable: kept with date NaT
``bad_metadata``           metadata row ignored (unknown column set, bad date, no file,
                           repeated)
``metadata_unmatched``     metadata row naming no loaded document
``unsupported_format``     file extension we do not read
``multiple_articles``      an HTML page of several ``<article>`` elements in no known
                           export format
``malformed_article``      an article of an export without body (its position and first
                           words are given; the other articles load)
``malformed_document``     a ``.docx``, ``.odt``, ``.rtf`` or ``.pdf`` that cannot be
                           opened (corrupt, encrypted)
``pdf_export``             a PDF export of Europresse, Factiva or Nexis (the detail says
                           which format to export instead)
``no_text_layer``          a PDF without text (a scan: run OCR first)
``malformed_archive``      a ``.zip`` (or member) that cannot be read
``unsafe_archive``         a ``.zip`` inflating past :data:`MAX_ARCHIVE_BYTES`, or a
                           ``.docx``/``.odt`` whose parts inflate suspiciously
``unsafe_archive_member``  zip-slip name, link, encrypted, nested archive or zip bomb
=========================  ==============================================================

Raw files are only ever opened for reading.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from presse import config
from presse.clean import Removed, clean_document, count_words, is_french
from presse.readers import archives
from presse.readers.base import is_blank as _is_blank
from presse.readers.dates import parse_date
from presse.readers.encoding import (
    DecodeError,
    DoubtfulEncoding,
    RepairingReader,
    bom_encoding,
    decode_bytes,
    detect_encoding,
    stray_count,
    stream_codec,
)

log = logging.getLogger(__name__)

#: Default per-file limit for text and HTML files (and per table cell), in bytes.
MAX_BYTES = 20 * 1024 * 1024

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
TABLE_SUFFIXES = frozenset({".csv", ".jsonl", ".ndjson", ".parquet"})
#: Office documents and PDF (:mod:`presse.readers.office`); read whole, so held to max_bytes.
OFFICE_SUFFIXES = frozenset({".docx", ".odt", ".rtf", ".pdf"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | TABLE_SUFFIXES | OFFICE_SUFFIXES
#: Compressed inputs: ``.zip`` of supported files, ``.gz`` of one (``a.csv.gz``; not parquet).
ARCHIVE_SUFFIXES = frozenset({".zip", ".gz"})
#: Largest total a ``.zip`` may inflate to (its members are also held to ``max_bytes`` each,
#: or to this for tables and exports, which are streamed).
MAX_ARCHIVE_BYTES = 4 * 1024**3

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

DOCUMENT_COLUMNS = [
    "doc_id", "source_path", "title", "date", "date_source", "outlet", "text", "n_words",
    "story_id", "title_source", "format", "row", "encoding", "lang_score", "n_removed_lines",
    "author", "section", "pages", "export_id",
]  # fmt: skip
#: Optional string columns a table row or an export article may fill.
EXTRA_FIELDS = ("author", "section", "pages", "export_id")
SKIP_COLUMNS = ["source_path", "reason", "detail"]
AUDIT_COLUMNS = ["doc_id", "line_no", "line", "reason"]
METADATA_COLUMNS = ["file", "date", "date_source", "outlet", "note"]

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


@dataclass
class Skip:
    """One entry of the skip report."""

    source_path: str
    reason: str
    detail: str

    @property
    def message(self) -> str:
        return f"{self.source_path}: {self.reason}: {self.detail}"


@dataclass
class RawRecord:
    """A document before cleaning (a file, or a row of a table)."""

    doc_id: str
    source_path: str
    text: str
    format: str
    key: str  # metadata key: path relative to the corpus root (posix)
    digest: bytes  # sha1 of the raw bytes (file) or raw text (row)
    encoding: str | None = None
    row: int | None = None
    title: str | None = None
    date: str | None = None
    date_source: str | None = None
    outlet: str | None = None
    author: str | None = None
    section: str | None = None
    pages: str | None = None
    export_id: str | None = None
    unit: str = "row"  # what ``row`` counts: table "row" or export "article"
    removed: list[tuple[str, str]] = field(default_factory=list)  # taken out by the reader
    fallback_date: str | None = None  # used when no other date is found (docx "created")
    fallback_source: str | None = None


@dataclass
class LoadedDocument:
    """A cleaned document (a documents-table row as a dict) and its cleaning audit."""

    record: dict[str, Any]
    removed: list[Removed] = field(default_factory=list)


@dataclass
class Corpus:
    """Result of :func:`read_corpus`: ``documents`` (documents table), ``skipped`` (skip
    report: source_path, reason, detail) and ``audit`` (doc_id, line_no, line, reason: every
    line removed by cleaning)."""

    documents: pd.DataFrame
    skipped: pd.DataFrame
    audit: pd.DataFrame


# ---------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------


def _display(path: Path, root: Path) -> str:
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


def _find_column(columns: Iterable[str], kind: str, explicit: str | None = None) -> str | None:
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


def _read_head(path: Path, n: int) -> bytes:
    with archives.open_binary(path) as fh:
        return fh.read(n)


def _read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The (decompressed) bytes of ``path``; at most ``limit + 1`` when a limit is given."""
    with archives.open_binary(path) as fh:
        if limit is None:
            return fh.read()
        parts, n = [], 0
        while n <= limit and (chunk := fh.read(1 << 20)):  # read(n) would allocate n bytes
            parts.append(chunk)
            n += len(chunk)
        return b"".join(parts)


def _open_text(path: Path, enc: str) -> RepairingReader:
    """A text reader of ``path`` in the encoding ``enc`` chosen from its first MB: bytes
    further on that are not valid in it do not stop the file (they are repaired and
    counted in ``n_repaired``, and the caller lists the file as doubtful)."""
    codec, _ = stream_codec(enc)
    if path.suffix.lower() == ".gz":
        fh = gzip.open(path, "rt", encoding=codec, errors="surrogateescape", newline="")  # noqa: SIM115 - owned and closed by the reader
    else:
        fh = open(path, encoding=codec, errors="surrogateescape", newline="")  # noqa: SIM115 - owned and closed by the reader
    return RepairingReader(fh, codec)


def _decode_skip(shown: str, exc: DecodeError) -> Skip:
    reason = "doubtful_encoding" if isinstance(exc, DoubtfulEncoding) else "undecodable"
    return Skip(shown, reason, f"{shown}: {exc}")


def _binary_kind(data: bytes) -> str | None:
    """Why ``data`` looks binary (known signature or NUL bytes), else None."""
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            return kind
    if bom_encoding(data) in {"utf-16", "utf-32"}:
        return None
    if b"\x00" in data[:65536]:
        return "contains NUL bytes"
    return None


def _iter_files(root: Path, skip_names: set[Path]) -> Iterator[Path | Skip]:
    """Files under ``root`` in sorted order; unreadable folders become Skips."""
    errors: list[OSError] = []
    walked = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if not name.startswith("."):
                walked.append(Path(dirpath) / name)
    for err in errors:
        p = Path(err.filename) if err.filename else root
        yield Skip(_display(p, root), "unreadable", f"cannot list folder {_display(p, root)}: {err.strerror}")
    for p in sorted(walked, key=lambda q: q.relative_to(root).as_posix()):
        if p.resolve() not in skip_names:
            yield p


# ---------------------------------------------------------------------------------------
# raw records
# ---------------------------------------------------------------------------------------


def iter_raw(
    path: str | os.PathLike | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    chunksize: int = 10_000,
    text_column: str | None = None,
    exclude: Iterable[str | os.PathLike] = (),
) -> Iterator[RawRecord | Skip]:
    """Yield raw records (one per text/HTML file or table row) and Skips, in sorted order.

    Files larger than ``max_bytes`` are skipped from their size alone (never read). Tables
    are streamed: CSV in pandas chunks of ``chunksize`` rows, JSONL line by line, parquet in
    pyarrow record batches, so memory stays bounded whatever their size.
    """
    root = Path(path) if path is not None else config.RAW
    if not root.exists():
        raise FileNotFoundError(f"corpus path not found: {root}")
    excluded = {Path(p).resolve() for p in exclude}
    files: Iterable[Path | Skip] = _iter_files(root, excluded) if root.is_dir() else [root]
    for item in files:
        if isinstance(item, Skip):
            yield item
            continue
        yield from _read_file(item, root, max_bytes=max_bytes, chunksize=chunksize,
                              text_column=text_column)


def _read_file(p: Path, root: Path, *, max_bytes: int, chunksize: int,
               text_column: str | None, shown: str | None = None,
               key: str | None = None) -> Iterator[RawRecord | Skip]:
    """Records of one file (``shown``/``key`` override its displayed name and metadata key,
    for members of an archive)."""
    shown = shown or _display(p, root)
    key = key or (p.relative_to(root).as_posix() if root.is_dir() else p.name)
    compressed = archives.compressed_suffix(p)
    suffix = archives.inner_suffix(p)
    if compressed == ".zip":
        yield from _read_zip(p, shown, key, max_bytes=max_bytes, chunksize=chunksize,
                             text_column=text_column)
        return
    if suffix not in SUPPORTED_SUFFIXES or (
            compressed and (suffix == ".parquet" or suffix in OFFICE_SUFFIXES)):
        accepted = sorted(SUPPORTED_SUFFIXES | ARCHIVE_SUFFIXES)
        yield Skip(shown, "unsupported_format",
                   f"{shown}: extension {''.join(p.suffixes[-2:]) or '(none)'!r} is not read "
                   f"(supported: {', '.join(accepted)}; .gz of a text, HTML or table file)")
        return
    try:
        size = p.stat().st_size
    except OSError as exc:
        yield Skip(shown, "unreadable", f"{shown}: cannot stat: {exc.strerror or exc}")
        return
    if size == 0:
        yield Skip(shown, "empty_file", f"{shown}: file is empty (0 bytes)")
        return
    if suffix in TABLE_SUFFIXES:
        yield from _read_table(p, shown, key, suffix, max_bytes=max_bytes, chunksize=chunksize,
                               text_column=text_column)
        return
    if suffix in OFFICE_SUFFIXES:
        if size > max_bytes:
            yield Skip(shown, "too_large",
                       f"{shown}: {size:,} bytes exceeds max_bytes={max_bytes:,}; not read")
            return
        yield from _read_office(p, shown, key, suffix, max_bytes=max_bytes)
        return
    if suffix in HTML_SUFFIXES:
        try:
            export = _export_reader(p)
        except OSError as exc:
            yield Skip(shown, "unreadable", f"{shown}: cannot read: {exc.strerror or exc}")
            return
        if export is not None:
            yield from _read_export(p, shown, key, export, max_bytes=max_bytes)
            return
    if size > max_bytes:
        yield Skip(shown, "too_large",
                   f"{shown}: {size:,} bytes exceeds max_bytes={max_bytes:,}; not read")
        return
    try:
        data = _read_bytes(p, limit=max_bytes)
    except OSError as exc:
        yield Skip(shown, "unreadable", f"{shown}: cannot read: {exc.strerror or exc}")
        return
    if len(data) > max_bytes:  # a .gz that inflates past the limit
        yield Skip(shown, "too_large",
                   f"{shown}: inflates past max_bytes={max_bytes:,}; not read")
        return
    kind = _binary_kind(data)
    if kind:
        yield Skip(shown, "binary_file", f"{shown}: binary content ({kind}), not text")
        return
    try:
        text, enc = decode_bytes(data)
    except DecodeError as exc:
        yield _decode_skip(shown, exc)
        return
    if not text.strip():
        yield Skip(shown, "empty_file", f"{shown}: only whitespace")
        return
    digest = hashlib.sha1(data).digest()
    if suffix in HTML_SUFFIXES:
        n_articles = _count_articles(text)
        if n_articles > 1:
            yield Skip(shown, "multiple_articles",
                       f"{shown}: the page holds {n_articles} <article> elements with text, "
                       "in no export format presse knows; not read as one document (save "
                       "each article as its own file, or export them as a table)")
            return
        rec = _from_html(text, shown)
        if isinstance(rec, Skip):
            yield rec
            return
        body, title, date, outlet = rec
        yield RawRecord(p.stem, shown, body, "html", key, digest, enc, title=title, date=date,
                        date_source="HTML metadata (trafilatura)" if date else None,
                        outlet=outlet)
        return
    yield RawRecord(p.stem, shown, text, "txt", key, digest, enc)


def _from_html(html: str, shown: str) -> tuple[str, str | None, str | None, str | None] | Skip:
    import trafilatura

    # lxml refuses str input that carries an XML encoding declaration (XHTML pages)
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # noqa: BLE001 - lxml/trafilatura raise many types on broken pages
        return Skip(shown, "no_article_text", f"{shown}: HTML could not be parsed ({exc})")
    d = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    body = (d.get("text") or "").strip()
    if count_words(body) < 5:
        return Skip(shown, "no_article_text",
                    f"{shown}: trafilatura found no article text in the HTML "
                    f"({count_words(body)} words extracted)")
    return body, d.get("title") or None, d.get("date") or None, d.get("sitename") or None


def _export_reader(p: Path):
    """The reader of the press-database export an HTML file is (from its markup), or None."""
    from presse.readers import europresse, factiva

    head = _read_head(p, 1 << 16)
    if _binary_kind(head):
        return None
    text = head.decode("utf-8", errors="replace")
    if europresse.is_europresse(text):
        return europresse.read_europresse
    if factiva.is_factiva(text):
        return factiva.read_factiva
    return None


def _read_export(p: Path, shown: str, key: str, reader, *,
                 max_bytes: int) -> Iterator[RawRecord | Skip]:
    """Stream the articles of a press-database export (Europresse, Factiva) as records."""
    from presse.readers.base import text_chunks

    try:
        enc = _sample_encoding(p)
    except DecodeError as exc:
        yield _decode_skip(shown, exc)
        return
    last = 0
    try:
        with _open_text(p, enc) as fh:
            for item in reader(text_chunks(fh), shown):
                last = getattr(item, "position", None) or last
                yield _article_record(item, p, shown, key, enc, max_bytes=max_bytes)
            if fh.n_repaired > stray_count(enc):
                yield _tail_skip(shown, enc, fh.n_repaired - stray_count(enc), "articles")
    except (UnicodeDecodeError, DecodeError) as exc:
        yield Skip(shown, "undecodable",
                   f"{shown}: not valid {enc} after article {last} ({exc}); the rest ignored")
    except (OSError, EOFError) as exc:
        yield Skip(shown, "unreadable",
                   f"{shown}: cannot read after article {last}: "
                   f"{getattr(exc, 'strerror', None) or exc}")


def _article_record(item, p: Path, shown: str, key: str, enc: str | None, *,
                    max_bytes: int) -> RawRecord | Skip:
    """The record of an :class:`~presse.readers.base.Article` a reader found in ``p`` (or
    the Skip of a :class:`~presse.readers.base.Problem`). Articles of a multi-article file
    are ``stem:position`` (or their export id) and their key is ``key#position``."""
    from presse.readers.base import Problem

    if isinstance(item, Problem):
        detail = item.detail
        if item.texts:
            lost = " ".join(item.texts)
            detail += f" (it begins: {lost[:80]!r})"
        return Skip(shown, item.reason, detail)
    raw = item.text.encode("utf-8", errors="surrogatepass")
    where = f"{shown} article {item.position}" if item.position is not None else shown
    if len(raw) > max_bytes:
        return Skip(shown, "too_large",
                    f"{where}: text of {len(raw):,} bytes exceeds max_bytes={max_bytes:,}")
    stem = p.name.split(".")[0]
    many = item.position is not None
    return RawRecord(
        item.export_id or (f"{stem}:{item.position}" if many else p.stem), shown, item.text,
        item.format, f"{key}#{item.position}" if many else key, hashlib.sha1(raw).digest(),
        enc, row=item.position, title=item.title, date=item.date,
        date_source=f"{item.format} export header: {item.date!r}" if item.date else None,
        outlet=item.outlet, author=item.author, section=item.section, pages=item.pages,
        export_id=item.export_id, unit="article", removed=item.removed,
        fallback_date=item.fallback_date, fallback_source=item.fallback_source,
    )


def _read_office(p: Path, shown: str, key: str, suffix: str, *,
                 max_bytes: int) -> Iterator[RawRecord | Skip]:
    """Records of a ``.docx``/``.odt``/``.rtf``/``.pdf`` (see :mod:`presse.readers.office`)."""
    from presse.readers import office

    if suffix in {".docx", ".odt"}:
        bad = archives.zip_problem(p, shown, max_total_bytes=max(20 * max_bytes, 1 << 28))
        if bad is not None:
            yield _article_record(bad, p, shown, key, None, max_bytes=max_bytes)
            return
    try:
        for item in office.READERS[suffix](p, shown):
            yield _article_record(item, p, shown, key, None, max_bytes=max_bytes)
    except OSError as exc:
        yield Skip(shown, "unreadable", f"{shown}: cannot read: {exc.strerror or exc}")


def _tail_skip(shown: str, enc: str, n: int, what: str) -> Skip:
    """The skip-report row of a streamed file whose bytes past the encoding sample were not
    all valid in the encoding chosen from that sample (its records were kept)."""
    codec = stream_codec(enc)[0]
    how = "read as cp1252" if codec.startswith("utf-8") else "replaced by U+FFFD"
    return Skip(shown, "doubtful_encoding",
                f"{shown}: {n} byte(s) are not valid {codec}, the encoding chosen from the "
                f"file's first MB ({enc}); they were {how} and the {what} kept: check them, "
                "or re-save the file as UTF-8")


def _count_articles(html: str, min_words: int = 20) -> int:
    """How many non-nested ``<article>`` elements of a page hold at least ``min_words``."""
    if "<article" not in html.lower():
        return 0
    import lxml.html

    from presse.readers.base import block_texts

    try:
        tree = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", html))
    except Exception:  # noqa: BLE001 - lxml raises many types on broken pages
        return 0
    outer = [a for a in tree.iter("article")
             if not any(x.tag == "article" for x in a.iterancestors())]
    return sum(count_words(" ".join(block_texts(a))) >= min_words for a in outer)


def _read_zip(p: Path, shown: str, key: str, **kwargs) -> Iterator[RawRecord | Skip]:
    """Records of every supported member of a ``.zip``, read from a private temp copy."""
    from presse.readers.base import Problem

    limit = max(kwargs["max_bytes"], MAX_ARCHIVE_BYTES)
    for item in archives.zip_members(p, shown, max_member_bytes=limit,
                                     max_total_bytes=MAX_ARCHIVE_BYTES):
        if isinstance(item, Problem):
            yield Skip(shown, item.reason, item.detail)
            continue
        tmp, name = item
        yield from _read_file(tmp, tmp.parent, shown=f"{shown}/{name}", key=f"{key}/{name}",
                              **kwargs)


def _sample_encoding(p: Path, n: int = 1 << 20) -> str:
    head = _read_head(p, n)
    if len(head) == n and b"\n" in head:
        head = head[: head.rfind(b"\n")]
    enc = detect_encoding(head)
    return "utf-8-sig" if enc in {"utf-8", "utf-8-sig"} else enc


def _read_table(p: Path, shown: str, key: str, suffix: str, *, max_bytes: int,
                chunksize: int, text_column: str | None) -> Iterator[RawRecord | Skip]:
    try:
        if suffix == ".parquet":
            rows = _parquet_rows(p, chunksize)
        else:
            head = _read_head(p, 65536)
            kind = _binary_kind(head)
            if kind:
                yield Skip(shown, "binary_file", f"{shown}: binary content ({kind}), not a table")
                return
            enc = _sample_encoding(p)
            rows = _csv_rows(p, enc, chunksize) if suffix == ".csv" else _jsonl_rows(p, enc)
        yield from _table_records(rows, p, shown, key, max_bytes=max_bytes,
                                  text_column=text_column)
    except PermissionError as exc:
        yield Skip(shown, "unreadable", f"{shown}: cannot read: {exc.strerror or exc}")
    except DecodeError as exc:
        yield _decode_skip(shown, exc)
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
    with _open_text(p, enc) as fh:
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
                yield ("doubtful", None, _tail_skip("", enc, fh.n_repaired - stray_count(enc),
                                                    "rows").detail.lstrip(": "))
        except csv.Error as exc:
            raise _TableError(f"CSV parse error at line {reader.line_num} ({exc}); the "
                              f"{rowno} row(s) before it were read, the rest ignored") from exc
        except UnicodeDecodeError as exc:
            raise DecodeError(f"not valid {enc} after row {rowno}; the rest ignored") from exc


def _jsonl_rows(p: Path, enc: str) -> Iterator[tuple]:
    with _open_text(p, enc) as fh:
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
            yield ("doubtful", None, _tail_skip("", enc, fh.n_repaired - stray_count(enc),
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


# ---------------------------------------------------------------------------------------
# metadata
# ---------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------
# documents
# ---------------------------------------------------------------------------------------


def _resolve_metadata(path, metadata) -> Any:
    if metadata is False:
        return None
    if metadata is None:
        if path is None:
            return config.METADATA_CSV if config.METADATA_CSV.is_file() else None
        p = Path(path)
        cand = p / "metadata.csv" if p.is_dir() else None
        return cand if cand is not None and cand.is_file() else None
    return metadata


def iter_documents(
    path: str | os.PathLike | None = None,
    *,
    metadata: str | os.PathLike | pd.DataFrame | bool | None = None,
    max_bytes: int = MAX_BYTES,
    chunksize: int = 10_000,
    text_column: str | None = None,
    check_language: bool = True,
    min_french_score: float = 0.15,
) -> Iterator[LoadedDocument | Skip]:
    """Yield cleaned documents and Skips one at a time (see the module docstring).

    ``metadata``: None = ``data/metadata.csv`` for the embedded corpus, or a
    ``metadata.csv`` at the top of a user's folder (that file is then not read as a table);
    a path or DataFrame; False = none. Metadata wins over dates/outlets found in tables,
    HTML or the text. The ``story_id`` of yielded records is the doc's own id (stories need
    the whole corpus: :func:`presse.story.assign_stories`).

    Date precedence: metadata > table column or HTML metadata > a dateline in the text
    ("Mis à jour le ...", "date 2025-09-25 ..."). ``date_source`` says which.
    """
    meta_src = _resolve_metadata(path, metadata)
    meta: dict[str, dict] = {}
    exclude = []
    if meta_src is not None:
        mdf, mskips = load_metadata(meta_src)
        yield from mskips
        meta = {r["file"]: r for r in mdf.to_dict("records")}
        if not isinstance(meta_src, pd.DataFrame):
            exclude.append(meta_src)
    used_meta: set[str] = set()
    seen_ids: set[str] = set()
    seen_raw: dict[bytes, str] = {}
    seen_clean: dict[bytes, str] = {}

    for item in iter_raw(path, max_bytes=max_bytes, chunksize=chunksize,
                         text_column=text_column, exclude=exclude):
        if isinstance(item, Skip):
            yield item
            continue
        rec = item
        doc_id = rec.doc_id
        if doc_id in seen_ids:
            if rec.export_id is not None:
                yield Skip(rec.source_path, "duplicate",
                           f"{_where(rec)}: export document id {doc_id!r} already read: the "
                           "same article exported twice; kept the first")
                continue
            if rec.row is not None:
                yield Skip(rec.source_path, "duplicate_id",
                           f"{rec.source_path} row {rec.row}: id {doc_id!r} already used; row ignored")
                continue
            # same stem in another folder or format: the relative path, without then with
            # its extension ("sub/a", "a.html")
            stem_path = rec.key.rsplit(".", 1)[0]
            doc_id = stem_path if stem_path not in seen_ids else rec.key
        if rec.digest in seen_raw:
            yield Skip(rec.source_path, "duplicate",
                       f"{_where(rec)}: identical bytes to {seen_raw[rec.digest]!r}; kept the first")
            continue
        res = clean_document(rec.text, title=rec.title)
        if not res.text.strip():
            yield Skip(rec.source_path, "empty_after_cleaning",
                       f"{_where(rec)}: nothing left after removing {len(res.removed)} "
                       "boilerplate line(s)")
            continue
        ok, score = is_french(res.text, threshold=min_french_score)
        if check_language and not ok:
            n = count_words(res.text)
            why = (f"only {n} word(s), too short to recognise as French" if n < 5 else
                   f"French function-word ratio {score:.2f} (min {min_french_score:.2f}) or "
                   "more English/Spanish/Italian/German function words; not French")
            yield Skip(rec.source_path, "non_french", f"{_where(rec)}: {why}")
            continue
        cdig = hashlib.sha1(res.text.encode("utf-8", errors="surrogatepass")).digest()
        if cdig in seen_clean:
            yield Skip(rec.source_path, "duplicate",
                       f"{_where(rec)}: identical cleaned text to {seen_clean[cdig]!r}; "
                       "kept the first")
            continue
        seen_ids.add(doc_id)
        seen_raw[rec.digest] = doc_id
        seen_clean[cdig] = doc_id

        date, date_source, bad = _choose_date(rec, res)
        if bad:
            yield Skip(rec.source_path, "bad_date",
                       f"{_where(rec)}: unparsable date {rec.date!r}; kept with no date")
        removed = [Removed(0, line, reason) for line, reason in rec.removed] + res.removed
        outlet = rec.outlet or res.outlet_hint
        m = meta.get(rec.key) or (meta.get(doc_id) if rec.row is not None else None)
        if m is None and rec.row is None:
            m = meta.get(Path(rec.key).name)
        if m is not None:
            used_meta.add(m["file"])
            if m["date"] is not None and not pd.isna(m["date"]):
                date, date_source = m["date"], str(m["date_source"]).strip()
            if not _is_blank(m.get("outlet")):
                outlet = str(m["outlet"]).strip()
        yield LoadedDocument(
            {
                "doc_id": doc_id,
                "source_path": rec.source_path,
                "title": res.title,
                "date": date,
                "date_source": date_source or "",
                "outlet": outlet or "",
                "text": res.text,
                "n_words": count_words(res.text),
                "story_id": doc_id,
                "title_source": res.title_source,
                "format": rec.format,
                "row": rec.row,
                "encoding": rec.encoding,
                "lang_score": score,
                "n_removed_lines": len(removed),
                **{k: getattr(rec, k) or "" for k in EXTRA_FIELDS},
            },
            removed,
        )
    for f in sorted(set(meta) - used_meta):
        yield Skip(config.relpath(meta_src) if not isinstance(meta_src, pd.DataFrame) else "metadata",
                   "metadata_unmatched", f"metadata row for {f!r} matches no loaded document")


def _where(rec: RawRecord) -> str:
    return f"{rec.source_path} {rec.unit} {rec.row}" if rec.row is not None else rec.source_path


def _choose_date(rec: RawRecord, res) -> tuple[pd.Timestamp | None, str, bool]:
    """Date from the record (table column / HTML / export header), else from a dateline in
    the text, else the record's fallback (a document's "created" property).
    Returns (date, date_source, record_date_was_unparsable)."""
    bad = False
    if rec.date:
        try:
            return parse_date(rec.date), rec.date_source or "table", False
        except ValueError:
            bad = True
    if res.date is not None:
        kind = "update time in text" if res.date_kind == "updated" else "stated in text"
        return res.date, f"{kind}: {res.dateline!r}", bad
    if rec.fallback_date:
        try:
            return parse_date(rec.fallback_date), rec.fallback_source or "", bad
        except ValueError:
            pass
    return None, "", bad


def iter_document_frames(
    path: str | os.PathLike | None = None, *, batch_size: int = 5_000, **kwargs
) -> Iterator[tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]]:
    """Stream :func:`iter_documents` as ``(documents, skipped, audit)`` DataFrame batches of
    at most ``batch_size`` documents (for builds over corpora that do not fit in memory)."""
    docs, skips, audit = [], [], []
    for ev in iter_documents(path, **kwargs):
        if isinstance(ev, Skip):
            skips.append(ev)
            continue
        docs.append(ev.record)
        audit.extend(_audit_rows(ev))
        if len(docs) >= batch_size:
            yield _frames(docs, skips, audit)
            docs, skips, audit = [], [], []
    if docs or skips or audit:
        yield _frames(docs, skips, audit)


def _audit_rows(ev: LoadedDocument) -> list[dict]:
    d = ev.record["doc_id"]
    return [{"doc_id": d, "line_no": r.line_no, "line": r.line, "reason": r.reason}
            for r in ev.removed]


def _frames(docs: list[dict], skips: list[Skip], audit: list[dict]):
    return documents_frame(docs), skips_frame(skips), pd.DataFrame(audit, columns=AUDIT_COLUMNS)


def documents_frame(records: list[dict]) -> pd.DataFrame:
    """Documents table with the contract's dtypes (date datetime64, n_words int, row Int64)."""
    df = pd.DataFrame(records, columns=DOCUMENT_COLUMNS)
    df["date"] = pd.to_datetime(df["date"], errors="coerce")
    df["n_words"] = df["n_words"].astype("int64")
    df["row"] = df["row"].astype("Int64")
    df["n_removed_lines"] = df["n_removed_lines"].astype("int64")
    df["lang_score"] = df["lang_score"].astype("float64")
    return df


def skips_frame(skips: Iterable[Skip]) -> pd.DataFrame:
    """Skip report DataFrame: source_path, reason, detail."""
    return pd.DataFrame([(s.source_path, s.reason, s.detail) for s in skips],
                         columns=SKIP_COLUMNS)


def read_corpus(
    path: str | os.PathLike | None = None,
    *,
    metadata: str | os.PathLike | pd.DataFrame | bool | None = None,
    stories: bool = True,
    progress: bool = False,
    **kwargs,
) -> Corpus:
    """Read a corpus: documents table, skip report and cleaning audit (see module doc).

    ``stories``: assign ``story_id`` with :func:`presse.story.assign_stories` (same-story
    rewrites share the id of their first member); ``progress``: tqdm bar over documents.
    Other keyword arguments go to :func:`iter_documents` (``max_bytes``, ``chunksize``,
    ``text_column``, ``check_language``, ``min_french_score``). Every skip is also logged
    (logger ``presse.corpus``, level WARNING).
    """
    docs, skips, audit = [], [], []
    events = iter_documents(path, metadata=metadata, **kwargs)
    if progress:
        from tqdm.auto import tqdm

        events = tqdm(events, desc="reading corpus", unit="doc")
    for ev in events:
        if isinstance(ev, Skip):
            log.warning("%s", ev.message)
            skips.append(ev)
        else:
            docs.append(ev.record)
            audit.extend(_audit_rows(ev))
    documents = documents_frame(docs)
    if stories and len(documents):
        from presse.story import assign_stories

        documents["story_id"] = assign_stories(documents)
    skipped = skips_frame(skips)
    audit_df = pd.DataFrame(audit, columns=AUDIT_COLUMNS)
    documents.attrs["skipped"] = skipped
    documents.attrs["audit"] = audit_df
    return Corpus(documents, skipped, audit_df)


def load_corpus(
    path: str | os.PathLike | None = None,
    *,
    metadata: str | os.PathLike | pd.DataFrame | bool | None = None,
    **kwargs,
) -> pd.DataFrame:
    """The documents table of a corpus (DESIGN.md table contract).

    ``path``: None = the embedded corpus (``data/raw``, with ``data/metadata.csv``); a
    folder; a file (text, HTML or a table with a text column). Columns: doc_id,
    source_path, title, date (datetime64, NaT when unknown), date_source, outlet, text
    (clean body), n_words, story_id, plus title_source, format, row, encoding, lang_score,
    n_removed_lines. ``.attrs["skipped"]`` holds the skip report (source_path, reason,
    detail) and ``.attrs["audit"]`` every removed boilerplate line (doc_id, line_no, line,
    reason). Keyword arguments: see :func:`read_corpus`.
    """
    return read_corpus(path, metadata=metadata, **kwargs).documents


def check_cleaning(documents: pd.DataFrame, audit: pd.DataFrame,
                   corpus: str | os.PathLike | None = None) -> pd.DataFrame:
    """Verify that cleaning lost no body text, document by document.

    Re-reads each text file, and checks with :func:`presse.clean.unaccounted_lines` that
    every non-blank raw line is either in ``audit`` (removed, with a reason) or in the clean
    ``text``. Returns doc_id, n_lines (non-blank raw lines), n_removed, n_unaccounted,
    unaccounted (the lost lines, "line_no: text"), checked (False for table rows and HTML
    pages, whose raw text is not a file of lines, or a file no longer found).
    ``corpus``: the folder the documents were read from (None = the embedded corpus).
    """
    from presse.clean import unaccounted_lines

    base = Path(corpus) if corpus is not None else config.RAW
    rows = []
    by_doc = {d: g for d, g in audit.groupby("doc_id")} if len(audit) else {}
    for doc in documents.itertuples(index=False):
        g = by_doc.get(doc.doc_id)
        removed = [] if g is None else [Removed(int(r.line_no), r.line, r.reason)
                                        for r in g.itertuples(index=False)]
        row = {"doc_id": doc.doc_id, "n_lines": pd.NA, "n_removed": len(removed),
               "n_unaccounted": pd.NA, "unaccounted": "", "checked": False}
        path = _locate(doc.source_path, base)
        if getattr(doc, "format", "txt") == "txt" and path is not None:
            text, _ = decode_bytes(_read_bytes(path))
            lost = unaccounted_lines(text, doc.text, removed)
            row.update(n_lines=sum(1 for ln in text.splitlines() if ln.strip()),
                       n_unaccounted=len(lost), checked=True,
                       unaccounted=" | ".join(f"{i}: {ln}" for i, ln in lost))
        rows.append(row)
    out = pd.DataFrame(rows, columns=["doc_id", "n_lines", "n_removed", "n_unaccounted",
                                      "unaccounted", "checked"])
    return out.astype({"n_lines": "Int64", "n_unaccounted": "Int64"})


def _locate(source_path: str, base: Path) -> Path | None:
    """Find a displayed source path again: relative to the project, or to the corpus."""
    candidates = [config.ROOT / source_path]
    if base.is_dir():
        candidates += [base.parent / source_path, base / source_path]
    else:
        candidates += [base]
    for c in candidates:
        if c.is_file():
            return c
    return None


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


_KIND_STYLE = {"stated": ("o", "full"), "updated": ("s", "full"), "table": ("o", "full"),
               "html": ("o", "full"), "inferred": ("o", "none"), "other": ("D", "none")}


def plot_timeline(documents: pd.DataFrame, ax=None, *, label_chars: int = 45):
    """Timeline of dated documents: one row per document (labelled by its shortened title
    and the unique part of its id, ``presse.display.doc_labels``), x = date; filled markers for dates
    stated in the text, table or page, hollow for inferred ones; documents of one
    ``story_id`` share a colour and are joined by a line. Returns the Axes (None-dated
    documents are left out; an Axes with a message is returned when none is dated)."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 0.45 * max(len(documents), 3) + 1.3))
    d = documents[documents["date"].notna()].sort_values(["date", "doc_id"])
    if d.empty:
        ax.text(0.5, 0.5, "no dated document", ha="center", va="center",
                transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    from presse.display import doc_labels

    named = doc_labels(d, width=label_chars)  # title shortened + unique part of the id
    labels = [named[str(doc_id)] for doc_id in d["doc_id"]]
    y = list(range(len(d)))[::-1]
    stories = list(dict.fromkeys(d["story_id"]))
    cmap = plt.get_cmap("tab10")
    colour = {s: cmap(i % 10) for i, s in enumerate(stories)}
    for yi, (_, row) in zip(y, d.iterrows(), strict=True):
        marker, fill = _KIND_STYLE.get(date_kind(row["date_source"]), ("o", "full"))
        ax.plot(row["date"], yi, marker=marker, fillstyle=fill, markersize=9,
                color=colour[row["story_id"]], linestyle="none")
    for s in stories:
        idx = [yi for yi, sid in zip(y, d["story_id"], strict=True) if sid == s]
        if len(idx) > 1:
            dates = d.loc[d["story_id"] == s, "date"]
            ax.plot(dates, idx, color=colour[s], alpha=0.5)
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D

    ax.set_yticks(y, labels)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel("date")
    ax.grid(axis="x", alpha=0.3)
    kinds = {date_kind(x) for x in d["date_source"]}
    handles = [Line2D([], [], marker=_KIND_STYLE[k][0], fillstyle=_KIND_STYLE[k][1],
                      color="grey", linestyle="none", label=label)
               for k, label in (("stated", "stated in the text"), ("updated", "update time"),
                                ("table", "table column"), ("html", "HTML metadata"),
                                ("inferred", "inferred from events"))
               if k in kinds]
    if handles:
        ax.legend(handles=handles, loc="best", fontsize="small")
    margin = (d["date"].max() - d["date"].min()) * 0.05 + pd.Timedelta(days=5)
    ax.set_xlim(d["date"].min() - margin, d["date"].max() + margin)
    return ax


__all__ = [
    "AUDIT_COLUMNS",
    "COLUMN_ALIASES",
    "DOCUMENT_COLUMNS",
    "MAX_BYTES",
    "SKIP_COLUMNS",
    "Corpus",
    "LoadedDocument",
    "RawRecord",
    "Skip",
    "check_cleaning",
    "date_kind",
    "documents_frame",
    "iter_document_frames",
    "iter_documents",
    "iter_raw",
    "load_corpus",
    "load_metadata",
    "parse_date",
    "plot_timeline",
    "read_corpus",
    "skips_frame",
]

