"""Co-occurrence graph of words (IRaMuTeQ's *analyse de similitudes*, TXM's *cooccurrents*).

Two terms co-occur when they appear in the same context unit: a sentence, a text segment
of about 40 words (:func:`presse.vocabulary.reinert.segments`), a paragraph -- the unit is
the window. The significance of a pair is the Lafon score of its co-occurrence count, the
model TXM uses for co-occurrents: with N units, term a in n_a of them and term b in n_b,
the number of units holding both follows H(N, n_a, n_b) if the two are independent, and
``score = -log10 P(X >= n_ab)`` (:func:`presse.vocabulary.specificities.lafon_score`).
A score of 3 reads "they share this many units by chance about once in 1,000".

:func:`cooccurrences` returns the edge table; :func:`cooccurrence_graph` turns it into a
``networkx`` graph (for the figure and the GEXF export); :func:`plot_cooccurrence` draws
it with a seeded layout and non-overlapping labels.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy import sparse

from presse.plots import (
    plot_cooccurrence,
)
from presse.vocabulary import _tokens
from presse.vocabulary.specificities import lafon_score

__all__ = ["cooccurrence_graph", "cooccurrences", "plot_cooccurrence"]


def cooccurrences(units: Iterable[str], min_count: int = 3, max_terms: int = 300,
                  min_score: float = 2.0, lemmatize: bool = True,
                  stop_words="presse") -> pd.DataFrame:
    """Pairs of terms sharing context units, with their significance.

    units: texts of the context units (sentences, segments or paragraphs). Only the
    ``max_terms`` terms present in the most units (at least ``min_count``; ties broken
    alphabetically) are paired, and only pairs seen together in at least ``min_count``
    units with a score >= ``min_score`` are kept.

    Returns DataFrame source, target (source < target), n (units with both), n_source,
    n_target, n_units, expected, score; sorted by descending score then source, target.
    """
    texts = list(units)
    cols = ["source", "target", "n", "n_source", "n_target", "n_units", "expected", "score"]
    vec = _tokens.count_vectorizer(lemmatize=lemmatize, stop_words=stop_words)
    try:
        X = vec.fit_transform(texts).tocsc()
    except ValueError:
        return pd.DataFrame(columns=cols)
    B = (X > 0).astype(np.int64).tocsc()
    terms = np.asarray(vec.get_feature_names_out(), dtype=object)
    df = np.asarray(B.sum(axis=0)).ravel()
    order = np.lexsort((terms, -df))
    keep = np.array([j for j in order if df[j] >= min_count][:max_terms], dtype=np.int64)
    keep.sort()
    if len(keep) < 2:
        return pd.DataFrame(columns=cols)
    B = B[:, keep]
    C = sparse.triu((B.T @ B).tocoo(), k=1).tocoo()
    mask = C.data >= min_count
    i, j, nij = C.row[mask], C.col[mask], C.data[mask]
    N = B.shape[0]
    dfk = df[keep]
    score = lafon_score(nij, dfk[i], dfk[j], N)
    out = pd.DataFrame({"source": terms[keep][i], "target": terms[keep][j], "n": nij,
                        "n_source": dfk[i], "n_target": dfk[j], "n_units": N,
                        "expected": dfk[i] * dfk[j] / N, "score": np.round(score, 10)})
    out = out[out["score"] >= min_score]
    return out.sort_values(["score", "source", "target"], ascending=[False, True, True],
                           kind="mergesort").reset_index(drop=True)[cols]


def cooccurrence_graph(edges: pd.DataFrame, max_edges: int | None = 150):
    """Undirected ``networkx.Graph`` of the ``max_edges`` most significant pairs: nodes
    carry ``n_units`` (units with the term), edges ``n`` and ``score`` (and ``weight`` =
    score, which layouts and Gephi read)."""
    import networkx as nx

    e = edges.head(max_edges) if max_edges is not None else edges
    G = nx.Graph()
    for r in e.itertuples(index=False):
        G.add_node(r.source, n_units=int(r.n_source))
        G.add_node(r.target, n_units=int(r.n_target))
        G.add_edge(r.source, r.target, n=int(r.n), score=float(r.score),
                   weight=float(r.score))
    return G


