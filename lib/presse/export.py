"""Exports for the tools French researchers use next to presse.

- :func:`to_iramuteq` -- IRaMuTeQ's text corpus: one UTF-8 file, each text introduced by a
  line of starred variables, ``**** *journal_lemonde *date_2019-03 *story_12``. Variable
  and modality are joined by ``_``; modalities carry no space, ``*`` or ``_`` (they become
  ``-``; accents are folded so that every IRaMuTeQ version reads them); a missing value is
  ``NA``. Asterisks inside texts, which IRaMuTeQ reads as markup, are removed.
- :func:`to_txm` -- TXM's "TXT + CSV" import: one ``<id>.txt`` per text (UTF-8) and a
  ``metadata.csv`` whose first column ``id`` names the files without their extension.
- :func:`to_gexf` -- a networkx graph as GEXF (Gephi): :func:`actor_graph` (who speaks of
  whom, from the relations table) and the co-occurrence graph of
  :mod:`presse.vocabulary.cooccurrence`.
- :func:`export_tables` -- every table of the build as CSV (UTF-8, ISO dates) or parquet.

:func:`export` runs one format into a folder (``presse export``); the readers
(:func:`read_iramuteq`, :func:`read_txm`) read the files back (tests, round trips).
Every file is written atomically (``presse.io``).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from presse.io import write_bytes_atomic, write_parquet_atomic, write_text_atomic

__all__ = ["FORMATS", "actor_graph", "export", "export_tables", "read_iramuteq", "read_txm",
           "to_gexf", "to_iramuteq", "to_txm"]

FORMATS = ("iramuteq", "txm", "gexf", "csv", "parquet")
#: Document variables exported by default (when present), with their IRaMuTeQ names.
IRAMUTEQ_VARIABLES = {"doc_id": "doc", "outlet": "journal", "date": "date",
                      "story_id": "story"}
_STARRED = re.compile(r"^\*\*\*\*(?P<vars>(?:\s+\*\S+)*)\s*$")


def _modality(value, date_format: str = "%Y-%m") -> str:
    """IRaMuTeQ modality: ASCII letters, digits and '-' only; NA when missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "NA"
    if isinstance(value, pd.Timestamp):
        value = value.strftime(date_format)
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^A-Za-z0-9-]+", "-", text).strip("-").lower()
    return text or "NA"


def to_iramuteq(documents: pd.DataFrame, path: str | Path,
                variables: dict[str, str] | None = None, date_format: str = "%Y-%m") -> Path:
    """Write ``documents`` (doc_id, text and the variables' columns) as an IRaMuTeQ corpus.

    variables: {column: IRaMuTeQ variable name}; default :data:`IRAMUTEQ_VARIABLES` (the
    columns present). Dates become ``date_format`` (month by default, as in
    ``*date_2019-03``). Returns the path.
    """
    variables = variables or {c: v for c, v in IRAMUTEQ_VARIABLES.items()
                              if c in documents.columns}
    for name in variables.values():
        if not re.fullmatch(r"[A-Za-z0-9]+", name):
            raise ValueError(f"IRaMuTeQ variable names are letters and digits only: {name!r}")
    out = io.StringIO()
    for _, row in documents.iterrows():
        stars = " ".join(f"*{name}_{_modality(row[col], date_format)}"
                         for col, name in variables.items())
        text = str(row["text"] if pd.notna(row["text"]) else "").replace("*", " ")
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
        out.write(f"**** {stars}\n" + "\n".join(paragraphs) + "\n\n")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, out.getvalue())
    return path


def read_iramuteq(path: str | Path) -> pd.DataFrame:
    """Read an IRaMuTeQ corpus: one row per text, a column per variable, and ``text``."""
    rows, current, lines = [], None, []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        m = _STARRED.match(line)
        if m:
            if current is not None:
                rows.append({**current, "text": "\n".join(lines).strip()})
            current = dict(v.lstrip("*").split("_", 1) for v in m.group("vars").split())
            lines = []
        elif current is not None:
            lines.append(line)
        elif line.strip():
            raise ValueError(f"{path}: text before the first '****' line: {line[:60]!r}")
    if current is not None:
        rows.append({**current, "text": "\n".join(lines).strip()})
    return pd.DataFrame(rows)


