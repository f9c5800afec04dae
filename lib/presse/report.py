"""Run every notebook on a corpus and render a folder of shareable HTML pages.

``render_reports(corpus, out)`` is what ``presse report`` and ``make report`` call:

1. build the tables for ``corpus`` into ``OUT/tables`` (``presse.build``);
2. execute each notebook of ``notebooks/`` (sorted ``NN_*.ipynb``) with papermill, injecting
   the parameters ``corpus`` and ``tables_dir`` into its ``parameters`` cell;
3. convert each executed notebook to one self-contained HTML page (figures embedded as
   data URIs, no script or style fetched from the network), with a header and a footer
   naming the corpus (name, number of documents, fingerprint), the presse version and the
   date;
4. write ``OUT/index.html`` linking every page with a one-line description and its status.

Layout of ``OUT``::

    index.html              the page to open first
    NN_name.html            one page per notebook
    notebooks/NN_name.ipynb the executed notebooks (open them in JupyterLab)
    logs/NN_name.txt        for a notebook stopped by an exception: details for a bug report
    tables/                 the tables the notebooks read (parquet)

Every file is written atomically (``presse.io``). Pages never show a path of the machine
that made them: the corpus appears by its path relative to the project, or by its own name
when it lives elsewhere.

A notebook that cannot run on a corpus (too few documents for a topic sweep, no actor
mentioned, no dated article, any exception) does not produce a traceback page: its page
shows what ran, then a box explaining what is missing, and the other notebooks still
render. Notebooks signal a missing ingredient with :class:`NotEnoughData` (or
:func:`require`); see ``docs/README-report.md``.

``python -m presse.report execute-inplace notebooks`` (``make notebooks``) re-executes the
committed notebooks in place on the embedded corpus, with a fresh kernel.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import hashlib
import html
import os
import re
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from presse import config
from presse.io import write_text_atomic

__all__ = [
    "AUDIENCES",
    "TAG_EMBEDDED",
    "TAG_METHOD_CHECK",
    "CorpusInfo",
    "NotEnoughData",
    "PageResult",
    "drop_tagged_cells",
    "execute_inplace",
    "explain_failure",
    "find_notebooks",
    "machine_paths",
    "render_reports",
    "require",
    "tagged_sentences",
]

#: Kernel used to execute notebooks: ``python3`` resolves to the interpreter running presse
#: (the project's .venv), whichever ``python`` is first on PATH.
KERNEL_NAME = "python3"

#: Notebook files taken from a notebooks folder: two digits, underscore, name.
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"

#: Kernel start-up chatter (transport warnings, the interrupt at shutdown) stays out of the
#: terminal; errors inside cells are still captured in the notebook.
_KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL"]

#: Rows of the skip report listed on the index page (the rest are in tables/skipped.csv).
_MAX_SKIPPED_SHOWN = 50

#: Cell tags read by :func:`render_reports`.
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


# --------------------------------------------------------------------------------------
# Paths shown to readers
# --------------------------------------------------------------------------------------


def display_path(path: str | os.PathLike | None) -> str:
    """How a path is shown in a page: relative to the project, else the file's own name."""
    if path is None:
        return config.relpath(config.RAW)
    return config.relpath(path)


def _out_display(out: Path) -> str:
    return config.relpath(out)


def _machine_prefixes() -> list[str]:
    prefixes = {str(config.ROOT), str(Path.home()), tempfile.gettempdir(), sys.prefix}
    prefixes |= {os.path.realpath(p) for p in list(prefixes)}
    return sorted((p for p in prefixes if p and p != os.sep), key=len, reverse=True)


def machine_paths(text: str, extra: Iterable[str | os.PathLike] = ()) -> list[str]:
    """Return the machine paths (project root, home, temp dir, interpreter) found in ``text``.

    Used by the tests, and by :func:`render_reports` to warn when a page would show one.
    """
    found = []
    for prefix in [*_machine_prefixes(), *(str(p) for p in extra)]:
        for m in re.finditer(re.escape(prefix) + r"(?=[/\\'\"\s<]|$)", text):
            found.append(text[m.start() : m.start() + len(prefix) + 40].split()[0])
    return sorted(set(found))


