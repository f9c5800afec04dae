"""Execution engines for :func:`presse.build.build`: where the per-chunk pipeline runs.

The build streams the corpus as chunks of ``chunk_size`` documents (read and cleaned on the
driver, in corpus order: duplicate detection and ids need that order) and hands each chunk
to :func:`presse.build.run_chunk`, which runs the document steps (paragraphs, sentences,
mentions, stance, relations, ...) and writes one parquet part per table plus a completion
marker. An engine decides where ``run_chunk`` executes:

- :class:`LocalEngine` (``engine=None``; ``open_engine("local")`` yields None): in the
  calling process, one chunk after the other (the default of ``presse build``).
- :class:`DaskEngine` (``"dask"``): as tasks on a ``dask.distributed`` cluster, either an
  existing one (``scheduler="tcp://host:8786"``) or a :class:`~distributed.LocalCluster`
  started for the build (``workers`` processes, one thread each) and closed after it.

Corpus-wide steps (same-story detection, topics) run afterwards on the driver, in
:func:`presse.build.build`'s assembly, whichever engine ran the chunks.

**Why a lost worker neither loses nor duplicates rows.** A chunk task is keyed by its chunk
number and the fingerprint of its inputs (``presse-chunk-00012-<hash>``), and it is
idempotent: it writes ``<table>/part-00012-<key>.parquet`` (atomically: a temporary file
renamed into place), then ``chunks/chunk-00012.json`` last. Re-running it, because a worker
died mid-task and the scheduler rescheduled it or because the task raised and was retried
(``retries``), rewrites the same files with the same content; a half-written part is never
visible. The driver keeps exactly one marker per chunk number (the task's return value), and
the assembly lists one file per table per chunk from those markers, so every chunk is read
exactly once. When the shared output folder is not reachable from a worker (the task cannot
write), the build fails with the worker's error and the previous outputs stay untouched.

The workers must see the output folder (and the actor file) at the same path as the driver:
a shared file system on a real cluster; always true for a local cluster.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pandas as pd

#: Engine names accepted by ``presse build --engine``.
ENGINES = ("local", "dask")


def _timed(frames: Iterable[tuple], engine) -> Iterator[tuple]:
    """Yield the chunks of ``frames``, adding the time spent reading and cleaning them
    (on the driver) to ``engine.read_seconds``."""
    it = iter(frames)
    while True:
        t0 = time.perf_counter()
        batch = next(it, None)
        engine.read_seconds += time.perf_counter() - t0
        if batch is None:
            return
        yield batch


#: Skip reasons that are not inputs of their own (a date or metadata problem of a document
#: that was read): not counted by the progress bar.
NOT_INPUTS = ("bad_date", "metadata_unmatched", "bad_metadata")


def _n_inputs(docs: pd.DataFrame, skipped: pd.DataFrame) -> int:
    """Inputs a chunk accounts for (documents + skipped inputs), for the progress bar."""
    return len(docs) + int((~skipped["reason"].isin(NOT_INPUTS)).sum())


def chunk_jobs(frames: Iterable[tuple], engine) -> Iterator[tuple]:
    """The one chunk loop of every engine: ``(i, docs, skipped, audit, run_steps, n_inputs)``
    for each chunk read from ``frames`` (reading time added to ``engine.read_seconds``).
    ``run_steps`` is False for an empty chunk after the first (nothing to analyse)."""
    for i, (docs, skipped, audit) in enumerate(_timed(frames, engine)):
        yield i, docs, skipped, audit, i == 0 or bool(len(docs)), _n_inputs(docs, skipped)


@dataclass
class LocalEngine:
    """Run the chunks in this process, one after the other (the default of the build)."""

    name: str = "local"
    read_seconds: float = 0.0

    def run_chunks(self, frames: Iterable[tuple], ctx, bar=None) -> list[dict]:
        """Run every chunk with :func:`presse.build.run_chunk`; one marker per chunk."""
        from presse.build import run_chunk

        markers = []
        for i, docs, skipped, audit, run_steps, n in chunk_jobs(frames, self):
            markers.append(run_chunk(i, docs, skipped, audit, ctx, run_steps=run_steps))
            if bar is not None:
                bar.update(n)
        return markers

    def describe(self) -> str:
        return "local"


def _chunk_task(i: int, docs: pd.DataFrame, skipped: pd.DataFrame, audit: pd.DataFrame,
                ctx, run_steps: bool) -> dict:
    """The Dask task: one chunk, on a worker, with BLAS threads pinned."""
    from presse import config
    from presse.build import run_chunk

    with config.pinned_threads():
        return run_chunk(i, docs, skipped, audit, ctx, run_steps=run_steps)


def task_key(i: int, docs: pd.DataFrame, ctx) -> str:
    """Dask key of chunk ``i``: its number and the fingerprint of everything it computes
    (document keys of every table, output folder, force flag). Two submissions of the same
    chunk with the same inputs share a key, so the scheduler runs it once."""
    from presse.build import chunk_keys
    from presse.fingerprint import hash_strings

    keys = chunk_keys(docs, ctx)
    digest = hash_strings([str(ctx.out), str(ctx.force), *sorted(f"{k}={v}"
                                                               for k, v in keys.items())])
    return f"presse-chunk-{i:05d}-{digest[:16]}"


@dataclass
class DaskEngine:
    """Run chunks as tasks on a ``dask.distributed`` client.

    client: a connected :class:`distributed.Client` (see :func:`open_engine`).
    retries: how many times a failed chunk task is retried (a worker that dies mid-task is
        handled by the scheduler itself, which reschedules its tasks).
    max_in_flight: chunks submitted but not finished (default: 2 per worker thread + 1), so
        the driver never holds more than a few chunks of documents in memory.
    release: called once every chunk is done (the cluster :func:`open_engine` started
        itself is shut down there, so its workers' memory is freed before the corpus-wide
        steps run on the driver); None for a cluster the user owns.
    """

    client: object
    retries: int = 3
    max_in_flight: int | None = None
    name: str = "dask"
    read_seconds: float = 0.0
    submitted: list[str] = field(default_factory=list)
    release: Callable[[], None] | None = None
    _description: str | None = None

    def _capacity(self) -> int:
        if self.max_in_flight:
            return self.max_in_flight
        with contextlib.suppress(Exception):
            threads = sum(self.client.nthreads().values())
            return 2 * max(threads, 1) + 1
        return 3

    def run_chunks(self, frames: Iterable[tuple], ctx, bar=None) -> list[dict]:
        """Submit each chunk as a task (keyed by chunk id), keep at most ``max_in_flight``
        running, and return exactly one marker per chunk, in chunk order."""
        from distributed import as_completed

        markers: dict[int, dict] = {}
        counts: dict[str, tuple[int, int]] = {}
        capacity = self._capacity()
        self.describe()  # remembered: the cluster may be released below
        done = as_completed()
        in_flight = 0

        def collect(fut) -> None:
            i, n = counts.pop(fut.key)
            marker = fut.result()  # re-raises the task's error after its retries
            if marker.get("chunk") != i:
                raise RuntimeError(f"chunk task {fut.key} returned chunk {marker.get('chunk')}")
            markers[i] = marker
            fut.release()
            if bar is not None:
                bar.update(n)

        try:
            for i, docs, skipped, audit, run_steps, n in chunk_jobs(frames, self):
                key = task_key(i, docs, ctx)
                fut = self.client.submit(_chunk_task, i, docs, skipped, audit, ctx, run_steps,
                                         key=key, retries=self.retries, pure=False)
                self.submitted.append(key)
                counts[fut.key] = (i, n)
                done.add(fut)
                in_flight += 1
                while in_flight >= capacity:
                    collect(next(done))
                    in_flight -= 1
            for fut in done:
                collect(fut)
        except BaseException:
            for fut in list(done.futures):
                with contextlib.suppress(Exception):
                    fut.cancel()
            raise
        if self.release is not None:
            self.release()
            self.release = None
        return [markers[i] for i in range(len(markers))]

    def describe(self) -> str:
        if self._description is None:
            with contextlib.suppress(Exception):
                info = self.client.scheduler_info()
                self._description = (f"dask ({info.get('address', '?')}, "
                                     f"{len(info.get('workers', {}))} worker(s))")
        return self._description or "dask"


@contextlib.contextmanager
def open_engine(name: str | None = "local", scheduler: str | None = None,
                workers: int | None = None, processes: bool = True,
                retries: int = 3) -> Iterator[DaskEngine | None]:
    """Context manager yielding an engine for :func:`presse.build.build`.

    name: ``"local"`` (or None; yields None: :func:`presse.build.build`'s own loop) or
        ``"dask"``.
    scheduler: address of a running Dask scheduler (``tcp://host:8786``); without it a
        ``LocalCluster`` of ``workers`` workers (default: CPU count) is started with one
        thread per worker and closed on exit.
    processes: worker processes (True, the default: spaCy releases little of the GIL) or
        threads in this process (False; only for quick tests of the plumbing).
    """
    name = (name or "local").lower()
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
    if name == "local":
        if scheduler or workers:
            raise ValueError("--scheduler and --workers need --engine dask")
        yield None
        return
    from distributed import Client, LocalCluster

    if scheduler:
        if workers:
            raise ValueError("--workers applies to a local cluster; with --scheduler the "
                             "cluster's own workers are used")
        with Client(scheduler) as client:
            yield DaskEngine(client, retries=retries)
        return
    n = int(workers) if workers else (os.cpu_count() or 1)
    if n < 1:
        raise ValueError("workers must be >= 1")
    env = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    with contextlib.ExitStack() as stack:
        for k, v in env.items():  # inherited by the worker processes
            stack.enter_context(_setenv(k, v))
        cluster = stack.enter_context(LocalCluster(
            n_workers=n, threads_per_worker=1, processes=processes, dashboard_address=None,
            silence_logs=40))
        client = stack.enter_context(Client(cluster))

        def release() -> None:  # closing twice (here, then on exit) is harmless
            client.close()
            cluster.close()

        yield DaskEngine(client, retries=retries, release=release)


@contextlib.contextmanager
def _setenv(key: str, value: str) -> Iterator[None]:
    old = os.environ.get(key)
    os.environ[key] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = old


def build(corpus=None, out=None, *, engine: str = "local", scheduler: str | None = None,
          workers: int | None = None, **kwargs):
    """:func:`presse.build.build` on the named engine (a convenience for scripts and
    notebooks): ``build("articles.parquet", "tables", engine="dask", workers=2)``."""
    from presse.build import build as _build

    with open_engine(engine, scheduler, workers) as eng:
        return _build(corpus, out, engine=eng, **kwargs)


__all__ = ["ENGINES", "NOT_INPUTS", "DaskEngine", "LocalEngine", "build", "chunk_jobs",
           "open_engine", "task_key"]
