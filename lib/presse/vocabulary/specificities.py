"""Specificities (Lafon 1980): which words a part of the corpus over- or under-uses.

The model TXM, Lexico and IRaMuTeQ use. The corpus has T word occurrences, a part (an
outlet, a period, a story, a topic, a Reinert class) has t of them, a word has f
occurrences in the corpus and k in the part. If the part were a random draw of t
occurrences from the corpus, k would follow the hypergeometric law H(T, f, t), with
expectation f * t / T. The **specificity score** is the base-10 logarithm of the
probability of seeing a count as extreme as k, signed by the direction:

    k >= f t / T :  score = -log10 P(X >= k)     (positive specificity: over-use)
    k <  f t / T :  score = +log10 P(X <= k)     (negative specificity: under-use)

A score of +3 reads "a count this high would happen by chance about once in 1,000 draws".
Scores whose absolute value is below the **banality threshold** (TXM's default: 2, i.e.
p = 0.01) are *banal*: the word is used in the part about as the corpus uses it. The
probabilities come from ``scipy.stats.hypergeom`` (``sf``/``cdf``, and ``logsf``/``logcdf``
where those underflow), so scores stay finite far beyond what ``1 - cdf`` can resolve;
like TXM they are capped at 1,000.

Counts are of *terms* as the topic model sees them (:mod:`presse.vocabulary._tokens`):
lemmas by default, our French stop words removed, so T and t count content words. Pass
``lemmatize=False`` for word forms, ``stop_words=None`` to keep function words, as in
TXM's default word-form tables.

Beside the scores, :func:`specificities` can attach the weighted log-odds z of
:func:`presse.topics.distinctive_words` (Monroe et al. 2008), the contrast notebook 20 uses.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import hypergeom

from presse.vocabulary import _tokens

__all__ = ["BANALITY", "lafon_score", "lexical_table", "specificities",
           "specificities_from_table"]

#: Banality threshold of TXM: |score| < 2 (p > 0.01) is banal.
BANALITY = 2.0
_LN10 = np.log(10.0)


def lafon_score(k, f, t, T) -> np.ndarray:
    """Signed Lafon specificity score(s) of count ``k`` for a word of corpus frequency ``f``
    in a part of ``t`` occurrences out of ``T`` (arrays broadcast).

    >>> float(np.round(lafon_score(10, 20, 50, 200), 3))
    2.007
    """
    shape = np.broadcast_shapes(*(np.shape(x) for x in (k, f, t, T)))
    k, f, t, T = (np.atleast_1d(a) for a in np.broadcast_arrays(
        *(np.asarray(x, dtype=np.int64) for x in (k, f, t, T))))
    if np.any((k < 0) | (k > f) | (k > t) | (f > T) | (t > T)):
        raise ValueError("counts must satisfy 0 <= k <= min(f, t) and f, t <= T")
    expected = f * t / np.where(T > 0, T, 1)
    over = k >= expected
    # P(X >= k) for over-use, P(X <= k) for under-use: the vectorised sf / cdf, and the
    # (slow, per-element) log-space versions only where those underflow
    p = np.where(over, hypergeom.sf(k - 1, T, f, t), hypergeom.cdf(k, T, f, t))
    tiny = p < 1e-280
    with np.errstate(divide="ignore"):
        logp = np.atleast_1d(np.log(np.where(tiny, 1.0, p)))
        if tiny.any():
            ki, fi, ti, Ti, oi = k[tiny], f[tiny], t[tiny], T[tiny], over[tiny]
            logp[tiny] = np.where(oi, hypergeom.logsf(ki - 1, Ti, fi, ti),
                                  hypergeom.logcdf(ki, Ti, fi, ti))
    score = np.where(over, -logp, logp) / _LN10
    score = np.where(np.isfinite(score), score, np.sign(score) * 1000.0)
    return np.clip(score + 0.0, -1000.0, 1000.0).reshape(shape)  # +0.0: no negative zero


def _lexical_counts(texts: Iterable[str], parts: Iterable, lemmatize: bool = True,
                    stop_words="presse"):
    """Sparse term x part counts: ``(counts csr int64, terms, levels, part sizes, X, codes)``
    where ``X`` is the text x term matrix of the labelled texts and ``codes`` their part."""
    texts = list(texts)
    parts = pd.Series(list(parts), dtype=object)
    if len(parts) != len(texts):
        raise ValueError(f"{len(parts)} part labels for {len(texts)} texts")
    ok = parts.notna().to_numpy()
    texts = [t for t, o in zip(texts, ok) if o]
    parts = parts[ok].reset_index(drop=True)
    levels = sorted(parts.unique(), key=str)
    if not levels:
        raise ValueError("no text has a part label")
    vec = _tokens.count_vectorizer(lemmatize=lemmatize, stop_words=stop_words)
    X = vec.fit_transform(texts).tocsr()
    codes = parts.map({p: i for i, p in enumerate(levels)}).to_numpy()
    G = sparse.csr_matrix((np.ones(len(codes), dtype=np.int64), (codes, np.arange(len(codes)))),
                          shape=(len(levels), len(codes)))
    # sparse all along: a dense terms x parts array is 8 GB for 12k articles x 80k lemmas
    counts = (G @ X.astype(np.int64)).T.tocsr()
    terms = np.asarray(vec.get_feature_names_out())
    sizes = np.asarray(counts.sum(axis=0)).ravel().astype(np.int64)
    return counts, terms, levels, sizes, X, codes


def lexical_table(texts: Iterable[str], parts: Iterable, lemmatize: bool = True,
                  stop_words="presse", min_freq: int = 1) -> pd.DataFrame:
    """Counts of each term (rows) in each part (columns): TXM's *table lexicale*.

    Terms from :func:`presse.vocabulary._tokens.count_vectorizer` (lemmas, stop words out);
    texts with a missing part are left out. Terms with fewer than ``min_freq`` occurrences
    in the whole corpus are dropped (T and t still count them). The column totals and the
    corpus total are kept in ``table.attrs["part_sizes"]`` and ``attrs["total"]``.
    Rows sorted by term, columns by part. The table is dense (terms x parts): with many
    parts (one per article of a large corpus) use :func:`specificities` with
    ``banal=False``, which stays sparse.
    """
    counts, terms, levels, sizes, _, _ = _lexical_counts(texts, parts, lemmatize, stop_words)
    keep = np.asarray(counts.sum(axis=1)).ravel() >= min_freq
    table = pd.DataFrame(counts[keep].toarray(), index=pd.Index(terms[keep], name="term"),
                         columns=pd.Index(levels, name="part"))
    table.attrs["part_sizes"] = dict(zip(levels, (int(s) for s in sizes)))
    table.attrs["total"] = int(sizes.sum())
    return table.sort_index()


def specificities_from_table(table: pd.DataFrame, threshold: float = BANALITY,
                             part_sizes: dict | None = None,
                             total: int | None = None) -> pd.DataFrame:
    """Lafon scores of every term (rows) in every part (columns) of a lexical table.

    part_sizes / total: t per part and T (default: ``table.attrs`` set by
    :func:`lexical_table`, else the column sums and the grand total of ``table``).

    Returns DataFrame part, term, k (count in part), f (count in corpus), t (part size),
    T (corpus size), expected, score, specificity ("+" over-use, "-" under-use, "banal"
    when |score| < threshold); sorted by part then descending score then term.
    """
    counts = table.to_numpy(dtype=np.int64)
    sizes = part_sizes or table.attrs.get("part_sizes") or dict(zip(table.columns,
                                                                   counts.sum(axis=0)))
    T = int(total if total is not None else table.attrs.get("total", counts.sum()))
    t = np.array([int(sizes[p]) for p in table.columns], dtype=np.int64)
    f = counts.sum(axis=1)
    score = lafon_score(counts, f[:, None], t[None, :], T)
    n_terms, n_parts = counts.shape
    out = pd.DataFrame({
        "part": np.tile(np.asarray(table.columns, dtype=object), n_terms),
        "term": np.repeat(np.asarray(table.index, dtype=object), n_parts),
        "k": counts.ravel(), "f": np.repeat(f, n_parts), "t": np.tile(t, n_terms), "T": T,
        "expected": (f[:, None] * t[None, :] / max(T, 1)).ravel(), "score": score.ravel(),
    })
    out["specificity"] = np.where(out["score"] >= threshold, "+",
                                  np.where(out["score"] <= -threshold, "-", "banal"))
    order = {p: i for i, p in enumerate(table.columns)}
    out["_p"] = out["part"].map(order)
    out = out.sort_values(["_p", "score", "term"], ascending=[True, False, True],
                          kind="mergesort")
    return out.drop(columns="_p").reset_index(drop=True)


def _specific_cells(counts: sparse.csr_matrix, t: np.ndarray, T: int,
                    threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(term index, part index, score) of the non-banal cells of a sparse term x part table,
    without scoring (or allocating) the terms x parts cells that cannot pass: a zero count
    with expected count E < 1 - 10^-threshold has P(X <= 0) >= 1 - E > 10^-threshold."""
    f = np.asarray(counts.sum(axis=1)).ravel().astype(np.int64)
    coo = counts.tocoo()
    rows, cols, k = [coo.row.astype(np.int64)], [coo.col.astype(np.int64)], [coo.data]
    bound = (1.0 - 10.0 ** -threshold) * max(T, 1)
    present = counts.copy()
    present.data = np.ones_like(present.data)
    for i in np.flatnonzero(f * t.max(initial=0) > bound):  # the few very frequent terms
        j = np.flatnonzero(f[i] * t > bound)
        j = j[np.asarray(present[i, j].todense()).ravel() == 0]
        rows.append(np.full(len(j), i, dtype=np.int64))
        cols.append(j)
        k.append(np.zeros(len(j), dtype=np.int64))
    rows, cols, k = np.concatenate(rows), np.concatenate(cols), np.concatenate(k)
    score = lafon_score(k, f[rows], t[cols], T)
    keep = np.abs(score) >= threshold
    return rows[keep], cols[keep], score[keep]


