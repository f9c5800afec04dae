"""Command line: ``presse report`` (registered by :mod:`presse.cli`) and
``python -m presse.report`` (``execute-inplace`` for ``make notebooks``, and ``report``)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from presse import config
from presse.report.execute import execute_inplace
from presse.report.model import AUDIENCES, STATUS_FAILED, status_label
from presse.report.render import render_reports

#: First line of ``python -m presse.report --help``.
DESCRIPTION = "Run every notebook on a corpus and render a folder of shareable HTML pages."


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
    p.add_argument("--relation-model", type=Path, default=None,
                   help="relation model file from `presse train relations` (default: the "
                        "shipped one; used with --relations combined or learned)")
    from presse.cli import add_analysis_options

    add_analysis_options(p)
    p.set_defaults(func=run_report_command)
    return p


def run_report_command(args) -> int:
    """Handler of ``presse report``: returns the process exit code (1 when a page failed)."""
    t0 = time.perf_counter()
    from presse.cli import analysis_options

    if getattr(args, "tone_model", None):
        from presse.tone import use_model_file

        use_model_file(args.tone_model)
    try:
        if getattr(args, "relation_model", None):
            from presse.relation_model import use_model_file as use_relation_model

            use_relation_model(args.relation_model)
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
            build_options=analysis_options(args),
        )
    except (FileNotFoundError, ValueError) as exc:
        print(f"presse report: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
    for r in results:
        line = f"  {r.name:<24} {status_label(r.status):<22} {r.seconds:6.1f}s"
        print(line + (f"  {r.message}" if r.message else ""), file=sys.stderr)
    print(f"wrote {out / 'index.html'} ({time.perf_counter() - t0:.0f}s)", file=sys.stderr)
    return 0 if all(r.status != STATUS_FAILED for r in results) else 1


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m presse.report``: ``execute-inplace [DIR]`` or ``report ...``."""
    parser = argparse.ArgumentParser(prog="python -m presse.report", description=DESCRIPTION)
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
