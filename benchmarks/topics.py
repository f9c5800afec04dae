"""Topic-model benchmark: speed, coherence, diversity, stability and agreement with sections.

Runs, on the same sample of labelled French news articles (``news_fr_dev.csv.gz`` of the
bench folder: columns title, text, category), side by side:

- ``presse-nmf``      presse.topics.fit_topics(method="nmf"): FrenchVectorizer TF-IDF
                      (lemmas, our stop words, elisions, bigrams, min_df/max_df pruning)
                      + NMF with NNDSVD initialisation (the library default);
- ``presse-lda``      the same analyzer, raw counts + LDA (online variational Bayes,
                      trained minibatch by minibatch with rounded topic-word counts
                      so that the same seed gives the same model; see
                      presse.topics._fit_lda_reproducible);
- ``presse-mbnmf``    the same TF-IDF matrix + MiniBatchNMF (for 100k+ documents);
- ``plain-nmf``       the baseline: scikit-learn TfidfVectorizer() defaults + NMF(k).

For each it prints: vectorising time, fit time (single-threaded: BLAS pinned to one
thread; the mean of the seeds' fits; ``fit_s`` is wall-clock, ``fit_cpu_s`` the CPU time
of the process during the fit, which stays meaningful when other jobs share the cores), NPMI coherence of the top-10 words (document
co-occurrence in the same sample, each pipeline counted with its own terms), topic
diversity (unique share of the top-25 words), seed stability (Hungarian-matched top-10
overlap across --seeds, all documents), same-seed repeat (1.0 when a second fit with the
first seed gives identical document-topic weights), and NMI / ARI of each document's main
topic against ``category``. Sections overlap (``france`` is a catch-all), so NMI compares
pipelines; it is not a score of truth.

Timings are wall-clock on whatever else the machine is running: compare them within a run.

Usage: python benchmarks/topics.py [--bench-dir DIR] [--file NAME] [--n-docs 10000]
       [--n-topics 20] [--seeds 0 1 2] [--methods presse-nmf plain-nmf ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from presse import config
from presse.topics import (
    FrenchVectorizer,
    fit_topics,
    npmi_coherence,
    topic_diversity,
    topic_stability,
)
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

ALL = ("presse-nmf", "presse-lda", "presse-mbnmf", "plain-nmf")


def load(bench_dir: Path, name: str, n_docs: int, seed: int) -> pd.DataFrame:
    path = Path(bench_dir) / name
    if not path.is_file():
        sys.exit(f"benchmark data not found: {path} (use --bench-dir / --file)")
    df = pd.read_csv(path)
    for col in ("text", "category"):
        if col not in df.columns:
            sys.exit(f"{path.name}: missing column {col!r}")
    df = df.dropna(subset=["text", "category"])
    if seed is None:  # the first n_docs rows, in file order
        df = df.head(n_docs)
    elif n_docs < len(df):
        df = df.sample(n=n_docs, random_state=seed)
    df = df.reset_index(drop=True)
    title = df["title"].fillna("") if "title" in df.columns else ""
    df["doc"] = title + "\n" + df["text"].astype(str)
    return df


def _top_idx(components: np.ndarray, n: int) -> np.ndarray:
    return np.argsort(-components, axis=1, kind="stable")[:, :n]


class Plain:
    """The baseline, reduced to what the metrics need (components_, shares, fit time)."""

    def __init__(self, X, k, seed):
        model = NMF(n_components=k, random_state=seed)
        t0, c0 = time.perf_counter(), time.process_time()
        with config.pinned_threads():
            W = model.fit_transform(X)
        self.fit_seconds = time.perf_counter() - t0
        self.fit_cpu_seconds = time.process_time() - c0
        self.components_ = model.components_
        self.doc_topic_matrix = W


def run(name: str, df: pd.DataFrame, k: int, seeds: list[int]) -> dict:
    texts = df["doc"].tolist()
    t0 = time.perf_counter()
    if name == "plain-nmf":
        vec = TfidfVectorizer()
    elif name == "presse-lda":
        vec = FrenchVectorizer(weighting="count", bigrams=True)
    else:
        vec = FrenchVectorizer(weighting="tfidf", bigrams=True)
    X = vec.fit_transform(texts)
    vec_s = time.perf_counter() - t0
    names = np.asarray(vec.get_feature_names_out())
    method = {"presse-nmf": "nmf", "presse-lda": "lda", "presse-mbnmf": "minibatch_nmf"}.get(name)

    def fit(seed):
        if method is None:
            return Plain(X, k, seed)
        return fit_topics([], k, method=method, random_state=seed, vectorizer=vec, X=X)

    fits = [fit(s) for s in seeds]
    repeat = fit(seeds[0])
    same = float(np.array_equal(repeat.doc_topic_matrix, fits[0].doc_topic_matrix))
    m0 = fits[0]
    top10 = _top_idx(m0.components_, 10)
    top25 = _top_idx(m0.components_, 25)
    runs = [[[names[j] for j in row] for row in _top_idx(m.components_, 10)] for m in fits]
    main = np.asarray(m0.doc_topic_matrix).argmax(axis=1)
    return {
        "pipeline": name,
        "terms": X.shape[1],
        "vectorise_s": vec_s,
        "fit_s": float(np.mean([m.fit_seconds for m in fits])),
        "fit_cpu_s": float(np.mean([m.fit_cpu_seconds for m in fits])),
        "npmi": float(np.nanmean(npmi_coherence(top10, X))),
        "diversity": topic_diversity([[names[j] for j in row] for row in top25], 25),
        "stability": topic_stability(runs, 10),
        "same_seed": same,
        "nmi": normalized_mutual_info_score(df["category"], main),
        "ari": adjusted_rand_score(df["category"], main),
        "labels": [", ".join(r[:4]) for r in runs[0]],
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench-dir", type=Path, default=config.BENCH)
    ap.add_argument("--file", default="news_fr_dev.csv.gz")
    ap.add_argument("--n-docs", type=int, default=10_000)
    ap.add_argument("--n-topics", type=int, default=20)
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--sample-seed", type=int, default=None,
                    help="draw --n-docs documents at random with this seed (default: the "
                         "first --n-docs rows of the file)")
    ap.add_argument("--methods", nargs="+", default=list(ALL), choices=ALL)
    ap.add_argument("--show-topics", action="store_true", help="print each pipeline's topics")
    args = ap.parse_args(argv)

    df = load(args.bench_dir, args.file, args.n_docs, args.sample_seed)
    print(f"{len(df)} documents from {args.file}, {args.n_topics} topics, seeds {args.seeds}; "
          f"categories: {df['category'].value_counts().to_dict()}")
    rows = []
    for name in args.methods:
        r = run(name, df, args.n_topics, args.seeds)
        rows.append(r)
        print(f"  done {name}: fit {r['fit_s']:.1f} s", file=sys.stderr, flush=True)
    table = pd.DataFrame(rows).drop(columns="labels")
    fmt = {"vectorise_s": "{:.1f}".format, "fit_s": "{:.2f}".format,
           "fit_cpu_s": "{:.2f}".format, "npmi": "{:.3f}".format,
           "diversity": "{:.3f}".format, "stability": "{:.3f}".format,
           "same_seed": "{:.1f}".format, "nmi": "{:.3f}".format, "ari": "{:.3f}".format}
    print(table.to_string(index=False, formatters=fmt))
    if args.show_topics:
        for r in rows:
            print(f"\n{r['pipeline']}:")
            for i, lab in enumerate(r["labels"]):
                print(f"  {i:2d} {lab}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
