"""Unit tests of presse.report on tiny notebooks made here (no real corpus build).

One module-scoped render runs three small notebooks (one draws a figure, one raises
NotEnoughData, one fails with an unexpected error) with the table build replaced by a
three-document table, so the whole module costs a few kernel start-ups.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from presse import config, report
from presse.report import (
    STATUS_FAILED,
    STATUS_MISSING,
    STATUS_OK,
    NotEnoughData,
    explain_failure,
    find_notebooks,
    machine_paths,
    render_html,
    render_reports,
)

DOCS = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["Trump.", "Poutine.", "Kiev."]})


def fake_build(corpus, tables_dir, progress, workers=None, **options):
    """Stand-in for the table build: the tables folder, a three-document table and a skip
    report naming one file by its absolute path (as a careless loader might)."""
    Path(tables_dir).mkdir(parents=True, exist_ok=True)
    bad = Path(corpus) / "scan.pdf"
    (Path(tables_dir) / "skipped.csv").write_text(
        f"source_path,reason,detail\n{bad},binary_file,{bad}: PDF signature\n", encoding="utf-8")
    return DOCS


def _nb(cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def _params():
    cell = nbformat.v4.new_code_cell("corpus = None\ntables_dir = None")
    cell.metadata["tags"] = ["parameters"]
    return cell


def _tagged(cell, tag):
    cell.metadata["tags"] = [tag]
    return cell


def make_notebooks(folder: Path) -> Path:
    """Three notebooks: a figure, a NotEnoughData stop, an unexpected error with a path."""
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(_nb([
        md("# Corpus overview\n\nHow many articles there are, and when they appeared."),
        _params(),
        code("import os\nimport matplotlib.pyplot as plt\n"
             "print('corpus:', corpus)\nprint('tables:', tables_dir)\n"
             "print('exists:', os.path.isdir(tables_dir))\n"
             "import sys\nprint('kernel prefix:', sys.prefix)"),
        code("fig, ax = plt.subplots(figsize=(3, 2))\nax.bar(['a', 'b'], [1, 2])\nplt.show()"),
        md("## What we see\n\nTwo bars."),
        _tagged(md("## Method check\n\n*Purpose: the method on a toy.*"), "method-check"),
        _tagged(code("print('toy output: 42 widgets')"), "method-check"),
        _tagged(md("On the embedded corpus the five articles agree with each other."),
                "embedded-corpus"),
    ]), folder / "00_overview.ipynb")
    nbformat.write(_nb([
        md("# Topics\n\nWhich themes recur across articles."),
        _params(),
        code("print('before the stop')"),
        code("from presse.report import require\n"
             "require(False, 'The topic sweep needs at least 20 documents; this corpus has 3.')"),
        code("print('never printed')"),
        md("## What we see\n\nThe topics."),
    ]), folder / "10_topics.ipynb")
    nbformat.write(_nb([
        md("# Stance\n\nWho speaks for or against whom."),
        _params(),
        code("import os\nopen(os.path.join(tables_dir, 'missing.parquet'))"),
        code("print('never printed')"),
    ]), folder / "20_stance.ipynb")
    return folder


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Render the three notebooks once into OUT; return (out, results, corpus path)."""
    base = tmp_path_factory.mktemp("report")
    nbdir = make_notebooks(base / "nbs")
    corpus = base / "mes_articles"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Trump et Poutine.", encoding="utf-8")
    out = base / "share"
    mp = pytest.MonkeyPatch()
    mp.setattr(report.render, "_build_tables", fake_build)
    try:
        results = render_reports(corpus=corpus, out=out, notebooks_dir=nbdir, progress=False)
    finally:
        mp.undo()
    return out, results, corpus


