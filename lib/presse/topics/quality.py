"""Topic model quality: NPMI coherence, topic diversity, stability across seeds, and the sweep
over k that chooses the number of topics from them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from presse.topics.model import _default_vectorizer, _top_indices, fit_topics
from presse.topics.vectorize import FrenchVectorizer

# ---------------------------------------------------------------------------
# Model quality: coherence, diversity, stability
# ---------------------------------------------------------------------------


def npmi_coherence(top_terms: Sequence[Sequence[int]], X_ref, eps: float = 1e-12) -> np.ndarray:
    """NPMI coherence of each topic from document co-occurrence (Bouma 2009; Röder 2015).

    ``top_terms`` are column indices of ``X_ref`` (documents x terms; any non-zero counts
    as presence). For each pair of top terms, NPMI = log(p(a,b) / p(a)p(b)) / -log p(a,b)
    with probabilities estimated as shares of reference documents containing the terms;
    a pair that never co-occurs scores -1. A topic's coherence is the mean over its pairs
    (range -1..1; 0 = independence). Returns one value per topic.
    """
    import scipy.sparse as sp

    B = (sp.csc_matrix(X_ref) != 0).astype(np.float64)
    n_docs = B.shape[0]
    out = []
    for idx in top_terms:
        idx = list(idx)
        sub = B[:, idx]
        co = np.asarray((sub.T @ sub).todense()) / n_docs
        p = np.diag(co).copy()
        vals = []
        for i in range(len(idx)):
            for j in range(i + 1, len(idx)):
                pij = co[i, j]
                if pij <= 0 or p[i] <= 0 or p[j] <= 0:
                    vals.append(-1.0)
                elif pij >= 1.0 - eps:
                    vals.append(1.0)
                else:
                    vals.append(math.log(pij / (p[i] * p[j])) / -math.log(pij))
        out.append(float(np.mean(vals)) if vals else float("nan"))
    return np.asarray(out)


def topic_diversity(top_terms: Sequence[Sequence], top_n: int = 25) -> float:
    """Share of unique terms among the top ``top_n`` terms of all topics (Dieng et al. 2020).

    1.0 = no topic shares a top term with another; low values = redundant topics.
    """
    lists = [list(t)[:top_n] for t in top_terms]
    total = sum(len(t) for t in lists)
    return len({w for t in lists for w in t}) / total if total else float("nan")


def topic_stability(runs: Sequence[Sequence[Sequence]], top_n: int = 10) -> float:
    """Mean top-term agreement of topics matched across runs (Greene et al. 2014).

    ``runs`` holds, for each fitted model, its topics' top-term lists. For each pair of
    runs, topics are matched one-to-one by the Hungarian algorithm on the share of shared
    top terms (|A ∩ B| / top_n); the score is the mean matched overlap, averaged over all
    pairs of runs. 1.0 = every run finds the same topics.
    """
    from scipy.optimize import linear_sum_assignment

    if len(runs) < 2:
        return float("nan")
    scores = []
    for a in range(len(runs)):
        for b in range(a + 1, len(runs)):
            A = [set(list(t)[:top_n]) for t in runs[a]]
            B = [set(list(t)[:top_n]) for t in runs[b]]
            sim = np.array([[len(x & y) / top_n for y in B] for x in A])
            r, c = linear_sum_assignment(-sim)
            scores.append(float(sim[r, c].sum() / max(len(A), len(B))))
    return float(np.mean(scores))


def sweep(
    texts: Iterable[str],
    ks: Iterable[int],
    seeds: Iterable[int] = (0, 1, 2),
    method: str = "nmf",
    subsample: float = 0.8,
    top_n: int = 10,
    diversity_top_n: int = 25,
    vectorizer: FrenchVectorizer | None = None,
    reference_texts: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Fit models for each number of topics and seed; report quality per k.

    The texts are vectorised once. For every k and seed, the model is fitted on a random
    ``subsample`` share of the units drawn with that seed (``subsample=1.0``: all units,
    only the model's seed varies) -- the stability analysis of Greene, O'Callaghan and
    Cunningham (2014), which shows whether a k finds the same topics on slightly different
    data.

    Returns one row per k (sorted): k, npmi (mean topic NPMI over seeds, see
    :func:`npmi_coherence`; reference = document co-occurrence in ``reference_texts``, by
    default the modelled texts themselves), npmi_sd (across seeds), diversity (top
    ``diversity_top_n`` terms, mean over seeds), stability (:func:`topic_stability` of the
    seeds' top ``top_n`` terms), n_units, fit_seconds (mean).
    """
    texts = list(texts)
    ks = sorted({int(k) for k in ks})
    seeds = list(seeds)
    if not ks:
        raise ValueError("ks is empty")
    vec = vectorizer if vectorizer is not None else _default_vectorizer(method)
    X = vec.fit_transform(texts)
    n = X.shape[0]
    n_fit = n if subsample >= 1.0 else max(1, round(subsample * n))
    if n_fit < max(ks):
        raise ValueError(
            f"cannot sweep up to {max(ks)} topics on {n_fit} texts "
            f"({n} texts, subsample={subsample}); use smaller ks"
        )
    if reference_texts is None:
        X_ref = X
    else:
        X_ref = vec.transform(list(reference_texts))
    rows = []
    for k in ks:
        runs, npmis, divs, secs = [], [], [], []
        for s in seeds:
            if n_fit < n:
                rows_idx = np.sort(np.random.default_rng(s).choice(n, n_fit, replace=False))
                Xs = X[rows_idx]
            else:
                Xs = X
            tm = fit_topics([], k, method=method, random_state=s, vectorizer=vec, X=Xs,
                            top_n=max(top_n, diversity_top_n))
            idx = _top_indices(tm.components_, max(top_n, diversity_top_n))
            terms = tm.top_terms(max(top_n, diversity_top_n))
            runs.append([t[:top_n] for t in terms])
            npmis.append(float(np.nanmean(npmi_coherence(idx[:, :top_n], X_ref))))
            divs.append(topic_diversity(terms, diversity_top_n))
            secs.append(tm.fit_seconds)
        rows.append(
            {"k": k, "npmi": float(np.mean(npmis)),
             "npmi_sd": float(np.std(npmis)) if len(npmis) > 1 else 0.0,
             "diversity": float(np.mean(divs)), "stability": topic_stability(runs, top_n),
             "n_units": n_fit, "fit_seconds": float(np.mean(secs))}
        )
    return pd.DataFrame(rows)


def choose_n_topics(sweep_table: pd.DataFrame, min_stability: float = 0.75,
                    min_diversity: float = 0.6) -> int:
    """Pick k from a :func:`sweep` table: the most coherent among stable, diverse ks.

    Rule: among ks whose stability >= ``min_stability`` and diversity >= ``min_diversity``,
    the k with the highest NPMI (ties: the smaller k). If no k qualifies, the most stable k
    (ties: the smaller). Stability comes first because topics that change with the seed or
    a 20% subsample are not something to report; coherence then prefers topics whose top
    words really occur together.
    """
    t = sweep_table.sort_values("k")
    ok = t[(t["stability"] >= min_stability) & (t["diversity"] >= min_diversity)]
    if len(ok):
        return int(ok.sort_values(["npmi", "k"], ascending=[False, True]).iloc[0]["k"])
    return int(t.sort_values(["stability", "k"], ascending=[False, True]).iloc[0]["k"])
