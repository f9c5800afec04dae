"""HTML of a report: one self-contained page per notebook, and the index page.

Markup lives in jinja2 templates shipped with the package (``templates/``):
``presse_page.html.j2`` extends nbconvert's JupyterLab template (no script or style
fetched from the network), ``presse_parts.html.j2`` holds the header, footer and notice
pieces, ``presse_index.html.j2`` the index. Templates are rendered with autoescape, so
every title, message and path is escaped once, in one place.
"""

from __future__ import annotations

import contextlib
import functools
import html
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from presse.report.model import (
    STATUS_MISSING,
    CorpusInfo,
    PageResult,
    sentence,
    status_label,
)
from presse.report.notebooks import plain

#: Folder of the jinja2 templates (package data).
TEMPLATES = Path(__file__).with_name("templates")

#: Rows of the skip report listed on the index page (the rest are in tables/skipped.csv).
_MAX_SKIPPED_SHOWN = 50


@functools.cache
def _environment():
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
    env.globals["STATUS_MISSING"] = STATUS_MISSING
    return env


def _parts():
    """The macros of ``presse_parts.html.j2``, callable from Python."""
    return _environment().get_template("presse_parts.html.j2").module


def notice_cell_html(status: str, message: str, n_skipped: int) -> str:
    """Source of the Markdown cell that replaces a notebook's error output."""
    heading = (
        "Not enough data for this analysis" if status == STATUS_MISSING else "This analysis stopped"
    )
    return str(_parts().notice_cell(status, heading, sentence(message), n_skipped))


def page_parts(result: PageResult, info: CorpusInfo, version: str, date: str) -> tuple[str, str]:
    """Header and footer of a notebook's page: corpus, version, date, status notice."""
    parts = _parts()
    header = parts.page_header(
        result, info, version, date, status_label(result.status).capitalize(),
        sentence(result.message),
    )
    return str(header), str(parts.page_footer(result, info, version, date))


def render_html(
    nb, header: str = "", footer: str = "", hide_code: bool = False, title: str | None = None
) -> str:
    """Convert a notebook to one self-contained HTML page (lab look, no external fetch)."""
    from jinja2 import FileSystemLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[FileSystemLoader(TEMPLATES)],
        template_file="presse_page.html.j2",
        exclude_input=hide_code,
        exclude_input_prompt=hide_code,
        exclude_output_prompt=hide_code,
        embed_images=True,
    )
    resources = {
        "presse_header": header,
        "presse_footer": footer,
        "metadata": {"name": title or "presse report"},
    }
    if title:
        nb.metadata["title"] = title
    with _quiet_alt_text_warning():
        body, _ = exporter.from_notebook_node(nb, resources=resources)
    return _add_alt_text(body, _figure_captions(nb, title or "the notebook"))


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
    return _environment().get_template("presse_index.html.j2").render(
        pages=[{"result": r, "status": status_label(r.status)} for r in results],
        n_ok=sum(r.ok for r in results),
        info=info,
        version=version,
        date=date,
        hide_code=hide_code,
        skipped=list(skipped),
        max_shown=_MAX_SKIPPED_SHOWN,
    ) + "\n"


def _figure_captions(nb, title: str) -> list[str]:
    """Alt text for each figure output, in order: the section it appears in."""
    captions, section, k = [], title, 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if re.match(r"#{1,4}\s", line):
                    section = plain(line.lstrip("#"))
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
def _drop_log_messages(drop: Callable[[str], bool], logger_names: Sequence[str]) -> Iterator[None]:
    """Inside the block, drop the records of the named loggers whose message ``drop`` flags."""

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


@contextlib.contextmanager
def _quiet_alt_text_warning() -> Iterator[None]:
    """nbconvert warns about every figure without alt text; :func:`_add_alt_text` adds it."""
    with _drop_log_messages(lambda msg: "Alternative text is missing" in msg,
                            ("traitlets", "NbConvertApp")):
        yield
