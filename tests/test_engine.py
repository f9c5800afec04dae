"""The Dask engine: same tables as the local engine, lost workers and failing tasks.

One 2-worker ``LocalCluster`` (worker processes, one thread each) serves the whole module;
the corpus is the three-article sample of ``conftest.py`` in one-document chunks.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pandas as pd
import pytest
from presse import build as B
from presse.cli import main
from presse.engine import DaskEngine, open_engine, task_key

distributed = pytest.importorskip("distributed")
cloudpickle = pytest.importorskip("cloudpickle")

# steps defined in this module travel to the worker processes by value
cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=50) as lc, Client(lc) as client:
        client.wait_for_workers(2, timeout=120)
        yield lc, client


def _sort(df: pd.DataFrame) -> pd.DataFrame:
    keys = [c for c in df.columns
            if all(v is None or isinstance(v, (str, int, float, bool, pd.Timestamp))
                   or pd.isna(v) for v in df[c].tolist())]
    return df.sort_values(keys, kind="stable").reset_index(drop=True) if keys else df


def assert_same_tables(out_a: Path, out_b: Path) -> None:
    man_a = json.loads((out_a / B.MANIFEST).read_text())
    man_b = json.loads((out_b / B.MANIFEST).read_text())
    assert set(man_a["tables"]) == set(man_b["tables"])
    for name in man_a["tables"]:
        a, b = B.read_table(name, out_a), B.read_table(name, out_b)
        pd.testing.assert_frame_equal(_sort(a), _sort(b), obj=name)
        # and in the same order, since the assembly follows chunk order
        pd.testing.assert_frame_equal(a, b, obj=name)


def _counting_step(log: Path, fail: str | None = None, doc: str = "a02_election"):
    """A document step that appends the doc ids it sees to ``log`` and, the first time it
    sees ``doc``, fails (``fail="raise"``) or kills its worker process (``"exit"``)."""

    def lengths(sentences: pd.DataFrame) -> pd.DataFrame:
        ids = sorted(set(sentences["doc_id"].astype(str)))
        first = not log.is_file() or doc not in log.read_text()
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(" ".join(ids) + "\n")
        if fail and first and doc in ids:
            if fail == "exit":
                os._exit(1)  # the worker dies mid-task, like a lost machine
            raise RuntimeError("transient failure")
        return sentences[["doc_id", "sent_id"]].assign(n_chars=sentences["text"].str.len())

    return lengths


def _local_reference(corpus: Path, out: Path, monkeypatch, tmp_path: Path) -> None:
    step = B.Step("lengths", ("sentences",), _counting_step(tmp_path / "local.log"),
                  scope="document")
    monkeypatch.setattr(B, "STEPS", [*B.STEPS, step])
    B.build(corpus, out, chunk_size=1, progress=False)


def test_dask_engine_builds_the_same_tables_as_local(cluster, make_corpus, tmp_path):
    _, client = cluster
    corpus = make_corpus()
    B.build(corpus, tmp_path / "local", chunk_size=1, progress=False)
    engine = DaskEngine(client)
    result = B.build(corpus, tmp_path / "dask", chunk_size=1, progress=False, engine=engine)
    assert result.chunks_done == 3 and len(engine.submitted) == 3
    assert all(k.startswith(f"presse-chunk-{i:05d}-") for i, k in enumerate(engine.submitted))
    assert result.tables["documents"] == 3 and result.tables["sentences"] > 10
    assert_same_tables(tmp_path / "local", tmp_path / "dask")
    # one changed article: only its chunk is recomputed on the cluster
    path = corpus / "a03_sanctions.txt"
    path.write_text(path.read_text(encoding="utf-8") + " Emmanuel Macron a réagi.",
                    encoding="utf-8")
    engine = DaskEngine(client)
    again = B.build(corpus, tmp_path / "dask", chunk_size=1, progress=False, engine=engine)
    assert (again.chunks_done, again.chunks_reused) == (1, 2)
    B.build(corpus, tmp_path / "local", chunk_size=1, progress=False)
    assert_same_tables(tmp_path / "local", tmp_path / "dask")


@pytest.mark.parametrize("fail", ["raise", "exit"])
def test_failed_or_lost_worker_neither_loses_nor_duplicates_rows(
        cluster, make_corpus, tmp_path, monkeypatch, fail):
    _, client = cluster
    corpus = make_corpus()
    _local_reference(corpus, tmp_path / "local", monkeypatch, tmp_path)
    log = tmp_path / "dask.log"
    step = B.Step("lengths", ("sentences",), _counting_step(log, fail=fail),
                  scope="document")
    monkeypatch.setattr(B, "STEPS", [*B.STEPS[:-1], step])
    result = B.build(corpus, tmp_path / "dask", chunk_size=1, progress=False,
                     engine=DaskEngine(client, retries=2))
    calls = log.read_text().split()
    assert calls.count("a02_election") == 2  # the failed chunk ran again
    if fail == "raise":  # ... alone (a lost worker may also lose finished results that
        # the driver had not fetched yet: those chunks rerun, idempotently)
        assert calls.count("a01_sommet") == 1 and calls.count("a03_sanctions") == 1
    lengths = B.read_table("lengths", tmp_path / "dask")
    assert not lengths.duplicated(["doc_id", "sent_id"]).any()
    assert len(lengths) == result.tables["sentences"] == result.tables["lengths"]
    assert len(result.manifest["tables"]["lengths"]["files"]) == 3  # one part per chunk
    assert_same_tables(tmp_path / "local", tmp_path / "dask")
    client.wait_for_workers(2, timeout=120)  # the nanny restarted the lost worker


def test_a_task_that_keeps_failing_fails_the_build_and_keeps_previous_outputs(
        cluster, make_corpus, tmp_path, monkeypatch):
    _, client = cluster
    corpus, out = make_corpus(), tmp_path / "out"
    B.build(corpus, out, chunk_size=1, progress=False, engine=DaskEngine(client))
    manifest = (out / B.MANIFEST).read_bytes()

    def broken(sentences):
        raise ValueError("always fails")

    monkeypatch.setattr(B, "STEPS", [*B.STEPS, B.Step("broken", ("sentences",), broken,
                                                      scope="document")])
    with pytest.raises(ValueError, match="always fails"):
        B.build(corpus, out, chunk_size=1, progress=False, engine=DaskEngine(client, retries=1))
    assert (out / B.MANIFEST).read_bytes() == manifest
    assert B.read_table("sentences", out).shape[0] > 10


def test_task_keys_are_chunk_ids_and_content(make_corpus, tmp_path):
    from presse.corpus import iter_document_frames

    corpus = make_corpus()
    ctx = B.Context(out=tmp_path, corpus=corpus, actors=None, steps=B._select_steps(None))
    frames = [f[0] for f in iter_document_frames(corpus, batch_size=1)]
    keys = [task_key(i, d, ctx) for i, d in enumerate(frames)]
    assert len(set(keys)) == 3
    assert task_key(0, frames[0], ctx) == keys[0]  # deterministic
    assert task_key(0, frames[1], ctx) != keys[0]  # content is part of the key


def test_cli_dask_engine_on_an_existing_scheduler(cluster, make_corpus, tmp_path, capsys):
    lc, _ = cluster
    corpus = make_corpus()
    rc = main(["build", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--quiet",
               "--chunk-size", "2", "--engine", "dask", "--scheduler", lc.scheduler_address])
    assert rc == 0
    text = capsys.readouterr().out
    assert "chunks: 2 built" in text and "documents" in text
    B.build(corpus, tmp_path / "local", chunk_size=2, progress=False)
    assert_same_tables(tmp_path / "local", tmp_path / "out")


def test_engine_options_are_checked(tmp_path, capsys):
    with pytest.raises(ValueError, match="unknown engine"), open_engine("spark"):
        pass
    with pytest.raises(ValueError, match="need --engine dask"), open_engine("local", workers=2):
        pass
    with open_engine("local") as engine:
        assert engine is None
    assert main(["build", "--corpus", str(tmp_path), "--out", str(tmp_path / "o"),
                 "--engine", "local", "--workers", "2", "--quiet"]) == 2
    assert "--engine dask" in capsys.readouterr().err


def test_a_cluster_the_engine_started_is_shut_down_before_corpus_wide_steps(
        make_corpus, tmp_path, monkeypatch):
    """Workers of a LocalCluster that open_engine started hold memory: they are closed as
    soon as the chunks are done, before stories/topics run on the driver."""
    seen = {}
    real = B._assemble

    def spy(*args, **kwargs):
        seen["status"] = str(engine.client.status)
        return real(*args, **kwargs)

    monkeypatch.setattr(B, "_assemble", spy)
    with open_engine("dask", workers=1, processes=False) as engine:
        B.build(make_corpus(), tmp_path / "out", engine=engine, progress=False)
        assert seen["status"].endswith("closed"), seen
    assert B.read_table("sentences", tmp_path / "out").shape[0] > 0
