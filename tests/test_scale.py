"""Large-corpus behaviour on small inputs: chunking, resume, streaming readers, bad rows,
write errors and the progress bar (the timings themselves are in benchmarks/scale.py)."""

from __future__ import annotations

import hashlib
import json
import re
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest
from conftest import SAMPLE_ARTICLES
from presse import build as B
from presse.corpus import iter_raw

CITIES = ["Paris", "Lyon", "Marseille"]


def _rows(n_variants: int = 3) -> list[dict]:
    """Distinct French articles: each sample article with a different closing sentence."""
    rows = []
    for k in range(n_variants):
        for name, text in SAMPLE_ARTICLES.items():
            title, _, body = text.partition("\n\n")
            rows.append({"id": f"{Path(name).stem}-{k}", "title": title,
                         "date": f"2025-0{k + 1}-15",
                         "text": body.replace("\n\n", " ") + f" Notre correspondant à "
                                 f"{CITIES[k]} a suivi les échanges."})
    return rows


@pytest.fixture
def table_corpus(tmp_path) -> Path:
    path = tmp_path / "articles.csv"
    pd.DataFrame(_rows()).to_csv(path, index=False)
    return path


def _files_state(out: Path, manifest: dict) -> dict[str, str]:
    return {f: hashlib.sha256((out / f).read_bytes()).hexdigest()
            for info in manifest["tables"].values() for f in info["files"]}


def _all_tables(out: Path) -> dict[str, pd.DataFrame]:
    manifest = json.loads((out / B.MANIFEST).read_text())
    return {name: B.read_table(name, out, manifest) for name in manifest["tables"]}


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    """Rows in a canonical order (a table lists its chunks in corpus order, and each chunk
    sorted by doc_id, so the row order of some tables depends on the chunk boundaries)."""
    keys = [c for c in df.columns
            if all(v is None or isinstance(v, (str, int, float, bool, pd.Timestamp))
                   or pd.isna(v) for v in df[c].tolist())]
    return df.sort_values(keys, kind="stable").reset_index(drop=True) if keys else df


def _assert_same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    assert a.keys() == b.keys()
    for name, df in a.items():
        pd.testing.assert_frame_equal(_sorted(df), _sorted(b[name]), obj=name)


