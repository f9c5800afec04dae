"""What the corpus loader yields and the tables it builds: the documents-table columns,
the skip report and cleaning audit columns, the record types (:class:`Skip`,
:class:`RawRecord`, :class:`LoadedDocument`, :class:`Corpus`) and the functions that turn
records into DataFrames with the contract's dtypes. Every other module of
:mod:`presse.corpus` speaks in these types.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from presse.clean import Removed

__all__ = ["AUDIT_COLUMNS", "DOCUMENT_COLUMNS", "EXTRA_FIELDS", "SKIP_COLUMNS", "Corpus",
           "LoadedDocument", "RawRecord", "Skip", "audit_rows", "documents_frame",
           "skips_frame"]

DOCUMENT_COLUMNS = [
    "doc_id", "source_path", "title", "date", "date_source", "outlet", "text", "n_words",
    "story_id", "title_source", "format", "row", "encoding", "lang_score", "n_removed_lines",
    "author", "section", "pages", "export_id",
]  # fmt: skip
#: Optional string columns a table row or an export article may fill.
EXTRA_FIELDS = ("author", "section", "pages", "export_id")
SKIP_COLUMNS = ["source_path", "reason", "detail"]
AUDIT_COLUMNS = ["doc_id", "line_no", "line", "reason"]


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


def audit_rows(ev: LoadedDocument) -> list[dict]:
    """The cleaning-audit rows of one loaded document (:data:`AUDIT_COLUMNS`)."""
    d = ev.record["doc_id"]
    return [{"doc_id": d, "line_no": r.line_no, "line": r.line, "reason": r.reason}
            for r in ev.removed]
