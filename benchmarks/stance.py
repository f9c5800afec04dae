"""Speed benchmark of the stance pipeline on the French news development set.

Runs, through the library and chunk by chunk (bounded memory, as ``presse build`` does):
cleaning (``presse.clean.clean_document``) -> paragraphs and sentences (``presse.nlp``) ->
actor mentions (``presse.actors.find_mentions``) -> stance and relations
(``presse.stance.analyse_sentences``, which parses only the sentences that mention an actor
and contain a relation cue).

Prints articles per second (overall and per stage), the share of sentences parsed, the
number of stance rows and relations, and peak memory (``resource.getrusage`` max RSS of
this process, plus the tracemalloc peak of Python allocations when ``--tracemalloc``).

    .venv/bin/python benchmarks/stance.py                 # all 12,416 articles
    .venv/bin/python benchmarks/stance.py --n-docs 2000   # a quick run

Target: the whole set in <= 5 minutes on a 2-core machine. Timings taken while other jobs
run on the machine are noisy.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import pandas as pd
from presse import config


def _read(bench_dir: Path, n_docs: int | None) -> pd.DataFrame:
    path = bench_dir / "news_fr_dev.csv.gz"
    if not path.is_file():
        sys.exit(f"benchmarks/stance.py: {path} not found (use --bench-dir)")
    df = pd.read_csv(path, nrows=n_docs)
    df = df.rename(columns={"id": "doc_id"})
    df["doc_id"] = df["doc_id"].astype(str)
    df["date"] = pd.to_datetime(df["date"], errors="coerce")
    return df


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench-dir", type=Path, default=config.BENCH,
                    help="folder holding news_fr_dev.csv.gz (default: presse.config.BENCH)")
    ap.add_argument("--n-docs", type=int, default=None, help="first N articles (default: all)")
    ap.add_argument("--chunk-size", type=int, default=1000, help="articles per chunk")
    ap.add_argument("--n-process", type=int, default=1,
                    help="spaCy processes for segmentation and parsing (default 1)")
    ap.add_argument("--tracemalloc", action="store_true",
                    help="also trace Python allocations (slower)")
    args = ap.parse_args(argv)

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from presse.actors import find_mentions, get_matcher
    from presse.clean import clean_document
    from presse.nlp import get_nlp, paragraphs, sentences
    from presse.stance import analyse_sentences

    if args.tracemalloc:
        tracemalloc.start()
    t_load = time.perf_counter()
    raw = _read(args.bench_dir, args.n_docs)
    # warm the cached pipelines so that model loading is reported separately
    get_nlp(parse=False)
    get_nlp(parse=True)
    get_matcher()
    t_load = time.perf_counter() - t_load

    stages = dict.fromkeys(["clean", "segment", "mentions", "stance+relations"], 0.0)
    cpu = dict.fromkeys(stages, 0.0)
    n_sent = n_parsed = n_ment_sent = n_stance = n_rel = n_docs = 0
    rel_parts = []
    t0, c0 = time.perf_counter(), time.process_time()
    for start in range(0, len(raw), args.chunk_size):
        chunk = raw.iloc[start: start + args.chunk_size]
        t, c = time.perf_counter(), time.process_time()
        texts = [clean_document(str(x), title=str(ti)).text
                 for x, ti in zip(chunk["text"], chunk["title"], strict=True)]
        docs = chunk[["doc_id", "date", "title"]].assign(text=texts)
        docs = docs[docs["text"].str.len() > 0]
        stages["clean"] += time.perf_counter() - t
        cpu["clean"] += time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        sents = sentences(paragraphs(docs), n_process=args.n_process)
        stages["segment"] += time.perf_counter() - t
        cpu["segment"] += time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        ments = find_mentions(sents, docs)
        stages["mentions"] += time.perf_counter() - t
        cpu["mentions"] += time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        st, rel, info = analyse_sentences(sents, ments, docs, n_process=args.n_process)
        stages["stance+relations"] += time.perf_counter() - t
        cpu["stance+relations"] += time.process_time() - c
        n_docs += len(docs)
        n_sent += info["n_sentences"]
        n_parsed += info["n_parsed"]
        n_ment_sent += info["n_with_mentions"]
        n_stance += len(st)
        n_rel += len(rel)
        rel_parts.append(rel)
        done = min(start + args.chunk_size, len(raw))
        print(f"  {done:>6}/{len(raw)} articles  {time.perf_counter() - t0:7.1f} s",
              file=sys.stderr, flush=True)
    total = time.perf_counter() - t0
    total_cpu = time.process_time() - c0

    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"stance benchmark: {n_docs} articles from {args.bench_dir.name}/news_fr_dev.csv.gz "
          f"(chunk {args.chunk_size}, n_process {args.n_process}, {os.cpu_count()} CPUs)")
    print(f"model loading            {t_load:8.1f} s (not counted below)")
    print(f"{'stage':<24} {'wall':>8}   {'articles/s':>10}   {'CPU':>8}   {'articles/CPU-s':>14}")
    for name, sec in stages.items():
        rate = n_docs / sec if sec else float("inf")
        crate = n_docs / cpu[name] if cpu[name] else float("inf")
        print(f"{name:<24} {sec:7.1f}s   {rate:10.1f}   {cpu[name]:7.1f}s   {crate:14.1f}")
    print(f"{'total':<24} {total:7.1f}s   {n_docs / total:10.1f}   {total_cpu:7.1f}s   "
          f"{n_docs / max(total_cpu, 1e-9):14.1f}")
    print(f"CPU share of this process {total_cpu / max(total, 1e-9):.0%} "
          f"(below 100%: other jobs were using the cores)")
    print(f"sentences                {n_sent:8d}")
    print(f"  with an actor mention  {n_ment_sent:8d}  ({n_ment_sent / max(n_sent, 1):.1%})")
    print(f"  parsed                 {n_parsed:8d}  ({n_parsed / max(n_sent, 1):.1%} of all)")
    print(f"stance rows              {n_stance:8d}")
    print(f"relations                {n_rel:8d}")
    print(f"peak memory (max RSS)    {rss_kb / 1024:8.0f} MiB")
    if args.tracemalloc:
        _, peak = tracemalloc.get_traced_memory()
        print(f"peak Python allocations  {peak / 2**20:8.0f} MiB (tracemalloc)")
    rel = pd.concat(rel_parts, ignore_index=True) if rel_parts else pd.DataFrame()
    if len(rel):
        top = (rel.groupby(["source", "target", "polarity"]).size()
               .sort_values(ascending=False).head(8))
        print("most frequent relations:")
        for (s, t_, p), n in top.items():
            print(f"  {s} -> {t_} ({p:+d}): {n}")
    target_s = 300.0
    proj = total / max(n_docs, 1) * 12416
    proj_cpu = total_cpu / max(n_docs, 1) * 12416
    print(f"target: 12,416 articles in <= {target_s:.0f} s -> wall {proj:.0f} s "
          f"({'within' if proj <= target_s else 'over'} target), "
          f"one uncontended core {proj_cpu:.0f} s "
          f"({'within' if proj_cpu <= target_s else 'over'} target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