class _Scrubber:
    """Replace machine paths in text by what a reader may see.

    Specific paths (corpus, tables, output folder) map to their display form; anything
    else under the project root becomes relative to it, the interpreter's site-packages
    prefix is dropped (library warnings keep ``sklearn/...``), the home directory becomes
    ``~`` and temporary paths keep only their last component.
    """

    def __init__(self, mapping: dict[str, str]):
        pairs: dict[str, str] = {}
        for src, dst in mapping.items():
            for variant in {str(src), os.path.realpath(src)}:
                pairs[variant] = dst
        root = str(config.ROOT)
        for variant in {root, os.path.realpath(root)}:
            pairs.setdefault(variant + os.sep, "")
            pairs.setdefault(variant, ".")
        self.pairs = sorted(pairs.items(), key=lambda kv: len(kv[0]), reverse=True)
        self.site = re.compile(r"[^\s'\"<>()\[\]]*[/\\](?:site|dist)-packages[/\\]")
        tmp = {tempfile.gettempdir(), os.path.realpath(tempfile.gettempdir())}
        self.tmp = re.compile(
            "(?:" + "|".join(re.escape(t) for t in sorted(tmp, key=len, reverse=True)) + ")"
            r"(?:[/\\][^\s'\"<>()\[\],;]*)?"
        )
        home = str(Path.home())
        self.home = home if home not in ("/", "") else None

    def __call__(self, text: str) -> str:
        if not text:
            return text
        for src, dst in self.pairs:
            if src in text:
                text = text.replace(src, dst)
        text = self.site.sub("", text)
        text = self.tmp.sub(lambda m: Path(m.group(0)).name or "tmp", text)
        if self.home and self.home in text:
            text = re.sub(re.escape(self.home) + r"(?=[/\\'\"\s]|$)", "~", text)
        return text


def _scrub_notebook(nb, scrub: _Scrubber) -> None:
    """Scrub machine paths from every cell source and output, in place."""
    for cell in nb.cells:
        cell.source = scrub(cell.source)
        for out in cell.get("outputs", []):
            if "text" in out:
                out["text"] = scrub(out["text"])
            if "evalue" in out:
                out["evalue"] = scrub(out["evalue"])
            if "traceback" in out:
                out["traceback"] = [scrub(t) for t in out["traceback"]]
            for mime, value in out.get("data", {}).items():
                if mime.startswith("text/") and isinstance(value, str):
                    out["data"][mime] = scrub(value)
    pm = nb.metadata.get("papermill")
    if pm:
        for key in ("input_path", "output_path"):
            if pm.get(key):
                pm[key] = scrub(str(pm[key]))
        params = pm.get("parameters") or {}
        for key, value in list(params.items()):
            if isinstance(value, str):
                params[key] = scrub(value)
        pm.pop("environment_variables", None)


def drop_tagged_cells(nb, tags: Iterable[str]) -> int:
    """Remove, in place, every cell carrying one of ``tags``; return how many were removed."""
    tags = set(tags)
    before = len(nb.cells)
    nb.cells = [c for c in nb.cells if not tags & set(c.get("metadata", {}).get("tags", []))]
    return before - len(nb.cells)


def tagged_sentences(nb, tag: str = TAG_EMBEDDED, min_words: int = 6) -> list[str]:
    """Sentences of the markdown cells tagged ``tag`` (plain text, at least ``min_words``
    words): what must never appear in a page rendered for another corpus."""
    out = []
    for cell in nb.cells:
        if cell.cell_type != "markdown" or tag not in cell.get("metadata", {}).get("tags", []):
            continue
        text = _plain(re.sub(r"^#+\s.*$", "", cell.source, flags=re.MULTILINE))
        for sent in re.split(r"(?<=[.!?])\s+", text):
            sent = sent.strip()
            if len(sent.split()) >= min_words:
                out.append(sent)
    return out


# --------------------------------------------------------------------------------------
# Corpus summary
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# Notebooks
# --------------------------------------------------------------------------------------


def find_notebooks(
    notebooks_dir: str | os.PathLike | None = None, select: Iterable[str] | str | None = None
) -> list[Path]:
    """Notebooks of ``notebooks_dir`` (sorted ``NN_*.ipynb``), optionally only ``select``.

    ``select`` items match a notebook by number (``"10"``), stem (``"10_sentiment"``) or
    file name; a comma-separated string is accepted (``"00,10"``).
    """
    folder = Path(notebooks_dir) if notebooks_dir is not None else config.NOTEBOOKS
    found = sorted(folder.glob(NOTEBOOK_GLOB))
    if select is None:
        return found
    if isinstance(select, str):
        select = select.split(",")
    wanted = [s.strip() for s in select if s.strip()]
    chosen = []
    for key in wanted:
        stem = key.removesuffix(".ipynb")
        hits = [p for p in found if p.stem == stem or p.stem.split("_", 1)[0] == stem]
        if not hits:
            names = ", ".join(p.stem for p in found) or "none"
            raise ValueError(
                f"no notebook matches {key!r} in {display_path(folder)} (available: {names})"
            )
        chosen.extend(h for h in hits if h not in chosen)
    return sorted(chosen)


_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def _plain(markdown: str) -> str:
    text = _MD_LINK.sub(r"\1", markdown)
    text = re.sub(r"[*_`]+", "", text)
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(text.split())


_LABEL = re.compile(r"^\*\*([^*]{1,40}?)[.:]?\*\*[.:]?\s*")


