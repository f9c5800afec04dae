"""Run every notebook on a corpus and render a folder of shareable HTML pages.

``render_reports(corpus, out)`` is what ``presse report`` and ``make report`` call:

1. build the tables for ``corpus`` into ``OUT/tables`` (``presse.build``);
2. execute each notebook of ``notebooks/`` (sorted ``NN_*.ipynb``), injecting the
   parameters ``corpus`` and ``tables_dir`` after its ``parameters`` cell (papermill's
   injection);
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

Modules: ``model`` (tags, statuses, :class:`NotEnoughData`, corpus summary), ``notebooks``
(finding notebooks, title and description), ``execute`` (the one notebook runner, and
:func:`execute_inplace`), ``failures`` (what a failure means for the reader), ``scrub``
(machine paths, tagged cells), ``html`` (pages and index from the jinja2 templates in
``templates/``), ``render`` (:func:`render_reports`), ``command`` (command line). Importing
this package is cheap: papermill, nbclient, nbconvert and jinja2 load when a notebook is
run or a page rendered.
"""

from __future__ import annotations

from presse.report.command import add_report_parser, main, run_report_command
from presse.report.execute import (
    KERNEL_NAME,
    execute_inplace,
    kernel_environment,
    parameter_names,
    run_notebook,
)
from presse.report.failures import explain_failure
from presse.report.html import render_html, render_index
from presse.report.model import (
    AUDIENCES,
    STATUS_FAILED,
    STATUS_MISSING,
    STATUS_OK,
    TAG_EMBEDDED,
    TAG_METHOD_CHECK,
    CorpusInfo,
    NotEnoughData,
    PageResult,
    corpus_fingerprint,
    corpus_info,
    display_path,
    require,
)
from presse.report.notebooks import NOTEBOOK_GLOB, find_notebooks, notebook_summary
from presse.report.render import render_reports
from presse.report.scrub import Scrubber, drop_tagged_cells, machine_paths, tagged_sentences

__all__ = [
    "AUDIENCES",
    "KERNEL_NAME",
    "NOTEBOOK_GLOB",
    "STATUS_FAILED",
    "STATUS_MISSING",
    "STATUS_OK",
    "TAG_EMBEDDED",
    "TAG_METHOD_CHECK",
    "CorpusInfo",
    "NotEnoughData",
    "PageResult",
    "Scrubber",
    "add_report_parser",
    "corpus_fingerprint",
    "corpus_info",
    "display_path",
    "drop_tagged_cells",
    "execute_inplace",
    "explain_failure",
    "find_notebooks",
    "kernel_environment",
    "machine_paths",
    "main",
    "notebook_summary",
    "parameter_names",
    "render_html",
    "render_index",
    "render_reports",
    "require",
    "run_notebook",
    "run_report_command",
    "tagged_sentences",
]
