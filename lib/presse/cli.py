"""The ``presse`` console script.

Sub-commands are small functions registered in ``COMMANDS``: each ``add_<name>(subparsers)``
adds its parser and sets ``func`` (called with the parsed arguments, returns an exit code).
To add one, write ``add_<name>`` below and append it to ``COMMANDS`` (one line).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

#: The learned models: ``presse train <name>`` rebuilds one, ``presse build <option> FILE``
#: uses another file (the tone model in :mod:`presse.tone`, the relation model in
#: :mod:`presse.relation_model`).
MODEL_OPTIONS = {"tone": "--tone-model", "relations": "--relation-model"}


# --------------------------------------------------------------------------- presse build
def add_build(subparsers) -> None:
    """``presse build``: documents, paragraphs, sentences, mentions and analysis tables."""
    from presse.build import DEFAULT_CHUNK_SIZE

    p = subparsers.add_parser(
        "build", help="build the processed tables (parquet) from a corpus",
        description="Read the corpus, clean it, split paragraphs and sentences, find actor "
        "mentions and run the registered analyses; write every table as parquet with a "
        "manifest and a report of skipped inputs. Cached: only what changed is recomputed; "
        "an interrupted build resumes from its finished chunks.")
    p.add_argument("--corpus", type=Path, default=None,
                   help="folder of articles or a table (.csv/.jsonl/.parquet); "
                        "default: the embedded corpus data/raw")
    p.add_argument("--out", type=Path, default=None,
                   help="output folder for the tables (default: data/processed)")
    p.add_argument("--force", action="store_true", help="recompute every table")
    p.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE,
                   help=f"documents per chunk (default {DEFAULT_CHUNK_SIZE})")
    add_analysis_options(p)
    for what, flag in MODEL_OPTIONS.items():
        p.add_argument(flag, type=Path, default=None,
                       help=f"{flag[2:].replace('-', ' ')} file from `presse train {what}` "
                            "(default: the shipped one)")
    p.add_argument("--tables", nargs="+", default=None, metavar="TABLE",
                   help="build only these tables (and what they need)")
    p.add_argument("--n-process", type=int, default=1,
                   help="spaCy processes for sentence splitting (default 1)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--engine", choices=("auto", "local", "dask"), default="auto",
                   help="where the chunks run: auto (default: this process for a small "
                        f"corpus, under {PARALLEL_MIN_BYTES // 1_000_000} MB of input, or "
                        "with one worker; else a local Dask cluster of --workers "
                        "processes), local (this process) or dask")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="with --engine dask: address of a running scheduler "
                        "(tcp://host:8786); default: start a local cluster")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="worker processes of the local cluster (default: all cores, "
                        f"{os.cpu_count() or 1} here); 1 runs in this process")
    p.set_defaults(func=run_build)


def add_analysis_options(p: argparse.ArgumentParser) -> None:
    """The options that change what the tables hold, shared by ``presse build`` and
    ``presse report``: ``--actors``, ``--file-actors-only``, ``--coref``, ``--relations``,
    ``--relation-threshold`` (read back by :func:`analysis_options`)."""
    from presse.relation_model.settings import DEFAULT_METHOD, METHODS

    p.add_argument("--actors", type=Path, default=None,
                   help="actor file (default: the bundled presse/data/actors.yml)")
    p.add_argument("--file-actors-only", action="store_true",
                   help="mentions of the actor file's actors only (default: also every "
                        "person and organisation spaCy's NER finds, with ids such as "
                        "angela_merkel)")
    p.add_argument("--coref", action="store_true",
                   help="append pronouns / descriptions resolved by presse.coref to the "
                        "mentions (off by default; see docs/README-stance.md)")
    p.add_argument("--relations", choices=METHODS, default=None,
                   help=f"how the stance and relations tables are made (default "
                        f"{DEFAULT_METHOD}): rules, combined (the rules' relations plus the "
                        "learned model's above its threshold) or learned; on unseen news the "
                        "learned model finds more relations and gets more of them wrong "
                        "(figures: docs/README-stance.md)")
    p.add_argument("--relation-threshold", type=float, default=None, metavar="P",
                   help="with --relations combined or learned: keep a model relation when "
                        "its probability reaches P (default: the model's, chosen on the dev "
                        "fold; higher: fewer, more often right)")


def analysis_options(args: argparse.Namespace) -> dict:
    """The ``build`` keyword arguments of :func:`add_analysis_options`' options."""
    return {"actors": getattr(args, "actors", None), "coref": getattr(args, "coref", False),
            "every_actor": not getattr(args, "file_actors_only", False),
            "relation_method": getattr(args, "relations", None),
            "relation_threshold": getattr(args, "relation_threshold", None)}