def _first_sentence(text: str) -> str:
    m = re.search(r"^(.+?[.?!])(\s|$)", text)
    return m.group(1) if m else text


def notebook_summary(nb, fallback: str) -> tuple[str, str]:
    """Title (first ``#`` heading) and one-line description of a notebook.

    The description is ``metadata["presse"]["description"]`` when set, else the first
    sentence of the paragraph labelled ``**Question.**`` (the skeleton's question), else
    the first sentence of the first prose paragraph.
    """
    title, question, first = "", "", ""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for para in re.split(r"\n\s*\n", cell.source):
            para = para.strip()
            if not para:
                continue
            if para.startswith("#"):
                if not title and re.match(r"#\s", para):
                    title = _plain(para.splitlines()[0].lstrip("#"))
                continue
            if para.startswith(("|", ">", "- ", "* ", "```", "<")) or re.match(r"\d+\.\s", para):
                continue  # tables, quotes, lists, code, raw HTML
            label = _LABEL.match(para)
            text = _plain(para[label.end() :] if label else para)
            if not text:
                continue
            if label and not question and label.group(1).strip().lower() == "question":
                question = _first_sentence(text)
            if not first:
                first = _first_sentence(text)
        if title and question:
            break
    meta = nb.metadata.get("presse", {}) if hasattr(nb, "metadata") else {}
    description = meta.get("description") or question or first
    if len(description) > 200:
        description = description[:197].rsplit(" ", 1)[0] + "…"
    return title or fallback, description


# --------------------------------------------------------------------------------------
# Failures: what is missing, said for a reader
# --------------------------------------------------------------------------------------

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

#: (exception names, pattern on the message, explanation). First match wins. Only precise
#: messages that libraries raise on too small or incomplete data are listed: a loose
#: keyword (e.g. any KeyError naming "mentions") would dress a bug up as missing data.
_FAILURE_HINTS: list[tuple[tuple[str, ...], re.Pattern, str]] = [
    (
        ("ValueError",),
        re.compile(
            r"empty vocabulary|max_df corresponds to < documents than min_df|"
            r"n_components=\d+ must be (<=|between)|n_samples=\d+ should be >=|"
            r"Expected n_neighbors <= n_samples|Cannot have number of splits n_splits=",
        ),
        (
            "Too few documents (or too few distinct words) for this analysis to fit its model. "
            "Add articles to the corpus, or lower the minimum sizes in the notebook's parameters."
        ),
    ),
    (
        ("ValueError", "TypeError"),
        re.compile(
            r"NaTType does not support|Cannot convert NaT|cannot convert float NaN to integer.*"
            r"date|Invalid comparison between dtype=datetime64\[ns\] and NaTType"
        ),
        (
            "The articles have no usable dates, which this analysis needs to place them in "
            "time. Add a date column (or a metadata file) to the corpus."
        ),
    ),
    (
        ("ValueError",),
        re.compile(
            r"No objects to concatenate|zero-size array to reduction operation|"
            r"arg(max|min) of an empty sequence|Found array with 0 sample|"
            r"min\(\) arg is an empty sequence|max\(\) arg is an empty sequence"
        ),
        (
            "A table this analysis needs is empty for this corpus (for instance no sentence "
            "mentions an actor, or no article is dated)."
        ),
    ),
]


def explain_failure(ename: str, evalue: str) -> tuple[str, str]:
    """Turn an exception raised in a notebook into ``(status, message for a reader)``.

    :class:`NotEnoughData` keeps the notebook's own message; known library errors on small
    or incomplete corpora get an explanation; anything else is reported as a failure with
    the exception's one-line summary (never its traceback).
    """
    evalue = _ANSI.sub("", evalue or "").strip()
    first = evalue.splitlines()[0] if evalue else ""
    if ename.split(".")[-1] == "NotEnoughData":
        return STATUS_MISSING, evalue or "The corpus lacks what this analysis needs."
    short = ename.split(".")[-1]
    for names, pattern, hint in _FAILURE_HINTS:
        if short in names and pattern.search(evalue):
            detail = f" (Python said: {ename}: {first})" if first else f" ({ename})"
            return STATUS_MISSING, hint + detail
    detail = f"{ename}: {first}" if first else ename
    return STATUS_FAILED, f"This analysis stopped with an error on this corpus: {detail}"


def _error_cell_index(nb) -> int | None:
    for i, cell in enumerate(nb.cells):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return i
    return None


