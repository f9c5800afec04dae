"""The proof that cleaning lost no body text: :func:`check_cleaning` re-reads each text
file of a corpus and checks that every non-blank raw line is either in the cleaning audit
(removed, with a reason) or in the clean text (:func:`presse.clean.unaccounted_lines`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from presse import config
from presse.clean import Removed, unaccounted_lines
from presse.corpus.inputs import read_bytes
from presse.readers.encoding import decode_bytes

__all__ = ["check_cleaning"]


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
            text, _ = decode_bytes(read_bytes(path))
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