#: Input size (bytes of the corpus files) from which ``--engine auto`` starts a local Dask
#: cluster: below it, starting the workers (each loads spaCy's French pipeline, about 10 s
#: on a shared core) costs more than it saves. Measured with
#: ``benchmarks/report_sizes.py --speedup-only``: on 2,000 news articles (5.3 MB) two workers
#: built in 139 s against 162 s for one process (x1.17 on 2 cores shared with other jobs).
PARALLEL_MIN_BYTES = 2_000_000


def corpus_bytes(corpus: str | os.PathLike | None) -> int:
    """Total size of the files of ``corpus`` (a folder, read recursively, or a file);
    the embedded corpus when None. Hidden files are ignored, as the readers do."""
    from presse import config

    root = Path(corpus).expanduser() if corpus is not None else config.RAW
    if root.is_file():
        return root.stat().st_size
    total = 0
    for path in root.rglob("*"):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts):
            total += path.stat().st_size
    return total


def choose_engine(corpus, engine: str = "auto", workers: int | None = None,
                  scheduler: str | None = None) -> tuple[str, int | None]:
    """``(engine name, workers)`` for a build: ``auto`` picks ``local`` for one worker or a
    corpus under :data:`PARALLEL_MIN_BYTES`, else ``dask`` with ``workers`` (default all
    cores). An explicit ``local`` with ``workers`` is refused by :func:`open_engine`."""
    n = int(workers) if workers else (os.cpu_count() or 1)
    if engine == "auto":
        if scheduler:
            return "dask", None
        if n <= 1 or corpus_bytes(corpus) < PARALLEL_MIN_BYTES:
            return "local", None
        return "dask", n
    if engine == "local":
        # one worker is this process; open_engine refuses a larger count for it
        return "local", (workers if workers and int(workers) > 1 else None)
    return "dask", (workers if scheduler else n)


def build_tables(corpus=None, out=None, *, progress: bool = True, workers: int | None = None,
                 engine: str = "auto", scheduler: str | None = None, **kwargs):
    """:func:`presse.build.build` on the engine :func:`choose_engine` picks; returns the
    build result. Used by ``presse build`` and ``presse report``."""
    from presse.build import build
    from presse.engine import open_engine

    name, n = choose_engine(corpus, engine, workers, scheduler)
    if progress and name == "dask" and not scheduler:
        print(f"presse build: {n} worker processes (local Dask cluster)", file=sys.stderr)
    with open_engine(name, scheduler, n) as eng:
        return build(corpus=corpus, out=out, progress=progress, engine=eng, **kwargs)


def run_build(args: argparse.Namespace) -> int:
    if args.tone_model:
        from presse.tone import use_model_file

        use_model_file(args.tone_model)
    if args.relation_model:
        from presse.relation_model import use_model_file as use_relation_model

        try:
            use_relation_model(args.relation_model)
        except (FileNotFoundError, ValueError) as exc:
            print(f"presse build: error: {exc}", file=sys.stderr)
            return 2
    try:
        result = build_tables(corpus=args.corpus, out=args.out, tables=args.tables,
                              force=args.force, chunk_size=args.chunk_size,
                              n_process=args.n_process, **analysis_options(args),
                              progress=not args.quiet, engine=args.engine,
                              scheduler=args.scheduler, workers=args.workers)
    except KeyboardInterrupt:
        print("presse build: interrupted; the finished chunks are kept, rerun to resume",
              file=sys.stderr)
        return 130
    except (FileNotFoundError, ValueError, KeyError) as exc:
        print(f"presse build: error: {exc}", file=sys.stderr)
        return 2
    print(result.summary())
    return 0


# --------------------------------------------------------------------------- presse report
def add_report(subparsers) -> None:
    """``presse report``: run every notebook on a corpus, write HTML pages (presse.report)."""
    from presse.report import add_report_parser

    add_report_parser(subparsers)


# --------------------------------------------------------------------------- presse train
def add_train(subparsers) -> None:
    """``presse train tone|relations``: rebuild a shipped model, or train one on your labels."""
    p = subparsers.add_parser(
        "train", help="train a model (tone, relations)",
        description="Rebuild a shipped model deterministically from the gold labels "
        "(tone: data/annotations/tone_news.csv, plus the development tweets and reviews in "
        "--bench when present; relations: data/annotations/relations_news.csv, fit on the "
        "train fold, chosen on the dev fold), or train your own on labelled data "
        "(--labels) with grouped cross-validation printed.")
    p.add_argument("what", choices=list(MODEL_OPTIONS), help="which model")
    p.add_argument("--labels", type=Path, default=None,
                   help="your CSV of labels. tone: text, label (neg/neu/pos); relations: "
                        "text, source, source_start, source_end, target, target_start, "
                        "target_end, label (1/-1/0); both with an article column (doc_id "
                        "or article_id) for grouped cross-validation")
    p.add_argument("--out", type=Path, default=None,
                   help="model file to write (default: the shipped model; required with "
                        "--labels)")
    p.add_argument("--bench", type=Path, default=None,
                   help="folder of the development tweets and reviews (default ../shared/bench)")
    p.set_defaults(func=run_train)