def _notice_cell(nbformat, status: str, message: str, n_skipped: int):
    kind = "presse-missing" if status == STATUS_MISSING else "presse-failed"
    heading = (
        "Not enough data for this analysis" if status == STATUS_MISSING else "This analysis stopped"
    )
    rest = (
        f"<p>The {n_skipped} remaining cell(s) of this notebook need it and were not run.</p>"
        if n_skipped
        else ""
    )
    src = (
        f'<div class="presse-notice {kind}">\n<strong>{html.escape(heading)}.</strong>\n'
        f"<p>{html.escape(_sentence(message))}</p>{rest}\n</div>"
    )
    cell = nbformat.v4.new_markdown_cell(src)
    cell.metadata["tags"] = ["presse-notice"]
    return cell


def _stop_at_failure(nb, status: str, message: str) -> None:
    """Replace the error output by an explanation and drop the cells that did not run."""
    import nbformat

    nb.cells = [c for c in nb.cells if "papermill-error-cell-tag" not in c.metadata.get("tags", [])]
    idx = _error_cell_index(nb)
    if idx is None:
        idx = len(nb.cells) - 1
        for i, cell in enumerate(nb.cells):
            if (
                cell.cell_type == "code"
                and cell.get("execution_count") is None
                and cell.source.strip()
            ):
                idx = i - 1
                break
    cell = nb.cells[idx] if idx >= 0 else None
    if cell is not None and cell.cell_type == "code":
        cell.outputs = [o for o in cell.outputs if o.get("output_type") != "error"]
    rest = nb.cells[idx + 1 :]
    n_skipped = sum(1 for c in rest if c.cell_type == "code")
    nb.cells = nb.cells[: idx + 1] + [_notice_cell(nbformat, status, message, n_skipped)]


# --------------------------------------------------------------------------------------
# Execution
# --------------------------------------------------------------------------------------


@contextlib.contextmanager
def kernel_environment() -> Iterator[None]:
    """Environment for notebook kernels: inline figures even when MPLBACKEND=Agg is set.

    ipykernel keeps an MPLBACKEND it inherits (the Makefile exports Agg for scripts), and
    with Agg a notebook's figures would silently not be drawn. Also silences the debugger's
    frozen-modules warning on kernel start-up.
    """
    saved = {k: os.environ.get(k) for k in ("MPLBACKEND", "PYDEVD_DISABLE_FILE_VALIDATION")}
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextlib.contextmanager
def _quiet_papermill() -> Iterator[None]:
    """Drop papermill's false alarms about parameter cells with comments holding ``=``.

    Its parameter inspection (used only for those warnings) gives up on a line such as
    ``tables_dir = None  # None = data/processed``, then calls every injected parameter
    unknown; the injection itself works. Missing parameter cells are checked separately.
    """
    noise = ("Unable to parse line", "Passed unknown parameter")
    with _drop_log_messages(lambda msg: msg.startswith(noise),
                            ("papermill", "papermill.translators")):
        yield


@contextlib.contextmanager
def _drop_log_messages(drop: Callable[[str], bool], logger_names: Sequence[str]) -> Iterator[None]:
    """Inside the block, drop the records of the named loggers whose message ``drop`` flags."""
    import logging

    class _Drop(logging.Filter):
        def filter(self, record):
            return not drop(record.getMessage())

    loggers = [logging.getLogger(name) for name in logger_names]
    flt = _Drop()
    for lg in loggers:
        lg.addFilter(flt)
    try:
        yield
    finally:
        for lg in loggers:
            lg.removeFilter(flt)


def parameter_names(nb) -> set[str] | None:
    """Names assigned in the cell tagged ``parameters`` (None when there is no such cell)."""
    import ast

    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                return set()
            return {
                t.id
                for node in ast.walk(tree)
                if isinstance(node, (ast.Assign, ast.AnnAssign))
                for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                if isinstance(t, ast.Name)
            }
    return None


def _injected_source(params_display: dict[str, object]) -> str:
    lines = [
        "# Parameters injected by `presse report` (paths shown relative to the project)"
    ]
    lines += [f"{k} = {v!r}" for k, v in params_display.items()]
    return "\n".join(lines)


def _execute_with_papermill(src: Path, params: dict, tmp_out: Path, progress: bool, timeout):
    """Run ``src`` with papermill into ``tmp_out``; return (nb, error or None)."""
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    error = None
    try:
        with kernel_environment(), _quiet_papermill():
            pm.execute_notebook(
                str(src),
                str(tmp_out),
                parameters=params,
                kernel_name=KERNEL_NAME,
                progress_bar=progress,
                request_save_on_cell_execute=False,
                cwd=str(src.parent),
                execution_timeout=timeout,
                extra_arguments=_KERNEL_ARGS,
            )
    except PapermillExecutionError as exc:
        error = (exc.ename, exc.evalue)
    except Exception as exc:  # noqa: BLE001 - kernel died, timeout, no parameters cell
        error = (type(exc).__name__, str(exc))
    if tmp_out.exists():
        nb = nbformat.read(tmp_out, as_version=4)
    else:
        nb = nbformat.read(src, as_version=4)
    return nb, error