def specificities(texts: Iterable[str], parts: Iterable, threshold: float = BANALITY,
                  lemmatize: bool = True, stop_words="presse", min_freq: int = 2,
                  log_odds: bool = True, banal: bool = True) -> pd.DataFrame:
    """Specificities of every term in every part (outlet, period, story, class ...).

    ``texts`` and ``parts`` run in parallel (e.g. ``paragraphs["text"]`` and the outlet of
    each paragraph's article). Terms seen fewer than ``min_freq`` times in the corpus are
    not scored (a word seen once cannot be specific of anything but its own part).

    Returns the table of :func:`specificities_from_table`; with ``log_odds`` (default, at
    least two parts) also ``log_odds_z``: the weighted log-odds z of the same term and part
    (:func:`presse.topics.distinctive_words`, same terms), so the two measures can be read
    side by side. ``banal=False`` returns only the non-banal rows (|score| >= threshold),
    computed on the sparse table: memory in the number of specific cells rather than
    terms x parts (12k articles x 40k lemmas as parts would be half a billion rows);
    ``attrs["n_terms"]`` then holds the number of terms scored.
    """
    texts = list(texts)
    parts = list(parts)
    if banal:
        return _specificities_dense(texts, parts, threshold, lemmatize, stop_words,
                                    min_freq, log_odds)
    counts, terms, levels, sizes, X, _ = _lexical_counts(texts, parts, lemmatize,
                                                             stop_words)
    freq = np.asarray(counts.sum(axis=1)).ravel()
    kept = np.flatnonzero(freq >= min_freq)
    T = int(sizes.sum())
    sub = counts[kept]
    i, j, score = _specific_cells(sub, sizes, T, threshold)
    f = freq[kept][i].astype(np.int64)
    # fancy indexing a sparse matrix with empty index arrays returns a sparse matrix, not
    # an array (a small corpus can have no specific cell at all)
    cells = sub[i, j] if len(i) else np.zeros(0, dtype=np.int64)
    if sparse.issparse(cells):
        cells = cells.toarray()
    k = np.asarray(cells).ravel().astype(np.int64)
    lv = np.asarray(levels, dtype=object)
    out = pd.DataFrame({"part": lv[j], "term": np.asarray(terms[kept], dtype=object)[i],
                        "k": k, "f": f, "t": sizes[j], "T": T,
                        "expected": f * sizes[j] / max(T, 1), "score": score})
    out["specificity"] = np.where(out["score"] >= threshold, "+", "-")
    out["_p"] = j
    out = out.sort_values(["_p", "score", "term"], ascending=[True, False, True],
                          kind="mergesort")
    if log_odds and len(levels) >= 2:
        # presse.topics.distinctive_words' weighted log-odds z, on the selected cells only
        y_all = np.asarray(X.sum(axis=0)).ravel().astype(float)
        a = y_all / len(levels)
        a0 = a.sum()
        col = kept[out["term"].map({t: n for n, t in enumerate(terms[kept])}).to_numpy()] \
            if len(out) else np.array([], dtype=np.int64)
        yi = out["k"].to_numpy(dtype=float)
        yj = y_all[col] - yi
        ni = sizes[out["_p"].to_numpy()].astype(float)
        nj = float(y_all.sum()) - ni
        ac = a[col]
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = (np.log(yi + ac) - np.log(ni + a0 - yi - ac)
                     - (np.log(yj + ac) - np.log(nj + a0 - yj - ac)))
            out["log_odds_z"] = delta / np.sqrt(1.0 / (yi + ac) + 1.0 / (yj + ac))
    out = out.drop(columns="_p").reset_index(drop=True)
    out.attrs["n_terms"] = len(kept)
    return out


def _specificities_dense(texts, parts, threshold, lemmatize, stop_words, min_freq,
                         log_odds) -> pd.DataFrame:
    table = lexical_table(texts, parts, lemmatize=lemmatize, stop_words=stop_words,
                          min_freq=min_freq)
    out = specificities_from_table(table, threshold=threshold)
    if log_odds and table.shape[1] >= 2:
        from presse.topics import distinctive_words

        ok = [p is not None and not (isinstance(p, float) and np.isnan(p)) for p in parts]
        lo = distinctive_words([t for t, o in zip(texts, ok) if o],
                               [p for p, o in zip(parts, ok) if o],
                               vectorizer=_tokens.count_vectorizer(lemmatize=lemmatize,
                                                                   stop_words=stop_words))
        lo = lo.rename(columns={"group": "part", "z": "log_odds_z"})[["part", "term",
                                                                      "log_odds_z"]]
        out = out.merge(lo, on=["part", "term"], how="left")
    return out
