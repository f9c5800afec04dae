"""What a report is made of: cell tags, statuses, the corpus summary and one page's outcome.

Every other module of :mod:`presse.report` speaks in these terms, and notebooks import
:class:`NotEnoughData` and :func:`require` from here (through ``presse.report``) to say
that a corpus lacks what an analysis needs.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from presse import config

#: Cell tags read by :func:`presse.report.render_reports`.
#: ``embedded-corpus``: commentary written about the embedded corpus; dropped from the
#: pages (and the shared notebooks) of any other corpus.
#: ``method-check``: toy examples that show a method's failure modes before the corpus;
#: dropped with ``--hide-code`` and ``--audience public``, where their outputs would read
#: as corpus results without the code that makes them toys.
TAG_EMBEDDED = "embedded-corpus"
TAG_METHOD_CHECK = "method-check"

#: Audiences of ``presse report``: ``analyst`` sees everything (code, method checks);
#: ``public`` sees prose, tables and figures about the corpus only.
AUDIENCES = ("analyst", "public")

STATUS_OK = "ok"
STATUS_MISSING = "missing data"
STATUS_FAILED = "failed"

_STATUS_LABELS = {
    STATUS_OK: "rendered",
    STATUS_MISSING: "not enough data",
    STATUS_FAILED: "stopped with an error",
}


class NotEnoughData(Exception):
    """The corpus lacks what an analysis needs (documents, dates, actors, ...).

    Raise it from a notebook cell with a message written for the reader, saying what is
    missing and what would fix it, e.g.::

        raise NotEnoughData(
            "The topic sweep needs at least 20 documents; this corpus has 5."
        )

    ``presse report`` then renders the page up to that cell and shows the message in a
    box instead of a traceback; the other notebooks still run.
    """


def require(condition: object, message: str) -> None:
    """Raise :class:`NotEnoughData` with ``message`` when ``condition`` is false.

    Example (in a notebook)::

        require(len(docs) >= min_docs, f"needs {min_docs} documents, corpus has {len(docs)}")
    """
    if not condition:
        raise NotEnoughData(message)


@dataclass(frozen=True)
class CorpusInfo:
    """What a rendered page says about the corpus it was made from."""

    name: str
    n_documents: int
    fingerprint: str
    embedded: bool = False


@dataclass
class PageResult:
    """Outcome of one notebook in a report (one row of the index page)."""

    name: str
    title: str
    description: str
    status: str
    message: str = ""
    html: str = ""
    notebook: str = ""
    log: str = ""
    seconds: float = 0.0
    extra: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == STATUS_OK


def status_label(status: str) -> str:
    """How a status reads on the index page and in the terminal."""
    return _STATUS_LABELS.get(status, status)


def sentence(text: str) -> str:
    """``text`` ending with a full stop (messages are followed by more prose)."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…)»\"'" else text + "."


def display_path(path: str | os.PathLike | None) -> str:
    """How a path is shown in a page: relative to the project, else the file's own name."""
    if path is None:
        return config.relpath(config.RAW)
    return config.relpath(path)


def corpus_fingerprint(documents) -> str:
    """Short, stable hash of a documents table (doc_id and text of every document).

    Two reports with the same fingerprint were made from the same texts, whatever the
    folder or machine.
    """
    h = hashlib.sha256()
    cols = [c for c in ("doc_id", "text") if c in documents.columns]
    for row in documents.sort_values("doc_id")[cols].itertuples(index=False):
        for value in row:
            h.update(str(value).encode("utf-8"))
            h.update(b"\x1f")
        h.update(b"\x1e")
    return h.hexdigest()[:12]


def corpus_info(documents, corpus: str | os.PathLike | None) -> CorpusInfo:
    """The corpus line of every page: its display name, size and fingerprint."""
    embedded = corpus is None or Path(corpus).resolve() == config.RAW.resolve()
    name = display_path(corpus)
    if embedded:
        name += " (embedded corpus)"
    return CorpusInfo(
        name=name,
        n_documents=len(documents),
        fingerprint=corpus_fingerprint(documents),
        embedded=embedded,
    )