def _read_skipped(tables_dir: Path) -> list[dict]:
    """Rows of the build's skip report (inputs not read, and why)."""
    from presse import build

    table = build.read_skipped(tables_dir)
    return table.fillna("").astype(str).to_dict("records")


def _build_tables(corpus, tables_dir: Path, progress: bool, workers: int | None = None):
    """Build every table for ``corpus`` into ``tables_dir``; return the documents table.

    The build uses ``workers`` processes (default: all cores) through
    :func:`presse.cli.build_tables`, which picks the engine from the corpus size.
    """
    from presse import build
    from presse.cli import build_tables

    build_tables(corpus=corpus, out=tables_dir, progress=progress, workers=workers)
    tables = build.load_tables(["documents"], corpus=corpus, out=tables_dir)
    return tables["documents"] if isinstance(tables, dict) else tables


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------

#: Page template: JupyterLab's look, without the scripts it would fetch from CDNs
#: (require.js, MathJax, mermaid, widgets), so a page reads offline and from a mail
#: attachment. Header and footer carry the corpus and version.
_PAGE_TEMPLATE = r"""
{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}<style type="text/css">{{ resources.presse_css }}</style>{%- endblock extra_css -%}
{%- block body_header -%}
{{ super() }}
{{ resources.presse_header }}
{%- endblock body_header -%}
{%- block body_footer -%}
{{ resources.presse_footer }}
{{ super() }}
{%- endblock body_footer -%}
"""

_CSS = """
.presse-header, .presse-footer { font-family: system-ui, -apple-system, "Segoe UI", sans-serif;
  font-size: 14px; color: #333; padding: 8px 16px; background: #f4f6f8;
  border-bottom: 1px solid #d0d7de; }
.presse-footer { border-top: 1px solid #d0d7de; border-bottom: none; margin-top: 24px; }
.presse-header a, .presse-footer a { color: #0b5cad; }
.presse-header code, .presse-footer code { font-size: 13px; }
.presse-notice { border-left: 5px solid #d4a72c; background: #fff8e1; padding: 10px 14px;
  margin: 12px 0; font-family: system-ui, sans-serif; }
.presse-notice.presse-failed { border-left-color: #b35900; background: #fff1e5; }
.presse-notice p { margin: 6px 0 0 0; }
.presse-status { font-weight: 600; }
.presse-caveat { font-size: 13px; color: #555; margin-top: 4px; }
"""


def _sentence(text: str) -> str:
    """``text`` ending with a full stop (messages are followed by more prose)."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…)»\"'" else text + "."


def _status_label(status: str) -> str:
    return {
        STATUS_OK: "rendered",
        STATUS_MISSING: "not enough data",
        STATUS_FAILED: "stopped with an error",
    }.get(status, status)


def _corpus_line(info: CorpusInfo) -> str:
    return (
        f"Corpus <strong>{html.escape(info.name)}</strong> · {info.n_documents} document"
        f"{'s' if info.n_documents != 1 else ''} · fingerprint <code>{info.fingerprint}</code>"
    )


def _version_line(version: str, date: str) -> str:
    return f"presse {html.escape(version)} · rendered {html.escape(date)}"


def _page_parts(result: PageResult, info: CorpusInfo, version: str, date: str) -> tuple[str, str]:
    notice = ""
    if not result.ok:
        kind = "presse-missing" if result.status == STATUS_MISSING else "presse-failed"
        notice = (
            f'<div class="presse-notice {kind}"><span class="presse-status">'
            f"{html.escape(_status_label(result.status).capitalize())}:</span> "
            f"{html.escape(_sentence(result.message))} The page shows what ran before.</div>"
        )
    caveat = (
        ""
        if info.embedded
        else '<div class="presse-caveat">Tables, figures and the commentary about them are '
        "computed on this corpus; commentary written about the embedded corpus is left "
        "out. Method explanations and checks apply to any corpus.</div>"
    )
    header = (
        f'<header class="presse-header"><a href="index.html">← All analyses</a> · '
        f"{_corpus_line(info)} · {_version_line(version, date)}{caveat}{notice}</header>"
    )
    footer = (
        f'<footer class="presse-footer">Made with presse {html.escape(version)} on '
        f"{html.escape(date)} from the {_corpus_line(info)[0].lower()}{_corpus_line(info)[1:]}. Executed notebook: "
        f'<a href="{html.escape(result.notebook)}">{html.escape(result.notebook)}</a> '
        f'(open it in JupyterLab to rerun). <a href="index.html">All analyses</a></footer>'
    )
    return header, footer


def render_html(
    nb, header: str = "", footer: str = "", hide_code: bool = False, title: str | None = None
) -> str:
    """Convert a notebook to one self-contained HTML page (lab look, no external fetch)."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"presse_page.html.j2": _PAGE_TEMPLATE})],
        template_file="presse_page.html.j2",
        exclude_input=hide_code,
        exclude_input_prompt=hide_code,
        exclude_output_prompt=hide_code,
        embed_images=True,
    )
    resources = {
        "presse_header": header,
        "presse_footer": footer,
        "presse_css": _CSS,
        "metadata": {"name": title or "presse report"},
    }
    if title:
        nb.metadata["title"] = title
    with _quiet_alt_text_warning():
        body, _ = exporter.from_notebook_node(nb, resources=resources)
    return _add_alt_text(body, _figure_captions(nb, title or "the notebook"))