def run_train(args: argparse.Namespace) -> int:
    """``presse train tone|relations [--labels CSV --out FILE]``."""
    if args.what == "relations":
        from presse import relation_model as RM

        return _train(args, RM, lambda model: (
            f"trained on: {model.meta_['trained_on']}; chosen on: {model.meta_['chosen_on']}\n"
            f"parameters {model.get_params()}; dev fold {model.meta_['dev']}"))
    from presse import tone

    return _train(args, tone, lambda model: (
        f"trained on: {', '.join(model.meta_['trained_on'])}\n"
        f"temperature {model.temperature}, offsets {model.offsets}"), bench=args.bench)


def _train(args: argparse.Namespace, module, describe: Callable, **options) -> int:
    """What ``presse train`` does for every model (``module``: :mod:`presse.tone` or
    :mod:`presse.relation_model`, which share ``train_default``, ``train_on_labels`` and
    ``DEFAULT_MODEL``).

    With ``--labels``: fit on them, print the grouped cross-validation, write ``--out``
    (required: the shipped model is rebuilt only from the project's gold labels). Without:
    rebuild the shipped model (``train_default(out=..., **options)``), print
    ``describe(model)``, the file written and its hash. A missing file or bad labels print
    the error and return 2.
    """
    try:
        if args.labels is not None:
            if args.out is None:
                print("presse train: --labels needs --out FILE (the shipped model is "
                      "rebuilt only from the project's gold labels)", file=sys.stderr)
                return 2
            _, cv = module.train_on_labels(args.labels, args.out)
            print("grouped cross-validation (no article on both sides of a fold):")
            print(cv.to_string(float_format=lambda v: f"{v:.3f}"))
            print(f"model written to {args.out}; use it with "
                  f"`presse build {MODEL_OPTIONS[args.what]} {args.out}`")
            return 0
        model, digest = module.train_default(out=args.out, **options)
    except (FileNotFoundError, ValueError) as exc:
        print(f"presse train: error: {exc}", file=sys.stderr)
        return 2
    print(describe(model))
    print(f"wrote {args.out or module.DEFAULT_MODEL} (sha256 {digest})")
    return 0


# --------------------------------------------------------------------------- presse export
def add_export(subparsers) -> None:
    """``presse export``: the corpus and tables for IRaMuTeQ, TXM, Gephi, CSV or parquet."""
    from presse.export import FORMATS

    p = subparsers.add_parser(
        "export", help="export the corpus and tables (IRaMuTeQ, TXM, GEXF, CSV, parquet)",
        description="Write the corpus for other tools: iramuteq (one text file with starred "
        "variables **** *journal_x *date_YYYY-MM *story_x), txm (TXT + metadata.csv), gexf "
        "(actor network and word co-occurrence graph for Gephi), csv or parquet (every "
        "table of the build). Tables are built first when missing or stale.")
    p.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument("--corpus", type=Path, default=None,
                   help="folder of articles or a table; default: the embedded corpus")
    p.add_argument("--tables-dir", type=Path, default=None,
                   help="where the tables are (or go): default data/processed")
    p.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    from presse.config import relpath
    from presse.export import export

    try:
        paths = export(args.fmt, args.out, corpus=args.corpus, tables_dir=args.tables_dir)
    except (FileNotFoundError, ValueError, KeyError) as exc:
        print(f"presse export: error: {exc}", file=sys.stderr)
        return 2
    print(f"presse export: {len(paths)} file(s) in {relpath(args.out)} ({args.fmt})")
    for path in paths[:20]:
        print(f"  {relpath(path)}")
    if len(paths) > 20:
        print(f"  ... and {len(paths) - 20} more")
    return 0


#: Sub-command registrars, in the order shown by ``presse --help``.
COMMANDS: list[Callable] = [
    add_build,
    add_report,
    add_train,
    add_export,
]


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="presse", description="French press coverage analysis: tables and reports.")
    from presse import __version__

    parser.add_argument("--version", action="version", version=f"presse {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in COMMANDS:
        register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``presse`` console script."""
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 1
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
