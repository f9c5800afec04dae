"""Description of Reinert classes (step 7): term profiles and typical segments.

The chi2 of each term in each class (:func:`class_terms`, IRaMuTeQ's class profiles) and
the segments that carry most of a class's over-used terms (:func:`typical_segments`). The
signed 2 x 2 chi2 (:func:`_assoc_chi2`) also measures how two crossed classes match in the
double classification.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse


def _assoc_chi2(n_ab: np.ndarray, n_a: np.ndarray, n_b: np.ndarray, N: int) -> np.ndarray:
    """chi2 of the 2 x 2 membership table of two classes, signed by the association."""
    n_ab, n_a, n_b = (np.asarray(x, dtype=np.float64) for x in (n_ab, n_a, n_b))
    a, b, c = n_ab, n_a - n_ab, n_b - n_ab  # float: (ad - bc)^2 overflows int64 at 1e5
    d = N - a - b - c
    den = n_a * (N - n_a) * n_b * (N - n_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = np.where(den > 0, N * (a * d - b * c) ** 2 / den, 0.0)
    return np.where(a * d - b * c >= 0, chi2, -chi2)


def class_terms(X: sparse.spmatrix, terms: Sequence[str], classes: np.ndarray) -> pd.DataFrame:
    """Chi2 of every term in every class (IRaMuTeQ's class profiles).

    classes: class of each segment (0 = unclassified: counted in the totals, in no class).
    Returns DataFrame class, term, n_class (segments of the class with the term), n_total
    (segments with the term), pct (n_class / n_total, %), chi2 (signed: + over-use),
    p (chi2 test, 1 df); sorted by class then descending chi2 then term.
    """
    from scipy.stats import chi2 as chi2_dist

    B = (sparse.csr_matrix(X) > 0).astype(np.int64).tocsr()
    N = B.shape[0]
    terms = np.asarray(terms, dtype=object)
    df = np.asarray(B.sum(axis=0)).ravel()
    frames = []
    for cls in sorted(int(c) for c in np.unique(classes) if c > 0):
        mask = classes == cls
        a = np.asarray(B[mask].sum(axis=0)).ravel()
        chi2 = _assoc_chi2(a, np.full_like(a, int(mask.sum())), df, N)
        keep = df > 0
        frames.append(pd.DataFrame({
            "class": cls, "term": terms[keep], "n_class": a[keep], "n_total": df[keep],
            "pct": np.round(100.0 * a[keep] / df[keep], 10), "chi2": np.round(chi2[keep], 10),
            "p": chi2_dist.sf(np.abs(chi2[keep]), 1)}))
    cols = ["class", "term", "n_class", "n_total", "pct", "chi2", "p"]
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["class", "chi2", "term"], ascending=[True, False, True],
                           kind="mergesort").reset_index(drop=True)[cols]


def typical_segments(X: sparse.spmatrix, terms: Sequence[str], classes: np.ndarray,
                     segs: pd.DataFrame, profiles: pd.DataFrame | None = None,
                     n: int = 3, min_chi2: float = 3.84) -> pd.DataFrame:
    """The ``n`` segments of each class with the largest sum of the chi2 of the class's
    over-used terms (chi2 >= ``min_chi2``) they contain.

    segs: the segments table (same rows as X). Returns segs' columns plus class, rank,
    score; sorted by class then rank.
    """
    B = (sparse.csr_matrix(X) > 0).astype(np.float64).tocsr()
    prof = class_terms(X, terms, classes) if profiles is None else profiles
    index = {t: j for j, t in enumerate(terms)}
    frames = []
    for cls in sorted(int(c) for c in np.unique(classes) if c > 0):
        p = prof[(prof["class"] == cls) & (prof["chi2"] >= min_chi2)]
        w = np.zeros(B.shape[1])
        w[[index[t] for t in p["term"]]] = p["chi2"].to_numpy()
        idx = np.flatnonzero(classes == cls)
        score = np.round(B[idx] @ w, 8)
        top = idx[np.lexsort((idx, -score))][:n]
        f = segs.iloc[top].copy()
        f.insert(0, "score", np.round(B[top] @ w, 8))
        f.insert(0, "rank", np.arange(1, len(top) + 1))
        f.insert(0, "class", cls)
        frames.append(f)
    if not frames:
        return segs.head(0).assign(**{"class": [], "rank": [], "score": []})
    return pd.concat(frames, ignore_index=True)