def _figure_captions(nb, title: str) -> list[str]:
    """Alt text for each figure output, in order: the section it appears in."""
    captions, section, k = [], title, 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if re.match(r"#{1,4}\s", line):
                    section = _plain(line.lstrip("#"))
            continue
        for out in cell.get("outputs", []):
            if any(m in out.get("data", {}) for m in ("image/png", "image/jpeg")):
                k += 1
                captions.append(f"Figure {k} of {title}, section: {section}")
    return captions


def _add_alt_text(page: str, captions: list[str]) -> str:
    """Replace nbconvert's placeholder alt text of output figures by their captions."""
    placeholder = 'alt="No description has been provided for this image"'
    pieces = page.split(placeholder)
    if len(pieces) - 1 != len(captions):
        return page
    out = [pieces[0]]
    for caption, piece in zip(captions, pieces[1:], strict=True):
        out.append(f'alt="{html.escape(caption)}"{piece}')
    return "".join(out)


@contextlib.contextmanager
def _quiet_alt_text_warning() -> Iterator[None]:
    with _drop_log_messages(lambda msg: "Alternative text is missing" in msg,
                            ("traitlets", "NbConvertApp")):
        yield


def render_index(
    results: Sequence[PageResult],
    info: CorpusInfo,
    version: str,
    date: str,
    hide_code: bool = False,
    skipped: Sequence[dict] = (),
) -> str:
    """The index page: one line per notebook with its description and status.

    ``skipped``: rows of the build's skip report (source_path, reason, detail), listed
    under the pages so that no input is dropped silently.
    """
    rows = []
    for r in results:
        status = html.escape(_status_label(r.status))
        detail = f"<div class='msg'>{html.escape(r.message)}</div>" if r.message else ""
        log = f" · <a href='{html.escape(r.log)}'>error details</a>" if r.log else ""
        rows.append(
            f"<li class='page {html.escape(r.status.replace(' ', '-'))}'>"
            f"<a class='title' href='{html.escape(r.html)}'>{html.escape(r.title)}</a>"
            f" <span class='status'>[{status}]</span>"
            f"<div class='desc'>{html.escape(r.description)}</div>{detail}"
            f"<div class='files'><a href='{html.escape(r.notebook)}'>notebook</a>{log}</div></li>"
        )
    n_ok = sum(r.ok for r in results)
    if skipped:
        items = []
        for row in list(skipped)[:_MAX_SKIPPED_SHOWN]:
            where = row.get("source_path", "")
            why = row.get("reason", "")
            detail = row.get("detail", "") or row.get("location", "")
            items.append(
                f"<li><code>{html.escape(where)}</code> — {html.escape(why)}"
                + (f": {html.escape(detail)}" if detail else "")
                + "</li>"
            )
        more = len(skipped) - _MAX_SKIPPED_SHOWN
        if more > 0:
            items.append(f"<li>… and {more} more (see the full list)</li>")
        skipped_html = (
            f"<section class='skipped'><h2>Inputs not read or not used ({len(skipped)})</h2>"
            f"<ul>{''.join(items)}</ul><p>Full list: "
            f"<a href='tables/skipped.csv'>tables/skipped.csv</a>.</p></section>"
        )
    else:
        skipped_html = "<p class='skipped'>Every input of the corpus was read.</p>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>presse report — {html.escape(info.name)}</title>
