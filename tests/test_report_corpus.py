"""Every notebook rendered on another corpus tells the truth about it.

The six-article corpus of ``report_corpus.py`` (a CSV, a JSON-lines table, text files in
two encodings, an HTML page) is rendered once per session. On it:

- no sentence of a cell tagged ``embedded-corpus`` appears in any page (those cells hold
  commentary written about the embedded corpus; the rest is computed from the tables);
- the same sentences *do* appear when the committed notebooks are rendered for the
  embedded corpus, so the check would see them;
- every file of the report follows the umask (0644 / 0755 with the usual 022).

The notebooks' sources are also checked: no truncated id for display, and every toy
section is a ``method-check`` with its purpose stated.
"""

from __future__ import annotations

import os
import re
import stat

import nbformat
import pytest
from presse.report import (
    TAG_EMBEDDED,
    TAG_METHOD_CHECK,
    find_notebooks,
    render_html,
    tagged_sentences,
)
from report_corpus import small_report

NOTEBOOKS = find_notebooks()


def words(text: str) -> str:
    """Visible text reduced to lower-case words, so that Markdown and HTML compare."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.DOTALL)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    return " ".join(re.findall(r"\w+", text.lower()))


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return small_report(tmp_path_factory)


def test_embedded_commentary_is_tagged_and_would_be_seen():
    """The tag is used where the prose is about the embedded corpus, and the check finds
    those sentences in a page made for the embedded corpus."""
    total = 0
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        sentences = tagged_sentences(nb, TAG_EMBEDDED)
        total += len(sentences)
        if not sentences:
            continue
        page = words(render_html(nb))
        missing = [s for s in sentences if words(s) not in page]
        assert not missing, f"{path.name}: tagged sentences not found in its own page: {missing[:2]}"
    assert total >= 10, "embedded-corpus commentary is not tagged"


def test_no_embedded_commentary_on_another_corpus(report):
    out, results, _ = report
    found = []
    for path in NOTEBOOKS:
        sentences = tagged_sentences(nbformat.read(path, as_version=4), TAG_EMBEDDED)
        page = out / f"{path.stem}.html"
        if not page.exists():
            continue
        text = words(page.read_text(encoding="utf-8"))
        found += [f"{path.stem}: {s}" for s in sentences if words(s) in text]
        shared = nbformat.read(out / "notebooks" / path.name, as_version=4)
        assert not [c for c in shared.cells if TAG_EMBEDDED in c.metadata.get("tags", [])]
    assert not found, "embedded-corpus commentary in a report on another corpus:\n" + "\n".join(found)
    # and the phrases the issue quoted, whatever cell they would come from
    for r in results:
        text = (out / r.html).read_text(encoding="utf-8")
        for phrase in ("Five French articles", "000 and 001", "five articles"):
            assert phrase not in text, f"{r.html}: {phrase!r}"


def test_report_files_follow_the_umask(report):
    out, _, _ = report
    mask = os.umask(0o022)
    os.umask(mask)
    bad = []
    for path in [out, *out.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        want = (0o777 if path.is_dir() else 0o666) & ~mask
        if mode != want:
            bad.append(f"{path.relative_to(out)}: {oct(mode)} (umask {oct(mask)} gives {oct(want)})")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_sources_show_readable_labels(path):
    """No id cut for display (``doc_id[:12]``, ``d[:3]``): labels come from presse.display."""
    source = path.with_suffix(".py").read_text(encoding="utf-8")
    assert not re.search(r"(doc_id|\bd|\ba|\bb|\bm|sid)\]?\s*\[:\d+\]", source)
    assert not re.search(r"doc_id\w*\"\]\.str\[:\d+\]", source)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_toy_sections_are_method_checks_with_a_purpose(path):
    nb = nbformat.read(path, as_version=4)
    checks = [c for c in nb.cells if TAG_METHOD_CHECK in c.metadata.get("tags", [])]
    toys = [c for c in nb.cells
            if c.cell_type == "code" and re.search(r"^toy\w* = ", c.source, re.MULTILINE)]
    assert toys, f"{path.name} has no toy section"
    assert all(TAG_METHOD_CHECK in c.metadata.get("tags", []) for c in toys)
    first = next(c for c in checks if c.cell_type == "markdown")
    assert "Method check" in first.source and re.search(r"Purpose|purpose", first.source)

