"""A notebook stopped by an exception: what is missing, said for a reader.

A page never shows a traceback. :func:`explain_failure` turns the exception into a status
and a sentence: the notebook's own :class:`~presse.report.NotEnoughData` message, an
explanation of a library error known to mean "too small or incomplete corpus", or a
one-line "stopped with an error". :func:`close_failed_notebook` then cuts the executed
notebook at the failing cell, puts that sentence in a notice cell, and returns the
details (source, traceback) that belong in a log for a bug report.
"""

from __future__ import annotations

import re

from presse.report.model import STATUS_FAILED, STATUS_MISSING

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

#: Raised by notebooks themselves (``raise NotEnoughData(...)``, ``require(...)``): the
#: exception type alone says "missing data", and its message is written for the reader.
_MISSING_DATA_TYPES = frozenset({"NotEnoughData"})

_TOO_FEW = (
    "Too few documents (or too few distinct words) for this analysis to fit its model. "
    "Add articles to the corpus, or lower the minimum sizes in the notebook's parameters."
)
_NO_DATES = (
    "The articles have no usable dates, which this analysis needs to place them in "
    "time. Add a date column (or a metadata file) to the corpus."
)
_EMPTY_TABLE = (
    "A table this analysis needs is empty for this corpus (for instance no sentence "
    "mentions an actor, or no article is dated)."
)
_SMALL_FIT = re.compile(
    r"empty vocabulary|max_df corresponds to < documents than min_df|"
    r"n_components=\d+ must be (<=|between)|n_samples=\d+ should be >=|"
    r"Expected n_neighbors <= n_samples|Cannot have number of splits n_splits=",
)
_NAT = re.compile(
    r"NaTType does not support|Cannot convert NaT|cannot convert float NaN to integer.*"
    r"date|Invalid comparison between dtype=datetime64\[ns\] and NaTType"
)
_EMPTY = re.compile(
    r"No objects to concatenate|zero-size array to reduction operation|"
    r"arg(max|min) of an empty sequence|Found array with 0 sample|"
    r"min\(\) arg is an empty sequence|max\(\) arg is an empty sequence"
)

#: Library errors on too small or incomplete data, by exception type. ValueError and
#: TypeError also signal bugs, so within a type only the precise messages that libraries
#: raise on small data are listed (first match wins): a loose keyword (e.g. any KeyError
#: naming "mentions") would dress a bug up as missing data. Any other type is a failure.
_HINTS_BY_TYPE: dict[str, tuple[tuple[re.Pattern, str], ...]] = {
    "ValueError": ((_SMALL_FIT, _TOO_FEW), (_NAT, _NO_DATES), (_EMPTY, _EMPTY_TABLE)),
    "TypeError": ((_NAT, _NO_DATES),),
}


def _type_name(ename: str) -> str:
    """``pkg.module.Error`` -> ``Error`` (kernels report either form)."""
    return ename.split(".")[-1]


def raised_by_notebook(ename: str) -> bool:
    """Whether the notebook stopped itself on purpose (:class:`NotEnoughData`): its message
    says everything, and no log for a bug report is needed."""
    return _type_name(ename) in _MISSING_DATA_TYPES


def explain_failure(ename: str, evalue: str) -> tuple[str, str]:
    """Turn an exception raised in a notebook into ``(status, message for a reader)``.

    :class:`NotEnoughData` keeps the notebook's own message; known library errors on small
    or incomplete corpora get an explanation; anything else is reported as a failure with
    the exception's one-line summary (never its traceback).
    """
    evalue = _ANSI.sub("", evalue or "").strip()
    first = evalue.splitlines()[0] if evalue else ""
    if raised_by_notebook(ename):
        return STATUS_MISSING, evalue or "The corpus lacks what this analysis needs."
    for pattern, hint in _HINTS_BY_TYPE.get(_type_name(ename), ()):
        if pattern.search(evalue):
            detail = f" (Python said: {ename}: {first})" if first else f" ({ename})"
            return STATUS_MISSING, hint + detail
    detail = f"{ename}: {first}" if first else ename
    return STATUS_FAILED, f"This analysis stopped with an error on this corpus: {detail}"


def close_failed_notebook(nb, ename: str, evalue: str, name: str, scrub) -> tuple[str, str, str]:
    """Explain a failure and cut the executed notebook ``nb`` (in place) at the failing cell.

    Returns ``(status, message, log)``: the message for the page, and the text of a log
    for a bug report (``""`` when the notebook raised :class:`NotEnoughData`, whose
    message says everything). ``scrub`` removes machine paths from what is shown.
    """
    status, message = explain_failure(ename, scrub(evalue))
    log = "" if raised_by_notebook(ename) else scrub(_failure_log(nb, ename, evalue, name))
    _stop_at_failure(nb, status, message)
    return status, message, log


def _error_cell_index(nb) -> int | None:
    for i, cell in enumerate(nb.cells):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return i
    return None


def _failure_log(nb, ename: str, evalue: str, name: str) -> str:
    lines = [f"notebook: {name}", f"error: {ename}: {evalue}", ""]
    idx = _error_cell_index(nb)
    if idx is not None:
        cell = nb.cells[idx]
        lines += ["cell source:", cell.source, ""]
        for o in cell.outputs:
            if o.get("output_type") == "error":
                lines += ["traceback:", _ANSI.sub("", "\n".join(o.get("traceback", [])))]
    return "\n".join(lines) + "\n"


def _stop_at_failure(nb, status: str, message: str) -> None:
    """Replace the error output by an explanation and drop the cells that did not run.

    Without an error output (kernel died, time limit), the last cell that ran is the one
    before the first code cell without an execution count.
    """
    import nbformat

    from presse.report.html import notice_cell_html

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
    n_skipped = sum(1 for c in nb.cells[idx + 1 :] if c.cell_type == "code")
    notice = nbformat.v4.new_markdown_cell(notice_cell_html(status, message, n_skipped))
    notice.metadata["tags"] = ["presse-notice"]
    nb.cells = nb.cells[: idx + 1] + [notice]