<style type="text/css">
body {{ font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 860px;
  margin: 24px auto; padding: 0 16px; color: #222; line-height: 1.45; }}
h1 {{ font-size: 26px; margin-bottom: 4px; }}
.meta {{ color: #555; margin-top: 0; }}
ul.pages {{ list-style: none; padding: 0; }}
li.page {{ border: 1px solid #d0d7de; border-radius: 6px; padding: 10px 14px; margin: 10px 0; }}
li.page a.title {{ font-size: 18px; font-weight: 600; color: #0b5cad; text-decoration: none; }}
.status {{ color: #1a7f37; font-weight: 600; }}
li.missing-data .status {{ color: #9a6700; }}
li.failed .status {{ color: #b35900; }}
.desc {{ margin-top: 4px; }}
.msg {{ margin-top: 4px; background: #fff8e1; padding: 6px 8px; border-radius: 4px; }}
.files {{ font-size: 13px; margin-top: 4px; }}
section.skipped li {{ font-size: 14px; }}
h2 {{ font-size: 18px; }}
footer {{ color: #555; font-size: 13px; margin-top: 24px; border-top: 1px solid #d0d7de; padding-top: 8px; }}
</style></head>
<body>
<header><h1>presse report</h1>
<p class="meta">{_corpus_line(info)}<br>{_version_line(version, date)} · {n_ok} of {len(results)} analyses rendered{" · code hidden" if hide_code else ""}</p></header>
<main><ul class="pages">
{chr(10).join(rows)}
</ul>
{skipped_html}
<p>Each page is a single HTML file with its figures inside: open it in any browser, attach it
to an e-mail or publish the whole folder. The executed notebooks (<code>notebooks/</code>) open in
JupyterLab; the tables they read are in <code>tables/</code>.</p></main>
<footer>Made with presse {html.escape(version)} on {html.escape(date)}.</footer>
</body></html>
"""


# --------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------


def _progress(iterable, enabled: bool, **kwargs):
    if not enabled:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, **kwargs)


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
    import copy

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
        documents = _build_tables(corpus_abs, tables_dir, progress, workers=workers)
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
                f"see {_out_display(out)}/tables/skipped.csv)"
                if skipped
                else " (it is empty)"
            )
        )
    info = corpus_info(documents, corpus_abs)

    shown_corpus = display_path(corpus_abs) if corpus_abs is not None else None
    shown_tables = f"{_out_display(out)}/tables"
    scrub = _Scrubber(
        {
            **({corpus_abs: shown_corpus} if corpus_abs else {}),
            str(tables_dir): shown_tables,
            str(out): _out_display(out),
        }
    )

    results: list[PageResult] = []
    with tempfile.TemporaryDirectory(prefix=".presse-run-", dir=out) as tmp:
        for src in _progress(paths, progress, desc="notebooks", unit="nb"):
            t0 = time.perf_counter()
            names = parameter_names(nbformat.read(src, as_version=4))
            if names is None or not {"corpus", "tables_dir"} <= names:
                warnings.warn(
                    f"{src.name}: no cell tagged 'parameters' defining corpus and tables_dir; "
                    "the values are injected at the top of the notebook",
                    stacklevel=2,
                )
            params = {"corpus": corpus_abs, "tables_dir": str(tables_dir)}
            nb, error = _execute_with_papermill(
                src, params, Path(tmp) / src.name, progress, timeout
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
            for cell in nb.cells:
                if "injected-parameters" in cell.metadata.get("tags", []):
                    cell.source = _injected_source(
                        {"corpus": shown_corpus, "tables_dir": shown_tables}
                    )
            if error is not None:
                ename, evalue = error
                result.status, result.message = explain_failure(ename, scrub(evalue))
                if ename.split(".")[-1] != "NotEnoughData":  # keep details for a bug report
                    result.log = f"logs/{src.stem}.txt"
                    write_text_atomic(out / result.log, scrub(_failure_log(nb, ename, evalue, src)))
                _stop_at_failure(nb, result.status, result.message)
            _scrub_notebook(nb, scrub)
            if not info.embedded:  # commentary written about the embedded corpus
                result.extra["embedded_cells_dropped"] = drop_tagged_cells(nb, [TAG_EMBEDDED])
            write_text_atomic(out / result.notebook, nbformat.writes(nb) + "\n")
            header, footer = _page_parts(result, info, __version__, date)
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


def _failure_log(nb, ename: str, evalue: str, src: Path) -> str:
    lines = [f"notebook: {src.name}", f"error: {ename}: {evalue}", ""]
    idx = _error_cell_index(nb)
    if idx is not None:
        cell = nb.cells[idx]
        lines += ["cell source:", cell.source, ""]
        for o in cell.outputs:
            if o.get("output_type") == "error":
                lines += ["traceback:", _ANSI.sub("", "\n".join(o.get("traceback", [])))]
    return "\n".join(lines) + "\n"


def execute_inplace(
    notebooks_dir: str | os.PathLike | None = None,
    select: Iterable[str] | str | None = None,
    *,
    progress: bool = True,
    timeout: int | None = None,
) -> list[Path]:
    """Re-execute notebooks in place on the embedded corpus, each with a fresh kernel.

    Cells run top to bottom (execution counts 1..n), parameters stay at their defaults,
    no timing metadata is recorded (clean diffs), machine paths are scrubbed from outputs,
    and each file is replaced atomically only when its run succeeded. Returns the paths
    that were updated; raises ``RuntimeError`` naming every notebook that failed (the
    failed ones are left as they were).
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    paths = find_notebooks(notebooks_dir, select)
    scrub = _Scrubber({})
    done, failed = [], []
    for path in _progress(paths, progress, desc="notebooks", unit="nb"):
        nb = nbformat.read(path, as_version=4)
        # parameters stay at their defaults: drop what an earlier papermill run injected
        nb.cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]
        nb.metadata.pop("papermill", None)
        client = NotebookClient(
            nb,
            kernel_name=KERNEL_NAME,
            timeout=timeout,
            record_timing=False,
            extra_arguments=_KERNEL_ARGS,
            resources={"metadata": {"path": str(path.parent)}},
        )
        try:
            with kernel_environment():
                client.execute()
        except CellExecutionError as exc:
            failed.append(f"{path.name}: {exc.ename}: {exc.evalue}")
            continue
        except Exception as exc:  # noqa: BLE001 - kernel died, timeout
            failed.append(f"{path.name}: {type(exc).__name__}: {exc}")
            continue
        _scrub_notebook(nb, scrub)
        write_text_atomic(path, nbformat.writes(nb) + "\n")
        done.append(path)
    if failed:
        raise RuntimeError("notebooks failed (left unchanged):\n  " + "\n  ".join(failed))
    return done


# --------------------------------------------------------------------------------------
# Command line: `presse report` (registered in presse.cli) and `python -m presse.report`
# --------------------------------------------------------------------------------------


def add_report_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``presse report`` on an argparse sub-parsers object."""
    p = subparsers.add_parser(
        "report",
        help="run every notebook on a corpus and write HTML pages with an index",
        description="Build the tables for a corpus, execute every notebook on it and write "
        "self-contained HTML pages plus index.html to OUT.",
    )
    p.add_argument(
        "--corpus",
        default=None,
        help="folder or table (.csv/.jsonl/...) of articles; default: embedded corpus",
    )
    p.add_argument("--out", default=str(config.REPORTS), help="output folder (default: reports/)")
    p.add_argument("--hide-code", action="store_true",
                   help="hide code cells and the toy method checks in the pages")
    p.add_argument("--audience", choices=AUDIENCES, default="analyst",
                   help="analyst (default): everything; public: prose, tables and figures "
                   "about the corpus (no code, no method checks)")
    p.add_argument("--workers", type=int, default=None,
                   help="processes for the table build (default: all cores)")
    p.add_argument(
        "--notebooks",
        default=None,
        help="comma-separated notebook numbers or names, e.g. 00,10 (default: all)",
    )
    p.add_argument("--timeout", type=int, default=None, help="per-cell time limit in seconds")
    p.add_argument("--no-progress", action="store_true", help="no progress bars")
    p.add_argument(
        "--notebooks-dir",
        default=None,
        help="folder of NN_name.ipynb notebooks (default: notebooks/)",
    )
    p.add_argument("--tone-model", type=Path, default=None,
                   help="tone model file from `presse train tone` (default: the shipped one)")
    p.set_defaults(func=run_report_command)
    return p


def run_report_command(args) -> int:
    """Handler of ``presse report``: returns the process exit code (1 when a page failed)."""
    t0 = time.perf_counter()
    if getattr(args, "tone_model", None):
        from presse.tone import use_model_file

        use_model_file(args.tone_model)
    try:
        results = render_reports(
            corpus=args.corpus,
            out=args.out,
            notebooks=args.notebooks,
            hide_code=args.hide_code,
            progress=not args.no_progress,
            timeout=args.timeout,
            notebooks_dir=args.notebooks_dir,
            audience=getattr(args, "audience", "analyst"),
            workers=getattr(args, "workers", None),
        )
    except (FileNotFoundError, ValueError) as exc:
        print(f"presse report: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
    for r in results:
        line = f"  {r.name:<24} {_status_label(r.status):<22} {r.seconds:6.1f}s"
        print(line + (f"  {r.message}" if r.message else ""), file=sys.stderr)
    print(f"wrote {out / 'index.html'} ({time.perf_counter() - t0:.0f}s)", file=sys.stderr)
    return 0 if all(r.status != STATUS_FAILED for r in results) else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m presse.report", description=__doc__.splitlines()[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser(
        "execute-inplace", help="re-execute notebooks in place on the embedded corpus"
    )
    p.add_argument("notebooks_dir", nargs="?", default=str(config.NOTEBOOKS))
    p.add_argument("--notebooks", default=None, help="comma-separated numbers or names")
    p.add_argument("--timeout", type=int, default=None)
    add_report_parser(sub)
    args = parser.parse_args(argv)
    if args.command == "execute-inplace":
        try:
            done = execute_inplace(args.notebooks_dir, args.notebooks, timeout=args.timeout)
        except RuntimeError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        print(f"executed {len(done)} notebook(s) in place", file=sys.stderr)
        return 0
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
