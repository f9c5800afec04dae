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

Modules (everything public is re-exported here: ``from presse.corpus import ...``):

* :mod:`~presse.corpus.records` -- columns, record types (:class:`Skip`,
  :class:`RawRecord`, :class:`LoadedDocument`, :class:`Corpus`) and their DataFrames;
* :mod:`~presse.corpus.inputs` -- one file's bytes, text stream and displayed name;
* :mod:`~presse.corpus.files` -- :func:`iter_raw`: files to raw records, dispatched to
  :mod:`presse.readers`;
* :mod:`~presse.corpus.tables` -- CSV, JSONL and parquet rows to raw records;
* :mod:`~presse.corpus.metadata` -- :func:`load_metadata`, :func:`date_kind`;
* :mod:`~presse.corpus.documents` -- cleaning, checks, dates and outlets:
  :func:`iter_documents`, :func:`read_corpus`, :func:`load_corpus`;
* :mod:`~presse.corpus.audit` -- :func:`check_cleaning`.

The timeline figure is :func:`presse.plots.plot_timeline` (re-exported here).
"""

from __future__ import annotations

from presse.corpus.audit import check_cleaning
from presse.corpus.documents import (
    iter_document_frames,
    iter_documents,
    load_corpus,
    read_corpus,
)
from presse.corpus.files import (  # noqa: F401 - constants re-exported for users
    ARCHIVE_SUFFIXES,
    HTML_SUFFIXES,
    MAX_ARCHIVE_BYTES,
    MAX_BYTES,
    OFFICE_SUFFIXES,
    SUPPORTED_SUFFIXES,
    TEXT_SUFFIXES,
    iter_raw,
)
from presse.corpus.metadata import METADATA_COLUMNS, date_kind, load_metadata  # noqa: F401
from presse.corpus.records import (  # noqa: F401 - EXTRA_FIELDS re-exported for users
    AUDIT_COLUMNS,
    DOCUMENT_COLUMNS,
    EXTRA_FIELDS,
    SKIP_COLUMNS,
    Corpus,
    LoadedDocument,
    RawRecord,
    Skip,
    documents_frame,
    skips_frame,
)
from presse.corpus.tables import COLUMN_ALIASES, TABLE_SUFFIXES  # noqa: F401
from presse.plots import plot_timeline
from presse.readers.dates import parse_date

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
