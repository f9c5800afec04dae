"""``render_reports``: build the tables, run every notebook on a corpus, write the pages.

The steps, each in its own module: the table build (``presse.build`` through
``presse.cli.build_tables``), running each notebook with the corpus injected
(:mod:`~presse.report.execute`), explaining a failure (:mod:`~presse.report.failures`),
removing machine paths and commentary about another corpus (:mod:`~presse.report.scrub`),
and the HTML (:mod:`~presse.report.html`). Every file is written atomically.
"""

from __future__ import annotations

import copy
import datetime as _dt
import os
import time
import warnings
from collections.abc import Iterable
from pathlib import Path

from presse import config
from presse.io import write_text_atomic
from presse.report.execute import progress_bar, run_notebook, show_parameters
from presse.report.failures import close_failed_notebook
from presse.report.html import page_parts, render_html, render_index
from presse.report.model import (
    AUDIENCES,
    STATUS_OK,
    TAG_EMBEDDED,
    TAG_METHOD_CHECK,
    PageResult,
    corpus_info,
    display_path,
)
from presse.report.notebooks import find_notebooks, notebook_summary
from presse.report.scrub import Scrubber, drop_tagged_cells, machine_paths


def render_reports(
    corpus: str | os.PathLike | None = None,
    out: str | os.PathLike = "reports",
    notebooks: Iterable[str] | str | None = None,
    hide_code: bool = False,
    *,
    notebooks_dir: str | os.PathLike | None = None,
    progress: bool = True,
    timeout: int | None = None,
    build: bool = True,
    date: str | None = None,
    audience: str = "analyst",
    workers: int | None = None,
    build_options: dict | None = None,
) -> list[PageResult]:
    """Build the tables, execute every notebook on ``corpus`` and write HTML pages to ``out``.

    Parameters
    ----------
    corpus : folder or table of articles (``.txt``/``.html``/``.csv``/``.jsonl``/...);
        ``None`` uses the embedded corpus (``data/raw``).
    out : output folder (created); a relative path is relative to the current directory.
    notebooks : which notebooks to run (``"00,10"`` or ``["00", "20_topics"]``); default all.
    hide_code : hide code cells (prose, tables and figures stay) and the method checks
        (cells tagged ``method-check``: toy examples whose outputs, without their code,
        would read as results about the corpus).
    audience : ``"analyst"`` (default: everything) or ``"public"`` (code and method
        checks hidden, as with ``hide_code``).
    workers : processes for the table build (default: all cores; see ``presse.cli``).
    build_options : keyword arguments of :func:`presse.build.build` that change what the
        tables hold (``actors``, ``every_actor``, ``coref``, ``relation_method``,
        ``relation_threshold``: ``presse report --coref --relations combined``); default:
        the build's defaults.
    notebooks_dir : where the notebooks are (default ``notebooks/`` of the project).
    progress : show progress bars (tables, notebooks, cells) on stderr.
    timeout : per-cell time limit in seconds (default none).
    build : build the tables first (set False when ``out/tables`` is already built).
    date : date printed on the pages (default: today, UTC).

    Returns
    -------
    One :class:`PageResult` per notebook, in order; the same rows as ``out/index.html``.
    A notebook that fails yields a page explaining what is missing (status ``"missing
    data"`` or ``"failed"``) and never stops the others.
    """
    import nbformat

    from presse import __version__

    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}, not {audience!r}")
    hide_code = hide_code or audience == "public"
    out = Path(out).resolve()
    corpus_abs = str(Path(corpus).expanduser().resolve()) if corpus is not None else None
    tables_dir = out / "tables"
    paths = find_notebooks(notebooks_dir, notebooks)
    if not paths:
        raise FileNotFoundError(
            f"no notebooks (NN_name.ipynb) found in {display_path(notebooks_dir or config.NOTEBOOKS)}"
        )
    out.mkdir(parents=True, exist_ok=True)
    date = date or _dt.datetime.now(_dt.UTC).date().isoformat()

    if build:
        documents = _build_tables(corpus_abs, tables_dir, progress, workers=workers,
                                  **(build_options or {}))
    else:
        from presse import build as _b

        documents = _b.load_tables(["documents"], corpus=corpus_abs, out=tables_dir)
        documents = documents["documents"] if isinstance(documents, dict) else documents
    skipped = _read_skipped(tables_dir)
    if len(documents) == 0:
        reasons = sorted({row.get("reason", "?") for row in skipped})
        raise ValueError(
            f"no article could be read from {display_path(corpus_abs)}"
            + (
                f" ({len(skipped)} input(s) skipped: {', '.join(reasons)}; "
                f"see {config.relpath(out)}/tables/skipped.csv)"
                if skipped
                else " (it is empty)"
            )
        )
    info = corpus_info(documents, corpus_abs)

    shown_corpus = display_path(corpus_abs) if corpus_abs is not None else None
    shown_tables = f"{config.relpath(out)}/tables"
    scrub = Scrubber(
        {
            **({corpus_abs: shown_corpus} if corpus_abs else {}),
            str(tables_dir): shown_tables,
            str(out): config.relpath(out),
        }
    )

    results: list[PageResult] = []
    for src in progress_bar(paths, progress, desc="notebooks", unit="nb"):
        t0 = time.perf_counter()
        nb, error = run_notebook(
            nbformat.read(src, as_version=4),
            src.parent,
            parameters={"corpus": corpus_abs, "tables_dir": str(tables_dir)},
            name=src.name,
            timeout=timeout,
            progress=progress,
        )
        seconds = time.perf_counter() - t0
        title, description = notebook_summary(nb, src.stem)
        result = PageResult(
            name=src.stem,
            title=title,
            description=description,
            status=STATUS_OK,
            html=f"{src.stem}.html",
            notebook=f"notebooks/{src.name}",
            seconds=seconds,
        )
        show_parameters(nb, {"corpus": shown_corpus, "tables_dir": shown_tables})
        if error is not None:
            result.status, result.message, log = close_failed_notebook(
                nb, *error, src.name, scrub
            )
            if log:  # details for a bug report
                result.log = f"logs/{src.stem}.txt"
                write_text_atomic(out / result.log, log)
        scrub.notebook(nb)
        if not info.embedded:  # commentary written about the embedded corpus
            result.extra["embedded_cells_dropped"] = drop_tagged_cells(nb, [TAG_EMBEDDED])
        write_text_atomic(out / result.notebook, nbformat.writes(nb) + "\n")
        header, footer = page_parts(result, info, __version__, date)
        shown = nb
        if hide_code:
            shown = copy.deepcopy(nb)
            drop_tagged_cells(shown, [TAG_METHOD_CHECK])
        page = render_html(shown, header, footer, hide_code=hide_code, title=title)
        leaked = machine_paths(page)
        if leaked:  # the scrubber missed a form of path: say so rather than hide it
            result.extra["machine_paths"] = leaked
            warnings.warn(f"{result.html} shows machine paths: {leaked}", stacklevel=2)
        write_text_atomic(out / result.html, page)
        results.append(result)
    skipped_rows = [{k: scrub(str(v)) for k, v in row.items()} for row in skipped]
    write_text_atomic(
        out / "index.html",
        render_index(results, info, __version__, date, hide_code, skipped=skipped_rows),
    )
    return results


def _read_skipped(tables_dir: Path) -> list[dict]:
    """Rows of the build's skip report (inputs not read, and why)."""
    from presse import build

    table = build.read_skipped(tables_dir)
    return table.fillna("").astype(str).to_dict("records")


def _build_tables(corpus, tables_dir: Path, progress: bool, workers: int | None = None,
                  **options):
    """Build every table for ``corpus`` into ``tables_dir``; return the documents table.

    The build uses ``workers`` processes (default: all cores) through
    :func:`presse.cli.build_tables`, which picks the engine from the corpus size.
    """
    from presse import build
    from presse.cli import build_tables

    build_tables(corpus=corpus, out=tables_dir, progress=progress, workers=workers, **options)
    tables = build.load_tables(["documents"], corpus=corpus, out=tables_dir)
    return tables["documents"] if isinstance(tables, dict) else tables
