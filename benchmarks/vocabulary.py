"""Textometry benchmark: timings of every presse.vocabulary method at 12k articles, and
Reinert's classification against NMF on the labelled news sections.

Reads ``news_fr_dev.csv.gz`` (12,416 French news articles; columns id, date, category,
title, text) from the bench folder (``presse.config.BENCH`` or ``--path``) and prints:

1. timings (wall-clock and CPU, BLAS pinned to one thread): text segments, the segment x
   lemma table, simple Reinert CHD (k = 10), the double classification (k = 10, up to
   ``--k`` classes), class profiles and typical segments, Lafon specificities per
   section, the correspondence analysis of sections x vocabulary, the co-occurrence graph
   of segments, a concordance and the monthly progression of three lemmas;
2. Reinert vs NMF at k = number of sections (5): each article's class is the majority
   class of its classified segments (Reinert) or its main topic (NMF,
   presse.topics.fit_topics on documents); NMI and ARI against ``category``, the share of
   articles classified, and stability: NMI between runs on three random 90% samples of
   the articles (seeds 0, 1, 2; for NMF also the model seed), and for Reinert between
   segment sizes 30, 40 and 50 words (on all articles).

Sections overlap (``france`` vs ``societe`` vs ``politique``), so NMI compares methods; it
is no score of truth. Timings depend on what else the machine runs.

Usage: python benchmarks/vocabulary.py [--path FILE] [--n-docs N] [--k 5]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from presse import config
from presse import topics as T
from presse.vocabulary import ca, cooccurrence, kwic, progression, specificities
from presse.vocabulary import reinert as R
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

TIMES: list[tuple[str, float, float]] = []


def timed(label: str, func, *args, **kwargs):
    t0, c0 = time.perf_counter(), time.process_time()
    with config.pinned_threads():
        out = func(*args, **kwargs)
    TIMES.append((label, time.perf_counter() - t0, time.process_time() - c0))
    print(f"  {label:<42} {TIMES[-1][1]:7.1f} s", flush=True)
    return out


def doc_classes(segs: pd.DataFrame, groups: np.ndarray) -> pd.Series:
    """Majority class of each article's classified segments (ties: smaller class)."""
    s = segs.assign(c=groups)
    s = s[s["c"] > 0]
    counts = s.groupby(["doc_id", "c"]).size().rename("n").reset_index()
    counts = counts.sort_values(["doc_id", "n", "c"], ascending=[True, False, True])
    return counts.drop_duplicates("doc_id").set_index("doc_id")["c"]


def reinert_docs(segs, X, k, double=True, seg_size_note=""):
    docs = segs["doc_id"].tolist()
    if double:
        res = R.double_classification(X, docs, k=10, max_k=k, min_segment_size1=10,
                                      min_segment_size2=15)  # min_members: IRaMuTeQ's auto
        g = res.groups.get(k)
        if g is None:
            g = res.groups[max(res.groups)]
    else:
        g = R.chd(X, k=k, doc_ids=docs, min_segment_size=10).classes()
    return doc_classes(segs, g), g


