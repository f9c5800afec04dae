"""Documents: raw records cleaned, checked and assembled into the documents table.

:func:`iter_documents` turns each raw record (:func:`presse.corpus.files.iter_raw`) into a
cleaned document (:func:`presse.clean.clean_document`) or a skip-report row: duplicate ids,
bytes or cleaned texts, nothing left after cleaning, not French
(:func:`presse.text.is_french`), an unparsable date. It chooses each document's date and
outlet (metadata > table column, HTML or export header > a dateline in the text).
:func:`read_corpus` and :func:`load_corpus` collect the whole corpus (with same-story ids);
:func:`iter_document_frames` streams it in DataFrame batches.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from presse import config
from presse.clean import Removed, clean_document
from presse.corpus.files import MAX_BYTES, iter_raw
from presse.corpus.metadata import load_metadata, resolve_metadata
from presse.corpus.records import (
    AUDIT_COLUMNS,
    EXTRA_FIELDS,
    Corpus,
    LoadedDocument,
    RawRecord,
    Skip,
    audit_rows,
    documents_frame,
    skips_frame,
)
from presse.readers.base import is_blank as _is_blank
from presse.readers.dates import parse_date
from presse.text import count_words, is_french

__all__ = ["iter_document_frames", "iter_documents", "load_corpus", "read_corpus"]

#: Every skip is logged here (level WARNING) by :func:`read_corpus`.
log = logging.getLogger("presse.corpus")


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
    meta_src = resolve_metadata(path, metadata)
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
        audit.extend(audit_rows(ev))
        if len(docs) >= batch_size:
            yield _frames(docs, skips, audit)
            docs, skips, audit = [], [], []
    if docs or skips or audit:
        yield _frames(docs, skips, audit)


def _frames(docs: list[dict], skips: list[Skip], audit: list[dict]):
    return documents_frame(docs), skips_frame(skips), pd.DataFrame(audit, columns=AUDIT_COLUMNS)


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
            audit.extend(audit_rows(ev))
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