def _text(page: str) -> str:
    """Visible text of an HTML page (scripts and styles removed)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_statuses_and_messages(rendered):
    _, results, _ = rendered
    assert [r.name for r in results] == ["00_overview", "10_topics", "20_stance"]
    assert [r.status for r in results] == [STATUS_OK, STATUS_MISSING, STATUS_FAILED]
    assert results[1].message == "The topic sweep needs at least 20 documents; this corpus has 3."
    assert "FileNotFoundError" in results[2].message
    assert results[0].title == "Corpus overview"
    assert results[0].description == "How many articles there are, and when they appeared."


def test_failure_pages_explain_instead_of_traceback(rendered):
    out, _, _ = rendered
    for name, expected in [("10_topics", "needs at least 20 documents"),
                           ("20_stance", "FileNotFoundError")]:
        page = (out / f"{name}.html").read_text(encoding="utf-8")
        text = _text(page)
        assert "Traceback" not in page and "output_error" not in page
        assert '<span class="ansi-' not in page  # no coloured traceback
        assert expected in text
        assert "presse-notice" in page
        assert "never printed" not in page  # cells after the stop are not shown as if run
    topics = _text((out / "10_topics.html").read_text(encoding="utf-8"))
    assert "before the stop" in topics  # what ran before the stop is kept
    assert "Not enough data" in topics
    # the executed notebook shared next to the page carries no traceback either
    shared = nbformat.read(out / "notebooks" / "10_topics.ipynb", as_version=4)
    assert not [o for c in shared.cells for o in c.get("outputs", []) if o.output_type == "error"]
    # an unexpected error keeps its details for a bug report, in a log, not in the page
    log = (out / "logs" / "20_stance.txt").read_text(encoding="utf-8")
    assert "FileNotFoundError" in log
    assert not (out / "logs" / "10_topics.txt").exists()


def test_ok_page_has_figure_header_footer(rendered):
    out, _, _ = rendered
    page = (out / "00_overview.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<img[^>]+src="data:image/png;base64,', page)) == 1
    assert 'alt="Figure 1 of Corpus overview, section: Corpus overview"' in page
    text = _text(page)
    assert "Corpus mes_articles · 3 documents · fingerprint" in text
    assert re.search(r"presse \S+ · rendered \d{4}-\d{2}-\d{2}", text)
    assert "Made with presse" in text
    assert "commentary written about the embedded corpus is left out" in text  # a user's corpus
    # parameters reached the kernel as absolute paths, pages show the folder names only
    assert "corpus: mes_articles" in text and "tables: share/tables" in text
    assert "exists: True" in text
    # the kernel is the project's interpreter (the python3 kernelspec of this environment)
    assert f"kernel prefix: {report.Scrubber({})(sys.prefix)}" in text
    assert "corpus = 'mes_articles'" in text


def test_pages_fetch_nothing_from_the_network(rendered):
    out, _, _ = rendered
    for page in out.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+src=", html), page.name
        assert not re.search(r"<link[^>]+href=[\"']https?:", html), page.name
        assert not re.search(r"@import\s+url\(\s*[\"']?https?:", html), page.name
        assert "cdnjs" not in html and "unpkg" not in html, page.name


def test_index_lists_every_page(rendered):
    out, results, _ = rendered
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r"href='([^']+\.html)'", index)
    assert links == [r.html for r in results]
    for r in results:
        assert (out / r.html).is_file() and (out / r.notebook).is_file()
        assert r.description in _text(index)
    text = _text(index)
    assert "[rendered]" in text and "[not enough data]" in text
    assert "[stopped with an error]" in text
    assert "1 of 3 analyses rendered" in text
    # inputs the build skipped are listed, never dropped silently (and without machine paths)
    assert "Inputs not read or not used (1)" in text
    assert "mes_articles/scan.pdf — binary_file: mes_articles/scan.pdf: PDF signature" in text


def test_no_machine_paths_anywhere(rendered):
    out, _, corpus = rendered
    extra = [str(corpus.parent), str(out)]
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.suffix in {".html", ".ipynb", ".txt"}:
            text = path.read_text(encoding="utf-8")
            assert machine_paths(text, extra) == [], path.name
    meta = json.loads((out / "notebooks" / "00_overview.ipynb").read_text())["metadata"]
    assert meta["papermill"]["parameters"]["corpus"] == "mes_articles"


def test_outputs_written_atomically_no_leftovers(rendered):
    out, _, _ = rendered
    leftovers = [p.name for p in out.rglob("*") if p.name.endswith(".tmp") or
                 p.name.startswith(".presse-run-")]
    assert leftovers == []


def test_interrupted_render_keeps_previous_index(rendered, tmp_path, monkeypatch):
    out, _, corpus = rendered
    copy = tmp_path / "share"
    shutil.copytree(out, copy)
    before = (copy / "index.html").read_bytes()
    monkeypatch.setattr(report.render, "_build_tables", fake_build)

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(report.render, "render_html", boom)
    nbdir = make_notebooks(tmp_path / "nbs")
    with pytest.raises(KeyboardInterrupt):
        render_reports(corpus=corpus, out=copy, notebooks_dir=nbdir, notebooks="00",
                       progress=False)
    assert (copy / "index.html").read_bytes() == before
    assert [p for p in copy.rglob("*") if p.name.endswith(".tmp")] == []


def test_hide_code(rendered):
    out, _, _ = rendered
    nb = nbformat.read(out / "notebooks" / "00_overview.ipynb", as_version=4)
    shown = render_html(nb, hide_code=False)
    hidden = render_html(nb, hide_code=True)
    assert "figsize" in shown and "hl-ipython3" in shown
    assert "figsize" not in hidden and "hl-ipython3" not in hidden
    assert "Two bars." in _text(hidden)  # prose stays
    assert "data:image/png;base64," in hidden  # figures stay


def test_explain_failure():
    status, msg = explain_failure("NotEnoughData", "needs dated articles")
    assert (status, msg) == (STATUS_MISSING, "needs dated articles")
    status, msg = explain_failure(
        "ValueError", "max_df corresponds to < documents than min_df")
    assert status == STATUS_MISSING and "Too few documents" in msg
    status, msg = explain_failure("ValueError", "Found array with 0 sample(s) (shape=(0, 3))")
    assert status == STATUS_MISSING
    # a bug that merely names a table is not dressed up as missing data
    assert explain_failure("KeyError", "'mentions'")[0] == STATUS_FAILED
    assert explain_failure("KeyError", "'date'")[0] == STATUS_FAILED
    # the exception type comes first: a small-data message under another type is a bug
    assert explain_failure("KeyError", "empty vocabulary")[0] == STATUS_FAILED
    assert explain_failure("TypeError", "NaTType does not support strftime")[0] == STATUS_MISSING
    assert explain_failure("presse.report.NotEnoughData", "no dates")[0] == STATUS_MISSING
    status, msg = explain_failure("ZeroDivisionError", "division by zero\nmore lines")
    assert status == STATUS_FAILED
    assert msg.endswith("ZeroDivisionError: division by zero")
    assert issubclass(NotEnoughData, Exception)


def test_find_notebooks_selection(tmp_path):
    nbdir = make_notebooks(tmp_path / "nbs")
    (nbdir / "scratch.ipynb").write_text("{}")  # not NN_name: ignored
    assert [p.name for p in find_notebooks(nbdir)] == [
        "00_overview.ipynb", "10_topics.ipynb", "20_stance.ipynb"]
    assert [p.stem for p in find_notebooks(nbdir, "20,00")] == ["00_overview", "20_stance"]
    assert [p.stem for p in find_notebooks(nbdir, ["10_topics"])] == ["10_topics"]
    with pytest.raises(ValueError, match="available: 00_overview"):
        find_notebooks(nbdir, "99")


def test_scrubber_hides_machine_paths(tmp_path):
    corpus = tmp_path / "corpus.csv"
    scrub = report.Scrubber({str(corpus): "corpus.csv"})
    text = (f"read {corpus}; cache {config.ROOT}/data/processed/x.parquet; "
            f"{config.ROOT}/.venv/lib/python3.11/site-packages/sklearn/base.py:12: Warning")
    clean = scrub(text)
    assert clean == ("read corpus.csv; cache data/processed/x.parquet; sklearn/base.py:12: Warning")
    assert machine_paths(clean) == []
    assert machine_paths(text) != []


def test_execute_inplace(tmp_path):
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    good = _nb([md("# Good"), _params(), code("x = 1"), code("x + 1"), code("print('ok')")])
    good.cells[3].execution_count = 7  # stale counts from an earlier session
    nbformat.write(good, tmp_path / "00_good.ipynb")
    bad = _nb([md("# Bad"), _params(), code("1 / 0")])
    nbformat.write(bad, tmp_path / "10_bad.ipynb")
    before = (tmp_path / "10_bad.ipynb").read_bytes()
    with pytest.raises(RuntimeError, match="10_bad.ipynb: ZeroDivisionError"):
        report.execute_inplace(tmp_path, progress=False)
    nb = nbformat.read(tmp_path / "00_good.ipynb", as_version=4)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == [1, 2, 3, 4]
    assert nb.cells[3].outputs[0]["data"]["text/plain"] == "2"
    assert "execution" not in nb.cells[3].metadata  # no timing noise in committed notebooks
    assert (tmp_path / "10_bad.ipynb").read_bytes() == before  # failed: left unchanged
    assert [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    # the command `make notebooks` runs: exit code 1 names the failure, 0 once fixed
    assert report.main(["execute-inplace", str(tmp_path), "--notebooks", "10"]) == 1
    (tmp_path / "10_bad.ipynb").unlink()
    assert report.main(["execute-inplace", str(tmp_path)]) == 0


def test_cli_registers_report():
    from presse import cli

    args = cli.make_parser().parse_args(
        ["report", "--corpus", "articles.csv", "--out", "share", "--hide-code",
         "--notebooks", "00,10"])
    assert args.func is report.run_report_command
    assert (args.corpus, args.out, args.hide_code, args.notebooks) == (
        "articles.csv", "share", True, "00,10")


def test_report_passes_the_analysis_options_to_the_build(tmp_path, monkeypatch):
    """``presse report --relations combined --relation-threshold 0.8 --coref
    --file-actors-only`` builds the tables with those options (the notebooks then read them
    through ``load_tables``, which keeps the manifest's choices)."""
    from presse import cli

    seen = {}

    def spy_build(corpus, tables_dir, progress, workers=None, **options):
        seen.update(options)
        return fake_build(corpus, tables_dir, progress)

    monkeypatch.setattr(report.render, "_build_tables", spy_build)
    args = cli.make_parser().parse_args(
        ["report", "--corpus", str(tmp_path / "corpus"), "--out", str(tmp_path / "out"),
         "--notebooks-dir", str(make_notebooks(tmp_path / "nbs")), "--no-progress",
         "--relations", "combined", "--relation-threshold", "0.8", "--coref",
         "--file-actors-only"])
    args.func(args)  # exit code 1: one of the test notebooks fails on purpose
    assert (tmp_path / "out" / "index.html").is_file()
    assert seen == {"relation_method": "combined", "relation_threshold": 0.8, "coref": True,
                    "every_actor": False, "actors": None}


def test_corpus_without_any_article_is_a_clear_error(tmp_path, monkeypatch):
    def empty_build(corpus, tables_dir, progress, workers=None, **options):
        fake_build(corpus, tables_dir, progress)
        return DOCS.iloc[:0]

    monkeypatch.setattr(report.render, "_build_tables", empty_build)
    nbdir = make_notebooks(tmp_path / "nbs")
    with pytest.raises(ValueError, match=r"no article could be read from vide \(1 input\(s\) "
                                         r"skipped: binary_file"):
        render_reports(corpus=tmp_path / "vide", out=tmp_path / "out", notebooks_dir=nbdir,
                       progress=False)
    assert not (tmp_path / "out" / "index.html").exists()


def test_notebook_summary_prefers_the_question():
    md = nbformat.v4.new_markdown_cell
    nb = _nb([md("# 20 · Topics\n\n**What it measures.** Word co-occurrence. Not meaning.\n\n"
                 "**Question.** Which themes recur? And when?"), _params()])
    assert report.notebook_summary(nb, "x") == ("20 · Topics", "Which themes recur?")
    nb.metadata["presse"] = {"description": "Themes of the coverage."}
    assert report.notebook_summary(nb, "x")[1] == "Themes of the coverage."
    nb = _nb([md("A notebook without heading. Second sentence.")])
    assert report.notebook_summary(nb, "00_x") == ("00_x", "A notebook without heading.")


def test_embedded_corpus_cells_dropped_for_another_corpus(rendered):
    out, _, _ = rendered
    page = _text((out / "00_overview.html").read_text(encoding="utf-8"))
    assert "five articles agree" not in page
    shared = nbformat.read(out / "notebooks" / "00_overview.ipynb", as_version=4)
    assert not any("embedded-corpus" in c.metadata.get("tags", []) for c in shared.cells)
    assert "toy output: 42 widgets" in page  # method checks stay for analysts
    assert "commentary written about the embedded corpus is left out" in page


@pytest.mark.parametrize("option", [{"hide_code": True}, {"audience": "public"}])
def test_hide_code_and_public_audience_drop_method_checks(rendered, tmp_path, monkeypatch, option):
    _, _, corpus = rendered
    monkeypatch.setattr(report.render, "_build_tables", fake_build)
    nbdir = make_notebooks(tmp_path / "nbs")
    out = tmp_path / "public"
    render_reports(corpus=corpus, out=out, notebooks_dir=nbdir, notebooks="00", progress=False,
                   **option)
    page = (out / "00_overview.html").read_text(encoding="utf-8")
    text = _text(page)
    assert "toy output: 42 widgets" not in text and "Method check" not in text
    assert "figsize" not in page  # no code
    assert "Two bars." in text and "data:image/png;base64," in page
    with pytest.raises(ValueError, match="audience"):
        render_reports(corpus=corpus, out=out, notebooks_dir=nbdir, progress=False,
                       audience="everyone")


def test_report_files_follow_the_umask(tmp_path, monkeypatch):
    """Pages, notebooks, logs and the index get the mode a plain open() would give: 0644
    with umask 022, so a folder copied to a web server is readable; 0640 with 027."""
    import os
    import stat

    monkeypatch.setattr(report.render, "_build_tables", fake_build)
    nbdir = make_notebooks(tmp_path / "nbs")
    corpus = tmp_path / "c"
    corpus.mkdir()
    for mask in (0o022, 0o027):
        old = os.umask(mask)
        try:
            out = tmp_path / f"out{mask:o}"
            render_reports(corpus=corpus, out=out, notebooks_dir=nbdir, progress=False)
        finally:
            os.umask(old)
        modes = {str(p.relative_to(out)): stat.S_IMODE(p.stat().st_mode)
                 for p in [out, *out.rglob("*")]}
        assert {"index.html", "00_overview.html", "notebooks/00_overview.ipynb",
                "logs/20_stance.txt", "tables/skipped.csv"} <= set(modes)
        for name, mode in modes.items():
            want = (0o777 if (out / name).is_dir() else 0o666) & ~mask
            assert mode == want, f"{name}: {oct(mode)} with umask {oct(mask)}"


def test_cli_report_has_audience_and_workers():
    from presse.cli import make_parser

    args = make_parser().parse_args(["report", "--audience", "public", "--workers", "2"])
    assert args.audience == "public" and args.workers == 2
    assert make_parser().parse_args(["report"]).audience == "analyst"


def test_build_engine_uses_every_core_for_a_large_corpus(tmp_path, monkeypatch):
    from presse import cli

    small = tmp_path / "small.csv"
    small.write_text("text\nTrump et Poutine.\n", encoding="utf-8")
    big = tmp_path / "big.csv"
    big.write_bytes(b"text\n" + b"x" * cli.PARALLEL_MIN_BYTES)
    monkeypatch.setattr(cli.os, "cpu_count", lambda: 4)
    assert cli.choose_engine(small) == ("local", None)
    assert cli.choose_engine(big) == ("dask", 4)
    assert cli.choose_engine(big, workers=1) == ("local", None)
    assert cli.choose_engine(big, workers=2) == ("dask", 2)
    assert cli.choose_engine(big, "local") == ("local", None)
    assert cli.choose_engine(small, "dask") == ("dask", 4)
    assert cli.make_parser().parse_args(["build"]).engine == "auto"
