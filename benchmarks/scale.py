"""Scale benchmark: `presse build` on 12k and 100k French news articles, local and on Dask.

    .venv/bin/python benchmarks/scale.py                       # everything (long: see below)
    .venv/bin/python benchmarks/scale.py --sizes 12000 --engines local,dask2
    nohup .venv/bin/python benchmarks/scale.py > /tmp/scale.log 2>&1 &

Corpora (written under ``--work-dir``, never into the project):

- ``n <= 12,416``: the first ``n`` rows of ``news_fr_dev.csv.gz`` (OrangeSum, AFP-style
  French news; see ``--bench-dir``/README.md), written as a plain CSV (the loader reads
  ``.csv``, not ``.csv.gz``).
- ``n > 12,416`` (the 100k corpus): every original article once, then ``n - 12,416`` copies
  drawn with replacement (``numpy.random.default_rng(0)``), written as parquet in row groups
  of 5,000 rows. Each copy is *perturbed deterministically* the way a reprint differs from
  the wire original: one sentence is dropped (articles of 3+ sentences, the sentence chosen
  by the copy's seed), a dateline ``"<City> (<Outlet>) - "`` is prefixed (a different
  city/outlet pair for every copy of one article), the date moves by the copy number of
  days and the id becomes ``<id>-c<k>``. Consequences, by design:

  * the loader's duplicate skip (identical bytes or identical cleaned text) does **not**
    fire on copies: they are different texts, as reprints are, so the build processes
    ``n`` documents (the printed table says how many were loaded and skipped);
  * same-story detection *should* group every copy with its original: a copy keeps ~90 %
    of the original's content shingles, far above the 0.10 story threshold, while distinct
    originals stay apart. The printed ``stories`` figure is therefore checked against the
    number of distinct originals (a quality check at scale, not only a timing), and the
    LSH candidate load is realistic (groups of ~8 near-duplicates) instead of 100k
    singletons or one giant exact-duplicate group.

Runs: for every size, each engine of ``--engines`` (``local``: the default single process;
``daskN``: ``--engine dask --workers N``, a LocalCluster of N one-thread worker processes)
is a fresh ``presse build --force`` in a subprocess, into its own output folder. Printed:
wall time, articles/s overall and per step (step seconds are summed over workers for Dask,
so per-step rates are per worker), peak memory (RSS summed over the build's process tree,
sampled every 0.2 s with psutil), tables' rows and the skip count. The embedded corpus's
``presse build`` (cold process, imports and model loading included) is timed too.
``--resume-check`` also interrupts the first local build at about half its chunks (SIGINT),
reruns it and prints how many chunks were reused.

Every figure depends on the machine's load: the script prints the load average before and
after each run; quote them with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from presse import config

BENCH_FILE = "news_fr_dev.csv.gz"
CITIES = ["Paris", "Lyon", "Marseille", "Toulouse", "Lille", "Bordeaux", "Nantes", "Rennes",
          "Strasbourg", "Nice", "Montpellier", "Grenoble", "Dijon", "Rouen", "Metz", "Brest",
          "Tours", "Caen", "Limoges", "Reims"]
OUTLETS = ["AFP", "Le Progrès", "Ouest-France", "La Dépêche", "Sud Ouest", "Le Télégramme",
           "La Voix du Nord", "Midi Libre", "L'Est Républicain", "Nice-Matin"]
_SENT = re.compile(r"(?<=[.!?»])\s+(?=[A-ZÀ-Ý«])")
REPORT_TABLES = ("documents", "sentences", "mentions", "stance", "sentiment", "stories",
                 "doc_topics", "topics")


# --------------------------------------------------------------------------- corpora
def perturb(text: str, rng: np.random.Generator, k: int) -> str:
    """The k-th reprint of ``text`` (k >= 1): one sentence dropped, a dateline prefixed."""
    sents = _SENT.split(text.strip())
    if len(sents) >= 3:
        del sents[int(rng.integers(len(sents)))]
    city, outlet = CITIES[k % len(CITIES)], OUTLETS[(k // len(CITIES)) % len(OUTLETS)]
    return f"{city} ({outlet}) - " + " ".join(sents)


def make_corpus(bench_dir: Path, n: int, work: Path) -> tuple[Path, int]:
    """Write the n-article corpus (see module doc); return (path, distinct originals)."""
    src = pd.read_csv(bench_dir / BENCH_FILE, dtype=str, keep_default_na=False)
    src = src[["id", "date", "title", "text", "category"]]
    if n <= len(src):
        path = work / f"news_{n}.csv"
        if not path.is_file():
            src.head(n).to_csv(path, index=False)
        return path, n
    path = work / f"news_{n}.parquet"
    if not path.is_file():
        rng = np.random.default_rng(config.RANDOM_STATE)
        picks = rng.integers(0, len(src), n - len(src))
        copies: dict[int, int] = {}
        rows = []
        for j in picks:
            k = copies[j] = copies.get(j, 0) + 1
            r = src.iloc[j]
            crng = np.random.default_rng([config.RANDOM_STATE, int(j), k])
            date = pd.Timestamp(r["date"]) + pd.Timedelta(days=k) if r["date"] else None
            rows.append({"id": f"{r['id']}-c{k}", "date": str(date) if date is not None else "",
                         "title": r["title"], "text": perturb(r["text"], crng, k),
                         "category": r["category"]})
        full = pd.concat([src, pd.DataFrame(rows)], ignore_index=True)
        full.to_parquet(path, index=False, row_group_size=5_000)
    return path, len(src)


# --------------------------------------------------------------------------- runs
def _tree_rss(proc) -> int:
    import psutil

    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_build(args: list[str], log: Path, interrupt_at: int | None = None,
              out: Path | None = None) -> dict:
    """Run ``presse build`` in a subprocess; return wall time, peak tree RSS, its output.

    interrupt_at: send SIGINT once ``out/chunks`` holds this many chunk markers.
    """
    import psutil

    exe = Path(sys.executable).with_name("presse")
    cmd = [str(exe), "build", *args]
    t0 = time.perf_counter()
    with open(log, "w") as fh:
        p = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, cwd=config.ROOT)
        proc = psutil.Process(p.pid)
        peak = 0
        interrupted = False
        while p.poll() is None:
            peak = max(peak, _tree_rss(proc))
            if (interrupt_at is not None and not interrupted and out is not None
                    and len(list((out / "chunks").glob("chunk-*.json"))) >= interrupt_at):
                p.send_signal(signal.SIGINT)
                interrupted = True
            time.sleep(0.2)
    wall = time.perf_counter() - t0
    text = log.read_text(encoding="utf-8", errors="replace")
    return {"wall": wall, "peak_rss": peak, "rc": p.returncode, "text": text,
            "cmd": " ".join(cmd[1:])}


def parse_summary(text: str) -> dict:
    rows = {m.group(1): int(m.group(2).replace(",", ""))
            for m in re.finditer(r"^\s+(\w+)\s+([\d,]+) rows$", text, re.MULTILINE)}
    steps = {}
    m = re.search(r"^step time \(s\): (.*)$", text, re.MULTILINE)
    if m:
        for part in m.group(1).split(", "):
            name, _, sec = part.rpartition(" ")
            steps[name] = float(sec)
    chunks = re.search(r"chunks: (\d+) built, (\d+) reused", text)
    skipped = re.search(r"skipped inputs: (\d+)", text)
    return {"rows": rows, "steps": steps,
            "built": int(chunks.group(1)) if chunks else None,
            "reused": int(chunks.group(2)) if chunks else None,
            "skipped": int(skipped.group(1)) if skipped else 0}


def engine_args(engine: str) -> list[str]:
    if engine == "local":
        return []
    m = re.fullmatch(r"dask(\d+)", engine)
    if not m:
        raise SystemExit(f"unknown engine {engine!r} (local, dask1, dask2, ...)")
    return ["--engine", "dask", "--workers", m.group(1)]


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def report(size: int, engine: str, res: dict, originals: int) -> None:
    s = parse_summary(res["text"])
    n_docs = s["rows"].get("documents", 0)
    print(f"\n== {size:,} articles, engine {engine}: {res['cmd']}")
    if res["rc"] != 0:
        print(f"   FAILED (exit {res['rc']}); last lines:\n" + "\n".join(
            res["text"].strip().splitlines()[-15:]))
        return
    print(f"   wall {res['wall']:.1f} s = {res['wall'] / 60:.1f} min; "
          f"{n_docs / res['wall']:.1f} articles/s; peak RSS (process tree) "
          f"{res['peak_rss'] / 2**30:.2f} GiB; chunks built {s['built']}, "
          f"skipped inputs {s['skipped']}")
    print("   rows: " + ", ".join(f"{t} {s['rows'][t]:,}" for t in REPORT_TABLES
                                  if t in s["rows"]))
    print(f"   distinct source articles {originals:,}")
    print(f"   {'step':<12} {'seconds':>9} {'articles/s':>11}")
    for name, sec in s["steps"].items():
        rate = n_docs / sec if sec > 0 else float("inf")
        print(f"   {name:<12} {sec:>9.1f} {rate:>11.1f}")


def story_check(out: Path) -> str:
    """Stories found, and the share of resampled copies grouped with their original."""
    from presse.build import read_table

    st = read_table("stories", out)
    story = dict(zip(st["doc_id"].astype(str), st["story_id"].astype(str), strict=True))
    copies = [d for d in story if re.search(r"-c\d+$", d)]
    line = f"stories found {st['story_id'].nunique():,}"
    if copies:
        joined = sum(story.get(d.rsplit("-c", 1)[0]) == story[d] for d in copies)
        line += (f"; resampled copies in their original's story: {joined:,}/{len(copies):,}"
                 f" ({100 * joined / len(copies):.1f} %)")
    return line


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench-dir", type=Path, default=config.BENCH,
                    help="folder holding news_fr_dev.csv.gz (default: presse.config.BENCH)")
    ap.add_argument("--sizes", default="12000,100000", help="corpus sizes (articles)")
    ap.add_argument("--engines", default="local,dask1,dask2",
                    help="local and/or daskN (N local Dask workers)")
    ap.add_argument("--work-dir", type=Path, default=Path("/tmp/presse-scale"),
                    help="corpora, outputs and logs (default /tmp/presse-scale)")
    ap.add_argument("--chunk-size", type=int, default=500)
    ap.add_argument("--no-embedded", action="store_true",
                    help="skip timing the embedded corpus build")
    ap.add_argument("--resume-check", action="store_true",
                    help="interrupt the first local build halfway, rerun, report reuse")
    ap.add_argument("--keep", action="store_true", help="keep the output tables")
    a = ap.parse_args(argv)
    work = a.work_dir
    work.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in a.sizes.split(",") if s]
    engines = [e for e in a.engines.split(",") if e]
    for e in engines:
        engine_args(e)
    print(f"presse scale benchmark; {os.cpu_count()} CPUs; load average {load()}; "
          f"chunk size {a.chunk_size}; started {time.strftime('%H:%M:%S')}")

    if not a.no_embedded:
        out = work / "out-embedded"
        shutil.rmtree(out, ignore_errors=True)
        res = run_build(["--corpus", str(config.RAW), "--out", str(out), "--force",
                         "--quiet"], work / "embedded.log")
        s = parse_summary(res["text"])
        print(f"\n== embedded corpus (data/raw, {s['rows'].get('documents', '?')} articles), "
              f"cold `presse build --force`: wall {res['wall']:.1f} s "
              f"(exit {res['rc']}), peak RSS {res['peak_rss'] / 2**30:.2f} GiB "
              f"[load {load()}]")
        if a.keep is False:
            shutil.rmtree(out, ignore_errors=True)

    for size in sizes:
        t = time.perf_counter()
        corpus, originals = make_corpus(a.bench_dir, size, work)
        print(f"\n-- corpus {corpus.name}: {size:,} articles ({originals:,} distinct "
              f"originals), {corpus.stat().st_size / 2**20:.0f} MiB, prepared in "
              f"{time.perf_counter() - t:.0f} s")
        for k, engine in enumerate(engines):
            out = work / f"out-{size}-{engine}"
            shutil.rmtree(out, ignore_errors=True)
            args = ["--corpus", str(corpus), "--out", str(out), "--force", "--quiet",
                    "--chunk-size", str(a.chunk_size), *engine_args(engine)]
            if a.resume_check and k == 0 and engine == "local":
                half = max(1, size // a.chunk_size // 2)
                first = run_build(args, work / f"build-{size}-{engine}-interrupted.log",
                                  interrupt_at=half, out=out)
                done = len(list((out / "chunks").glob("chunk-*.json")))
                print(f"\n== {size:,} articles, local: interrupted (SIGINT) after "
                      f"{done} chunk markers, exit {first['rc']}, {first['wall']:.0f} s")
                args = [x for x in args if x != "--force"]
            print(f"   [load before {load()}]", flush=True)
            res = run_build(args, work / f"build-{size}-{engine}.log")
            report(size, engine, res, originals)
            if res["rc"] == 0:
                print("   " + story_check(out))
            print(f"   [load after {load()}]", flush=True)
            summary = {"size": size, "engine": engine, "wall": res["wall"],
                       "peak_rss": res["peak_rss"], "rc": res["rc"],
                       **parse_summary(res["text"])}
            with open(work / "results.jsonl", "a", encoding="utf-8") as fh:
                fh.write(json.dumps(summary) + "\n")
            if not a.keep:
                shutil.rmtree(out, ignore_errors=True)
    print(f"\nfinished {time.strftime('%H:%M:%S')}; load average {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
