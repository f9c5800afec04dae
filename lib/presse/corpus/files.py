"""Raw records of a corpus: the files under a folder (or one file) read into
:class:`~presse.corpus.records.RawRecord` objects before cleaning, or into rows of the
skip report.

:func:`iter_raw` walks the folder in sorted order and dispatches each file on its
extension: plain text and HTML pages (trafilatura) here, press-database exports to
:mod:`presse.readers.europresse` / :mod:`presse.readers.factiva`, office documents and PDF
to :mod:`presse.readers.office`, ``.zip`` members through :mod:`presse.readers.archives`,
and tables to :mod:`presse.corpus.tables`.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from presse import config
from presse.corpus.inputs import (
    binary_kind,
    decode_skip,
    display_path,
    open_text,
    read_bytes,
    read_head,
    sample_encoding,
    tail_skip,
)
from presse.corpus.records import RawRecord, Skip
from presse.corpus.tables import TABLE_SUFFIXES, read_table
from presse.readers import archives
from presse.readers.encoding import DecodeError, decode_bytes, stray_count
from presse.text import count_words

__all__ = ["ARCHIVE_SUFFIXES", "HTML_SUFFIXES", "MAX_ARCHIVE_BYTES", "MAX_BYTES",
           "OFFICE_SUFFIXES", "SUPPORTED_SUFFIXES", "TEXT_SUFFIXES", "iter_raw"]

#: Default per-file limit for text and HTML files (and per table cell), in bytes.
MAX_BYTES = 20 * 1024 * 1024

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
#: Office documents and PDF (:mod:`presse.readers.office`); read whole, so held to max_bytes.
OFFICE_SUFFIXES = frozenset({".docx", ".odt", ".rtf", ".pdf"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | TABLE_SUFFIXES | OFFICE_SUFFIXES
#: Compressed inputs: ``.zip`` of supported files, ``.gz`` of one (``a.csv.gz``; not parquet).
ARCHIVE_SUFFIXES = frozenset({".zip", ".gz"})
#: Largest total a ``.zip`` may inflate to (its members are also held to ``max_bytes`` each,
#: or to this for tables and exports, which are streamed).
MAX_ARCHIVE_BYTES = 4 * 1024**3


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
        yield Skip(display_path(p, root), "unreadable", f"cannot list folder {display_path(p, root)}: {err.strerror}")
    for p in sorted(walked, key=lambda q: q.relative_to(root).as_posix()):
        if p.resolve() not in skip_names:
            yield p


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
    shown = shown or display_path(p, root)
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
        yield from read_table(p, shown, key, suffix, max_bytes=max_bytes, chunksize=chunksize,
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
        data = read_bytes(p, limit=max_bytes)
    except OSError as exc:
        yield Skip(shown, "unreadable", f"{shown}: cannot read: {exc.strerror or exc}")
        return
    if len(data) > max_bytes:  # a .gz that inflates past the limit
        yield Skip(shown, "too_large",
                   f"{shown}: inflates past max_bytes={max_bytes:,}; not read")
        return
    kind = binary_kind(data)
    if kind:
        yield Skip(shown, "binary_file", f"{shown}: binary content ({kind}), not text")
        return
    try:
        text, enc = decode_bytes(data)
    except DecodeError as exc:
        yield decode_skip(shown, exc)
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

    head = read_head(p, 1 << 16)
    if binary_kind(head):
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
        enc = sample_encoding(p)
    except DecodeError as exc:
        yield decode_skip(shown, exc)
        return
    last = 0
    try:
        with open_text(p, enc) as fh:
            for item in reader(text_chunks(fh), shown):
                last = getattr(item, "position", None) or last
                yield _article_record(item, p, shown, key, enc, max_bytes=max_bytes)
            if fh.n_repaired > stray_count(enc):
                yield tail_skip(shown, enc, fh.n_repaired - stray_count(enc), "articles")
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