def test_tables_do_not_depend_on_the_chunk_size(table_corpus, tmp_path):
    results = {}
    for size in (1, 4, 100):
        r = B.build(table_corpus, tmp_path / f"out{size}", chunk_size=size, progress=False)
        assert r.chunks_done == -(-9 // size)  # ceil(9 / size) chunks
        results[size] = _all_tables(tmp_path / f"out{size}")
    assert len(results[1]["documents"]) == 9
    assert len(results[1]["sentences"]) > 20 and len(results[1]["mentions"]) > 9
    _assert_same(results[1], results[4])
    _assert_same(results[1], results[100])


def test_interrupted_build_resumes_only_the_unfinished_chunks(table_corpus, tmp_path,
                                                              monkeypatch):
    calls: list[list[str]] = []
    stop = {"at": 4}  # interrupt while computing the 4th chunk (3 finished)

    def lengths(sentences: pd.DataFrame) -> pd.DataFrame:
        calls.append(sorted(set(sentences["doc_id"])))
        if len(calls) == stop["at"]:
            raise KeyboardInterrupt
        return sentences[["doc_id", "sent_id"]].assign(n=sentences["text"].str.len())

    monkeypatch.setattr(B, "STEPS", [*B.STEPS, B.Step("lengths", ("sentences",), lengths,
                                                      scope="document")])
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        B.build(table_corpus, out, chunk_size=2, progress=False)
    assert not (out / B.MANIFEST).exists()  # nothing half-built is published
    markers = sorted((out / "chunks").glob("chunk-*.json"))
    assert [m.name for m in markers] == [f"chunk-{i:05d}.json" for i in range(3)]
    finished = {Path(f).name: (out / f).stat().st_mtime_ns for m in markers
                for f in [json.loads(m.read_text())["files"]["sentences"]]}
    stop["at"] = -1
    calls.clear()
    result = B.build(table_corpus, out, chunk_size=2, progress=False)
    assert (result.chunks_done, result.chunks_reused) == (2, 3)  # 5 chunks of 2, 2, 2, 2, 1
    assert len(calls) == 2 and calls[0][0].startswith("a01")  # only chunks 4 and 5 ran
    for name, mtime in finished.items():  # the finished chunks' parts were not rewritten
        assert (out / "sentences" / name).stat().st_mtime_ns == mtime
    B.build(table_corpus, tmp_path / "fresh", chunk_size=2, progress=False)
    _assert_same(_all_tables(out), _all_tables(tmp_path / "fresh"))


def _big_table(n: int) -> pd.DataFrame:
    """n rows of ~2 kB of French words in random order (so that parquet cannot compress
    the table to nothing)."""
    import numpy as np

    words = np.array(" ".join(SAMPLE_ARTICLES.values()).split())
    rng = np.random.default_rng(0)
    return pd.DataFrame({"id": [f"r{i}" for i in range(n)],
                         "text": [" ".join(rng.choice(words, 300)) for _ in range(n)]})


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_table_readers_stream_in_bounded_memory(tmp_path, fmt):
    df = _big_table(3000)
    raw = int(df["text"].str.len().sum())  # characters of text in the table: ~6 MB
    path = tmp_path / f"big.{fmt}"
    if fmt == "csv":
        df.to_csv(path, index=False)
    elif fmt == "jsonl":
        df.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        df.to_parquet(path, index=False, row_group_size=200)
    assert raw > 5_000_000
    tracemalloc.start()
    try:
        records = iter_raw(path, chunksize=200)
        assert next(records).row == 1
        # opening costs a fixed amount (CSV/JSONL: encoding detection on a 1 MiB sample)
        _, opening = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        n = 1
        for rec in records:
            n += 1
            assert rec.row == n  # 1-based row numbers, in order
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 3000
    assert opening < 8 * 2**20
    # streaming holds about one batch of 200 rows (~0.4 MB of text), not the table (~6 MB)
    assert peak < raw / 5, f"{fmt}: peak {peak:,} B while reading {raw:,} chars of text"


def test_corrupt_rows_and_files_are_reported_with_their_location(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rows = _rows()
    good = pd.DataFrame(rows[:5])
    csv_text = good.to_csv(index=False).splitlines()
    # line 4 of the file (data row 3) gets two extra fields: the CSV parser rejects it
    csv_text[3] = csv_text[3] + ',"extra","fields"'
    (corpus / "a.csv").write_text("\n".join(csv_text) + "\n", encoding="utf-8")
    lines = [json.dumps(r, ensure_ascii=False) for r in rows[5:]]
    lines.insert(2, '{"id": "broken", "text": "unterminated')  # line 3
    (corpus / "b.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (corpus / "c.txt").write_bytes(b"%PDF-1.4 binary \x00\x01 not an article")
    result = B.build(corpus, tmp_path / "out", chunk_size=2, progress=False)
    docs = B.read_table("documents", tmp_path / "out")
    assert len(docs) == 5 - 1 + 4  # every good row kept
    skipped = B.read_skipped(tmp_path / "out")
    by_reason = skipped.groupby("reason")["detail"].apply(list).to_dict()
    assert len(skipped) == 3 == len(result.skipped)
    csv_err, json_err = sorted(by_reason["malformed_row"])
    assert "a.csv" in csv_err and re.search(r"line 4\b", csv_err)
    assert "b.jsonl" in json_err and "line 3" in json_err and "invalid JSON" in json_err
    assert "c.txt" in by_reason["binary_file"][0]
    assert set(skipped["source_path"]) == {"corpus/a.csv", "corpus/b.jsonl", "corpus/c.txt"}


def test_write_error_mid_build_leaves_previous_outputs_intact(table_corpus, tmp_path,
                                                              monkeypatch):
    out = tmp_path / "out"
    B.build(table_corpus, out, chunk_size=2, progress=False)
    manifest_bytes = (out / B.MANIFEST).read_bytes()
    manifest = json.loads(manifest_bytes)
    before_files = _files_state(out, manifest)
    before = _all_tables(out)
    df = pd.read_csv(table_corpus)
    df.loc[df.index[-1], "text"] += " Emmanuel Macron a réagi."
    df.loc[df.index[0], "text"] += " Vladimir Poutine a réagi."
    df.to_csv(table_corpus, index=False)
    real = B.write_parquet_atomic
    writes = {"n": 0}

    def failing(frame, target):
        writes["n"] += 1
        if writes["n"] > 3:  # a few parts get written, then the disk refuses
            raise PermissionError(13, "Permission denied", str(target))
        return real(frame, target)

    monkeypatch.setattr(B, "write_parquet_atomic", failing)
    with pytest.raises(PermissionError):
        B.build(table_corpus, out, chunk_size=2, progress=False)
    assert (out / B.MANIFEST).read_bytes() == manifest_bytes
    assert _files_state(out, manifest) == before_files
    _assert_same(_all_tables(out), before)
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    monkeypatch.setattr(B, "write_parquet_atomic", real)
    result = B.build(table_corpus, out, chunk_size=2, progress=False)
    assert (result.chunks_done, result.chunks_reused) == (2, 3)
    assert "macron" in set(B.read_table("mentions", out)["actor"])


def test_progress_bar_counts_the_corpus_and_shows_the_time_left(table_corpus, tmp_path,
                                                                capsys, monkeypatch):
    # draw every update: tqdm reads its TQDM_* variables once, at import, so setting them
    # here is too late; a fast machine then skips the 3/9 line (CI did)
    import functools

    import tqdm.auto

    monkeypatch.setattr(tqdm.auto, "tqdm", functools.partial(tqdm.auto.tqdm, mininterval=0,
                                                             miniters=1))
    B.build(table_corpus, tmp_path / "out", chunk_size=3, progress=True)
    err = capsys.readouterr().err
    # tqdm: "presse build: 100%|####| 9/9 [00:04<00:00, 2.1doc/s]" (elapsed<remaining)
    assert re.search(r"presse build:.*\b9/9 \[\d\d:\d\d<\d\d:\d\d", err), err[-500:]
    assert re.search(r"\b3/9 \[\d\d:\d\d<\d\d:\d\d", err), err[-500:]  # ETA mid-build
