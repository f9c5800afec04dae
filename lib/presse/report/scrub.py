"""Keep the paths of the machine that made a report out of what it shares.

Pages, shared notebooks and logs are sent to other people: a path such as
``/home/me/projects/presse/data/processed`` says who made them and where, and means
nothing to the reader. :class:`Scrubber` rewrites such paths to what a reader may see;
:func:`machine_paths` finds any that are left (the tests, and a warning of
:func:`presse.report.render_reports`). The cell filters decide which commentary a page
may show at all (:func:`drop_tagged_cells`, :func:`tagged_sentences`).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from presse import config
from presse.report.model import TAG_EMBEDDED
from presse.report.notebooks import plain


def _machine_prefixes() -> list[str]:
    prefixes = {str(config.ROOT), str(Path.home()), tempfile.gettempdir(), sys.prefix}
    prefixes |= {os.path.realpath(p) for p in list(prefixes)}
    return sorted((p for p in prefixes if p and p != os.sep), key=len, reverse=True)


def machine_paths(text: str, extra: Iterable[str | os.PathLike] = ()) -> list[str]:
    """Return the machine paths (project root, home, temp dir, interpreter) found in ``text``.

    Used by the tests, and by :func:`presse.report.render_reports` to warn when a page
    would show one.
    """
    found = []
    for prefix in [*_machine_prefixes(), *(str(p) for p in extra)]:
        for m in re.finditer(re.escape(prefix) + r"(?=[/\\'\"\s<]|$)", text):
            found.append(text[m.start() : m.start() + len(prefix) + 40].split()[0])
    return sorted(set(found))


class Scrubber:
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

    def notebook(self, nb) -> None:
        """Scrub every cell source and output, and papermill's metadata, in place."""
        for cell in nb.cells:
            cell.source = self(cell.source)
            for out in cell.get("outputs", []):
                if "text" in out:
                    out["text"] = self(out["text"])
                if "evalue" in out:
                    out["evalue"] = self(out["evalue"])
                if "traceback" in out:
                    out["traceback"] = [self(t) for t in out["traceback"]]
                for mime, value in out.get("data", {}).items():
                    if mime.startswith("text/") and isinstance(value, str):
                        out["data"][mime] = self(value)
        pm = nb.metadata.get("papermill")
        if pm:
            for key in ("input_path", "output_path"):
                if pm.get(key):
                    pm[key] = self(str(pm[key]))
            params = pm.get("parameters") or {}
            for key, value in list(params.items()):
                if isinstance(value, str):
                    params[key] = self(value)
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
        text = plain(re.sub(r"^#+\s.*$", "", cell.source, flags=re.MULTILINE))
        for sent in re.split(r"(?<=[.!?])\s+", text):
            sent = sent.strip()
            if len(sent.split()) >= min_words:
                out.append(sent)
    return out
