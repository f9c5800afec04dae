"""Which notebooks a report runs, and what their first cells say about them.

Notebooks are the ``NN_name.ipynb`` files of a folder; their title and one-line
description (for the index page) are read from their Markdown, following the notebook
skeleton of ``DESIGN.md`` (a ``#`` title, then a ``**Question.**`` paragraph).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from presse import config
from presse.report.model import display_path

#: Notebook files taken from a notebooks folder: two digits, underscore, name.
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"

_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_LABEL = re.compile(r"^\*\*([^*]{1,40}?)[.:]?\*\*[.:]?\s*")


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


def plain(markdown: str) -> str:
    """Markdown reduced to its words on one line (links, emphasis and tags removed)."""
    text = _MD_LINK.sub(r"\1", markdown)
    text = re.sub(r"[*_`]+", "", text)
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(text.split())


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
                    title = plain(para.splitlines()[0].lstrip("#"))
                continue
            if para.startswith(("|", ">", "- ", "* ", "```", "<")) or re.match(r"\d+\.\s", para):
                continue  # tables, quotes, lists, code, raw HTML
            label = _LABEL.match(para)
            text = plain(para[label.end() :] if label else para)
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