def _safe_id(doc_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", str(doc_id))


def to_txm(documents: pd.DataFrame, folder: str | Path,
           metadata: Sequence[str] = ("title", "date", "outlet", "story_id")) -> Path:
    """Write TXM's TXT + CSV import folder: ``<id>.txt`` per document and metadata.csv
    (``id`` first, then the ``metadata`` columns present; dates as YYYY-MM-DD)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    ids = [_safe_id(d) for d in documents["doc_id"]]
    if len(set(ids)) != len(ids):
        raise ValueError("document ids collide once made safe for file names")
    cols = [c for c in metadata if c in documents.columns]
    meta = documents[cols].copy()
    for c in cols:
        if pd.api.types.is_datetime64_any_dtype(meta[c]):
            meta[c] = meta[c].dt.strftime("%Y-%m-%d")
    meta.insert(0, "id", ids)
    for i, text in zip(ids, documents["text"]):
        write_text_atomic(folder / f"{i}.txt", "" if pd.isna(text) else str(text))
    buf = io.StringIO()
    meta.to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    write_text_atomic(folder / "metadata.csv", buf.getvalue())
    return folder


def read_txm(folder: str | Path) -> pd.DataFrame:
    """Read a TXT + CSV folder back: metadata.csv joined with each file's text."""
    folder = Path(folder)
    meta = pd.read_csv(folder / "metadata.csv", dtype=str, keep_default_na=False)
    meta["text"] = [(folder / f"{i}.txt").read_text(encoding="utf-8") for i in meta["id"]]
    return meta


def actor_graph(relations: pd.DataFrame, mentions: pd.DataFrame | None = None):
    """Directed actor network from the relations table: an edge source -> target per pair,
    with ``weight`` (number of relations), ``positive``, ``negative`` and ``polarity``
    (mean of +1 / -1); nodes carry ``mentions`` (count in the mentions table, if given)."""
    import networkx as nx

    G = nx.DiGraph()
    if mentions is not None and len(mentions):
        for actor, n in mentions["actor"].value_counts().sort_index().items():
            G.add_node(str(actor), mentions=int(n))
    if len(relations):
        g = relations.groupby(["source", "target"], sort=True)["polarity"]
        for (s, t), pol in g:
            for node in (s, t):
                if node not in G:
                    G.add_node(str(node), mentions=0)
            G.add_edge(str(s), str(t), weight=len(pol), positive=int((pol > 0).sum()),
                       negative=int((pol < 0).sum()), polarity=float(pol.mean()))
    return G


_GEXF_DATE = re.compile(rb'<meta lastmodifieddate="[^"]*"')


def to_gexf(graph, path: str | Path, date=None) -> Path:
    """Write a networkx graph as GEXF 1.2 (UTF-8), atomically, with reproducible bytes.

    networkx stamps ``<meta lastmodifieddate>`` with the day of the export, so the same
    graph gave different files on different days. ``date`` (a date, Timestamp or
    "YYYY-MM-DD"; :func:`export` passes the corpus's latest article date) is written
    instead; without it the attribute, optional in GEXF, is left out.
    """
    import networkx as nx

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    nx.write_gexf(graph, buf, encoding="utf-8", version="1.2draft")
    stamp = b"<meta"
    if date is not None and not pd.isna(date):
        stamp = f'<meta lastmodifieddate="{pd.Timestamp(date).date().isoformat()}"'.encode()
    write_bytes_atomic(path, _GEXF_DATE.sub(stamp, buf.getvalue(), count=1))
    return path


def _csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[c]):
            out[c] = out[c].dt.strftime("%Y-%m-%dT%H:%M:%S").str.replace("T00:00:00", "")
        elif out[c].dtype == object:
            out[c] = out[c].map(lambda v: "|".join(map(str, v))
                                if isinstance(v, (list, tuple, np.ndarray)) else v)
    return out


def export_tables(tables: dict[str, pd.DataFrame], folder: str | Path,
                  fmt: str = "csv") -> list[Path]:
    """Write each table as ``<name>.csv`` (UTF-8, dates ISO, lists joined with '|') or
    ``<name>.parquet``. Returns the paths, in the order of ``tables``."""
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"fmt must be 'csv' or 'parquet', got {fmt!r}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, df in tables.items():
        p = folder / f"{name}.{fmt}"
        if fmt == "csv":
            write_text_atomic(p, _csv_ready(df).to_csv(index=False, lineterminator="\n"))
        else:
            write_parquet_atomic(df, p)
        paths.append(p)
    return paths


def table_names() -> list[str]:
    """Every table ``presse build`` makes, in build order."""
    from presse.build import CORE_TABLES, STEPS

    return list(CORE_TABLES) + [t for s in STEPS for t in s.tables]


def export(fmt: str, out: str | Path, corpus=None, tables_dir=None) -> list[Path]:
    """Export the corpus (built if needed) in ``fmt`` into folder ``out``; returns the files.

    iramuteq: ``out/corpus_iramuteq.txt``; txm: ``out/txm/`` (texts + metadata.csv);
    gexf: ``out/actors.gexf`` and ``out/cooccurrence.gexf`` (words co-occurring in
    sentences); csv / parquet: every table of the build.
    """
    from presse.build import load_tables

    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    out = Path(out)
    if fmt in ("csv", "parquet"):
        tables = load_tables(table_names(), corpus=corpus, out=tables_dir)
        return export_tables(tables, out, fmt)
    if fmt == "iramuteq":
        docs = load_tables(["documents"], corpus=corpus, out=tables_dir)["documents"]
        return [to_iramuteq(docs, out / "corpus_iramuteq.txt")]
    if fmt == "txm":
        docs = load_tables(["documents"], corpus=corpus, out=tables_dir)["documents"]
        folder = to_txm(docs, out / "txm")
        return sorted(folder.iterdir())
    from presse.vocabulary.cooccurrence import cooccurrence_graph, cooccurrences

    t = load_tables(["documents", "sentences", "mentions", "relations"], corpus=corpus,
                    out=tables_dir)
    edges = cooccurrences(t["sentences"]["text"].fillna("").astype(str).tolist(), min_count=2)
    # the corpus's latest article date, not the day of the export: same corpus, same bytes
    date = pd.to_datetime(t["documents"]["date"], errors="coerce").max()
    return [to_gexf(actor_graph(t["relations"], t["mentions"]), out / "actors.gexf", date),
            to_gexf(cooccurrence_graph(edges, max_edges=None), out / "cooccurrence.gexf",
                    date)]