def nmi(a: pd.Series, b: pd.Series) -> float:
    common = a.index.intersection(b.index)
    return normalized_mutual_info_score(a[common], b[common])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--path", type=Path, default=config.BENCH / "news_fr_dev.csv.gz")
    ap.add_argument("--n-docs", type=int, default=None, help="first N articles only")
    ap.add_argument("--k", type=int, default=5, help="classes / topics compared (default 5)")
    args = ap.parse_args(argv)
    if not args.path.is_file():
        print(f"benchmark data not found: {args.path}", file=sys.stderr)
        return 2
    d = pd.read_csv(args.path).rename(columns={"id": "doc_id"})
    if args.n_docs:
        d = d.head(args.n_docs)
    d["doc_id"] = d["doc_id"].astype(str)
    d["text"] = d["text"].fillna("").astype(str)
    truth = d.set_index("doc_id")["category"]
    print(f"{len(d)} articles, {d['text'].str.split().str.len().sum():,} words, "
          f"{truth.nunique()} sections\n\nTimings")

    segs = timed("segments (40 words)", R.segments, d)
    X, terms = timed("segment x lemma table", R.segment_term_matrix, segs["text"], 10)
    print(f"    {len(segs):,} segments x {len(terms):,} lemmas")
    timed("simple CHD (k=10)", R.chd, X, 10, segs["doc_id"].tolist(), 10)
    t0 = time.perf_counter()
    dres = timed(f"double classification (k=10, max_k={args.k})", R.double_classification,
                 X, segs["doc_id"].tolist(), 10, args.k)
    kk = max(dres.groups)
    prof = timed("class profiles (chi2)", R.class_terms, X, terms, dres.groups[kk])
    timed("typical segments", R.typical_segments, X, terms, dres.groups[kk], segs, prof)
    reinert_total = TIMES[0][1] + TIMES[1][1] + (time.perf_counter() - t0) + TIMES[-1][1] \
        + TIMES[-2][1]
    print(f"  {'=> Reinert, texts to classes (double)':<42} {reinert_total:7.1f} s")
    print(f"    partitions (min_members = {R.auto_min_members(len(segs), 10)} segments):\n"
          f"{dres.partitions.to_string(index=False)}")
    print(f"    k chosen by choose_k: {R.choose_k(dres.partitions)}")
    spec = timed("specificities per section", specificities.specificities, d["text"],
                 d["category"], min_freq=5)
    table = specificities.lexical_table(d["text"], d["category"], min_freq=5)
    timed("correspondence analysis (sections x lemmas)", ca.correspondence_analysis, table)
    timed("co-occurrences (segments)", cooccurrence.cooccurrences, segs["text"], 10)
    timed("concordance of lemma 'gouvernement'", kwic.kwic, d, "gouvernement", 5, "lemma")
    per = progression.period_of(d["date"])
    timed("progression of 3 lemmas per month", progression.progression, d["text"], per,
          ["covid", "élection", "police"])
    print(f"    specificities: {len(spec):,} rows")

    print(f"\nReinert vs NMF at k = {args.k} (article level, against 'category')")
    rows = []
    rd, gd = reinert_docs(segs, X, args.k, double=True)
    rs, gs = reinert_docs(segs, X, args.k, double=False)
    for name, g in (("double", gd), ("simple", gs)):
        print(f"  {name} class sizes (segments; 0 = unclassified): "
              f"{np.bincount(g).tolist()}")
    with config.pinned_threads():
        t0 = time.perf_counter()
        tm = T.fit_topics(d["text"], args.k, unit_ids=d["doc_id"].tolist(), random_state=0)
        nmf_time = time.perf_counter() - t0
    nd = T.main_topic(tm.doc_topics).set_index("unit_id")["topic_id"]
    nd = nd[nd >= 0]
    for name, lab in (("reinert-double", rd), ("reinert-simple", rs), ("presse-nmf", nd)):
        common = lab.index.intersection(truth.index)
        rows.append((name, len(common) / len(truth),
                     normalized_mutual_info_score(truth[common], lab[common]),
                     adjusted_rand_score(truth[common], lab[common])))
    print(f"  (NMF fit: {nmf_time:.1f} s)")
    print(pd.DataFrame(rows, columns=["method", "share_classified", "nmi", "ari"])
          .round(3).to_string(index=False))

    print("\nStability (NMI between runs, mean of pairs)")
    rng_runs = {"reinert-double": [], "reinert-simple": [], "presse-nmf": []}
    for seed in (0, 1, 2):
        keep = np.random.default_rng(seed).random(len(d)) < 0.9
        ids = set(d["doc_id"][keep])
        m = segs["doc_id"].isin(ids).to_numpy()
        sub = segs[m].reset_index(drop=True)
        rng_runs["reinert-double"].append(reinert_docs(sub, X[m], args.k, True)[0])
        rng_runs["reinert-simple"].append(reinert_docs(sub, X[m], args.k, False)[0])
        dd = d[keep]
        with config.pinned_threads():
            tm = T.fit_topics(dd["text"], args.k, unit_ids=dd["doc_id"].tolist(),
                              random_state=seed)
        rng_runs["presse-nmf"].append(T.main_topic(tm.doc_topics).set_index("unit_id")
                                      ["topic_id"])
    size_runs = []
    for size in (30, 40, 50):
        s = R.segments(d, size=size) if size != 40 else segs
        Xs = R.segment_term_matrix(s["text"], 10)[0] if size != 40 else X
        size_runs.append(reinert_docs(s, Xs, args.k, True)[0])
    out = []
    for name, runs in rng_runs.items():
        out.append((name, "90% samples, seeds 0-2",
                    np.mean([nmi(a, b) for a, b in itertools.combinations(runs, 2)])))
    out.append(("reinert-double", "segment sizes 30/40/50",
                np.mean([nmi(a, b) for a, b in itertools.combinations(size_runs, 2)])))
    print(pd.DataFrame(out, columns=["method", "varying", "nmi"]).round(3)
          .to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
